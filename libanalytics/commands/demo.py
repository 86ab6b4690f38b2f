"""`libanalytics demo`: the whole job on the bundled sample school, outputs under `out/`.

Each issue adds its step to `STEPS`: a function taking the sample folder, the output
folder and the analysis date, printing what it did and returning the files it wrote.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import paths
from ..ingest import load_catalog, load_circulation, load_scans
from . import list_written


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo", help="run everything on the bundled sample school")
    p.add_argument(
        "--sample", type=Path, default=paths.SAMPLE_DIR, help="sample folder (default: data/sample)"
    )
    p.add_argument("--out", type=Path, default=paths.OUT_DIR, help="output folder (default: out)")
    p.set_defaults(run=run)


def step_load(sample: Path, out: Path, context: dict) -> list[Path]:
    """Load every export in the sample folder and say what each holds."""
    catalog_files = [paths.SAMPLE_DESTINY_MARC, paths.SAMPLE_KOHA_MARC, paths.SAMPLE_COPIES_XLSX]
    catalog = [sample / p.name for p in catalog_files if (sample / p.name).is_file()]
    circ = sample / paths.SAMPLE_CIRCULATION.name
    circulation = [circ] if circ.is_file() else []
    scan_dir = sample / paths.SAMPLE_SCANS.name
    scans = sorted(p for p in scan_dir.glob("*") if p.is_file()) if scan_dir.is_dir() else []
    lines = []
    for path in catalog:
        lines.append(load_catalog(path).summary())
    for path in circulation:
        lines.append(load_circulation(path).summary())
    if scans:
        lines.append(load_scans(scans).summary())
    if not lines:
        lines.append(f"No sample exports found in {sample}.")
    text = "\n".join(lines)
    print("Step 1 — what the sample exports hold:\n" + text + "\n")
    from ..report.files import write_text

    return [write_text(out / "exports_read.txt", text + "\n")]


def _sample_files(sample: Path, context: dict) -> dict:
    """The sample school's exports and analysis date, found once and shared by every step.

    Every step reads the copy report, which carries each copy's status, date acquired and
    checkouts (the Destiny MARC export has no status), and uses the school's `as_of` date,
    so the inventory, the weeding scores and the report describe the same day.
    """
    if "files" not in context:
        from .report import read_school

        school = read_school(sample / paths.SAMPLE_SCHOOL.name)
        circ = sample / paths.SAMPLE_CIRCULATION.name
        context["files"] = {
            "catalog": sample / paths.SAMPLE_COPIES_XLSX.name,
            "circulation": circ if circ.is_file() else None,
            "scans": sample / paths.SAMPLE_SCANS.name,
            "school": school,
        }
    return context["files"]


def step_inventory(sample: Path, out: Path, context: dict) -> list[Path]:
    """Reconcile the sample's shelf scans with its catalog and write the inventory files."""
    from ..report.inventory_files import write_inventory_files
    from .inventory import inventory

    files = _sample_files(sample, context)
    circulation = [files["circulation"]] if files["circulation"] else []
    result, lines = inventory(
        [files["catalog"]], [files["scans"]], circulation=circulation, today=files["school"].as_of
    )
    context["inventory"] = result
    print("Step — the inventory:\n" + "\n".join(lines) + "\n")
    return write_inventory_files(result, out / "inventory")


def step_weed(sample: Path, out: Path, context: dict) -> list[Path]:
    """Score the sample school's copies for weeding and write the candidates."""
    from ..weeding import score_weeding
    from .weed import describe, write_scores

    files = _sample_files(sample, context)
    circ = load_circulation(files["circulation"]) if files["circulation"] else None
    result = score_weeding(load_catalog(files["catalog"]), circ, today=files["school"].as_of)
    context["weeding"] = result
    print("Step — weeding scores with the CREW rules:\n" + describe(result) + "\n")
    return write_scores(result, out)


def step_pull_list(sample: Path, out: Path, context: dict) -> list[Path]:
    """Write the weeding pull list, in shelf order, to fill in (Excel) and to print (PDF)."""
    from .weed_workflow import pull_list_message, write_pull_lists

    written = write_pull_lists(context["weeding"], out)
    print("Step — the pull list for the shelves:\n" + pull_list_message(written, out) + "\n")
    return written


def step_report(sample: Path, out: Path, context: dict) -> list[Path]:
    """The demo ends by writing the collection-health report for administration."""
    from ..weeding_decisions import LOG_NAME
    from .report import health_for, write_reports
    from .weed_workflow import FOLDER

    files = _sample_files(sample, context)
    school = files["school"]
    # The weeding log a `weed apply` wrote into this output folder, if there is one.
    log = out / FOLDER / LOG_NAME
    health = health_for(
        [files["catalog"]],
        circulation=[files["circulation"]] if files["circulation"] else None,
        inventory=context.get("inventory"),
        weeding_log=log if log.is_file() else None,
        enrollment=school.enrollment,
        today=school.as_of,
    )
    print(
        "Last step — the collection-health report for administration:\n" + health.summary() + "\n"
    )
    return write_reports(health, out, school.name)


STEPS = [step_load, step_inventory, step_weed, step_pull_list, step_report]


def run(args: argparse.Namespace) -> int:
    out = args.out.resolve()
    written: list[Path] = []
    context: dict = {}
    for step in STEPS:
        written += step(args.sample, out, context)
    print(list_written(written, out))
    return 0
