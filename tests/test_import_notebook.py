"""What the import notebook (01) shows and writes, and the `pages` command's set-up."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import polars as pl
import pytest

import libanalytics as la
from libanalytics import cli
from libanalytics.commands import pages
from libanalytics.errors import InputFormatError
from libanalytics.report.charts_import import by_section_chart, by_year_chart, import_charts
from libanalytics.report.import_overview import (
    copies_by_section,
    exports_table,
    notes_table,
    rejects_by_reason,
    rejects_table,
    write_import_overview,
)
from libanalytics.schema import SECTIONS
from libanalytics.widgets_upload import ExportUpload, save_uploads

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"

DESTINY_HEADER = (
    "Site,Barcode,Title,Author,Call Number,ISBN,Copyright Year,Date Acquired,Price,Status,"
    "Sublocation,Material Type,Lifetime Circs,Last Checkout Date\n"
)


@pytest.fixture
def damaged_copy_report(tmp_path) -> Path:
    """A Destiny copy report with two good copies and two lines the importer must refuse."""
    path = tmp_path / "copies.csv"
    path.write_text(
        DESTINY_HEADER
        + "ELM,0042,Frogs,Lee,E LEE,,2001,1/2/2010,12.50,Available,,Book,3,\n"
        + "ELM,,No barcode,Lee,E LEE,,2001,1/2/2010,12.50,Available,,Book,3,\n"
        + "ELM,0042,Same barcode again,Lee,FIC LEE,,1999,1/2/2010,,Available,,Book,0,\n"
        + "ELM,T0043,Stars,Ray,523.8 RAY,,1990,1/2/2010,20,Available,,Book,1,\n",
        encoding="utf-8",
    )
    return path


def test_the_overview_counts_every_line_and_names_each_reject(damaged_copy_report):
    loaded = la.load_catalog(damaged_copy_report)
    files = exports_table([loaded])
    row = files.row(0, named=True)
    assert (row["file"], row["holds"], row["format"]) == ("copies.csv", "copies", "CSV")
    assert row["read"] == row["loaded"] + row["rejected"] == 4
    assert row["loaded"] == 2 and row["rejected"] == 2
    assert files.row(-1, named=True)["file"] == "Total"

    rejects = rejects_table([loaded])
    assert rejects.height == 2
    assert rejects["line"].to_list() == sorted(rejects["line"].to_list())
    assert rejects["file"].unique().to_list() == ["copies.csv"]
    by_reason = rejects_by_reason([loaded])
    assert by_reason.row(-1, named=True) == {"file": "Total", "reason": None, "rejected": 2}
    assert by_reason["rejected"][:-1].sum() == 2
    assert any("recognised" in note for note in notes_table([loaded])["note"].to_list())


def test_the_sections_table_follows_the_library_order_and_totals_the_copies(sample):
    catalog = la.load_catalog(sample / "destiny_catalog.mrc")
    table = copies_by_section(catalog)
    sections = table["section"].to_list()[:-1]
    assert sections == [s for s in SECTIONS if s in sections]
    total = table.row(-1, named=True)
    assert total["section"] == "Total"
    assert total["copies"] == catalog.frame.height == table["copies"][:-1].sum()
    assert total["oldest"] == catalog.frame["pub_year"].min()


def test_charts_say_what_they_show():
    items = pl.DataFrame(
        {"section": ["Easy", "Easy", "Fiction", None], "pub_year": [1990, 2010, 2020, None]},
        schema_overrides={"pub_year": pl.Int32},
    )
    section = by_section_chart(items)
    assert "largest section is Easy, with 2 copies (50%)" in section.sentence
    labels = [t.get_text() for t in section.figure.axes[0].get_yticklabels()]
    assert labels == ["Easy", "Fiction", "(no section)"]
    year = by_year_chart(items)
    assert (
        "in or before 2010" in year.sentence and "1 copy has no publication year" in year.sentence
    )
    assert [c.title for c in import_charts(items)] == [section.title, year.title]
    assert section._repr_png_().startswith(b"\x89PNG")


def test_a_chart_of_no_years_says_so():
    items = pl.DataFrame(
        {"section": ["Easy"], "pub_year": [None]}, schema_overrides={"pub_year": pl.Int32}
    )
    assert by_year_chart(items).sentence.startswith(
        "No copy in the export gives a publication year"
    )


def test_the_overview_workbook_holds_counts_and_rejects_not_the_rows(damaged_copy_report, tmp_path):
    loaded = la.load_catalog(damaged_copy_report)
    path = write_import_overview(tmp_path / "out" / "import_overview.xlsx", [loaded], loaded)
    book = openpyxl.load_workbook(path, read_only=True)
    assert book.sheetnames[:4] == ["Files", "Notes", "Rejects", "Sections"]
    text = " ".join(
        str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v
    )
    assert "Frogs" not in text and "Stars" not in text


def test_uploads_are_saved_whole_and_never_overwrite_another_file(tmp_path):
    folder = tmp_path / "local"
    first = save_uploads(
        [{"name": "C:\\Users\\me\\copies.csv", "content": memoryview(b"a\n")}], folder
    )
    assert first == [folder / "copies.csv"] and first[0].read_bytes() == b"a\n"
    again = save_uploads([{"name": "copies.csv", "content": b"a\n"}], folder)
    assert again == first
    other = save_uploads([{"name": "copies.csv", "content": b"b\n"}], folder)
    assert other == [folder / "copies (2).csv"] and first[0].read_bytes() == b"a\n"
    with pytest.raises(InputFormatError, match="cannot save an upload"):
        save_uploads([{"name": "../.bashrc", "content": b"x"}], folder)
    assert sorted(p.name for p in folder.iterdir()) == ["copies (2).csv", "copies.csv"]


def test_the_upload_widget_hands_the_picked_files_to_the_loaders(tmp_path):
    upload = ExportUpload(folder=tmp_path)
    assert upload.files("catalog", ["a.mrc"]) == [Path("a.mrc")]
    upload.kind.value = "circulation"
    picked = {
        "name": "history.csv",
        "type": "text/csv",
        "size": 2,
        "content": memoryview(b"x\n"),
        "last_modified": dt.datetime(2025, 5, 30, tzinfo=dt.UTC),
    }
    upload.button.value = (picked,)
    assert upload.files("circulation", ["b.csv"]) == [tmp_path / "history.csv"]
    assert upload.files("catalog", "a.mrc") == [Path("a.mrc")]
    assert "history.csv" in upload.message.value and "checkout history" in upload.message.value


def test_pages_is_a_command_and_lists_only_the_two_pages(tmp_path):
    assert "pages" in cli.COMMANDS
    args = cli.build_parser().parse_args(["pages", "--port", "9000", "--no-browser"])
    assert args.run is pages.run and args.port == 9000 and args.no_browser
    for name in ("01_import_exports.ipynb", "02_inventory.ipynb", "03_weeding.ipynb"):
        (tmp_path / name).write_text("{}")
    command = pages.voila_command(tmp_path, 9000)
    assert "--Voila.ip=127.0.0.1" in command
    hidden = [a.split("=", 1)[1] for a in command if a.startswith("--LargeFileManager.hide_globs=")]
    assert "01_import_exports.ipynb" in hidden
    assert not {"02_inventory.ipynb", "03_weeding.ipynb"} & set(hidden)
    assert pages.pages_in(tmp_path) == ["03_weeding.ipynb", "02_inventory.ipynb"]


def test_pages_says_what_to_do_when_the_notebooks_are_not_there(tmp_path, capsys):
    assert cli.main(["pages", "--no-browser", "--notebooks", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "03_weeding.ipynb" in err and "--notebooks" in err


def _last_code_cell(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "".join([c for c in cells if c["cell_type"] == "code"][-1]["source"])


@pytest.mark.parametrize(
    "path",
    [p for p in sorted(NOTEBOOKS.glob("*.ipynb")) if p.name != "00_start_here.ipynb"],
    ids=lambda p: p.name,
)
def test_each_notebook_ends_by_listing_the_files_it_wrote(path):
    assert "list_written(" in _last_code_cell(path), (
        f"{path.name}: the last code cell should print list_written(...), the files it wrote"
    )
