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
