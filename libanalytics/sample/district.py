"""Districts: many schools, streamed to Parquet."""

from __future__ import annotations


def generate_district(out_dir, *, schools=3, seed=7, items=None, as_of=None):
    raise NotImplementedError
