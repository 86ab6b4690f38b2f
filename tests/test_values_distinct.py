"""Dates parsed once per distinct text (a speed-up for large reports) give the same values
as parsing every cell."""

from datetime import date

import polars as pl
import pytest

from libanalytics.ingest import values

TEXTS = ["8/17/2020 7:50 AM", "2021-03-07 15:05:00", "3/7/98", "1/1/00", "", None, "junk", "9999"]


@pytest.mark.parametrize("parse", [values.parse_dates, values.parse_datetimes])
def test_distinct_path_matches_cell_by_cell(parse, monkeypatch):
    cells = pl.DataFrame({"d": TEXTS * 3000})  # 24,000 cells, 8 distinct: the distinct path
    today = date(2025, 6, 1)
    fast = cells.select(parse("d", today=today))["d"]
    monkeypatch.setattr(values, "DISTINCT_FROM", 10**9)  # every cell through the regex
    slow = cells.select(parse("d", today=today))["d"]
    assert fast.dtype == slow.dtype
    assert fast.to_list() == slow.to_list()
    assert fast.null_count() == 5 * 3000
