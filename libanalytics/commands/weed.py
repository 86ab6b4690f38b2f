"""`libanalytics weed`: weeding scores with CREW rules, written for a person to review.

``libanalytics weed`` (or ``libanalytics weed score``) scores every copy and writes, under
``out/weeding/``, a workbook of candidates and copies to review with their reasons, and
the candidates' barcodes. Other steps of the weeding project (the pull list, reading it
back) are further subcommands of ``weed``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import polars as pl

from .. import paths
from ..errors import InputFormatError
from ..schema import CANDIDATE, REVIEW
from ..weeding import WeedingResult, load_rules, reasons_text, score_weeding
from . import date_arg, list_written

# The columns a specialist reads on the candidates sheet, in this order.
SHEET_COLUMNS = [
    "site",
    "barcode",
    "call_number",
    "title",
    "author",
    "pub_year",
    "status",
    "rule",
    "age_years",
    "last_used",
    "years_unused",
    "total_checkouts",
    "protected",
    "score",
    "decision",
    "reasons",
]


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("weed", help="weeding: scores with CREW rules, candidates to review")
    _score_options(p, None)
    p.set_defaults(run=run_score)
    steps = p.add_subparsers(dest="weed_command", metavar="STEP")
    s = steps.add_parser("score", help="score every copy and write the candidates (the default)")
    _score_options(s, argparse.SUPPRESS)
    s.set_defaults(run=run_score)
    from .weed_workflow import register_steps

    register_steps(steps, _score_options)


def _score_options(p: argparse.ArgumentParser, suppress) -> None:
    def default(value):
        return suppress if suppress is not None else value

    p.add_argument(
        "--catalog",
        nargs="+",
        type=Path,
        default=default(None),
        help="catalog exports with copy statuses, such as a Destiny copy report "
        "(default: the sample's copies.xlsx)",
    )
    p.add_argument(
        "--circulation",
        nargs="+",
        type=Path,
        default=default(None),
        help="checkout history reports (default: the sample school's circulation.csv)",
    )
    p.add_argument(
        "--rules",
        type=Path,
        default=default(None),
        help="rules file (default: data/rules/crew_school.toml)",
    )
    p.add_argument(
        "--keep",
        type=Path,
        default=default(None),
        help="keep list: a text file with one ISBN or bib id a line, or a CSV/TSV/.xlsx "
        "file with a column headed ISBN or Bib ID",
    )
    p.add_argument(
        "--today",
        type=date_arg,
        default=default(None),
        help="analysis date YYYY-MM-DD (default: the newest date in the data)",
    )
    p.add_argument(
        "--out", type=Path, default=default(paths.OUT_DIR), help="output folder (default: out)"
    )


def run_score(args: argparse.Namespace) -> int:
    result = score_from_args(args)
    print(describe(result))
    written = write_scores(result, args.out.resolve())
    print(list_written(written, args.out.resolve()))
    return 0


def load_items_from_args(args: argparse.Namespace):
    """The catalog named by ``--catalog`` (default: the sample's copies.xlsx).

    The default is the copy report, not the MARC export, because only the copy report
    says which copies are lost, missing or checked out; a MARC export has no statuses.
    """
    from ..ingest import load_catalog

    catalog = args.catalog or [paths.SAMPLE_COPIES_XLSX]
    missing = [p for p in catalog if not Path(p).is_file()]
    if missing:
        raise InputFormatError(
            "the catalog export is not there",
            file=missing[0],
            remedy="give your catalog with --catalog FILE, or generate the sample school "
            "with `libanalytics sample`",
        )
    return load_catalog(catalog)


def score_from_args(args: argparse.Namespace) -> WeedingResult:
    """Load the exports the options name and score them (shared by ``score`` and ``pull``)."""
    from ..ingest import load_circulation

    items = load_items_from_args(args)
    circulation = args.circulation
    if circulation is None and paths.SAMPLE_CIRCULATION.is_file() and args.catalog is None:
        circulation = [paths.SAMPLE_CIRCULATION]
    circ = load_circulation(circulation) if circulation else None
    return score_weeding(
        items, circ, rules=load_rules(args.rules), keep=args.keep, today=args.today
    )


def describe(result: WeedingResult) -> str:
    """What the scores say, in a few lines for the terminal."""
    lines = [repr(result).splitlines()[0].strip("<>")]
    lines += [f"  Note: {note}" for note in result.notes]
    for row in result.summary().iter_rows(named=True):
        lines.append(
            f"  {row['rule'] or '(no rule)'}: {row['copies']:,} copies, "
            f"{row[CANDIDATE]:,} candidates, {row[REVIEW]:,} to review"
        )
    return "\n".join(lines)


def write_scores(result: WeedingResult, out: Path) -> list[Path]:
    """Write the candidates workbook and barcode list under ``out/weeding/``."""
    from ..report.excel import write_workbook
    from ..report.files import write_barcode_list

    folder = out / "weeding"
    table = result.copies.select(
        [c for c in SHEET_COLUMNS if c in result.copies.columns]
    ).with_columns(reasons_text(), pl.col("years_unused").round(1))
    candidates = table.filter(pl.col("decision") == CANDIDATE)
    review = table.filter(pl.col("decision") == REVIEW)
    rules = result.rules.frame()
    notes = [
        f"Scored {result.copies.height:,} copies as of {result.today} with the rules "
        f"'{result.rules.name}' ({result.rules.path or 'modified copy'}, "
        f"SHA-256 {result.rules.sha256[:12]}).",
        "Migration date: "
        + (f"{result.migration_date}" if result.migration_date else "not found in the data")
        + ".",
        "The program proposes; you decide. MUSTIE (misleading, ugly, superseded, trivial, "
        "irrelevant, elsewhere) is your judgement.",
        *(f"Note: {note}" for note in result.notes),
    ]
    book, _ = write_workbook(
        folder / "weeding_scores.xlsx",
        {
            "Candidates": candidates,
            "Review": review,
            "Summary": result.summary(),
            "Rules": rules,
        },
        notes={"Candidates": notes},
        split_by="site" if table["site"].n_unique() > 1 else None,
    )
    barcodes = write_barcode_list(folder / "candidate_barcodes.txt", candidates["barcode"])
    return [book, barcodes]
