"""The total row of displayed tables: sums counts and money, never averages (issue 11)."""

from __future__ import annotations

import polars as pl

from libanalytics.report.health_labels import figure_table
from libanalytics.tables import for_display, with_total


def test_a_column_not_given_totals_to_nothing_not_zero():
    frame = pl.DataFrame(
        {"school_year": ["2023-24", "2024-25"], "copies_weeded": [None, None]},
        schema={"school_year": pl.String, "copies_weeded": pl.UInt32},
    )
    shown = for_display(frame, total={"copies_weeded": "sum"})
    assert shown.row(-1) == ("Total", None)


def test_with_total_sums_counts_and_money_in_the_order_given():
    frame = pl.DataFrame(
        {"section": ["Fiction", "Easy"], "missing": [8, 7], "value": [123.78, 104.3]}
    )
    shown = with_total(frame)
    assert shown["section"].to_list() == ["Fiction", "Easy", "Total"]
    assert shown.row(-1) == ("Total", 15, 228.08)


def test_health_tables_recompute_ratios_and_leave_averages_empty():
    frame = pl.DataFrame(
        {
            "site": ["ELM", "ELM"],
            "section": ["Easy", "Fiction"],
            "copies": [10, 30],
            "average_age": [4.0, 12.0],
            "checkouts_last_year": [50, 10],
            "turnover": [5.0, 0.33],
            "relative_use": [333.0, 22.0],
            "replacement_cost": [10.5, 20.25],
        }
    )
    total = figure_table(frame).row(-1, named=True)
    assert "School" not in figure_table(frame).columns  # one school: its column goes
    assert total["Section"] == "Total" and total["Copies"] == 40
    assert total["Average age (years)"] is None  # not 16.0, the sum of the averages
    assert total["Checkouts per copy"] == 1.5  # 60 / 40, not 5.33
    assert total["Relative use (100 = its share)"] is None
    assert total["Cost to replace them"] == 30.75


def test_an_empty_table_totals_to_zero():
    frame = pl.DataFrame(schema={"file": pl.String, "rejected": pl.Int64})
    assert for_display(frame, total={"rejected": "sum"}).row(-1) == ("Total", 0)
