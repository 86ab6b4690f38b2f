"""`libanalytics report`: the collection-health report for administration, PDF and Excel.

With no files named it reports on the bundled sample school. With a catalog (and
ideally the circulation, the latest inventory's scanner files and the weeding log) it
reports on yours:

    libanalytics report --catalog data/local/catalog.mrc --circulation data/local/circ.csv \\
        --scans data/local/scans --enrollment 640 --school "Maple Elementary"

A district file (copies from several schools) gives one report comparing the schools.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .. import paths
from ..errors import InputFormatError
from ..ingest import load_catalog, load_circulation, load_scans
from ..metrics import CollectionHealth, collection_metrics
from . import date_arg, list_written

PDF_NAME = "health_report.pdf"
WORKBOOK_NAME = "health_report.xlsx"
DISTRICT_PDF_NAME = "district_health_report.pdf"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="collection health for administration: a PDF and a workbook")
    p.add_argument("--catalog", nargs="+", type=Path, help="catalog exports (default: the sample)")
    p.add_argument("--circulation", nargs="+", type=Path, help="checkout history exports")
    p.add_argument(
        "--scans", nargs="+", type=Path, help="the latest inventory's scanner files or folder"
    )
    p.add_argument("--weeding-log", type=Path, help="the weeding log written by `weed apply`")
    p.add_argument("--rules", type=Path, help="weeding rules file (default: the CREW rules)")
    p.add_argument("--enrollment", type=int, help="students enrolled")
    p.add_argument("--school", help="the school's (or district's) name for the title page")
    p.add_argument(
        "--today", type=date_arg, help="the report date, YYYY-MM-DD (default: newest data)"
    )
    p.add_argument("--out", type=Path, default=paths.OUT_DIR, help="output folder (default: out)")
    p.set_defaults(run=run)


@dataclass
class School:
    """What the sample's school.toml says: name, enrollment and the date of the data."""

    name: str | None = None
    enrollment: int | None = None
    as_of: dt.date | None = None


def read_school(path: Path) -> School:
    """Read a school.toml (name, enrollment, as_of); an absent file says nothing."""
    if not path.is_file():
        return School()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputFormatError(
            f"the school file cannot be read ({exc})",
            file=path,
            remedy="check it against data/sample/school.toml",
        ) from exc
    as_of = data.get("as_of")
    return School(
        name=data.get("name"),
        enrollment=data.get("enrollment"),
        as_of=as_of if isinstance(as_of, dt.date) else None,
    )


def read_log(path: Path | None):
    """The weeding log as a table, or None when there is none."""
    if path is None or not Path(path).is_file():
        return None
    try:
        from ..weeding_decisions import read_weeding_log
    except ImportError:  # issue 9's reader not installed: say so rather than guess
        raise InputFormatError(
            "this copy of libanalytics cannot read weeding logs yet",
            file=path,
            remedy="leave out --weeding-log; weeded copies will show as 0",
        ) from None
    return read_weeding_log(path)


def health_for(
    catalog: list[Path],
    *,
    circulation: list[Path] | None = None,
    scans: list[Path] | None = None,
    inventory=None,
    weeding_log: Path | None = None,
    rules: Path | None = None,
    enrollment: int | None = None,
    today: dt.date | None = None,
) -> CollectionHealth:
    """Load the exports and compute the figures.

    The latest inventory is an `InventoryResult` already made, or reconciled here from
    its scanner files.
    """
    items = load_catalog(catalog)
    circ = load_circulation(circulation) if circulation else None
    if inventory is None and scans:
        from ..inventory import reconcile
        from ..inventory.inputs import scan_files

        inventory = reconcile(items, load_scans(scan_files(scans)), circulation=circ, today=today)
    rules_arg = None
    if rules is not None:
        from ..weeding import load_rules

        rules_arg = load_rules(rules)
    return collection_metrics(
        items,
        circulation=circ,
        enrollment=enrollment,
        inventory=inventory,
        weeding_log=read_log(weeding_log),
        today=today,
        rules=rules_arg,
    )


def write_reports(health: CollectionHealth, out: Path, name: str | None) -> list[Path]:
    """Write the PDF (a school's, or the district comparison) and the workbook."""
    from ..report.health_excel import write_health_workbook
    from ..report.health_pdf import write_district_pdf, write_health_pdf

    if health.is_district:
        pdf = write_district_pdf(out / DISTRICT_PDF_NAME, health, district=name)
    else:
        pdf = write_health_pdf(out / PDF_NAME, health, school=name)
    return [pdf, write_health_workbook(out / WORKBOOK_NAME, health)]


def sample_inputs(sample: Path) -> dict:
    """The sample school's exports, as `health_for` takes them, and its name."""
    school = read_school(sample / paths.SAMPLE_SCHOOL.name)
    # The copy report carries status, date acquired and last checkout; the MARC export does not.
    catalog = sample / paths.SAMPLE_COPIES_XLSX.name
    if not catalog.is_file():
        catalog = sample / paths.SAMPLE_DESTINY_MARC.name
    if not catalog.is_file():
        raise InputFormatError(
            "the sample school's catalog is not there",
            file=catalog,
            remedy="generate it with `libanalytics sample data/sample`, or name your files with --catalog",
        )
    circulation = sample / paths.SAMPLE_CIRCULATION.name
    scans = sample / paths.SAMPLE_SCANS.name
    return {
        "catalog": [catalog],
        "circulation": [circulation] if circulation.is_file() else None,
        "scans": [scans] if scans.is_dir() else None,
        "enrollment": school.enrollment,
        "today": school.as_of,
        "name": school.name,
    }


def run(args: argparse.Namespace) -> int:
    if args.catalog:
        inputs = {
            "catalog": args.catalog,
            "circulation": args.circulation,
            "scans": args.scans,
            "enrollment": args.enrollment,
            "today": args.today,
            "name": args.school,
        }
    else:
        inputs = sample_inputs(paths.SAMPLE_DIR)
        print(f"No --catalog given: reporting on the sample school in {paths.SAMPLE_DIR}.")
        for key in ("enrollment", "today"):
            if getattr(args, key) is not None:
                inputs[key] = getattr(args, key)
        inputs["name"] = args.school or inputs["name"]
    name = inputs.pop("name")
    health = health_for(**inputs, weeding_log=args.weeding_log, rules=args.rules)
    print(health.summary())
    out = args.out.resolve()
    print(list_written(write_reports(health, out, name), out))
    return 0
