"""Spreadsheet reports: each profile, each encoding, XLSX cells, rejects and refusals."""

import csv
import io
from datetime import date, datetime

import openpyxl
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import libanalytics as la
from libanalytics import cli
from libanalytics.errors import ColumnMappingError, InputFormatError, MangledBarcodeError
from libanalytics.ingest.tabular import load_table

DESTINY_COPIES = [
    "Site",
    "Barcode",
    "Title",
    "Author",
    "Call Number",
    "ISBN",
    "Copyright Year",
    "Date Acquired",
    "Price",
    "Status",
    "Sublocation",
    "Material Type",
    "Lifetime Circs",
    "Last Checkout Date",
]
DESTINY_CIRC = [
    "Site",
    "Copy Barcode",
    "Title",
    "Call Number",
    "Material Type",
    "Checked Out",
    "Returned",
    "Patron Name",
    "Patron Barcode",
    "Grade Level",
    "Homeroom",
]


def write_csv(path, header, rows, *, encoding="utf-8", sep=","):
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=sep, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def write_xlsx(path, header, rows, number_formats=None):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for (r, c), fmt in (number_formats or {}).items():
        sheet.cell(row=r, column=c).number_format = fmt
    book.save(path)
    return path


COPY_ROW = [
    "Lincoln Elementary",
    "000123",
    "Frog and Toad",
    "Lobel, Arnold",
    "E LOB",
    "0060239573",
    "c1970.",
    "9/15/2004",
    "$16.89",
    "Available",
    "Easy",
    "Book",
    "42",
    "4/2/2024",
]


def test_destiny_copy_report_csv(tmp_path):
    rows = [
        COPY_ROW,
        [
            "Lincoln Elementary",
            "0000456",
            "Owls",
            "Gibbons, Gail",
            "598.97 GIB",
            "",
            "[2005]",
            "1/1/00",
            "0",
            "Checked Out",
            "Nonfiction",
            "Book",
            "",
            "",
        ],
    ]
    loaded = la.load_catalog(write_csv(tmp_path / "copies.csv", DESTINY_COPIES, rows))
    assert loaded.source.profile == "destiny" and loaded.source.format == "CSV"
    row = loaded.frame.row(0, named=True)
    assert row["barcode"] == "000123" and row["site"] == "Lincoln Elementary"
    assert row["isbn"] == "9780060239572" and row["pub_year"] == 1970
    assert row["acquired"] == date(2004, 9, 15) and row["price"] == 16.89
    assert row["status"] == "available" and row["location"] == "Easy"
    assert row["material_type"] == "book" and row["total_checkouts"] == 42
    assert row["last_checkout"] == date(2024, 4, 2) and row["call_number"] == "E LOB"
    second = loaded.frame.row(1, named=True)
    assert second["barcode"] == "0000456" and second["acquired"] is None
    assert second["price"] is None and second["status"] == "checked_out"
    assert loaded.rows_read == 2 == loaded.rows_loaded
    assert "Destiny copy report" in loaded.summary()


def test_destiny_copy_report_xlsx_text_numeric_and_date_cells(tmp_path):
    rows = [
        [
            "A",
            "000123",
            "Text cell",
            None,
            "E LOB",
            None,
            2001,
            datetime(2019, 3, 7),
            12.5,
            "Available",
            "Easy",
            "Book",
            3,
            datetime(2024, 1, 2, 0, 0),
        ],
        [
            "A",
            31234000123456,
            "Numeric 14 digits",
            None,
            "FIC SMI",
            None,
            "2003",
            "3/7/2019",
            "$1,200.00",
            "Lost",
            "Fiction",
            "Book",
            "7",
            None,
        ],
        [
            "A",
            42,
            "Numeric, zero-padded format",
            None,
            "FIC ABC",
            None,
            None,
            None,
            None,
            "Missing",
            "Fiction",
            "Book",
            None,
            None,
        ],
    ]
    path = write_xlsx(
        tmp_path / "copies.xlsx", DESTINY_COPIES, rows, number_formats={(4, 2): "000000"}
    )
    loaded = la.load_catalog(path)
    assert loaded.source.format == "XLSX" and loaded.source.profile == "destiny"
    assert loaded.frame["barcode"].to_list() == ["000123", "31234000123456", "000042"]
    assert loaded.frame["acquired"].to_list() == [date(2019, 3, 7), date(2019, 3, 7), None]
    assert loaded.frame["price"].to_list() == [12.5, 1200.0, None]
    assert loaded.frame["pub_year"].to_list() == [2001, 2003, None]
    assert loaded.frame["total_checkouts"].to_list() == [3, 7, None]


def test_xlsx_number_beyond_excel_precision_is_refused(tmp_path):
    rows = [
        ["A", "000123", "Fine"] + [None] * 11,
        ["A", 30001000012345678, "Rounded by Excel"] + [None] * 11,
    ]
    path = write_xlsx(tmp_path / "copies.xlsx", DESTINY_COPIES, rows)
    with pytest.raises(MangledBarcodeError, match=r"line 3, column 'Barcode'.*spreadsheet"):
        la.load_catalog(path)


def test_csv_barcodes_in_scientific_notation_are_refused(tmp_path):
    rows = [["A", "3.0001E+13", "Mangled"] + [""] * 11]
    path = write_csv(tmp_path / "copies.csv", DESTINY_COPIES, rows)
    with pytest.raises(MangledBarcodeError) as err:
        la.load_catalog(path)
    assert "copies.csv, line 2" in str(err.value) and "set the barcode column to Text" in str(
        err.value
    )


@pytest.mark.parametrize(
    "encoding, expected",
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8 with BOM"),
        ("cp1252", "cp1252"),
        ("utf-16", "utf-16"),
    ],
)
def test_each_encoding_is_detected_and_reported(tmp_path, encoding, expected):
    row = list(COPY_ROW)
    row[2] = "Café Ñandú – “quoted”"
    path = write_csv(tmp_path / "copies.csv", DESTINY_COPIES, [row], encoding=encoding)
    loaded = la.load_catalog(path)
    assert loaded.source.encoding == expected
    assert loaded.frame["title"][0] == "Café Ñandú – “quoted”"
    assert loaded.frame["barcode"][0] == "000123"


def test_tsv_keeps_leading_zeros(tmp_path):
    path = write_csv(tmp_path / "copies.txt", DESTINY_COPIES, [COPY_ROW], sep="\t")
    loaded = la.load_catalog(path)
    assert loaded.source.format == "TSV" and loaded.frame["barcode"].to_list() == ["000123"]


def test_koha_items_report_takes_status_from_its_flags(tmp_path):
    header = [
        "itemnumber",
        "biblionumber",
        "barcode",
        "homebranch",
        "itemcallnumber",
        "location",
        "itype",
        "dateaccessioned",
        "price",
        "issues",
        "datelastborrowed",
        "withdrawn",
        "itemlost",
        "damaged",
        "onloan",
        "borrowernumber",
    ]
    rows = [
        [
            "1",
            "10",
            "00077",
            "MAIN",
            "FIC ROW",
            "FIC",
            "BK",
            "2015-08-01",
            "12.00",
            "5",
            "2024-02-01",
            "0",
            "0",
            "0",
            "",
            "1234",
        ],
        [
            "2",
            "11",
            "00078",
            "MAIN",
            "599.75 SMI",
            "NF",
            "BK",
            "2015-08-01",
            "",
            "0",
            "",
            "1",
            "0",
            "0",
            "",
            "",
        ],
        [
            "3",
            "12",
            "00079",
            "MAIN",
            "599.75 SMI",
            "NF",
            "DVD",
            "2015-08-01",
            "",
            "0",
            "",
            "0",
            "2",
            "0",
            "",
            "",
        ],
        [
            "4",
            "13",
            "00080",
            "MAIN",
            "E ABC",
            "EASY",
            "BK",
            "2015-08-01",
            "",
            "0",
            "",
            "0",
            "0",
            "0",
            "2024-05-01",
            "",
        ],
    ]
    loaded = la.load_catalog(write_csv(tmp_path / "items.csv", header, rows))
    assert loaded.source.profile == "koha"
    assert loaded.frame["status"].to_list() == ["available", "withdrawn", "lost", "checked_out"]
    assert loaded.frame["bib_id"].to_list() == ["10", "11", "12", "13"]
    assert loaded.frame["site"][0] == "MAIN" and loaded.frame["total_checkouts"][0] == 5
    assert loaded.frame["material_type"].to_list() == ["book", "book", "DVD", "book"]


@pytest.mark.parametrize("table", ["issues", "old_issues"])
def test_koha_issues_reports(tmp_path, table):
    header = ["borrowernumber", "barcode", "branchcode", "issuedate", "date_due", "returndate"]
    returned = "2024-03-01 10:00:00" if table == "old_issues" else ""
    rows = [["1234", "00077", "MAIN", "2024-02-15 09:30:00", "2024-03-01 23:59:00", returned]]
    loaded = la.load_circulation(write_csv(tmp_path / f"{table}.csv", header, rows))
    assert loaded.source.profile == "koha"
    row = loaded.frame.row(0, named=True)
    assert row["barcode"] == "00077" and row["checkout_at"] == datetime(2024, 2, 15, 9, 30)
    assert row["returned_at"] == (datetime(2024, 3, 1, 10) if returned else None)


def test_koha_issues_without_a_barcode_column_says_what_is_missing(tmp_path):
    header = ["borrowernumber", "itemnumber", "branchcode", "issuedate", "returndate"]
    path = write_csv(tmp_path / "issues.csv", header, [["1", "2", "MAIN", "2024-01-01", ""]])
    with pytest.raises(ColumnMappingError) as err:
        la.load_circulation(path)
    assert "as barcode" in str(err.value) and "'issuedate'" in str(err.value)


def test_sirsidynix_bluecloud_item_export(tmp_path):
    header = [
        "Item Barcode",
        "Title",
        "Author",
        "Item Call Number",
        "Catalog Pub Year",
        "Item Created Date",
        "Item Last Checkout Date",
        "Item Lifetime Checkout",
        "Item Library",
        "Item Type",
        "Item Home Location",
        "Item Price",
    ]
    rows = [
        [
            "0031234",
            "Holes",
            "Sachar, Louis",
            "FIC SAC",
            "1998",
            "08/12/1999",
            "11/3/23",
            "1,204",
            "WEST",
            "JUVBOOK",
            "JFICTION",
            "$7.99",
        ]
    ]
    loaded = la.load_catalog(
        write_csv(tmp_path / "items.csv", header, rows),
    )
    assert loaded.source.profile == "sirsidynix"
    row = loaded.frame.row(0, named=True)
    assert row["barcode"] == "0031234" and row["pub_year"] == 1998
    assert row["acquired"] == date(1999, 8, 12) and row["last_checkout"] == date(2023, 11, 3)
    assert row["total_checkouts"] == 1204 and row["site"] == "WEST"
    assert row["location"] == "JFICTION" and row["price"] == 7.99


def test_sirsidynix_checkout_export(tmp_path):
    header = ["Item Barcode", "Checkout Date", "Checkin Date", "Checkout Library", "User ID"]
    rows = [["0031234", "2024-01-05 10:00:00", "", "WEST", "U99"]]
    loaded = la.load_circulation(write_csv(tmp_path / "charges.csv", header, rows))
    assert loaded.source.profile == "sirsidynix"
    assert loaded.frame.rows() == [("0031234", "WEST", datetime(2024, 1, 5, 10), None, None)]


def test_alexandria_copy_export(tmp_path):
    header = [
        "Copy Barcode",
        "Title",
        "Author",
        "Copy Call Number",
        "Copy Status",
        "Copy Location",
        "Copy Price",
        "Copy Acquired Date",
        "Copy Total Circulations",
        "Copy Last Circulated",
        "Copyright",
        "Copy Policy",
    ]
    rows = [
        [
            "T00012",
            "Wonder",
            "Palacio, R. J.",
            "FIC PAL",
            "In",
            "Fiction",
            "17.99",
            "2013-02-14",
            "31",
            "2024-05-20",
            "c2012",
            "Book",
        ]
    ]
    loaded = la.load_catalog(write_csv(tmp_path / "alex.csv", header, rows))
    assert loaded.source.profile == "alexandria"
    row = loaded.frame.row(0, named=True)
    assert row["barcode"] == "T00012" and row["status"] == "available"
    assert row["total_checkouts"] == 31 and row["pub_year"] == 2012


def test_generic_profile_matches_synonyms_and_drops_the_rest(tmp_path):
    header = ["Accession Number", "Call No", "Title", "Date Added", "Cost", "Notes"]
    rows = [["00991", "REF 031 WOR", "World Book", "2001-09-01", "899", "do not lend"]]
    loaded = la.load_catalog(write_csv(tmp_path / "list.csv", header, rows))
    assert loaded.source.profile == "generic"
    assert loaded.frame.row(0, named=True)["call_number"] == "REF 031 WOR"
    assert "'Notes'" in loaded.summary() and "do not lend" not in loaded.frame.rows()[0]


def test_profile_and_columns_override_detection(tmp_path):
    header = ["Item ID", "Shelf", "Name of book"]
    path = write_csv(tmp_path / "odd.csv", header, [["000321", "FIC ZED", "Zed"]])
    loaded = la.load_catalog(path, columns={"Shelf": "call_number", "Name of book": "title"})
    assert loaded.frame.select("barcode", "call_number", "title").row(0) == (
        "000321",
        "FIC ZED",
        "Zed",
    )
    loaded = la.load_catalog(path, profile="generic")
    assert loaded.source.profile == "generic"
    with pytest.raises(ColumnMappingError, match="no items report profile called 'follett'"):
        la.load_catalog(path, profile="follett")
    with pytest.raises(ColumnMappingError, match="not a column of the items table"):
        la.load_catalog(path, columns={"Shelf": "shelf"})


def test_columns_map_can_never_read_a_patron_column(tmp_path):
    path = write_csv(
        tmp_path / "circ.csv",
        DESTINY_CIRC,
        [["A", "000123", "T", "E", "Book", "3/4/2024 3:05 PM", "", "Ann", "P1", "3", "R"]],
    )
    with pytest.raises(ColumnMappingError, match="about a person"):
        la.load_circulation(path, columns={"Patron Barcode": "barcode"})


def test_headers_that_match_nothing_list_what_was_found_and_expected(tmp_path):
    path = write_csv(tmp_path / "what.csv", ["Foo", "Bar Baz"], [["1", "2"]])
    with pytest.raises(ColumnMappingError) as err:
        la.load_catalog(path)
    message = str(err.value)
    # Unknown header text is counted, never quoted: it may be a first row of data.
    assert "headers found: none we recognise and 2 other columns" in message
    assert "Foo" not in message and "no header row" in message
    assert "columns expected: barcode" in message and "columns=" in message


def test_duplicate_barcodes_within_a_site_are_rejected_not_merged(tmp_path):
    rows = [list(COPY_ROW), list(COPY_ROW), list(COPY_ROW)]
    rows[2][0] = "Other School"
    loaded = la.load_catalog(write_csv(tmp_path / "copies.csv", DESTINY_COPIES, rows))
    assert loaded.frame.height == 2 and loaded.rows_rejected == 1
    assert loaded.rejects.row(0, named=True)["line"] == 3
    assert "same barcode as line 2" in loaded.rejects["reason"][0]
    assert "rejected, not merged" in loaded.summary()


def test_rows_without_barcode_are_rejected_with_their_line(tmp_path):
    rows = [list(COPY_ROW), ["A", "  ", "No barcode"] + [""] * 11, ["A", "has space"] + [""] * 12]
    loaded = la.load_catalog(write_csv(tmp_path / "copies.csv", DESTINY_COPIES, rows))
    assert loaded.rejects.select("line", "reason").rows() == [
        (3, "no barcode"),
        (4, "barcode has spaces inside it"),
    ]


def test_unreadable_values_are_left_empty_and_said(tmp_path):
    row = list(COPY_ROW)
    row[8] = "twelve dollars"
    loaded = la.load_catalog(write_csv(tmp_path / "copies.csv", DESTINY_COPIES, [row]))
    assert loaded.frame["price"][0] is None
    assert "column 'Price': 1 value could not be read as a price" in loaded.summary()


def test_header_below_a_report_title_is_found(tmp_path):
    path = tmp_path / "report.csv"
    body = (
        "Copy Report,,\r\nPrinted 5/1/2024,,\r\n"
        + ",".join(DESTINY_COPIES)
        + "\r\n"
        + ",".join(COPY_ROW).replace("Lobel, Arnold", "Lobel")
        + "\r\n"
    )
    path.write_text(body, encoding="utf-8")
    loaded = la.load_catalog(path)
    assert loaded.frame["barcode"].to_list() == ["000123"]
    assert loaded.rejects.height == 0 and "header is on line 3" in loaded.summary()


def test_line_numbers_count_line_breaks_inside_quoted_cells(tmp_path):
    rows = [list(COPY_ROW), list(COPY_ROW)]
    rows[0][2] = "A title\nover two lines"
    rows[1][1] = ""
    loaded = la.load_catalog(write_csv(tmp_path / "copies.csv", DESTINY_COPIES, rows))
    assert loaded.rejects["line"].to_list() == [4]


def test_destiny_circulation_report(tmp_path):
    rows = [
        [
            "A",
            "000123",
            "Frog",
            "E LOB",
            "Book",
            "3/4/2024 3:05 PM",
            "3/18/2024 8:10 AM",
            "Ann Lee",
            "P0001",
            "3",
            "Room 4",
        ],
        [
            "A",
            "000124",
            "Owls",
            "598 GIB",
            "Book",
            "3/5/2024 10:00 AM",
            "",
            "Bo Day",
            "P0002",
            "4",
            "Room 5",
        ],
        ["A", "000125", "X", "X", "Book", "", "", "Cy Fox", "P0003", "5", "Room 6"],
        [
            "A",
            "000126",
            "X",
            "X",
            "Book",
            "3/5/2024 10:00 AM",
            "whenever",
            "Di Gu",
            "P4",
            "5",
            "Room 6",
        ],
    ]
    loaded = la.load_circulation(write_csv(tmp_path / "circulation.csv", DESTINY_CIRC, rows))
    assert loaded.source.profile == "destiny"
    assert loaded.frame.columns == [
        "barcode",
        "site",
        "checkout_at",
        "returned_at",
        "material_type",
    ]
    assert loaded.frame.rows() == [
        ("000123", "A", datetime(2024, 3, 4, 15, 5), datetime(2024, 3, 18, 8, 10), "book"),
        ("000124", "A", datetime(2024, 3, 5, 10, 0), None, "book"),
    ]
    assert loaded.rejects.select("line", "field", "reason").rows() == [
        (4, "Checked Out", "no checkout date"),
        (5, "Returned", "the return date could not be read"),
    ]


def test_seattle_title_list_is_refused_as_not_a_copy_level_catalog(realdata):
    folder = realdata / "seattle"
    with pytest.raises(InputFormatError) as err:
        la.load_catalog(folder / "sample_library_collection.csv")
    assert "not a copy-level catalog" in str(err.value) and "'ItemCount'" in str(err.value)
    assert "one row per copy with its barcode" in str(err.value)
    with pytest.raises(InputFormatError, match="code dictionary .* not a catalog"):
        la.load_catalog(folder / "Integrated_Library_System__ILS__Data_Dictionary.csv")


def test_seattle_columns_map_and_parse_through_the_generic_synonyms(realdata):
    from libanalytics.ingest import values as v
    from libanalytics.ingest.profiles import map_columns
    from libanalytics.ingest.tabular import headers_of

    path = realdata / "seattle" / "sample_library_collection.csv"
    mapping = map_columns(headers_of(path), "items", columns={"BibNum": "barcode"})
    assert {
        k: mapping.pairs[k] for k in ("title", "author", "isbn", "pub_year", "material_type")
    } == {
        "title": "Title",
        "author": "Author",
        "isbn": "ISBN",
        "pub_year": "PublicationYear",
        "material_type": "ItemType",
    }
    assert "ItemCount" in mapping.ignored
    raw = pl.read_csv(path, infer_schema=False).select("PublicationYear", "ISBN")
    typed = raw.select(
        v.parse_years("PublicationYear", today=date(2017, 10, 1)), v.parse_isbns("ISBN")
    )
    has_year = raw["PublicationYear"].str.contains(r"\d{4}").fill_null(False)
    assert typed["PublicationYear"].filter(has_year).null_count() < 0.01 * has_year.sum()
    assert typed["ISBN"].drop_nulls().str.len_chars().unique().to_list() == [13]
    assert typed["ISBN"].drop_nulls().len() > 0.9 * raw["ISBN"].drop_nulls().len()


def test_cli_load_prints_what_each_file_holds_and_goes_on_after_a_bad_one(tmp_path, capsys):
    good = write_csv(tmp_path / "copies.csv", DESTINY_COPIES, [COPY_ROW, ["A", ""] + [""] * 12])
    bad = write_csv(tmp_path / "bad.csv", ["Foo"], [["1"]])
    assert cli.main(["load", str(good), str(bad)]) == 2
    out, err = capsys.readouterr()
    assert "1 copy from copies.csv (a destiny CSV export, utf-8); 1 row rejected" in out
    assert "copies.csv line 3, Barcode: no barcode" in out
    assert "recognised as a Destiny copy report from its headers" in out
    assert "2 read, 1 loaded, 1 rejected" in out
    assert "bad.csv: no column of this export" in err and "Traceback" not in err


def test_cli_load_as_circulation_with_a_column_map(tmp_path, capsys):
    path = write_csv(tmp_path / "c.csv", ["Thing", "When"], [["000123", "2024-01-02"]])
    assert (
        cli.main(
            [
                "load",
                "--as",
                "circulation",
                "--column",
                "Thing=barcode",
                "--column",
                "When=checkout_at",
                str(path),
            ]
        )
        == 0
    )
    assert "1 checkout from c.csv" in capsys.readouterr().out


_cell = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "000123",
            "0042",
            "3/7/2021",
            "1/1/00",
            "9999",
            "$1,000",
            "0",
            "Checked Out",
            "x y",
            "2024-02-30",
            "\x07",
            '"',
            "3/4/2024 3:05 PM",
        ]
    ),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(st.lists(_cell, min_size=0, max_size=16), max_size=25),
    table=st.sampled_from(["items", "circulation"]),
)
def test_every_row_read_is_loaded_or_rejected(tmp_path, rows, table):
    header = DESTINY_COPIES if table == "items" else DESTINY_CIRC
    path = write_csv(tmp_path / f"random_{table}.csv", header, rows)
    try:
        loaded = load_table(path, table)
    except (MangledBarcodeError, InputFormatError, ColumnMappingError):
        return
    assert loaded.rows_read == loaded.rows_loaded + loaded.rows_rejected
    assert (
        loaded.frame.height == loaded.rows_loaded and loaded.rejects.height == loaded.rows_rejected
    )
    assert loaded.frame["barcode"].null_count() == 0
    assert loaded.rejects["line"].null_count() == 0


def test_duplicate_barcodes_within_a_site_across_files_are_rejected_with_the_earlier_file(
    tmp_path,
):
    first = [list(COPY_ROW), list(COPY_ROW)]
    first[1][1] = "000124"
    second = [list(COPY_ROW), list(COPY_ROW), list(COPY_ROW)]
    second[0][1] = "000125"
    second[1][1] = "000124"  # line 3: already in d1.csv line 3
    second[2][0] = "Other School"  # same barcode, other site: a different copy
    d1 = write_csv(tmp_path / "d1.csv", DESTINY_COPIES, first)
    d2 = write_csv(tmp_path / "d2.csv", DESTINY_COPIES, second)
    loaded = la.load_catalog([d1, d2])
    assert loaded.frame.height == 4 and loaded.rows_rejected == 1
    assert loaded.rows_read == loaded.rows_loaded + loaded.rows_rejected == 5
    assert loaded.rejects.rows() == [
        (
            str(d2),
            3,
            "barcode",
            "the same barcode at this site as d1.csv line 3: a copy cannot be listed twice",
        )
    ]
    s1, s2 = loaded.sources
    assert (s1.rows_loaded, s1.rows_rejected) == (2, 0)
    assert (s2.rows_read, s2.rows_loaded, s2.rows_rejected) == (3, 2, 1)
    assert any("an earlier file" in note for note in s2.notes)
    assert sorted(loaded.frame["barcode"].to_list()) == ["000123", "000123", "000124", "000125"]


def test_every_sheet_with_the_same_headers_is_read_and_other_sheets_are_named(tmp_path):
    book = openpyxl.Workbook()
    first, second, notes = book.active, book.create_sheet("Copies 2"), book.create_sheet("Notes")
    first.title = "Copies 1"
    rows = [list(COPY_ROW) for _ in range(3)]
    for i, row in enumerate(rows):
        row[1] = f"00012{i}"
    for sheet, part in ((first, rows[:2]), (second, rows[2:])):
        sheet.append(DESTINY_COPIES)
        for row in part:
            sheet.append(row)
    notes.append(["Note"])
    notes.append(["Made by a report"])
    book.save(tmp_path / "split.xlsx")
    loaded = la.load_catalog(tmp_path / "split.xlsx")
    assert loaded.frame["barcode"].to_list() == ["000120", "000121", "000122"]
    assert loaded.rows_read == 3 == loaded.rows_loaded
    said = " ".join(loaded.source.notes)
    assert "'Copies 1', 'Copies 2' have the same headers" in said
    assert "sheet 'Notes' has other headers and was not read" in said


@pytest.mark.parametrize(("sep", "word"), [(",", "comma"), ("\t", "tab")])
def test_rows_with_more_or_fewer_fields_than_the_header_are_rejected_not_shifted(
    tmp_path, sep, word
):
    header = sep.join(["Barcode", "Title", "Call Number", "Price"])
    lines = [
        header,
        sep.join(["001", "Frog and Toad", "E LOB", "1.00"]),
        sep.join(["002", "Frogs", " Toads", "597 GIB", "2.00"]),  # a separator in the title
        sep.join(["003", '"Frogs' + sep + ' Toads"', "597 GIB", "3.00"]),  # quoted: one cell
        sep.join(["004", "cut short"]),
        "",
        sep.join(["005", '"Two\nlines"', "FIC TWO", "5.00"]),
        sep.join(["006", "Last", "FIC LAS", "6.00"]),
    ]
    path = tmp_path / ("copies.csv" if sep == "," else "copies.tsv")
    path.write_text("\n".join(lines), encoding="utf-8")
    loaded = load_table(path, "items")
    assert loaded.frame.select("barcode", "title", "call_number", "price").rows() == [
        ("001", "Frog and Toad", "E LOB", 1.0),
        ("003", f"Frogs{sep} Toads", "597 GIB", 3.0),
        ("005", "Two\nlines", "FIC TWO", 5.0),
        ("006", "Last", "FIC LAS", 6.0),
    ]
    assert loaded.rejects.select("file", "line", "reason").rows() == [
        (
            str(path),
            3,
            f"has 5 fields where the header has 4: perhaps a {word} inside a title without quotes",
        ),
        (str(path), 5, "has 2 fields where the header has 4: perhaps the line was cut short"),
    ]
    assert loaded.rows_read == loaded.rows_loaded + loaded.rows_rejected == 6
    assert any("different number of fields" in n for n in loaded.source.notes)


def test_a_ragged_checkout_row_is_rejected_without_its_text(tmp_path):
    path = tmp_path / "history.csv"
    path.write_text(
        "Patron,Grade,Copy Barcode,Checked Out\n"
        "Ann Smith,5,001,2024-01-02\n"
        "Smith, Bob,4,002,2024-01-03\n",
        encoding="utf-8",
    )
    loaded = load_table(path, "circulation")
    assert loaded.frame["barcode"].to_list() == ["001"]
    assert loaded.rejects.select("line", "reason").rows() == [
        (3, "has 5 fields where the header has 4: perhaps a comma inside a title without quotes")
    ]
    shown = repr(loaded.rejects.rows()) + repr(loaded.source)
    assert "Smith" not in shown and "Bob" not in shown
    assert loaded.rows_read == loaded.rows_loaded + loaded.rows_rejected == 2


def test_patron_columns_of_a_text_report_are_never_read(tmp_path, monkeypatch):
    """Only the header and the mapped columns are read from the file: a district's checkout
    history has millions of rows of patron columns, and reading them cost gigabytes."""
    path = write_csv(
        tmp_path / "history.csv",
        ["Patron Name", "Patron Email", "Copy Barcode", "Homeroom", "Checked Out"],
        [
            ["Ann Smith", "ann@school.org", "001", "Room 12", "2024-01-02"],
            ["Bob Jones", "bob@school.org", "002", "Room 14", "2024-01-03"],
        ],
    )
    read = []
    real_read_csv = pl.read_csv

    def spy(*args, **kwargs):
        frame = real_read_csv(*args, **kwargs)
        read.append(frame)
        return frame

    monkeypatch.setattr(pl, "read_csv", spy)
    loaded = load_table(path, "circulation")
    assert loaded.frame["barcode"].to_list() == ["001", "002"]
    everything = " ".join(repr(frame.rows()) for frame in read)
    assert "Copy Barcode" in everything  # the header was read
    for private in ("Ann Smith", "bob@school.org", "Room 12"):
        assert private not in everything


# No lone carriage return: Python's csv module counts one as a line, polars (and we) do not.
_csv_text = st.text(alphabet=["a", " ", ",", "\n", '"', "é"], max_size=8)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.lists(_csv_text, min_size=1, max_size=4), min_size=1, max_size=6),
    end=st.sampled_from(["", "\n", "\r\n"]),
    block=st.sampled_from([1, 2, 5, 1 << 20]),
)
def test_the_vectorised_field_count_agrees_with_the_csv_module(rows, end, block):
    from libanalytics.ingest.tabular import _records, _records_by_csv

    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    data = (buf.getvalue().removesuffix("\n") + end).encode("utf-8")
    assert _records(data, ",", block).rows() == _records_by_csv(data, ",").rows()
