"""No patron identifier survives a circulation import: not in the table, the rejects, the
display, the command's output, an error message or a file.

The export below is full of student details, under the headers Destiny uses and under
headers no profile knows; each value is distinctive, so finding it anywhere is a leak.
"""

import csv
import io
import traceback

import openpyxl
import pytest

import libanalytics as la
from libanalytics import cli
from libanalytics.errors import LibAnalyticsError

NAMES = ["Zebulon Quartermaine", "Philippa Oyelaran-Smythe", "Anneliese Vukovich"]
PATRON_BARCODES = ["P77001234", "P77005678", "P77009012"]
EMAILS = [
    "zquartermaine@students.example.org",
    "poyelaran@students.example.org",
    "avukovich@students.example.org",
]
GRADES = ["Grade-7-Falcon", "Grade-5-Heron", "Grade-K-Otter"]
HOMEROOMS = ["Homeroom-Kestrel-114", "Homeroom-Osprey-221", "Homeroom-Wren-009"]
SECRETS = ["Guardian-555-0199", "IEP-plan-confidential", "Lunch-balance-negative"]
PATRON_VALUES = NAMES + PATRON_BARCODES + EMAILS + GRADES + HOMEROOMS + SECRETS

HEADER = [
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
    "Student Email",
    "Guardian Phone",
    "Misc 7",
]


def _rows():
    rows = []
    for i in range(3):
        rows.append(
            [
                "Lincoln",
                f"00012{i}",
                "Frog and Toad",
                "E LOB",
                "Book",
                f"3/{4 + i}/2024 3:05 PM",
                "",
                NAMES[i],
                PATRON_BARCODES[i],
                GRADES[i],
                HOMEROOMS[i],
                EMAILS[i],
                SECRETS[0],
                SECRETS[1 + i % 2],
            ]
        )
    # Malformed rows, each with a patron value where a copy value should be.
    rows.append(
        [
            "Lincoln",
            "",
            "T",
            "C",
            "Book",
            "3/4/2024 3:05 PM",
            "",
            NAMES[0],
            PATRON_BARCODES[0],
            GRADES[0],
            HOMEROOMS[0],
            EMAILS[0],
            SECRETS[0],
            "",
        ]
    )
    rows.append(
        [
            "Lincoln",
            NAMES[1],
            "T",
            "C",
            "Book",
            "3/4/2024 3:05 PM",
            "",
            NAMES[1],
            PATRON_BARCODES[1],
            GRADES[1],
            HOMEROOMS[1],
            EMAILS[1],
            "",
            "",
        ]
    )
    rows.append(
        [
            "Lincoln",
            "000130",
            "T",
            "C",
            "Book",
            EMAILS[2],
            "",
            NAMES[2],
            PATRON_BARCODES[2],
            GRADES[2],
            HOMEROOMS[2],
            EMAILS[2],
            "",
            SECRETS[2],
        ]
    )
    rows.append(
        [
            "Lincoln",
            "000131",
            "T",
            "C",
            "Book",
            "3/4/2024 3:05 PM",
            HOMEROOMS[1],
            NAMES[2],
            PATRON_BARCODES[2],
            GRADES[2],
            HOMEROOMS[2],
            EMAILS[2],
            "",
            "",
        ]
    )
    rows.append(
        ["Lincoln", "000132", "T", "C", "Book", "", GRADES[1], NAMES[0], "", "", "", "", "", ""]
    )
    return rows


def _write_csv(path, header, rows):
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    if header:
        writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def _write_xlsx(path, header, rows):
    book = openpyxl.Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _leaks(text):
    return [value for value in PATRON_VALUES if value.lower() in str(text).lower()]


def _raised(err):
    """An error's message and its whole traceback, chained errors included, as a notebook
    shows it."""
    return str(err.value) + "".join(traceback.format_exception(err.value))


def _everything_shown(loaded):
    return "\n".join(
        [
            loaded.summary(),
            repr(loaded),
            loaded._repr_html_(),
            str(loaded.frame.rows()),
            str(loaded.rejects.rows()),
            str(loaded.frame.columns),
            str(loaded.sources),
            str(loaded.to_pandas().to_dict()),
        ]
    )


@pytest.mark.parametrize(
    "writer, name", [(_write_csv, "circulation.csv"), (_write_xlsx, "circulation.xlsx")]
)
def test_no_patron_value_survives_a_circulation_import(tmp_path, capsys, writer, name):
    every_cell = " ".join(str(cell) for row in _rows() for cell in row)
    assert len(_leaks(every_cell)) == len(PATRON_VALUES)  # the export really holds them all
    path = writer(tmp_path / name, HEADER, _rows())
    before = path.read_bytes()
    loaded = la.load_circulation(path)

    assert loaded.frame.height == 3 and loaded.rows_rejected == 5
    assert loaded.rows_read == loaded.rows_loaded + loaded.rows_rejected
    assert _leaks(_everything_shown(loaded)) == []
    assert set(loaded.frame.columns) == {
        "barcode",
        "site",
        "checkout_at",
        "returned_at",
        "material_type",
    }

    assert cli.main(["load", "--as", "circulation", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "5 rows rejected" in out and _leaks(out + err) == []

    assert sorted(p.name for p in tmp_path.iterdir()) == [name]
    assert path.read_bytes() == before


def test_a_circulation_export_without_a_header_row_is_refused_without_quoting_it(tmp_path, capsys):
    path = _write_csv(tmp_path / "noheader.csv", None, _rows())
    with pytest.raises(LibAnalyticsError) as err:
        la.load_circulation(path)
    assert "headers found" in str(err.value) and _leaks(_raised(err)) == []
    assert cli.main(["load", "--as", "circulation", str(path)]) == 2
    out, err_text = capsys.readouterr()
    assert "other columns" in err_text and _leaks(out + err_text) == []


@pytest.mark.parametrize(
    "writer, name", [(_write_csv, "noheader.csv"), (_write_xlsx, "noheader.xlsx")]
)
def test_a_headerless_circulation_export_loaded_as_a_catalog_is_not_quoted(
    tmp_path, capsys, writer, name
):
    # The catalog is the default of `libanalytics load`: a headerless circulation export
    # given to it must not have its first (student's) row printed as "headers found".
    rows = _rows()
    path = writer(tmp_path / name, rows[0], rows[1:]) if writer is _write_xlsx else None
    path = path or _write_csv(tmp_path / name, None, rows)
    with pytest.raises(LibAnalyticsError) as err:
        la.load_catalog(path)
    message = str(err.value)
    assert "headers found" in message and "no header row" in message
    assert _leaks(_raised(err)) == []
    assert cli.main(["load", str(path)]) == 2
    out, err_text = capsys.readouterr()
    assert "other columns" in err_text and _leaks(out + err_text) == []


def test_a_mangled_barcode_message_quotes_no_value(tmp_path):
    rows = _rows()[:3]
    rows[1][1] = "3.0001E+13"
    rows[2][1] = PATRON_BARCODES[0] + ".0"  # even a mislabelled column is not quoted
    path = _write_csv(tmp_path / "circulation.csv", HEADER, rows)
    with pytest.raises(LibAnalyticsError) as err:
        la.load_circulation(path)
    assert "line 3" in str(err.value) and _leaks(_raised(err)) == []


def test_a_columns_map_cannot_let_a_patron_column_in(tmp_path):
    path = _write_csv(tmp_path / "circulation.csv", HEADER, _rows())
    for header in ("Patron Barcode", "Patron Name", "Student Email", "Grade Level", "Homeroom"):
        with pytest.raises(LibAnalyticsError) as err:
            la.load_circulation(path, columns={header: "barcode"})
        assert _leaks(_raised(err)) == []


def test_unknown_headers_holding_patron_data_are_dropped_from_a_generic_export(tmp_path):
    header = ["Barcode", "Checkout Date", "Return Date", "Borrower", "Notes", "X"]
    rows = [
        ["000123", "2024-01-02", "", NAMES[0], EMAILS[0], HOMEROOMS[0]],
        ["", "2024-01-02", "", NAMES[1], EMAILS[1], SECRETS[1]],
    ]
    loaded = la.load_circulation(_write_csv(tmp_path / "generic.csv", header, rows))
    assert loaded.source.profile == "generic" and loaded.rows_rejected == 1
    assert _leaks(_everything_shown(loaded)) == []


@pytest.mark.parametrize("load", [la.load_circulation, la.load_catalog])
def test_an_unclosed_quote_is_refused_by_line_without_quoting_rows(tmp_path, load):
    rows = _rows()
    rows[1][2] = '"Frog and Toad'  # written as the raw line below, quote never closed
    text = ",".join(HEADER) + "\n" + "\n".join(",".join(r) for r in rows) + "\n"
    path = tmp_path / "circulation.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LibAnalyticsError) as err:
        load(path)
    assert err.value.line == 3 and "never closed" in str(err.value)
    assert err.value.__cause__ is None and err.value.__suppress_context__
    assert _leaks(_raised(err)) == []


def test_an_unreadable_encoding_is_refused_by_line_without_chaining(tmp_path):
    path = tmp_path / "circulation.csv"
    body = "\n".join(",".join(r) for r in [HEADER, *_rows()]).encode()
    path.write_bytes(body + b"\n" + EMAILS[0].encode() + b"\x81\x8d\n")
    with pytest.raises(LibAnalyticsError) as err:
        la.load_circulation(path)
    assert err.value.line == len(_rows()) + 2
    assert _leaks("".join(traceback.format_exception(err.value))) == []
