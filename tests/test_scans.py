"""Scanner files: the three layouts, comments and locations, sessions, malformed reads."""

from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import libanalytics as la
from libanalytics import cli
from libanalytics.errors import LibAnalyticsError
from libanalytics.ingest.scans import load_scan_file


def test_one_barcode_a_line_keeps_order_leading_zeros_and_skips_blank_lines(tmp_path):
    path = tmp_path / "shelf_1.txt"
    path.write_bytes(b"000123\r\n  000124  \r\n\r\n\r\nT0042\r\n")
    scans = load_scan_file(path, site="LIN")
    assert scans.frame.select("barcode", "seq", "session", "site").rows() == [
        ("000123", 1, "shelf_1", "LIN"),
        ("000124", 2, "shelf_1", "LIN"),
        ("T0042", 3, "shelf_1", "LIN"),
    ]
    assert scans.frame["raw"][1] == "  000124  "
    assert scans.source.profile == "plain" and scans.rows_read == 3 == scans.rows_loaded


def test_numbered_lines_lose_their_counter(tmp_path):
    path = tmp_path / "n.txt"
    path.write_text("1:000123\n2: 000124\n 10 :0000125\n", encoding="utf-8")
    scans = load_scan_file(path)
    assert scans.frame["barcode"].to_list() == ["000123", "000124", "0000125"]
    assert scans.source.profile == "numbered"


@pytest.mark.parametrize(
    "header", ["", "barcode,serial,time,date\n", "Barcode, Serial, Time, Date\n"]
)
def test_csv_with_times(tmp_path, header):
    path = tmp_path / "timed.csv"
    path.write_text(
        header + "000123,SN42,09:15:02,31/01/2024\n0042,SN42,9:15:07,1/2/2024\n", encoding="utf-8"
    )
    scans = load_scan_file(path)
    assert scans.frame.select("barcode", "seq", "scanned_at").rows() == [
        ("000123", 1, datetime(2024, 1, 31, 9, 15, 2)),
        ("0042", 2, datetime(2024, 2, 1, 9, 15, 7)),
    ]
    assert scans.source.profile == "timed CSV" and scans.rows_read == 2


def test_comments_and_location_marks(tmp_path):
    path = tmp_path / "s.txt"
    path.write_text(
        "# scanned by the aide\n0001\n# location: Easy\n0002\n# a comment\n0003\n"
        "# Location: Fiction A-M\n0004\n",
        encoding="utf-8",
    )
    scans = load_scan_file(path)
    assert scans.frame.select("barcode", "location").rows() == [
        ("0001", None),
        ("0002", "Easy"),
        ("0003", "Easy"),
        ("0004", "Fiction A-M"),
    ]


def test_reads_that_cannot_be_barcodes_are_kept_not_dropped(tmp_path):
    path = tmp_path / "junk.txt"
    path.write_bytes(b"0001\n\x07\x07\n" + b"9" * 40 + b"\n!@$%\n\x1d0002\x1d\n0003\n")
    scans = load_scan_file(path)
    assert scans.frame["barcode"].to_list() == ["0001", None, None, None, "0002", "0003"]
    assert scans.frame["raw"].to_list()[1] == "\x07\x07"
    assert scans.frame["seq"].to_list() == [1, 2, 3, 4, 5, 6]
    assert "3 reads could not be a barcode" in scans.summary()


def test_isbn_reads_keep_their_digits(tmp_path):
    path = tmp_path / "isbn.txt"
    path.write_text("9780060239572\n", encoding="utf-8")
    assert load_scan_file(path).frame["barcode"].to_list() == ["9780060239572"]


def test_several_files_are_several_sessions(tmp_path):
    (tmp_path / "a.txt").write_text("0001\n0002\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("0003\n", encoding="cp1252")
    scans = la.load_scans([tmp_path / "a.txt", tmp_path / "b.txt"])
    assert scans.frame.select("session", "seq").rows() == [("a", 1), ("a", 2), ("b", 1)]
    assert [s.file for s in scans.sources] == [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]


def test_empty_file_is_an_empty_session(tmp_path):
    (tmp_path / "e.txt").write_bytes(b"")
    scans = la.load_scans(tmp_path / "e.txt")
    assert scans.frame.height == 0 and scans.rows_read == 0


def test_cli_load_as_scans(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("0001\n\x07\n", encoding="utf-8")
    assert cli.main(["load", "--as", "scans", str(tmp_path / "a.txt")]) == 0
    out = capsys.readouterr().out
    assert "2 reads from a.txt (a plain scanner-file export, utf-8)" in out
    assert "1 read could not be a barcode" in out


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.text(max_size=30), max_size=30))
def test_every_nonblank_line_that_is_not_a_comment_is_one_read(tmp_path, lines):
    path = tmp_path / "random.txt"
    path.write_bytes("\n".join(lines).encode("utf-8"))
    scans = load_scan_file(path)
    assert scans.rows_read == scans.rows_loaded == scans.frame.height
    assert scans.frame["seq"].to_list() == list(range(1, scans.frame.height + 1))
    assert scans.frame["raw"].null_count() == 0


def test_files_sharing_a_name_are_separate_sessions(tmp_path):
    (tmp_path / "s1").mkdir()
    (tmp_path / "s2").mkdir()
    (tmp_path / "s1" / "scan.txt").write_text("000123\n000124\n", encoding="utf-8")
    (tmp_path / "s2" / "scan.txt").write_text("000125\n", encoding="utf-8")
    (tmp_path / "s2" / "easy.txt").write_text("000126\n", encoding="utf-8")
    scans = la.load_scans(
        [tmp_path / "s1" / "scan.txt", tmp_path / "s2" / "scan.txt", tmp_path / "s2" / "easy.txt"]
    ).frame
    assert scans.select("session", "seq", "barcode").rows() == [
        ("s1/scan", 1, "000123"),
        ("s1/scan", 2, "000124"),
        ("s2/scan", 1, "000125"),
        ("easy", 1, "000126"),
    ]


def test_a_folder_of_scanner_files_is_read_in_name_order(tmp_path, capsys):
    (tmp_path / "day2.txt").write_text("000125\n", encoding="utf-8")
    (tmp_path / "day1.csv").write_text("000123,1,09:00:00,04/03/2024\n", encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04 not a scan")
    scans = la.load_scans(tmp_path)
    assert scans.frame.select("session", "barcode").rows() == [
        ("day1", "000123"),
        ("day2", "000125"),
    ]
    assert cli.main(["load", "--as", "scans", str(tmp_path)]) == 0
    assert "day1.csv" in capsys.readouterr().out
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(LibAnalyticsError, match="no scanner files"):
        la.load_scans(empty)


def test_quoted_barcodes_in_a_timed_csv_lose_their_quotes(tmp_path):
    path = tmp_path / "timed.csv"
    path.write_text(
        '"000123",1,09:00:00,04/03/2024\n"T0042","2",09:00:05,04/03/2024\n"",3,09:00:09,04/03/2024\n',
        encoding="utf-8",
    )
    scans = load_scan_file(path).frame
    assert scans["barcode"].to_list() == ["000123", "T0042", None]
    assert scans["raw"].to_list()[0] == '"000123"'
