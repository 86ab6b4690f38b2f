import os

import openpyxl
import polars as pl
import pytest

from libanalytics.errors import OutputError
from libanalytics.report import files
from libanalytics.report.excel import split_for_excel, write_workbook


def test_atomic_write_replaces_whole_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "list.txt"
    target.write_text("old\n")
    files.write_text(target, "new\n")
    assert target.read_text() == "new\n"
    assert os.listdir(tmp_path) == ["list.txt"]


def test_failure_mid_write_keeps_the_old_file(tmp_path):
    target = tmp_path / "report.xlsx"
    target.write_bytes(b"previous report")
    with pytest.raises(RuntimeError):
        with files.atomic_path(target) as tmp:
            tmp.write_bytes(b"half a rep")
            raise RuntimeError("crashed half-way")
    assert target.read_bytes() == b"previous report"
    assert os.listdir(tmp_path) == ["report.xlsx"]


def test_creates_missing_folders(tmp_path):
    path = files.write_text(tmp_path / "a" / "b" / "c.txt", "x")
    assert path.read_text() == "x"


def test_unwritable_folder_is_an_output_error(tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(OutputError, match="cannot create the folder"):
        files.write_text(blocker / "sub" / "x.txt", "x")


def test_barcode_list_keeps_leading_zeros_and_letters(tmp_path):
    path = files.write_barcode_list(tmp_path / "lost.txt", ["000123", "31234000567890", "T0042"])
    assert path.read_text().splitlines() == ["000123", "31234000567890", "T0042"]


def test_barcode_list_refuses_csv_and_numbers(tmp_path):
    with pytest.raises(OutputError, match=r"\.txt"):
        files.write_barcode_list(tmp_path / "lost.csv", ["1"])
    with pytest.raises(OutputError, match="barcode number 2 is int"):
        files.write_barcode_list(tmp_path / "lost.txt", ["1", 2])
    assert not (tmp_path / "lost.txt").exists()


def test_row_limit_is_checked():
    files.check_excel_rows(1_048_575, sheet="Copies")
    with pytest.raises(OutputError, match="1,048,576 rows"):
        files.check_excel_rows(1_048_576, sheet="Copies")


def test_split_by_school_and_then_in_parts():
    frame = pl.DataFrame({"site": ["A"] * 5 + ["B"] * 2, "barcode": [str(i) for i in range(7)]})
    sheets, note = split_for_excel(frame, "Missing", by="site", max_rows=3)
    assert {k: v.height for k, v in sheets.items()} == {
        "Missing A 1": 3,
        "Missing A 2": 2,
        "Missing B": 2,
    }
    assert "split by site into 3 sheets" in note
    assert sum(v.height for v in sheets.values()) == frame.height


def test_workbook_reads_back_with_text_barcodes_frozen_header_and_filter(tmp_path):
    import datetime as dt

    frame = pl.DataFrame(
        {
            "barcode": ["000123", "31234000567890"],
            "price": [12.5, None],
            "acquired": [dt.date(2020, 1, 2), None],
            "reasons": [["old", "unused"], []],
        }
    )
    path, notes = write_workbook(
        tmp_path / "x.xlsx", {"Copies": frame}, column_formats={"price": "$#,##0.00"}
    )
    assert notes == []
    ws = openpyxl.load_workbook(path)["Copies"]
    assert [c.value for c in ws[1]] == ["barcode", "price", "acquired", "reasons"]
    assert ws["A2"].value == "000123" and ws["A3"].value == "31234000567890"
    assert ws["B2"].value == 12.5 and ws["B3"].value is None
    assert ws["C2"].value == dt.datetime(2020, 1, 2)
    assert ws["D2"].value == "old; unused"
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:D3"


def test_workbook_bytes_are_reproducible(tmp_path):
    frame = pl.DataFrame({"barcode": ["1", "2"]})
    a, _ = write_workbook(tmp_path / "a.xlsx", {"Copies": frame})
    b, _ = write_workbook(tmp_path / "b.xlsx", {"Copies": frame})
    assert a.read_bytes() == b.read_bytes()


def test_written_files_get_ordinary_permissions(tmp_path):
    umask = os.umask(0o022)
    try:
        path = files.write_text(tmp_path / "report.txt", "x")
    finally:
        os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o644
