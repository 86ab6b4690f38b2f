"""The pull list workbook and PDF, and reading a filled-in list back (issue 9)."""

from __future__ import annotations

import datetime as dt
import zipfile

import openpyxl
import polars as pl
import pypdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from workflow_frames import TODAY, catalog, weeding_result

from libanalytics.errors import InputFormatError
from libanalytics.report.pull_list import ABOUT_SHEET, write_pull_list
from libanalytics.report.pull_list_pdf import write_pull_list_pdf
from libanalytics.schema import PULL_DECISIONS
from libanalytics.weeding_decisions import (
    LOG_COLUMNS,
    apply_decisions,
    merge_log,
    read_pull_list,
    read_weeding_log,
)

HEADER = [
    "Call number",
    "Title",
    "Author",
    "Year",
    "Last checkout",
    "Checkouts",
    "Score",
    "Proposed",
    "Reasons",
    "Barcode",
    "Decision",
    "MUSTIE",
]


@pytest.fixture
def pull_list(tmp_path):
    return write_pull_list(weeding_result(), tmp_path / "pull_list.xlsx", school="Sample School")


def _column(ws, header):
    return [c.value for c in ws[1]].index(header) + 1


def _fill(path, decisions):
    """Write decisions into the workbook as a person would: {barcode: (decision, mustie)}."""
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        if ws.title == ABOUT_SHEET:
            continue
        barcode, decision, mustie = (_column(ws, h) for h in ("Barcode", "Decision", "MUSTIE"))
        for row in range(2, ws.max_row + 1):
            code = ws.cell(row, barcode).value
            if code in decisions:
                ws.cell(row, decision).value, ws.cell(row, mustie).value = decisions[code]
    wb.save(path)


def test_one_sheet_per_section_in_shelf_order_with_the_listed_copies(pull_list):
    wb = openpyxl.load_workbook(pull_list)
    # The Easy section's 'keep' copy (0001240) is not on the list: only candidates and review.
    assert wb.sheetnames == ["Easy", "Fiction", "Nonfiction", ABOUT_SHEET]
    ws = wb["Nonfiction"]
    assert [c.value for c in ws[1]] == HEADER
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert [r[0] for r in rows] == ["004 RAY", "567.9 LEE", "629.44 ODE"]
    assert [r[9] for r in rows] == ["0005557", "0005556", "0005555"]
    assert rows[1][3] == 1988 and rows[1][8] == "36 years old." and rows[1][7] == "candidate"
    assert rows[1][4] == dt.datetime(2015, 3, 2)
    assert [r[0] for r in wb["Fiction"].iter_rows(min_row=2, values_only=True)] == [
        "FIC PAU",
        "FIC SAC",
    ]
    # A 14-digit barcode stays text, never a number in scientific notation.
    assert wb["Fiction"]["J2"].value == "31234000000001"
    assert wb["Fiction"]["J2"].data_type == "s"


def test_frozen_header_filters_and_a_decision_drop_down(pull_list):
    ws = openpyxl.load_workbook(pull_list)["Nonfiction"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:L4"
    (validation,) = ws.data_validations.dataValidation
    assert validation.type == "list"
    assert validation.formula1 == '"' + ",".join(PULL_DECISIONS) + '"'
    assert str(validation.sqref) == "K2:K4"


def test_about_sheet_names_the_rules_and_the_date(pull_list):
    about = read_pull_list(pull_list).about
    assert about["Analysis date"] == TODAY.isoformat()
    assert about["Rules file"] == "crew_school.toml"
    assert about["Rules SHA-256"] == "ab" * 32
    assert about["Copies listed"] == "6"
    assert about["School"] == "Sample School"


def test_the_same_list_gives_the_same_bytes(tmp_path):
    a = write_pull_list(weeding_result(), tmp_path / "a.xlsx")
    b = write_pull_list(weeding_result(), tmp_path / "b.xlsx")
    assert a.read_bytes() == b.read_bytes()
    pa = write_pull_list_pdf(weeding_result(), tmp_path / "a.pdf")
    pb = write_pull_list_pdf(weeding_result(), tmp_path / "b.pdf")
    assert pa.read_bytes() == pb.read_bytes()


def test_pdf_prints_each_section_on_its_own_pages(tmp_path):
    path = write_pull_list_pdf(weeding_result(), tmp_path / "pull.pdf", rows_per_page=2)
    pages = [p.extract_text() for p in pypdf.PdfReader(path).pages]
    # Easy 1 copy, Fiction 2, Nonfiction 3 at two a page: 1 + 1 + 2 pages.
    assert len(pages) == 4
    assert [p.splitlines()[0] for p in pages] == [
        "Pull list — Easy",
        "Pull list — Fiction",
        "Pull list — Nonfiction",
        "Pull list — Nonfiction",
    ]
    assert "Page 3 of 4" in pages[2] and "crew_school.toml" in pages[2]
    assert "004 RAY" in pages[2] and "567.9 LEE" in pages[2] and "629.44 ODE" in pages[3]
    assert "0001240" not in "".join(pages)  # proposed 'keep': not on the list


def test_pdf_of_titles_in_other_scripts(tmp_path):
    result = weeding_result()
    result.copies = result.copies.with_columns(
        pl.when(pl.col("barcode") == "0005556")
        .then(pl.lit("Динозавры"))
        .otherwise(pl.col("title"))
        .alias("title")
    )
    path = write_pull_list_pdf(result, tmp_path / "pull.pdf")
    text = "".join(p.extract_text() for p in pypdf.PdfReader(path).pages)
    assert "Динозавры" in text and "Space Shuttles Today" in text


def _apply_round_trip(tmp_path, pull_list):
    _fill(
        pull_list,
        {
            "0001234": ("withdraw", "U"),
            "31234000000001": ("replace", "ugly, worn"),
            "T0042": ("keep", None),
            "0005557": ("Withdraw ", "M S"),  # spacing and case of a chosen word are fine
            "0005556": ("replace", "U"),
            # 0005555 left without a decision
        },
    )
    return apply_decisions(pull_list, catalog(), out_dir=tmp_path / "out")


def test_round_trip_writes_withdraw_list_replacements_and_log(tmp_path, pull_list):
    applied = _apply_round_trip(tmp_path, pull_list)
    out = tmp_path / "out"
    assert (out / "pull_list-withdraw.txt").read_text() == "0001234\n0005557\n"

    replace = openpyxl.load_workbook(out / "pull_list-replacements.xlsx")["Replace"]
    rows = list(replace.iter_rows(values_only=True))
    assert rows[0][:6] == ("Call number", "Title", "Author", "ISBN", "Price", "Price from")
    assert rows[1][:6] == ("FIC PAU", "Hatchet", "Paulsen, G.", "9780000000042", 8.5, "catalog")
    # Dinosaurs has no price: the median of the Nonfiction prices (18.00 and 21.00).
    assert rows[2][:6] == (
        "567.9 LEE",
        "Dinosaurs",
        "Lee, A.",
        "9780000000066",
        19.5,
        "section median",
    )
    assert rows[2][6] == "0005556"

    log = read_weeding_log(out / "weeding_log.xlsx")
    assert log.columns == list(LOG_COLUMNS)
    assert log["barcode"].to_list() == ["0001234", "31234000000001", "T0042", "0005557", "0005556"]
    assert log["decision"].to_list() == ["withdraw", "replace", "keep", "withdraw", "replace"]
    assert log["mustie"].to_list() == ["U", "ugly, worn", None, "M S", "U"]
    first = log.row(0, named=True)
    assert first["date"] == TODAY and first["title"] == "Big Cat Little Cat"
    assert first["section"] == "Easy" and first["call_number"] == "E COO"
    assert first["price"] == 16.99 and first["reasons"] == "34 years old."
    assert first["rules_file"] == "crew_school.toml" and first["rules_sha256"] == "ab" * 32

    assert applied.problems.select("barcode", "kind").rows() == [("0005555", "no decision")]
    assert applied.counts() == {"withdraw": 2, "keep": 1, "mend": 0, "replace": 2, "move": 0}
    assert "; 1 row not applied." in applied.summary()
    assert "5 decisions applied" in applied.summary()


def test_applying_the_same_list_twice_changes_nothing(tmp_path, pull_list):
    _apply_round_trip(tmp_path, pull_list)
    out = tmp_path / "out"
    before = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
    again = apply_decisions(pull_list, catalog(), out_dir=out)
    after = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
    assert after == before
    assert again.log.height == 5


def test_a_corrected_list_replaces_its_rows_in_the_log(tmp_path, pull_list):
    _apply_round_trip(tmp_path, pull_list)
    _fill(pull_list, {"T0042": ("mend", "U"), "0005555": ("keep", None)})
    applied = apply_decisions(pull_list, catalog(), out_dir=tmp_path / "out")
    log = read_weeding_log(tmp_path / "out" / "weeding_log.xlsx")
    assert log.height == 6 and applied.problems.height == 0
    assert dict(log.select("barcode", "decision").iter_rows())["T0042"] == "mend"
    assert log.filter(pl.col("barcode") == "T0042").height == 1


def test_a_later_list_adds_to_the_log_kept_earlier(tmp_path, pull_list):
    _apply_round_trip(tmp_path, pull_list)
    applied = apply_decisions(
        pull_list, catalog(), out_dir=tmp_path / "out", date=dt.date(2025, 6, 1)
    )
    assert applied.log.height == 10
    assert applied.log["date"].unique().sort().to_list() == [TODAY, dt.date(2025, 6, 1)]


def test_problems_are_reported_not_guessed(tmp_path, pull_list):
    wb = openpyxl.load_workbook(pull_list)
    fiction, nonfiction = wb["Fiction"], wb["Nonfiction"]
    fiction["K2"], fiction["A3"], fiction["K3"] = "withdraw", "FIC SACHAR", "withdraw"
    nonfiction["J2"], nonfiction["K2"] = "9999999", "withdraw"  # a barcode the catalog lacks
    nonfiction["K3"] = "toss"
    nonfiction["J4"], nonfiction["K4"] = 3.1234e13 + 0.5, "withdraw"
    easy = wb["Easy"]
    easy.append(
        ["E COO", "Big Cat Little Cat", None, None, None, None, None, None, None, "0001234", "keep"]
    )
    easy["K2"] = "withdraw"
    wb.save(pull_list)
    applied = apply_decisions(pull_list, catalog(), out_dir=tmp_path)
    problems = applied.problems.select("sheet", "row", "barcode", "kind").rows()
    assert problems == [
        ("Easy", 2, "0001234", "listed twice"),
        ("Easy", 3, "0001234", "listed twice"),
        ("Fiction", 3, "T0042", "call number changed"),
        ("Nonfiction", 2, "9999999", "unknown barcode"),
        ("Nonfiction", 3, "0005556", "not a decision"),
        ("Nonfiction", 4, None, "barcode cell"),
    ]
    changed = applied.problems.filter(pl.col("kind") == "call number changed")["problem"][0]
    assert "FIC SAC" in changed
    # Only the clean row was applied; nothing was withdrawn on a guess.
    assert applied.decisions["barcode"].to_list() == ["31234000000001"]
    assert (tmp_path / "pull_list-withdraw.txt").read_text() == "31234000000001\n"
    problems_sheet = openpyxl.load_workbook(tmp_path / "pull_list-problems.xlsx")["Not applied"]
    assert problems_sheet.max_row == 7


def test_a_renamed_column_or_a_non_workbook_is_a_clear_error(tmp_path, pull_list):
    wb = openpyxl.load_workbook(pull_list)
    wb["Fiction"]["K1"] = "What to do"
    wb.save(pull_list)
    with pytest.raises(InputFormatError, match="sheet 'Fiction' has no Decision column"):
        apply_decisions(pull_list, catalog(), out_dir=tmp_path)
    text = tmp_path / "list.xlsx"
    text.write_text("barcode\n0001\n")
    with pytest.raises(InputFormatError, match="not an Excel workbook"):
        read_pull_list(text)


def test_a_list_without_its_about_sheet_needs_the_rules_named(tmp_path, pull_list):
    wb = openpyxl.load_workbook(pull_list)
    del wb[ABOUT_SHEET]
    wb.save(pull_list)
    with pytest.raises(InputFormatError, match="which rules file made it"):
        apply_decisions(pull_list, catalog(), out_dir=tmp_path)
    rules = weeding_result().rules
    applied = apply_decisions(pull_list, catalog(), out_dir=tmp_path, rules=rules, date=TODAY)
    assert applied.problems.height == 6  # nothing decided yet: every row is reported


def test_the_log_is_a_real_workbook(tmp_path, pull_list):
    _apply_round_trip(tmp_path, pull_list)
    with zipfile.ZipFile(tmp_path / "out" / "weeding_log.xlsx") as z:
        assert "xl/workbook.xml" in z.namelist()


def test_sample_pull_list_lists_each_shelf_copy_once_in_shelf_order(sample, tmp_path):
    from libanalytics import load_catalog, load_circulation
    from libanalytics.weeding import score_weeding

    items = load_catalog(sample / "destiny_catalog.mrc")
    result = score_weeding(items, load_circulation(sample / "circulation.csv"))
    path = write_pull_list(result, tmp_path / "pull_list.xlsx")
    listed = read_pull_list(path).rows
    expected = result.copies.filter(
        pl.col("decision").is_in(["candidate", "review"])
        & ~pl.col("material_type").is_in(["ebook", "eaudiobook"]).fill_null(False)
    )
    assert sorted(listed["barcode"].to_list()) == sorted(expected["barcode"].to_list())
    assert listed["barcode"].n_unique() == listed.height
    # Within each sheet, the rows run in the order of the shelf keys.
    keys = dict(result.copies.select("barcode", "shelf_key").iter_rows())
    for (sheet,), part in listed.group_by("sheet", maintain_order=True):
        shelf = [keys[b] for b in part["barcode"].to_list()]
        assert shelf == sorted(shelf), sheet
    # Fill in a few decisions as a person would and read them back.
    first = listed.head(3)["barcode"].to_list()
    _fill(path, {first[0]: ("withdraw", "M"), first[1]: ("replace", "U"), first[2]: ("keep", None)})
    applied = apply_decisions(path, items, out_dir=tmp_path)
    assert applied.decisions["barcode"].to_list() == first
    assert (tmp_path / "pull_list-withdraw.txt").read_text() == first[0] + "\n"
    assert applied.problems.height == listed.height - 3


@st.composite
def _log_rows(draw):
    barcodes = draw(st.lists(st.sampled_from(["01", "02", "T3", "0004"]), max_size=4, unique=True))
    day = draw(st.sampled_from([TODAY, dt.date(2025, 6, 1)]))
    return pl.DataFrame(
        [
            {c: None for c in LOG_COLUMNS}
            | {"date": day, "barcode": b, "decision": draw(st.sampled_from(PULL_DECISIONS))}
            for b in barcodes
        ],
        schema=LOG_COLUMNS,
    )


@given(old=_log_rows(), new=_log_rows())
@settings(max_examples=60, deadline=None)
def test_merging_a_list_into_the_log_twice_is_merging_it_once(old, new):
    once = merge_log(old, new)
    assert merge_log(once, new).equals(once)
    # Every copy of the new list is in the log once for its date, with its new decision.
    assert once.select("date", "site", "barcode").is_unique().all()
    assert once.join(new, on=["date", "barcode"], how="semi").height == new.height
