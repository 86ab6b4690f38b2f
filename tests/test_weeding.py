"""Weeding scores, decisions, statuses, extra copies and protections, checked by hand.

The analysis date is 1 June 2026 throughout; a year of disuse is 365.25 days.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from weeding_frames import TODAY, checkouts, item, items, one

import libanalytics as la
from libanalytics.cli import main
from libanalytics.errors import SchemaError
from libanalytics.schema import ITEMS, conform
from libanalytics.weeding import load_rules, reasons_text, score_weeding

SCIENCE = {"section": "Nonfiction", "dewey": "552.1"}  # the 500s rule: 5 / 3


def science(n: int, **fields) -> dict:
    return item(n, **{**SCIENCE, **fields})


# -- decision bands and the score ---------------------------------------------------------


def test_candidate_review_and_keep_bands():
    frame = items(
        # past both limits of the 500s rule
        science(1, pub_year=2018, last_checkout=dt.date(2016, 3, 10)),
        # past the age limit only
        science(2, pub_year=2018, last_checkout=dt.date(2025, 9, 1)),
        # past the use limit only
        science(3, pub_year=2024, last_checkout=dt.date(2016, 3, 10)),
        # past none
        science(4, pub_year=2024, last_checkout=dt.date(2026, 1, 15)),
    )
    result = score_weeding(frame, today=TODAY)
    decisions = dict(result.copies.select("barcode", "decision").iter_rows())
    assert decisions == {
        "T0001": "candidate",
        "T0002": "review",
        "T0003": "review",
        "T0004": "keep",
    }
    assert one(result, "T0002")["reasons"] == [
        "published 2018, 8 years old; the 500s science rule allows 5",
        "last checked out September 2025; the 500s science rule allows 3 years unused",
    ]


def test_the_score_is_overshoot_weighted_by_lifetime_use():
    # Age 8 against 5: 3/5 = 0.6 past; unused 10.2 years against 3: capped at 1.
    # Mean 0.8; lifetime use lowers it by up to half (log scale, full at 100 checkouts).
    last = dt.date(2016, 3, 10)
    frame = items(
        science(1, pub_year=2018, last_checkout=last, total_checkouts=0),
        science(2, pub_year=2018, last_checkout=last, total_checkouts=9),
        science(3, pub_year=2018, last_checkout=last, total_checkouts=100),
        science(4, pub_year=2018, last_checkout=last, total_checkouts=5000),
        science(5, pub_year=1990, last_checkout=last, total_checkouts=0),
    )
    scores = dict(score_weeding(frame, today=TODAY).copies.select("barcode", "score").iter_rows())
    assert scores["T0001"] == 80.0
    assert scores["T0002"] == 60.0  # 80 * (1 - 0.5 * ln 10 / ln 101) = 60.04
    assert scores["T0003"] == 40.0
    assert scores["T0004"] == 40.0
    assert scores["T0005"] == 100.0


def test_years_unused_and_age_columns():
    frame = items(science(1, pub_year=2018, last_checkout=dt.date(2025, 6, 1)))
    row = one(score_weeding(frame, today=TODAY), "T0001")
    assert row["age_years"] == 8
    assert row["last_used"] == dt.date(2025, 6, 1)
    assert row["years_unused"] == pytest.approx(365 / 365.25)


def test_missing_evidence_means_review():
    frame = items(
        science(1, pub_year=None, last_checkout=dt.date(2016, 3, 10)),
        item(2, section=None, dewey=None, call_number="XYZ 12", pub_year=1970),
    )
    result = score_weeding(frame, today=TODAY)
    no_year = one(result, "T0001")
    assert no_year["decision"] == "review"
    assert "no publication year in the catalog, so its age cannot be judged" in no_year["reasons"]
    unknown = one(result, "T0002")
    assert (unknown["rule"], unknown["decision"]) == ("anything else", "review")
    assert (
        unknown["reasons"][0]
        == "section unknown (call number XYZ 12), so the anything else rule was used"
    )


def test_without_any_checkout_evidence_use_cannot_be_judged():
    frame = items(item(1, section="Fiction", total_checkouts=None, last_checkout=None))
    row = one(score_weeding(frame, today=TODAY), "T0001")
    assert row["decision"] == "review" and row["years_unused"] is None
    assert row["reasons"] == [
        "no record of checkouts for this copy, so its use cannot be judged; load the checkout history"
    ]


# -- statuses -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        ("lost", "marked lost: not on the shelf to pull"),
        ("missing", "marked missing: not on the shelf to pull"),
        ("checked_out", "checked out now: not on the shelf to pull"),
    ],
)
def test_lost_missing_and_checked_out_copies_are_not_candidates(status, reason):
    frame = items(science(1, pub_year=1990, last_checkout=dt.date(2016, 3, 10), status=status))
    row = one(score_weeding(frame, today=TODAY), "T0001")
    assert row["decision"] == "review"
    assert reason in row["reasons"]


def test_a_copy_on_loan_counts_as_used_today():
    frame = items(
        item(1, section="Fiction", status="checked_out", last_checkout=dt.date(2019, 1, 5))
    )
    row = one(score_weeding(frame, today=TODAY), "T0001")
    assert row["years_unused"] == 0.0 and row["decision"] == "keep"
    assert row["reasons"] == ["checked out now: not on the shelf to pull"]


def test_damaged_copies_are_candidates_for_their_condition():
    frame = items(item(1, section="Fiction", status="damaged", last_checkout=dt.date(2026, 4, 2)))
    row = one(score_weeding(frame, today=TODAY), "T0001")
    assert row["decision"] == "candidate"
    assert row["reasons"] == [
        "last checked out April 2026; the fiction rule allows 2 years unused",
        "condition: marked damaged in the catalog",
    ]


# -- extra copies -------------------------------------------------------------------------


def test_extra_copies_of_a_rarely_circulating_title_are_candidates_beyond_the_first():
    # Three copies of one 500s title, each within its limits (age 4, last use 2-2.6 years
    # ago) but not one checkout in the last two years: one copy is enough.
    shared = {"bib_id": "b-rocks", "title": "Rocks", "pub_year": 2022}
    frame = items(
        science(1, **shared, last_checkout=dt.date(2024, 3, 1), total_checkouts=6),
        science(2, **shared, last_checkout=dt.date(2024, 1, 15), total_checkouts=9),
        science(3, **shared, last_checkout=dt.date(2023, 11, 1), total_checkouts=2),
        # a title whose two copies circulate: both kept
        science(4, bib_id="b-gems", last_checkout=dt.date(2026, 2, 1), pub_year=2022),
        science(5, bib_id="b-gems", last_checkout=dt.date(2025, 11, 1), pub_year=2022),
    )
    result = score_weeding(frame, today=TODAY)
    decisions = dict(result.copies.select("barcode", "decision").iter_rows())
    assert decisions == {
        "T0001": "keep",
        "T0002": "candidate",
        "T0003": "candidate",
        "T0004": "keep",
        "T0005": "keep",
    }
    assert one(result, "T0002")["reasons"][-1] == (
        "extra copy: the 3 copies of this title were checked out 0 times in the last 2 years; "
        "one copy is kept"
    )


# Three other copies whose checkouts start the history in January 2023, before the
# two-year window (June 2024 - June 2026) the extra-copy rule counts over.
EARLY_HISTORY = [
    ("T0091", dt.date(2023, 1, 10)),
    ("T0092", dt.date(2023, 1, 12)),
    ("T0093", dt.date(2023, 1, 20)),
]


def test_extra_copies_count_recent_checkouts_from_the_history():
    frame = items(
        item(1, section="Fiction", bib_id="b-x", acquired=dt.date(2015, 1, 1)),
        item(2, section="Fiction", bib_id="b-x", acquired=dt.date(2015, 2, 1)),
    )
    one_loan = checkouts(*EARLY_HISTORY, ("T0002", dt.date(2025, 10, 1)))
    result = score_weeding(frame, one_loan, today=TODAY)
    # T0002 was used, so it is the copy kept; T0001 is the extra copy (and past 2 years).
    assert one(result, "T0002")["decision"] == "keep"
    assert one(result, "T0001")["decision"] == "candidate"
    assert "checked out 1 time in the last 2 years" in one(result, "T0001")["reasons"][-1]
    two_loans = checkouts(("T0002", dt.date(2025, 10, 1)), ("T0001", dt.date(2026, 1, 9)))
    result = score_weeding(frame, two_loans, today=TODAY)
    assert set(result.copies["decision"]) == {"keep"}


UNSURE_EXTRA = (
    "perhaps an extra copy: this title has 2 copies, but the checkout records do not cover "
    "the last 2 years, so whether one copy is enough cannot be judged"
)


def test_without_any_use_evidence_no_copy_is_called_extra():
    # No history and no last_checkout / total_checkouts: nobody knows how often the
    # title circulates, so saying "checked out 0 times" would be invented.
    frame = items(
        item(1, section="Fiction", bib_id="b-x", total_checkouts=None),
        item(2, section="Fiction", bib_id="b-x", total_checkouts=None),
    )
    result = score_weeding(frame, today=TODAY)
    assert set(result.copies["decision"]) == {"review"}
    for row in result.copies.iter_rows(named=True):
        assert not any("checked out 0 times" in r for r in row["reasons"])
        assert "use cannot be judged" in row["reasons"][0]
    assert sorted(r for rs in result.copies["reasons"] for r in rs if "extra" in r) == [
        UNSURE_EXTRA
    ]


def test_a_history_shorter_than_two_years_cannot_make_a_copy_extra():
    # The history starts in December 2025, six months before today: no checkouts since
    # then says nothing about the eighteen months before.
    frame = items(
        item(1, section="Fiction", bib_id="b-x", acquired=dt.date(2015, 1, 1)),
        item(2, section="Fiction", bib_id="b-x", acquired=dt.date(2015, 2, 1)),
        item(3, section="Fiction", bib_id="b-y", acquired=dt.date(2015, 3, 1)),
    )
    short = checkouts(("T0003", dt.date(2025, 12, 1)), ("T0003", dt.date(2026, 3, 1)))
    result = score_weeding(frame, short, today=TODAY)
    decisions = dict(result.copies.select("barcode", "decision").iter_rows())
    assert decisions == {"T0001": "review", "T0002": "keep", "T0003": "keep"}
    reasons = one(result, "T0001")["reasons"]
    assert reasons[-1] == UNSURE_EXTRA
    assert not any("in the last 2 years" in r and "checked out" in r for r in reasons)
    # The same copies with a history reaching back before the window: a real extra copy.
    longer = checkouts(*EARLY_HISTORY, ("T0003", dt.date(2025, 12, 1)))
    result = score_weeding(frame, longer, today=TODAY)
    assert one(result, "T0001")["decision"] == "candidate"
    assert one(result, "T0001")["reasons"][-1] == (
        "extra copy: the 2 copies of this title were checked out 0 times in the last 2 years; "
        "one copy is kept"
    )


def test_a_last_checkout_before_the_window_settles_the_count_without_a_long_history():
    # The catalog's last_checkout dates (2023) show neither copy was used in the window,
    # even though the history only starts in December 2025.
    frame = items(
        item(1, section="Fiction", bib_id="b-x", last_checkout=dt.date(2023, 3, 1)),
        item(2, section="Fiction", bib_id="b-x", last_checkout=dt.date(2023, 5, 1)),
        item(3, section="Fiction", bib_id="b-y"),
    )
    short = checkouts(("T0003", dt.date(2025, 12, 1)), ("T0003", dt.date(2026, 3, 1)))
    result = score_weeding(frame, short, today=TODAY)
    assert one(result, "T0001")["decision"] == "candidate"
    assert "checked out 0 times in the last 2 years" in one(result, "T0001")["reasons"][-1]


# -- protections --------------------------------------------------------------------------

OLD = {"pub_year": 1990, "last_checkout": dt.date(2016, 3, 10)}


def test_a_keep_list_of_isbns_and_bib_ids_protects_at_most_review():
    frame = items(
        science(1, isbn="9780306406157", **OLD),
        science(2, bib_id="local-17", **OLD),
        science(3, **OLD),
    )
    result = score_weeding(frame, keep=["0-306-40615-2", "local-17"], today=TODAY)
    for barcode in ("T0001", "T0002"):
        row = one(result, barcode)
        assert row["decision"] == "review"
        assert row["protected"] == "keep list"
        assert row["reasons"][-1] == "protected: on the keep list"
    assert one(result, "T0003")["decision"] == "candidate"
    assert one(result, "T0003")["protected"] is None


def test_a_keep_list_file_gives_its_notes(tmp_path):
    keep = tmp_path / "awards.txt"
    keep.write_text("# award winners\nisbn\n978-0-306-40615-7  # Caldecott Medal 1964\nlocal-17\n")
    frame = items(science(1, isbn="9780306406157", **OLD), science(2, bib_id="local-17", **OLD))
    result = score_weeding(frame, keep=keep, today=TODAY)
    assert one(result, "T0001")["reasons"][-1] == (
        "protected: on the keep list (awards.txt): Caldecott Medal 1964"
    )
    assert one(result, "T0002")["reasons"][-1] == "protected: on the keep list (awards.txt)"
    assert set(result.copies["decision"]) == {"review"}


def test_a_protected_copy_past_nothing_stays_keep():
    frame = items(
        science(1, isbn="9780306406157", pub_year=2025, last_checkout=dt.date(2026, 5, 1))
    )
    row = one(score_weeding(frame, keep=["9780306406157"], today=TODAY), "T0001")
    assert (row["decision"], row["protected"]) == ("keep", "keep list")


def test_copies_acquired_in_the_last_two_years_are_protected():
    frame = items(
        science(1, acquired=dt.date(2025, 3, 15), **OLD),  # an old donated book
        science(2, acquired=dt.date(2024, 5, 31), **OLD),
    )
    result = score_weeding(frame, today=TODAY)
    new = one(result, "T0001")
    assert (new["decision"], new["protected"]) == ("review", "recently acquired")
    assert new["reasons"][-1] == "protected: acquired March 2025, within the last 2 years"
    assert one(result, "T0002")["decision"] == "candidate"


def test_a_damaged_protected_copy_is_at_most_review():
    frame = items(science(1, status="damaged", acquired=dt.date(2026, 1, 5), pub_year=2025))
    row = one(score_weeding(frame, today=TODAY), "T0001")
    assert row["decision"] == "review"
    assert "condition: marked damaged in the catalog" in row["reasons"]


def test_the_last_copy_in_the_district_is_protected_when_the_rules_say_so(tmp_path):
    frame = items(
        science(1, site="North", bib_id="only-here", **OLD),
        science(2, site="North", bib_id="both", **OLD),
        science(3, site="South", bib_id="both", **OLD),
        science(4, site="South", bib_id="one-lost", **OLD),
        science(5, site="North", bib_id="one-lost", status="lost", **OLD),
    )
    off = score_weeding(frame, today=TODAY)
    assert off.copies["protected"].null_count() == 5
    text = la.weeding.rules.paths.DEFAULT_RULES.read_text().replace(
        "protect_last_copy_in_district = false", "protect_last_copy_in_district = true"
    )
    (tmp_path / "district.toml").write_text(text)
    on = score_weeding(frame, rules=tmp_path / "district.toml", today=TODAY)
    protected = dict(on.copies.select("barcode", "protected").iter_rows())
    assert protected == {
        "T0001": "last copy in the district",
        "T0002": None,
        "T0003": None,
        "T0004": "last copy in the district",  # its other copy is lost
        "T0005": None,
    }
    assert (
        one(on, "T0001")["reasons"][-1] == "protected: the last copy of this title in the district"
    )
    assert one(on, "T0001")["decision"] == "review"
    assert one(on, "T0002")["decision"] == "candidate"


# -- the result ---------------------------------------------------------------------------


def test_copies_come_back_in_shelf_order_with_the_contract_columns():
    frame = items(
        item(1, shelf_key="b", section="Fiction"),
        item(2, shelf_key="a", section="Fiction"),
        item(3, shelf_key=None, section="Fiction"),
    )
    result = score_weeding(frame.to_pandas(), today="2026-06-01")
    assert result.copies["barcode"].to_list() == ["T0002", "T0001", "T0003"]
    assert result.copies.columns == [
        *ITEMS,
        "rule",
        "max_age_years",
        "max_unused_years",
        "age_years",
        "last_used",
        "years_unused",
        "protected",
        "score",
        "decision",
        "reasons",
    ]
    assert result.copies.schema["reasons"] == pl.List(pl.String)
    assert result.today == TODAY
    assert result.rules.name == "CREW school defaults"


def test_summary_counts_by_rule_and_decision():
    frame = items(
        science(1, **OLD),
        science(2, pub_year=2025, last_checkout=dt.date(2026, 5, 1)),
        item(3, section="Fiction", last_checkout=dt.date(2026, 5, 1)),
    )
    summary = score_weeding(frame, today=TODAY).summary()
    assert summary.rows() == [("500s science", 2, 1, 0, 1), ("fiction", 1, 0, 0, 1)]
    assert summary.columns == ["rule", "copies", "candidate", "review", "keep"]


def test_today_defaults_to_the_newest_date_in_the_data():
    frame = items(item(1, section="Fiction", last_checkout=dt.date(2025, 11, 30)))
    history = checkouts(("T0001", dt.datetime(2026, 2, 3, 9, 30)))
    assert score_weeding(frame).today == dt.date(2025, 11, 30)
    assert score_weeding(frame, history).today == dt.date(2026, 2, 10)  # returned a week later


def test_a_bad_today_is_a_clear_error():
    with pytest.raises(SchemaError, match="'June' is not a date"):
        score_weeding(items(item(1)), today="June")


def test_reasons_text_makes_one_cell():
    frame = items(science(1, **OLD))
    text = score_weeding(frame, today=TODAY).copies.select(reasons_text())["reasons"][0]
    assert text == (
        "Published 1990, 36 years old; the 500s science rule allows 5. "
        "Not checked out since March 2016; the 500s science rule allows 3 years unused."
    )


def test_the_weed_command_writes_the_candidates(tmp_path):
    from libanalytics.commands.weed import write_scores

    frame = items(
        science(1, barcode="000123", **OLD),
        item(2, section="Fiction", last_checkout=dt.date(2026, 5, 1)),
    )
    written = write_scores(score_weeding(frame, today=TODAY), tmp_path)
    assert sorted(p.name for p in written) == ["candidate_barcodes.txt", "weeding_scores.xlsx"]
    assert (tmp_path / "weeding" / "candidate_barcodes.txt").read_text() == "000123\n"
    import openpyxl

    book = openpyxl.load_workbook(tmp_path / "weeding" / "weeding_scores.xlsx")
    sheet = book["Candidates"]
    assert sheet["B2"].value == "000123"
    assert book.sheetnames[:4] == ["Candidates", "Review", "Summary", "Rules"]


def test_the_weed_command_reports_a_missing_catalog(tmp_path, capsys):
    assert main(["weed", "score", "--catalog", str(tmp_path / "nope.mrc")]) == 2
    assert "nope.mrc: the catalog export is not there" in capsys.readouterr().err


# -- properties ---------------------------------------------------------------------------

_sections = st.sampled_from([None, *la.SECTIONS])
_dates = st.one_of(st.none(), st.dates(dt.date(1995, 1, 1), dt.date(2026, 6, 1)))


@st.composite
def catalogs(draw):
    n = draw(st.integers(1, 12))
    rows = [
        item(
            i,
            section=draw(_sections),
            dewey=draw(
                st.one_of(st.none(), st.sampled_from(["004", "507.2", "599.75", "921", "031.02"]))
            ),
            pub_year=draw(st.one_of(st.none(), st.integers(1950, 2026))),
            acquired=draw(_dates),
            last_checkout=draw(_dates),
            total_checkouts=draw(st.one_of(st.none(), st.integers(0, 300))),
            status=draw(st.sampled_from(la.STATUSES)),
            bib_id=draw(st.sampled_from(["a", "b", "c", None])),
            isbn=draw(st.sampled_from([None, "9780306406157"])),
        )
        for i in range(n)
    ]
    return conform(pl.DataFrame(rows), "items")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs(), st.booleans())
def test_every_copy_gets_a_bounded_score_a_decision_and_reasons(frame, use_keep):
    keep = ["9780306406157"] if use_keep else None
    copies = score_weeding(frame, keep=keep, today=TODAY).copies
    assert copies.height == frame.height
    assert sorted(copies["barcode"]) == sorted(frame["barcode"])
    assert copies["score"].is_between(0, 100).all()
    assert set(copies["decision"]) <= set(la.DECISIONS)
    assert (copies["reasons"].list.len() > 0).all()
    protected = copies.filter(pl.col("protected").is_not_null())
    assert (protected["decision"] != "candidate").all()
    off_shelf = copies.filter(pl.col("status").is_in(["lost", "missing", "checked_out"]))
    assert (off_shelf["decision"] != "candidate").all()
    assert not copies["reasons"].list.join(" ").str.contains("never").any()


def test_rules_can_be_a_path_or_a_rules_object():
    frame = items(item(1, section="Fiction", last_checkout=dt.date(2023, 1, 1)))
    by_path = score_weeding(frame, rules=la.weeding.rules.paths.DEFAULT_RULES, today=TODAY)
    lenient = load_rules().with_limits("fiction", max_unused_years=5)
    assert one(by_path, "T0001")["decision"] == "candidate"
    assert one(score_weeding(frame, rules=lenient, today=TODAY), "T0001")["decision"] == "keep"


# -- statuses missing from the export -----------------------------------------------------


def test_an_export_without_statuses_says_so():
    frame = items(science(1, status=None, **OLD), item(2, section="Fiction", status=None))
    result = score_weeding(frame, today=TODAY)
    assert result.notes == [
        "statuses are not in this export: lost, missing and checked-out copies cannot be told "
        "apart (every copy was scored as if on the shelf; load a copy report with statuses)"
    ]
    assert "Note: statuses are not in this export" in repr(result)
    # One copy with a status is enough to know the export has them.
    with_one = items(science(1, status="lost", **OLD), item(2, section="Fiction", status=None))
    assert score_weeding(with_one, today=TODAY).notes == []


def test_the_weed_command_defaults_to_the_copy_report_with_statuses(sample):
    import argparse

    from libanalytics.commands.weed import load_items_from_args

    default = load_items_from_args(argparse.Namespace(catalog=None))
    assert default.frame["status"].null_count() == 0
    assert {"lost", "missing", "checked_out"} <= set(default.frame["status"])


def test_the_scores_workbook_carries_the_notes(tmp_path):
    import openpyxl

    from libanalytics.commands.weed import describe, write_scores

    frame = items(science(1, status=None, **OLD))
    result = score_weeding(frame, keep=["b-404"], today=TODAY)
    assert [line.strip()[:6] for line in describe(result).splitlines()[1:3]] == ["Note: "] * 2
    write_scores(result, tmp_path)
    book = openpyxl.load_workbook(tmp_path / "weeding" / "weeding_scores.xlsx")
    cells = [c.value for row in book["Notes"].iter_rows() for c in row if c.value]
    assert any("Note: statuses are not in this export" in str(v) for v in cells)
    assert any("b-404" in str(v) for v in cells)


def test_a_checkout_count_without_dates_is_use_unknown_not_no_record():
    # The catalog counts 14 checkouts but has no last_checkout, and there is no history:
    # the copy was used, nobody knows when.
    frame = items(
        science(1, pub_year=1990, total_checkouts=14, last_checkout=None),
        item(2, section="Fiction", total_checkouts=1, last_checkout=None),
    )
    result = score_weeding(frame, today=TODAY)
    science_copy = one(result, "T0001")
    assert (science_copy["decision"], science_copy["years_unused"]) == ("review", None)
    assert science_copy["reasons"] == [
        "published 1990, 36 years old; the 500s science rule allows 5",
        "the catalog counts 14 checkouts but not when, so its use cannot be judged; "
        "load the checkout history",
    ]
    assert one(result, "T0002")["reasons"] == [
        "the catalog counts 1 checkout but not when, so its use cannot be judged; "
        "load the checkout history"
    ]
