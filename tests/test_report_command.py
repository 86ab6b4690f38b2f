"""`libanalytics report` and the inputs notebook 04 gathers: the reviewer's gaps (issue 10)."""

from __future__ import annotations

import pytest

from libanalytics.commands.report import read_log
from libanalytics.errors import InputFormatError


def test_a_weeding_log_that_is_not_there_is_an_error_naming_it(tmp_path):
    missing = tmp_path / "no_such_log.xlsx"
    with pytest.raises(InputFormatError, match="no_such_log.xlsx"):
        read_log(missing)
    assert read_log(None) is None


def test_report_stops_on_a_missing_weeding_log(sample, tmp_path, capsys):
    from libanalytics.cli import main

    missing = tmp_path / "no_such_log.xlsx"
    out = tmp_path / "out"
    assert main(["report", "--weeding-log", str(missing), "--out", str(out)]) != 0
    assert "no_such_log.xlsx" in capsys.readouterr().err
    assert not (out / "health_report.pdf").exists()


def _write_log(path, rows):
    import datetime as dt

    import polars as pl

    from libanalytics.report.excel import write_workbook
    from libanalytics.weeding_decisions import LOG_COLUMNS, LOG_SHEET

    log = pl.DataFrame(
        [{c: None for c in LOG_COLUMNS} | {"date": dt.date(2024, 9, 3), **r} for r in rows],
        schema=LOG_COLUMNS,
    )
    write_workbook(path, {LOG_SHEET: log})


def test_demo_report_step_uses_the_weeding_log_in_its_output_folder(sample, tmp_path):
    from libanalytics.commands import demo
    from libanalytics.commands.weed_workflow import FOLDER
    from libanalytics.weeding_decisions import LOG_NAME

    without = tmp_path / "without"
    demo.step_report(sample, without, {})
    pdf = without / "health_report.pdf"
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "no weeding log was given" in " ".join(text.split())

    out = tmp_path / "with"
    (out / FOLDER).mkdir(parents=True)
    _write_log(
        out / FOLDER / LOG_NAME,
        [{"barcode": "X1", "decision": "withdraw"}, {"barcode": "X2", "decision": "withdraw"}],
    )
    demo.step_report(sample, out, {})
    from openpyxl import load_workbook

    from libanalytics.report.health_excel import SHEET_NAMES

    wb = load_workbook(out / "health_report.xlsx", read_only=True)
    rows = list(wb[SHEET_NAMES["by_year"]].iter_rows(values_only=True))
    header = rows[0]
    weeded = [
        r[header.index("Copies weeded")]
        for r in rows[1:]
        if r[header.index("School year")] == "2024-25"
    ]
    assert weeded == [2]
