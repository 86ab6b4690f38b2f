"""The eight-copy collection the health tests check by hand (see tests/test_metrics.py)."""

from __future__ import annotations

import datetime as dt

import polars as pl

TODAY = dt.date(2025, 6, 30)


def items() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "barcode": ["1", "2", "3", "4", "5", "6", "7", "8"],
            "call_number": ["FIC A", "FIC B", "523.1 C", "973 D", "NF E", "FIC F", "FIC G", "E H"],
            "section": ["Fiction", "Fiction", "Nonfiction", "Nonfiction", "Nonfiction"]
            + ["Fiction", "Fiction", "Easy"],
            "dewey": [None, None, "523.1", "973", None, None, None, None],
            "material_type": ["book"] * 6 + ["ebook", "book"],
            "pub_year": [2020, 2005, 1990, 2016, 2020, 2000, 2022, 2024],
            "price": [10.0, 20.0, 30.0, 40.0, None, 5.0, None, 15.0],
            "status": ["available"] * 5 + ["withdrawn", "available", "lost"],
            "acquired": [dt.date(2019, 8, 15), dt.date(2020, 3, 2), dt.date(2021, 7, 1)]
            + [None] * 5,
            "last_checkout": [None, dt.date(2024, 12, 1)] + [None] * 6,
        },
        schema_overrides={"pub_year": pl.Int32},
    )


def circulation() -> pl.DataFrame:
    rows = [
        ("1", dt.datetime(2025, 6, 30, 10, 0)),
        ("1", dt.datetime(2024, 7, 1, 9, 0)),
        ("1", dt.datetime(2024, 6, 30, 9, 0)),  # exactly a year before: not in the last year
        ("3", dt.datetime(2023, 1, 5, 9, 0)),
        ("6", dt.datetime(2025, 1, 10, 9, 0)),  # since withdrawn: still a checkout
        ("4", dt.datetime(2025, 7, 15, 9, 0)),  # after the report date: not counted
        ("999", dt.datetime(2025, 2, 1, 9, 0)),  # not in the catalog
    ]
    return pl.DataFrame(
        {"barcode": [r[0] for r in rows], "checkout_at": [r[1] for r in rows]},
        schema={"barcode": pl.String, "checkout_at": pl.Datetime("us")},
    )


def inventory() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "barcode": ["1", "2", "3", "5"],
            "outcome": ["missing", "in_place", "missing", "missing"],
            "likelihood": ["fine", None, "unexplained", "confirmed"],
        }
    )


def weeding_log() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "date": [
                dt.date(2024, 3, 1),
                dt.date(2024, 3, 1),
                dt.date(2024, 9, 3),
                dt.date(2024, 9, 3),
            ],
            "barcode": ["6", "6", "X1", "X2"],
            "decision": ["withdraw", "withdraw", "withdraw", "keep"],
            "price": [5.0, 5.0, 12.0, 8.0],
        }
    )
