"""`libanalytics weed pull` and `weed apply` from the command line (issue 9)."""

from __future__ import annotations

import openpyxl
import pytest
from workflow_frames import TODAY, catalog, varied_catalog

from libanalytics import cli
from libanalytics.commands import weed
from libanalytics.weeding import score_weeding


@pytest.fixture
def exports(monkeypatch):
    """Stand in for the export files: the command reads these frames instead."""
    items = varied_catalog(120)
    monkeypatch.setattr(weed, "load_items_from_args", lambda args: items)
    monkeypatch.setattr(
        weed, "score_from_args", lambda args: score_weeding(items, today=args.today or TODAY)
    )
    return items


def test_pull_then_apply(tmp_path, exports, capsys):
    assert cli.main(["weed", "pull", "--out", str(tmp_path), "--school", "Test School"]) == 0
    said = capsys.readouterr().out
    book = tmp_path / "weeding" / "pull_list.xlsx"
    assert book.is_file() and (tmp_path / "weeding" / "pull_list.pdf").is_file()
    assert "libanalytics weed apply" in said

    wb = openpyxl.load_workbook(book)
    first = wb.worksheets[0]
    barcode = first["J2"].value
    first["K2"] = "withdraw"
    wb.save(book)
    assert cli.main(["weed", "apply", str(book), "--out", str(tmp_path)]) == 0
    said = capsys.readouterr().out
    assert "1 decisions applied (1 withdraw)" in said
    assert "no decision" in said
    assert (tmp_path / "weeding" / "pull_list-withdraw.txt").read_text() == barcode + "\n"
    assert (tmp_path / "weeding" / "weeding_log.xlsx").is_file()


def test_candidates_only(tmp_path, exports):
    assert cli.main(["weed", "pull", "--candidates-only", "--out", str(tmp_path)]) == 0
    wb = openpyxl.load_workbook(tmp_path / "weeding" / "pull_list.xlsx")
    proposed = {
        row[7] for ws in wb.worksheets[:-1] for row in ws.iter_rows(min_row=2, values_only=True)
    }
    assert proposed == {"candidate"}


def test_apply_errors_are_messages_not_tracebacks(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(weed, "load_items_from_args", lambda args: catalog())
    missing = tmp_path / "nothing.xlsx"
    assert cli.main(["weed", "apply", str(missing), "--out", str(tmp_path)]) == 2
    assert "nothing.xlsx: there is no such file" in capsys.readouterr().err
    from workflow_frames import weeding_result

    from libanalytics.report.pull_list import write_pull_list

    listed = write_pull_list(weeding_result(), tmp_path / "list.xlsx")
    args = ["weed", "apply", str(listed), "--date", "June 1", "--out", str(tmp_path)]
    assert cli.main(args) == 2
    assert "'June 1' is not a date. What to do: write the date as YYYY-MM-DD." in (
        capsys.readouterr().err
    )
