"""Reconciliation of a district's reads against its copies, beside pandas row logic.

The district is the sample generator's (`scale_data.district`), read from Parquet as the
importers' cache would hold it; reading is not timed. The straightforward alternative:
pandas frames walked row by row (a dict lookup per read, the same longest-run rule per
session in plain Python, a loop over the copies for missing ones and skipped shelves),
timed on the first schools up to the sample size and extrapolated linearly.
"""

from __future__ import annotations

from bisect import bisect_right

import polars as pl
import scale_data as data
from run import Job

from libanalytics.inventory import reconcile


def prepare(copies: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    folder = data.district(copies)
    return pl.read_parquet(folder / "items.parquet"), pl.read_parquet(folder / "scans.parquet")


def first_schools(given: tuple[pl.DataFrame, pl.DataFrame], rows: int) -> tuple:
    """The first schools whose copies and reads add up to about ``rows`` (at least one)."""
    items, scans = given
    per_site = (
        pl.concat([items.group_by("site").len(), scans.group_by("site").len()])
        .group_by("site")
        .agg(pl.col("len").sum())
        .sort("site")
    )
    taken = per_site.filter(pl.col("len").cum_sum().shift(1, fill_value=0) < rows)["site"]
    small_items = items.filter(pl.col("site").is_in(taken.implode()))
    small_scans = scans.filter(pl.col("site").is_in(taken.implode()))
    return small_items.to_pandas(), small_scans.to_pandas(), small_items.height + small_scans.height


def pandas_row_logic(given) -> dict[str, int]:
    """The inventory as a straightforward script would do it: pandas rows, Python loops."""
    items, scans, _ = given
    copies = {(r.site, r.barcode): r for r in items.itertuples(index=False)}
    seen: set = set()
    sessions: dict[str, list] = {}
    counts = {"matched": 0, "duplicate": 0, "unknown_barcode": 0, "malformed": 0}
    for r in scans.itertuples(index=False):
        key = (r.site, r.barcode)
        if r.barcode is None:
            counts["malformed"] += 1
        elif key not in copies:
            counts["unknown_barcode"] += 1
        elif key in seen:
            counts["duplicate"] += 1
        else:
            seen.add(key)
            counts["matched"] += 1
            sessions.setdefault(r.session, []).append(copies[key].shelf_key)
    misshelved = 0
    for keys in sessions.values():
        tails: list = []
        for k in keys:
            i = bisect_right(tails, k)
            if i == len(tails):
                tails.append(k)
            else:
                tails[i] = k
        misshelved += len(keys) - len(tails)
    missing = skipped = run = 0
    for r in items.sort_values(["site", "shelf_key"]).itertuples(index=False):
        if r.status in ("available", "damaged") and (r.site, r.barcode) not in seen:
            missing += 1
            run += 1
        else:
            skipped += run if run >= 5 else 0
            run = 0
    counts.update(
        misshelved=misshelved, missing=missing, skipped_shelf=skipped + (run if run >= 5 else 0)
    )
    return counts


JOBS = [
    Job(
        name="reconcile",
        rows=lambda copies: copies,
        prepare=prepare,
        count=lambda given: given[0].height + given[1].height,
        fast=lambda given: reconcile(*given),
        alternative=pandas_row_logic,
        sample=first_schools,
        sample_count=lambda given: given[2],
        alternative_name="pandas row logic",
        sample_rows=40_000,
        repeats=3,
    ),
]
