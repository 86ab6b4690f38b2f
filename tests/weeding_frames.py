"""Small hand-made catalogs and checkout histories for the weeding tests."""

from __future__ import annotations

import datetime as dt

import polars as pl

from libanalytics.schema import conform

TODAY = dt.date(2026, 6, 1)


def item(n: int, **fields) -> dict:
    """One copy with ordinary values; acquired dates differ so no migration pile forms."""
    row = {
        "barcode": f"T{n:04d}",
        "bib_id": f"b{n}",
        "title": f"Title {n}",
        "author": "Author",
        "call_number": f"CN {n}",
        "section": "Nonfiction",
        "dewey": None,
        "pub_year": 2000,
        "acquired": dt.date(2008, 1, 1) + dt.timedelta(days=37 * n),
        "status": "available",
        "total_checkouts": 0,
        "last_checkout": None,
    }
    row.update(fields)
    return row


def items(*rows: dict) -> pl.DataFrame:
    return conform(pl.DataFrame(list(rows)), "items")


def checkouts(*pairs: tuple[str, dt.datetime | dt.date]) -> pl.DataFrame:
    """A checkout history from (barcode, when) pairs, each returned a week later."""
    rows = []
    for barcode, when in pairs:
        if not isinstance(when, dt.datetime):
            when = dt.datetime.combine(when, dt.time(10, 0))
        rows.append(
            {"barcode": barcode, "checkout_at": when, "returned_at": when + dt.timedelta(days=7)}
        )
    return conform(pl.DataFrame(rows), "circulation")


def one(result, barcode: str) -> dict:
    """The scored row of one copy, as a dict."""
    rows = result.copies.filter(pl.col("barcode") == barcode).to_dicts()
    assert len(rows) == 1, f"{barcode} appears {len(rows)} times"
    return rows[0]
