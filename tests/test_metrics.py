"""collection_metrics: every figure checked by hand on a small collection.

The collection (report date June 30, 2025):

| copy | section    | class | year | age | price | status    | use                            |
|------|------------|-------|------|-----|-------|-----------|--------------------------------|
| 1    | Fiction    |       | 2020 | 5   | 10    | available | out today, 2024-07-01, 2024-06-30 |
| 2    | Fiction    |       | 2005 | 20  | 20    | available | last_checkout 2024-12-01       |
| 3    | Nonfiction | 523.1 | 1990 | 35  | 30    | available | out 2023-01-05                 |
| 4    | Nonfiction | 973   | 2016 | 9   | 40    | available | out 2025-07-15 (after today)   |
| 5    | Nonfiction | none  | 2020 | 5   | -     | available | never                          |
| 6    | Fiction    |       | 2000 |     | 5     | withdrawn | out 2025-01-10                 |
| 7    | Fiction    |       | 2022 |     |       | available | an e-book                      |
| 8    | Easy       |       | 2024 |     | 15    | lost      |                                |

Holdings are copies 1-5 (withdrawn, lost and e-books are not).
"""

from __future__ import annotations

import datetime as dt

import health_frames as frames
import polars as pl
import pytest
from health_frames import TODAY, circulation, inventory, items, weeding_log

from libanalytics.errors import SchemaError
from libanalytics.metrics import collection_metrics, school_year, years_before


@pytest.fixture(scope="module")
def health():
    return collection_metrics(
        items(),
        circulation=circulation(),
        enrollment=10,
        inventory=inventory(),
        weeding_log=weeding_log(),
        today=TODAY,
    )


def _row(frame: pl.DataFrame, column: str, value: str) -> dict:
    rows = frame.filter(pl.col(column) == value)
    assert rows.height == 1, f"no single row {column}={value} in {frame}"
    return rows.row(0, named=True)


def test_holdings_leave_out_withdrawn_lost_and_ebooks(health):
    held = health.copies.filter("held")["barcode"].sort().to_list()
    assert held == ["1", "2", "3", "4", "5"]
    assert health.overall["copies"].item() == 5
    assert any("e-books" in note for note in health.notes)


def test_ages_by_hand(health):
    overall = health.overall.row(0, named=True)
    # ages 5, 20, 35, 9, 5
    assert overall["average_age"] == 14.8
    assert overall["median_age"] == 9.0
    assert overall["older_than_15_pct"] == 40.0  # 20 and 35
    fiction = _row(health.by_section, "section", "Fiction")
    assert (fiction["copies"], fiction["average_age"], fiction["older_than_15_pct"]) == (
        2,
        12.5,
        50.0,
    )
    nonfiction = _row(health.by_section, "section", "Nonfiction")
    assert (nonfiction["copies"], nonfiction["average_age"], nonfiction["median_age"]) == (
        3,
        16.3,
        9.0,
    )


def test_checkouts_turnover_and_use_by_hand(health):
    overall = health.overall.row(0, named=True)
    # copy 1 twice (today, 2024-07-01) and copy 6 once; not 2024-06-30, not the future,
    # not the barcode missing from the catalog
    assert overall["checkouts_last_year"] == 3
    assert overall["turnover"] == 0.6
    assert overall["used_last_year_pct"] == 40.0  # copy 1 (history), copy 2 (last_checkout)
    assert overall["used_3_years_pct"] == 60.0  # and copy 3 (2023-01-05)
    assert overall["copies_per_student"] == 0.5
    assert overall["checkouts_per_student"] == 0.3
    fiction = _row(health.by_section, "section", "Fiction")
    assert (fiction["checkouts_last_year"], fiction["turnover"]) == (3, 1.5)


def test_relative_use_is_share_of_checkouts_over_share_of_copies(health):
    fiction = _row(health.by_section, "section", "Fiction")
    nonfiction = _row(health.by_section, "section", "Nonfiction")
    assert (fiction["share_of_copies_pct"], fiction["share_of_checkouts_pct"]) == (40.0, 100.0)
    assert fiction["relative_use"] == 250.0
    assert nonfiction["relative_use"] == 0.0
    easy = _row(health.by_section, "section", "Easy")  # its only copy is lost: no holdings
    assert easy["copies"] == 0 and easy["relative_use"] is None


def test_sections_in_shelf_vocabulary_order(health):
    assert health.by_section["section"].to_list() == ["Easy", "Fiction", "Nonfiction"]


def test_nonfiction_by_dewey_hundred_and_fiction_apart(health):
    assert health.by_dewey["report_class"].to_list() == ["500s", "900s", "no class number"]
    assert health.by_dewey["copies"].to_list() == [1, 1, 1]
    assert health.by_dewey["average_age"].to_list() == [35.0, 9.0, 5.0]
    assert health.by_dewey["share_of_copies_pct"].sum() == pytest.approx(100.0, abs=0.2)


def test_losses_are_missing_copies_not_on_loan_at_price_else_section_median(health):
    overall = health.overall.row(0, named=True)
    # copy 3 (30.00) and copy 5 (no price: Nonfiction's median of 30 and 40); copy 1 was on loan
    assert overall["lost_copies"] == 2
    assert overall["lost_value"] == 65.0
    lost = health.copies.filter("lost_in_inventory")["barcode"].sort().to_list()
    assert lost == ["3", "5"]


def test_replacement_of_copies_older_than_their_rule_at_section_median(health):
    overall = health.overall.row(0, named=True)
    # only copy 3 (astronomy, 35 years old) is past an age limit; fiction has none
    assert health.copies.filter("over_age")["barcode"].to_list() == ["3"]
    assert overall["over_age_copies"] == 1
    assert overall["replacement_cost"] == 35.0


def test_added_and_weeded_per_school_year(health):
    by_year = health.by_year.select("school_year", "copies_added", "copies_weeded").rows()
    assert by_year == [("2019-20", 2, 0), ("2021-22", 1, 0), ("2023-24", 0, 1), ("2024-25", 0, 1)]
    assert _row(health.by_year, "school_year", "2023-24")["weeded_value"] == 5.0


def test_checkouts_by_month_fill_empty_months(health):
    months = health.by_month
    assert months["month"].min() == dt.date(2023, 1, 1)
    assert months["month"].max() == dt.date(2025, 6, 1)
    assert months.height == 30
    assert months["checkouts"].sum() == 6  # every checkout up to today, catalogued or not
    assert _row(months, "month", dt.date(2024, 6, 1))["checkouts"] == 1
    assert _row(months, "month", dt.date(2023, 2, 1))["checkouts"] == 0
    assert _row(months, "month", dt.date(2024, 7, 1))["school_year"] == "2024-25"


def test_every_section_figure_recomputes_from_the_copies(health):
    copies = health.copies.filter("held")
    for row in health.by_section.iter_rows(named=True):
        mine = copies.filter(pl.col("section") == row["section"])
        assert row["copies"] == mine.height
        if mine.height:
            assert row["average_age"] == round(mine["age_years"].mean(), 1)
        assert row["over_age_copies"] == mine["over_age"].sum()


def test_without_circulation_or_inventory_the_figures_are_unknown_not_zero():
    health = collection_metrics(items(), today=TODAY)
    overall = health.overall.row(0, named=True)
    assert overall["checkouts_last_year"] is None and overall["turnover"] is None
    assert overall["lost_copies"] is None and overall["lost_value"] is None
    assert overall["used_last_year_pct"] == 20.0  # copy 2's last_checkout field alone
    assert overall["enrollment"] is None and overall["copies_per_student"] is None
    assert health.by_month.height == 0


def test_today_defaults_to_the_newest_data():
    health = collection_metrics(items(), circulation=circulation())
    assert health.today == dt.date(2025, 7, 15)


def test_pandas_frames_give_the_same_figures(health):
    again = collection_metrics(
        items().to_pandas(), circulation=circulation().to_pandas(), enrollment=10, today=TODAY
    )
    assert again.by_section.drop("lost_copies", "lost_value").equals(
        health.by_section.drop("lost_copies", "lost_value")
    )


def test_a_district_by_school_with_enrollment_per_school():
    district = pl.concat(
        [
            frames.items().with_columns(pl.lit("North").alias("site")),
            frames.items().head(2).with_columns(pl.lit("South").alias("site")),
        ]
    )
    circ = circulation().with_columns(pl.lit("North").alias("site"))
    health = collection_metrics(
        district, circulation=circ, enrollment={"North": 10, "South": 4}, today=TODAY
    )
    assert health.is_district and health.sites == ["North", "South"]
    north = _row(health.by_school, "site", "North")
    south = _row(health.by_school, "site", "South")
    assert (north["copies"], south["copies"]) == (5, 2)
    assert (north["copies_per_student"], south["copies_per_student"]) == (0.5, 0.5)
    # South's copies 1 and 2 have no checkouts: circulation rows name North
    assert (north["checkouts_last_year"], south["checkouts_last_year"]) == (3, 0)
    assert north["relative_use"] == round(100 / (5 / 7), 0)
    assert health.overall["enrollment"].item() == 14
    # shares by section are within each school
    fiction_south = health.by_section.filter(
        (pl.col("site") == "South") & (pl.col("section") == "Fiction")
    )
    assert fiction_south["share_of_copies_pct"].item() == 100.0
    one = health.for_site("South")
    assert one.overall["copies"].item() == 2 and not one.is_district
    with pytest.raises(SchemaError, match="no school 'East'"):
        health.for_site("East")


@pytest.mark.parametrize("bad", [0, -3, {"North": 0}])
def test_an_impossible_enrollment_is_refused(bad):
    with pytest.raises(SchemaError, match="enrollment"):
        collection_metrics(items(), enrollment=bad, today=TODAY)


def test_no_dates_and_no_today_is_refused():
    undated = items().with_columns(
        pl.lit(None, pl.Date).alias("acquired"), pl.lit(None, pl.Date).alias("last_checkout")
    )
    with pytest.raises(SchemaError, match="today"):
        collection_metrics(undated)


def test_school_years_and_anniversaries():
    assert pl.select(school_year(pl.lit(dt.date(2024, 6, 30)))).item() == "2023-24"
    assert pl.select(school_year(pl.lit(dt.date(2024, 7, 1)))).item() == "2024-25"
    assert pl.select(school_year(pl.lit(dt.date(1999, 9, 1)))).item() == "1999-00"
    assert years_before(dt.date(2025, 6, 30), 3) == dt.date(2022, 6, 30)


def test_a_text_date_is_read_as_score_weeding_reads_it():
    by_text = collection_metrics(items(), circulation=circulation(), today="2025-06-30")
    assert by_text.today == TODAY
    assert by_text.overall.equals(
        collection_metrics(items(), circulation=circulation(), today=TODAY).overall
    )
    with pytest.raises(SchemaError, match="not a date"):
        collection_metrics(items(), today="30/06/2025")


def test_without_a_weeding_log_copies_weeded_are_not_given_not_zero():
    from libanalytics.metrics import NO_WEEDING_LOG

    health = collection_metrics(items(), today=TODAY)
    assert health.by_year.height > 0
    assert health.by_year["copies_weeded"].null_count() == health.by_year.height
    assert health.by_year["copies_added"].null_count() == 0
    assert NO_WEEDING_LOG in health.summary()
