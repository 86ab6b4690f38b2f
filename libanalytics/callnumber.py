"""Placeholder: this module arrives with issue 5 (call numbers).

The interface other modules rely on is fixed here; issue 5 fills it in.
"""

from __future__ import annotations

import polars as pl


def parse_call_numbers(series):
    """Split call numbers into prefix, section, Dewey class, Cutter and the rest."""
    raise NotImplementedError("arrives with issue 5")


def shelf_key(series):
    """A text key that sorts call numbers in shelf order."""
    raise NotImplementedError("arrives with issue 5")


def add_shelf_columns(items: pl.DataFrame) -> pl.DataFrame:
    """Fill `section`, `dewey` (where the source gave none) and `shelf_key` from `call_number`.

    Importers call this last, so every items table carries its shelf order. Until issue 5
    lands it returns the table unchanged.
    """
    return items
