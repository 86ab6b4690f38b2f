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


def step_inventory(sample: Path, out: Path, context: dict) -> list[Path]:
    """Reconcile the sample's shelf scans with its catalog and write the inventory files."""
    from ..report.inventory_files import write_inventory_files
    from .inventory import inventory

    circulation = [sample / "circulation.csv"] if (sample / "circulation.csv").is_file() else []
    result, lines = inventory([sample / "copies.xlsx"], [sample / "scans"], circulation=circulation)
    context["inventory"] = result
    print("Step — the inventory:\n" + "\n".join(lines) + "\n")
    return write_inventory_files(result, out / "inventory")


def step_weed(sample: Path, out: Path, context: dict) -> list[Path]:
    """Score the sample school's copies for weeding and write the candidates."""
    from .weed import describe, write_scores

    catalog, circulation = paths.SAMPLE_DESTINY_MARC, paths.SAMPLE_CIRCULATION
    catalog, circulation = sample / catalog.name, sample / circulation.name
    if not catalog.is_file():
        print(f"Step — weeding: skipped, no {catalog.name} in {sample}.\n")
        return []
    from ..weeding import score_weeding

    circ = load_circulation(circulation) if circulation.is_file() else None
    result = score_weeding(load_catalog(catalog), circ)
    print("Step — weeding scores with the CREW rules:\n" + describe(result) + "\n")
    return write_scores(result, out)


def step_pull_list(sample: Path, out: Path, context: dict) -> list[Path]:
    """Write the weeding pull list, in shelf order, to fill in (Excel) and to print (PDF)."""
    from .weed_workflow import FOLDER, PULL_LIST, write_pull_lists

    catalog, circulation = (
        sample / paths.SAMPLE_DESTINY_MARC.name,
        sample / paths.SAMPLE_CIRCULATION.name,
    )
    if not catalog.is_file():
        print(f"Step — pull list: skipped, no {catalog.name} in {sample}.\n")
        return []
    from ..weeding import score_weeding

    circ = load_circulation(circulation) if circulation.is_file() else None
    result = score_weeding(load_catalog(catalog), circ)
    written = write_pull_lists(result, out)
    print(
        "Step — the pull list for the shelves: "
        f"{FOLDER}/{PULL_LIST}.xlsx (choose a decision per copy) and {FOLDER}/{PULL_LIST}.pdf "
        f"(to print). Then: libanalytics weed apply {out / FOLDER / (PULL_LIST + '.xlsx')}\n"
    )
    return written


def step_report(sample: Path, out: Path, context: dict) -> list[Path]:
    """The demo ends by writing the collection-health report for administration."""
    from .report import health_for, sample_inputs, write_reports

    inputs = sample_inputs(sample)
    name = inputs.pop("name")
    # The inventory is reconciled again against the copy report, whose statuses say which
    # copies were already lost or withdrawn (the MARC export the inventory step reads has none).
    health = health_for(**inputs, weeding_log=context.get("weeding_log"))
    print(
        "Last step — the collection-health report for administration:\n" + health.summary() + "\n"
    )
    return write_reports(health, out, name)


STEPS = [step_load, step_inventory, step_weed, step_pull_list, step_report]


def run(args: argparse.Namespace) -> int:
    out = args.out.resolve()
    written: list[Path] = []
    context: dict = {}
    for step in STEPS:
        written += step(args.sample, out, context)
    print(list_written(written, out))
    return 0
