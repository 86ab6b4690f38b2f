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


SCHOOL_TOML = 'name = "Elm Creek K-8 School"\nenrollment = 108\nas_of = 2025-05-30\n'


def test_school_toml_is_read_only_beside_the_catalog(tmp_path):
    import datetime as dt

    from libanalytics.commands.report import school_for

    sample, mine = tmp_path / "sample", tmp_path / "local"
    for folder in (sample, mine):
        folder.mkdir()
        (folder / "copies.xlsx").write_bytes(b"")
    (sample / "school.toml").write_text(SCHOOL_TOML, encoding="utf-8")

    theirs = school_for([sample / "copies.xlsx"])
    assert (theirs.name, theirs.enrollment, theirs.as_of) == (
        "Elm Creek K-8 School",
        108,
        dt.date(2025, 5, 30),
    )
    # Your own exports in another folder: nothing of the sample school's.
    own = school_for([mine / "copies.xlsx"])
    assert (own.name, own.enrollment, own.as_of, own.source) == (None, None, None, None)
    assert "no enrollment given" in own.describe()
    # Parameters win over the file; files from two folders read no school.toml.
    given = school_for([sample / "copies.xlsx"], name="Maple", enrollment=400, today="2026-01-05")
    assert (given.name, given.enrollment, given.as_of) == ("Maple", 400, "2026-01-05")
    both = school_for([sample / "copies.xlsx", mine / "copies.xlsx"])
    assert both.name is None and both.enrollment is None


def test_without_enrollment_the_report_leaves_per_student_figures_out_and_says_so():
    from health_frames import items

    from libanalytics.metrics import NO_ENROLLMENT, collection_metrics

    health = collection_metrics(items(), today="2025-06-30")
    assert health.overall["copies_per_student"].to_list() == [None]
    assert NO_ENROLLMENT in health.summary()


@pytest.fixture(scope="module")
def district(tmp_path_factory):
    """A two-school district; S001's scanner file names no school, as a real one may not."""
    import polars as pl

    from libanalytics.sample import generate_district

    folder = tmp_path_factory.mktemp("district")
    generate_district(folder, schools=2, items=150)
    scans = pl.read_parquet(folder / "scans.parquet").filter(pl.col("site") == "S001")
    # A handheld scanner's file: one barcode a line, no school.
    (folder / "s001_scans.txt").write_text("\n".join(scans["raw"]) + "\n", encoding="utf-8")
    return folder


def _by_school(workbook):
    import polars as pl
    from openpyxl import load_workbook

    from libanalytics.report.health_excel import SHEET_NAMES

    rows = list(load_workbook(workbook, read_only=True)[SHEET_NAMES["by_school"]].values)
    return pl.DataFrame(rows[1:], schema=list(rows[0]), orient="row")


def _district_report(district, out, *extra):
    from libanalytics.cli import main

    return main(
        [
            "report",
            "--catalog",
            str(district / "items.parquet"),
            "--scans",
            str(district / "s001_scans.txt"),
            "--out",
            str(out),
            *extra,
        ]
    )


def test_district_report_takes_each_schools_enrollment_from_district_toml(district, tmp_path):
    assert _district_report(district, tmp_path, "--site", "S001") == 0
    schools = _by_school(tmp_path / "health_report.xlsx")
    assert schools["School"].to_list() == ["S001", "S002"]
    assert schools["Students"].to_list() == [40, 40]
    assert schools["Copies per student"].null_count() == 0
    assert (tmp_path / "district_health_report.pdf").is_file()


def test_district_enrollment_given_per_school_on_the_command_line(district, tmp_path):
    assert (
        _district_report(district, tmp_path, "--site", "S001", "--enrollment", "S001=10,S002=20")
        == 0
    )
    schools = _by_school(tmp_path / "health_report.xlsx")
    assert schools["Students"].to_list() == [10, 20]


def test_district_scans_without_a_school_need_site(district, tmp_path, capsys):
    assert _district_report(district, tmp_path) != 0
    assert "--site" in capsys.readouterr().err
