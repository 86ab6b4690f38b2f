"""Keep lists in the forms specialists have them: text, CSV/TSV, Excel, a table in a notebook."""

from __future__ import annotations

import argparse
import datetime as dt

import pandas as pd
import polars as pl
import pytest
from weeding_frames import TODAY, item, items, one

from libanalytics.cli import main
from libanalytics.errors import RulesError
from libanalytics.weeding import read_keep_list, score_weeding

OLD = {
    "section": "Nonfiction",
    "dewey": "552.1",
    "pub_year": 1990,
    "last_checkout": dt.date(2016, 3, 10),
}


def catalog() -> pl.DataFrame:
    return items(
        item(1, isbn="9780306406157", **OLD),  # on the lists below by ISBN-10 or -13
        item(2, bib_id="local-17", **OLD),  # on the lists below by bib id
        item(3, isbn="9780140449136", **OLD),  # on no list: stays a candidate
    )


def decisions(result) -> dict[str, str]:
    return dict(result.copies.select("barcode", "decision").iter_rows())


PROTECTED = {"T0001": "review", "T0002": "review", "T0003": "candidate"}


def test_a_csv_headed_title_isbn_protects_by_the_isbn_column(tmp_path):
    keep = tmp_path / "classics.csv"
    keep.write_text(
        "Title,ISBN\n"
        "The Structure of Scientific Revolutions,0-306-40615-2\n"
        '"The Lost Book, a Novel",978-1-4028-9462-6\n'
    )
    result = score_weeding(catalog(), keep=keep, today=TODAY)
    assert decisions(result) == {"T0001": "review", "T0002": "candidate", "T0003": "candidate"}
    assert one(result, "T0001")["reasons"][-1] == "protected: on the keep list (classics.csv)"
    # "Title" and "The" are not read as ids; the line matching nothing is reported.
    assert result.notes == [
        "1 keep-list entry matches no copy in the catalog (check for typos, or the title is "
        "not held): line 3: 978-1-4028-9462-6"
    ]
    assert "Note: 1 keep-list entry matches no copy" in repr(result)


def test_a_tsv_with_bib_ids_isbns_and_notes(tmp_path):
    keep = tmp_path / "local.tsv"
    keep.write_text(
        "Bib ID\tISBN\tTitle\tNote\n"
        "local-17\t\tTown history\tlocal history\n"
        "\t0306406152\tScience classic\t\n"
    )
    result = score_weeding(catalog(), keep=keep, today=TODAY)
    assert decisions(result) == PROTECTED
    assert one(result, "T0002")["reasons"][-1] == (
        "protected: on the keep list (local.tsv): local history"
    )
    assert result.notes == []


def test_an_excel_keep_list_is_read_by_its_headings(tmp_path):
    import openpyxl

    keep = tmp_path / "keep.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Award winners 2026"])  # a title row above the headings
    sheet.append(["Title", "ISBN", "Bib ID"])
    sheet.append(["Science classic", 9780306406157, None])  # Excel kept it as a number
    sheet.append(["Town history", None, "local-17"])
    sheet.append(["Not held", "9781402894626", None])
    book.save(keep)
    result = score_weeding(catalog(), keep=keep, today=TODAY)
    assert decisions(result) == PROTECTED
    assert one(result, "T0001")["reasons"][-1] == "protected: on the keep list (keep.xlsx)"
    assert result.notes[0].endswith("row 5: 9781402894626")


def test_the_weed_command_reads_an_excel_keep_list(tmp_path, capsys, sample):
    import openpyxl

    from libanalytics.commands.weed import load_items_from_args

    default = load_items_from_args(argparse.Namespace(catalog=None))
    isbn = default.frame["isbn"].drop_nulls()[0]
    keep = tmp_path / "keep.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Title", "ISBN"])
    book.active.append(["From the sample", isbn])
    book.active.append(["Not held", "9781402894626"])
    book.save(keep)
    code = main(["weed", "--keep", str(keep), "--out", str(tmp_path / "out")])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "Note: 1 keep-list entry matches no copy" in captured.out
    assert "row 3: 9781402894626" in captured.out


@pytest.mark.parametrize("frame_type", ["polars", "pandas"])
def test_a_table_with_an_isbn_or_bib_id_column_protects(frame_type):
    keep = {"isbn": ["0-306-40615-2", None], "bib_id": [None, "local-17"], "title": ["a", "b"]}
    table = pl.DataFrame(keep) if frame_type == "polars" else pd.DataFrame(keep)
    result = score_weeding(catalog(), keep=table, today=TODAY)
    assert decisions(result) == PROTECTED
    assert one(result, "T0002")["reasons"][-1] == "protected: on the keep list"


def test_a_table_without_an_isbn_or_bib_id_column_is_refused():
    with pytest.raises(
        RulesError,
        match=r"no column headed ISBN or bib id \(headings found: "
        r"title, author\)",
    ):
        score_weeding(catalog(), keep=pl.DataFrame({"title": ["a"], "author": ["b"]}), today=TODAY)


@pytest.mark.parametrize("name", ["keep.xls", "keep.docx", "keep.pdf"])
def test_other_kinds_of_file_are_refused(tmp_path, name):
    keep = tmp_path / name
    keep.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)))
    with pytest.raises(RulesError, match=r"a keep list must be a text file .* this is a \."):
        read_keep_list(keep)


def test_a_workbook_saved_with_a_txt_name_is_refused_not_read_as_garbage(tmp_path):
    import openpyxl

    keep = tmp_path / "keep.txt"
    book = openpyxl.Workbook()
    book.active.append(["ISBN"])
    book.save(keep)
    with pytest.raises(RulesError, match="a keep list must be"):
        read_keep_list(keep)


def test_a_damaged_workbook_is_a_rules_error(tmp_path):
    keep = tmp_path / "keep.xlsx"
    keep.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(RulesError, match="cannot be opened as an Excel workbook"):
        read_keep_list(keep)


def test_a_plain_text_list_still_reads_one_id_a_line(tmp_path):
    keep = tmp_path / "keep.txt"
    keep.write_text("isbn\n0-306-40615-2  # classic\nlocal-17\nlocal-99\n")
    result = score_weeding(catalog(), keep=keep, today=TODAY)
    assert decisions(result) == PROTECTED
    assert result.notes[0].endswith("line 4: local-99")


def test_a_one_column_csv_without_a_heading_is_a_list_of_ids(tmp_path):
    keep = tmp_path / "keep.csv"
    keep.write_text("9780306406157\nlocal-17\n")
    assert decisions(score_weeding(catalog(), keep=keep, today=TODAY)) == PROTECTED


def test_ids_given_as_a_list_that_match_nothing_are_noted():
    result = score_weeding(catalog(), keep=["9780306406157", "b-404"], today=TODAY)
    assert result.notes == [
        "1 keep-list entry matches no copy in the catalog (check for typos, or the title is "
        "not held): b-404"
    ]


def test_a_txt_file_holding_a_csv_table_is_read_by_its_headings(tmp_path):
    keep = tmp_path / "keep.txt"
    keep.write_text("Title,ISBN\nThe Science Classic,0-306-40615-2\n")
    result = score_weeding(catalog(), keep=keep, today=TODAY)
    assert decisions(result) == {"T0001": "review", "T0002": "candidate", "T0003": "candidate"}
    assert result.notes == []
