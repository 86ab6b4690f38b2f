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
from collections.abc import Sequence
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
    p.add_argument(
        "--enrollment",
        type=enrollment_arg,
        help="students enrolled: one number, or per school as SITE=N,SITE=N "
        "(default: school.toml or district.toml beside the catalog)",
    )
    p.add_argument("--site", help="for a district catalog: the school the scanner files are from")
    p.add_argument("--school", help="the school's (or district's) name for the title page")
    p.add_argument(
        "--today", type=date_arg, help="the report date, YYYY-MM-DD (default: newest data)"
    )
    p.add_argument("--out", type=Path, default=paths.OUT_DIR, help="output folder (default: out)")
    p.set_defaults(run=run)


def enrollment_arg(text: str) -> int | dict[str, int]:
    """An argparse type: ``640`` for one school, ``NORTH=300,SOUTH=250`` per school.

    >>> enrollment_arg("640"), enrollment_arg("NORTH=300, SOUTH=250")
    (640, {'NORTH': 300, 'SOUTH': 250})
    """
    try:
        if "=" not in text:
            return int(text)
        pairs = [part.split("=", 1) for part in text.split(",") if part.strip()]
        return {site.strip(): int(students) for site, students in pairs}
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a number of students, nor a list like NORTH=300,SOUTH=250"
        ) from None


@dataclass
class School:
    """What the sample's school.toml says: name, enrollment and the date of the data."""

    name: str | None = None
    enrollment: int | dict[str, int] | None = None
    as_of: dt.date | str | None = None
    source: Path | None = None

    def describe(self) -> str:
        """One sentence on what the report will say about the school, and from where."""
        name = self.name or "No school name given (set SCHOOL_NAME)"
        if isinstance(self.enrollment, dict):
            students = (
                f"{sum(self.enrollment.values()):,} students in {len(self.enrollment)} schools"
            )
        else:
            students = (
                f"{self.enrollment:,} students"
                if self.enrollment
                else "no enrollment given, so copies and checkouts per student are left out "
                "(set ENROLLMENT)"
            )
        day = f"report date {self.as_of}" if self.as_of else "report date: the newest data"
        where = f" (from {self.source})" if self.source else ""
        return f"{name}: {students}; {day}{where}."


def school_for(
    catalog: Sequence[str | Path],
    *,
    name: str | None = None,
    enrollment: int | None = None,
    today: dt.date | str | None = None,
) -> School:
    """The school a report is about: what you give, else the school.toml beside the catalog.

    A ``school.toml`` is read only when it sits in the same folder as the catalog
    file(s), so the sample school's name, enrollment and date never head a report on
    your own exports. Without it, a name or enrollment you do not give stays unknown (the
    report leaves out per-student figures and says so) and the date is that of the
    newest data.

    >>> school_for(["../data/local/my_copies.xlsx"], name="Maple Elementary")
    School(name='Maple Elementary', enrollment=None, as_of=None, source=None)
    """
    folders = {Path(f) if Path(f).is_dir() else Path(f).parent for f in catalog}
    beside = None
    if len(folders) == 1:
        folder = next(iter(folders))
        beside = folder / paths.SAMPLE_SCHOOL.name
        if not beside.is_file() and (folder / DISTRICT_FILE).is_file():
            beside = folder / DISTRICT_FILE
    school = read_school(beside) if beside is not None else School()
    return School(
        name=name or school.name,
        enrollment=enrollment or school.enrollment,
        as_of=today if today is not None else school.as_of,
        source=beside if beside is not None and beside.is_file() else None,
    )


DISTRICT_FILE = "district.toml"


def read_school(path: Path) -> School:
    """Read a school.toml (name, enrollment, as_of); an absent file says nothing.

    A district.toml (``libanalytics sample --schools N`` writes one) gives each school's
    enrollment from its ``[[school]]`` tables, as ``{site: students}``.
    """
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
    enrollment = data.get("enrollment")
    schools = data.get("school")
    if enrollment is None and isinstance(schools, list):
        enrollment = {
            str(s["site"]): int(s["enrollment"])
            for s in schools
            if isinstance(s, dict) and "site" in s and s.get("enrollment")
        } or None
    return School(
        name=data.get("name"),
        enrollment=enrollment,
        as_of=as_of if isinstance(as_of, dt.date) else None,
    )


def read_log(path: Path | None):
    """The weeding log as a table, or None when none is named.

    A log that is named but not there is an error: the report would otherwise show no
    copies weeded without saying why.
    """
    if path is None:
        return None
    if not Path(path).is_file():
        raise InputFormatError(
            "the weeding log named is not there",
            file=path,
            remedy="check the path (`weed apply` writes out/weeding/weeding_log.xlsx), "
            "or leave the weeding log out",
        )
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
    enrollment: int | dict[str, int] | None = None,
    today: dt.date | None = None,
    site: str | None = None,
) -> CollectionHealth:
    """Load the exports and compute the figures.

    The latest inventory is an `InventoryResult` already made, or reconciled here from
    its scanner files (``site``: the school they are from, for a district catalog).
    """
    log = read_log(weeding_log)  # first: a wrong path stops before the slow loading
    items = load_catalog(catalog)
    circ = load_circulation(circulation) if circulation else None
    if inventory is None and scans:
        from ..inventory import reconcile
        from ..inventory.inputs import scan_files

        reads = load_scans(scan_files(scans), site=site)
        inventory = reconcile(items, reads, circulation=circ, today=today)
    rules_arg = None
    if rules is not None:
        from ..weeding import load_rules

        rules_arg = load_rules(rules)
    return collection_metrics(
        items,
        circulation=circ,
        enrollment=enrollment,
        inventory=inventory,
        weeding_log=log,
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
        school = school_for(
            args.catalog, name=args.school, enrollment=args.enrollment, today=args.today
        )
        inputs = {
            "catalog": args.catalog,
            "circulation": args.circulation,
            "scans": args.scans,
            "enrollment": school.enrollment,
            "today": school.as_of,
            "name": school.name,
        }
    else:
        inputs = sample_inputs(paths.SAMPLE_DIR)
        print(f"No --catalog given: reporting on the sample school in {paths.SAMPLE_DIR}.")
        for key in ("enrollment", "today"):
            if getattr(args, key) is not None:
                inputs[key] = getattr(args, key)
        inputs["name"] = args.school or inputs["name"]
    name = inputs.pop("name")
    health = health_for(**inputs, weeding_log=args.weeding_log, rules=args.rules, site=args.site)
    print(health.summary())
    out = args.out.resolve()
    print(list_written(write_reports(health, out, name), out))
    return 0
