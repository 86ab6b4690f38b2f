"""The health report's PDF, workbook and charts show the figures of collection_metrics."""

from __future__ import annotations

import re

import polars as pl
import pytest
from health_frames import TODAY, circulation, inventory, items, weeding_log
from openpyxl import load_workbook
from pypdf import PdfReader

from libanalytics.errors import OutputError
from libanalytics.metrics import collection_metrics
from libanalytics.report import charts
from libanalytics.report.health_excel import (
    COPIES_SHEET,
    LOST_SHEET,
    OVER_AGE_SHEET,
    SHEET_NAMES,
    write_health_workbook,
)
from libanalytics.report.health_labels import LABELS
from libanalytics.report.health_pdf import write_district_pdf, write_health_pdf


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


@pytest.fixture(scope="module")
def school_pdf(health, tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf")
    return write_health_pdf(folder / "health.pdf", health, school="Maple Elementary")


@pytest.fixture(scope="module")
def district():
    both = pl.concat(
        [
            items().with_columns(pl.lit("North").alias("site")),
            items().head(3).with_columns(pl.lit("South").alias("site")),
        ]
    )
    circ = circulation().with_columns(pl.lit("North").alias("site"))
    return collection_metrics(
        both, circulation=circ, enrollment={"North": 10, "South": 4}, today=TODAY
    )


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _pages(path) -> list[str]:
    return [_words(page.extract_text()) for page in PdfReader(path).pages]


def test_school_pdf_pages_and_text(health, school_pdf):
    pages = _pages(school_pdf)
    # title, five charts, key figures, sections, Dewey classes, years
    assert len(pages) == 10
    assert "Collection health report: Maple Elementary" in pages[0]
    assert "As of June 30, 2025" in pages[0]
    assert "5 copies" in pages[0] and "$65.00" in pages[0]
    for page, chart in zip(pages[1:6], charts.health_charts(health), strict=True):
        assert chart.title in page
        assert _words(chart.sentence) in page
    key = pages[6]
    assert "Average age (years) 14.8" in key
    assert "Value of the losses $65.00" in key and "Cost to replace them $35.00" in key
    assert "Checkouts per student 0.30" in key
    sections = pages[7]
    assert "Nonfiction 3 16.3 9.0" in sections
    assert "Fiction 2 12.5" in sections
    assert "500s 1 35.0" in pages[8]
    assert "2023-24 0 1 $5.00" in pages[9]


def test_pdf_is_the_same_bytes_each_time(health, school_pdf, tmp_path):
    again = write_health_pdf(tmp_path / "again.pdf", health, school="Maple Elementary")
    assert again.read_bytes() == school_pdf.read_bytes()


def test_district_pdf_compares_the_schools(district, tmp_path):
    pages = _pages(write_district_pdf(tmp_path / "district.pdf", district, district="Lake County"))
    assert len(pages) == 7  # title, schools table, four charts, key figures
    assert "Lake County, school by school" in pages[0]
    table = pages[1]
    assert "North 10 5 0.50" in table and "South 4 3 0.75" in table
    assert all(
        c.title in p for c, p in zip(charts.school_charts(district), pages[2:6], strict=True)
    )


def test_school_charts_refuse_a_district(district):
    with pytest.raises(OutputError, match="one school"):
        charts.age_by_dewey(district)
    assert charts.age_by_dewey(district.for_site("North")).title


def test_every_chart_has_a_title_and_a_sentence(health):
    every = charts.health_charts(health) + charts.school_charts(health)
    for chart in every:
        assert chart.title and chart.sentence.endswith(".")
        texts = [t.get_text() for t in chart.figure.texts]
        assert any(chart.sentence.split()[0] in t for t in texts)
        assert chart._repr_png_().startswith(b"\x89PNG")


def test_charts_without_circulation_or_inventory_say_so():
    health = collection_metrics(items(), today=TODAY)
    assert "No circulation" in charts.checkouts_by_month(health).sentence
    assert "No inventory" in charts.losses_by_section(health).sentence


def _sheet(wb, name: str) -> pl.DataFrame:
    rows = list(wb[name].iter_rows(values_only=True))
    return pl.DataFrame(
        [dict(zip(rows[0], r, strict=True)) for r in rows[1:]], infer_schema_length=None
    )


def test_workbook_reads_back_with_the_same_figures(health, tmp_path):
    path = write_health_workbook(tmp_path / "health.xlsx", health)
    wb = load_workbook(path)
    for name, table in health.tables().items():
        sheet = _sheet(wb, SHEET_NAMES[name])
        assert list(sheet.columns) == [LABELS[c] for c in table.columns]
        for column in table.columns:
            mine = table[column].to_list()
            theirs = sheet[LABELS[column]].to_list() if sheet.height else []
            if table.schema[column] == pl.Date:
                theirs = [v.date() if v is not None else None for v in theirs]
            assert theirs == mine, f"{name}.{column}"
    ws = wb[SHEET_NAMES["by_section"]]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    header = [c.value for c in ws[1]]
    cost = ws.cell(2, header.index(LABELS["replacement_cost"]) + 1)
    assert cost.number_format == "$#,##0.00"


def test_workbook_has_the_copies_behind_the_figures(health, tmp_path):
    wb = load_workbook(write_health_workbook(tmp_path / "health.xlsx", health))
    copies = _sheet(wb, COPIES_SHEET)
    assert copies.height == health.copies.height
    assert sorted(copies["barcode"].to_list()) == sorted(health.copies["barcode"].to_list())
    held = copies.filter(pl.col("held"))
    assert held.height == health.overall["copies"].item()
    assert _sheet(wb, LOST_SHEET)["barcode"].sort().to_list() == ["3", "5"]
    assert _sheet(wb, OVER_AGE_SHEET)["replacement_price"].sum() == 35.0
    assert "Notes" in wb.sheetnames


def test_workbook_is_the_same_bytes_each_time(health, tmp_path):
    one = write_health_workbook(tmp_path / "one.xlsx", health)
    two = write_health_workbook(tmp_path / "two.xlsx", health)
    assert one.read_bytes() == two.read_bytes()


def test_report_command_on_the_sample(sample, tmp_path, capsys):
    from libanalytics.cli import main

    assert main(["report", "--out", str(tmp_path)]) == 0
    said = capsys.readouterr().out
    assert "copies as of" in said and "older than their weeding rule" in said
    pages = _pages(tmp_path / "health_report.pdf")
    assert len(pages) == 10
    assert pages[0].startswith("Collection health report: ")
    wb = load_workbook(tmp_path / "health_report.xlsx", read_only=True)
    assert COPIES_SHEET in wb.sheetnames and SHEET_NAMES["by_section"] in wb.sheetnames


def test_pdf_without_a_weeding_log_says_copies_weeded_are_not_given(tmp_path):
    health = collection_metrics(items(), circulation=circulation(), today=TODAY)
    pages = _pages(write_health_pdf(tmp_path / "h.pdf", health, school="Maple"))
    by_year = next(p for p in pages if "Copies added and weeded per school year" in p)
    assert "not given" in by_year and "no weeding log was given" in by_year
