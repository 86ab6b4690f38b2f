"""`libanalytics weed pull` and `libanalytics weed apply`: the pull list and its decisions.

``weed pull`` scores the copies and writes the pull list, in shelf order, as a workbook to
fill in and as a PDF to print, under ``out/weeding/``. ``weed apply PULL_LIST.xlsx`` reads
the filled-in workbook back and writes the withdraw list, the replacement list, the
weeding log and the rows it could not apply (`libanalytics.weeding_decisions`).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from ..schema import CANDIDATE, REVIEW
from . import list_written

FOLDER = "weeding"
PULL_LIST = "pull_list"


def register_steps(steps: argparse._SubParsersAction, score_options: Callable) -> None:
    """Add ``pull`` and ``apply`` to the subcommands of ``weed``."""
    p = steps.add_parser(
        "pull",
        help="write the pull list (Excel to fill in, PDF to print) in shelf order",
        description="Score the copies and write the pull list under OUT/weeding/: "
        "pull_list.xlsx (a Decision drop-down and a MUSTIE column per copy) and "
        "pull_list.pdf (a box to tick per copy).",
    )
    score_options(p, argparse.SUPPRESS)
    p.add_argument(
        "--candidates-only",
        action="store_true",
        help="list only the candidates (default: candidates and copies to review)",
    )
    p.add_argument("--school", help="the school's name, printed on every page")
    p.set_defaults(run=run_pull)

    a = steps.add_parser(
        "apply",
        help="read a filled-in pull list: withdraw list, replacements, weeding log",
        description="Read the decisions written on a pull list, check every row against "
        "the catalog, and write under OUT/weeding/: LIST-withdraw.txt, "
        "LIST-replacements.xlsx, LIST-problems.xlsx and weeding_log.xlsx. Rows with an "
        "unknown barcode, a changed call number or no decision are reported, not applied. "
        "Applying the same list again changes nothing.",
    )
    a.add_argument("pull_list", type=Path, help="the filled-in pull list (.xlsx)")
    a.add_argument(
        "--catalog",
        nargs="+",
        type=Path,
        default=argparse.SUPPRESS,
        help="the catalog now (default: the sample's copies.xlsx)",
    )
    a.add_argument(
        "--rules",
        type=Path,
        default=argparse.SUPPRESS,
        help="the rules file that made the list, if its 'About this list' sheet was lost",
    )
    a.add_argument(
        "--log",
        type=Path,
        default=None,
        help="the weeding log to add to (default: OUT/weeding/weeding_log.xlsx)",
    )
    a.add_argument(
        "--date",
        default=None,
        help="the date for the log, YYYY-MM-DD (default: the list's analysis date)",
    )
    a.add_argument(
        "--out", type=Path, default=argparse.SUPPRESS, help="output folder (default: out)"
    )
    a.set_defaults(run=run_apply)


def write_pull_lists(result, out: Path, *, include=(CANDIDATE, REVIEW), school=None) -> list[Path]:
    """Write ``pull_list.xlsx`` and ``pull_list.pdf`` under ``out/weeding/``.

    A ``pull_list.xlsx`` already there that holds decisions is the one the person is
    filling in: it is never written over; the new list goes to ``pull_list-2.xlsx`` (and
    its PDF beside it) instead, and `pull_list_message` says so.
    """
    from ..report.pull_list import free_pull_list_path, write_pull_list
    from ..report.pull_list_pdf import write_pull_list_pdf

    book = free_pull_list_path(out / FOLDER / f"{PULL_LIST}.xlsx")
    return [
        write_pull_list(result, book, include=include, school=school),
        write_pull_list_pdf(result, book.with_suffix(".pdf"), include=include, school=school),
    ]


def pull_list_message(written: list[Path], out: Path) -> str:
    """What to do with the pull list just written, and why its name changed if it did."""
    from ..report.pull_list import kept_note

    book, pdf = written[0], written[1]
    lines = [
        f"Fill in the Decision column of {FOLDER}/{book.name} at the shelves "
        f"({FOLDER}/{pdf.name} to print), then run:",
        f"  libanalytics weed apply {book}",
    ]
    note = kept_note(out / FOLDER / f"{PULL_LIST}.xlsx", book)
    return "\n".join([note, *lines] if note else lines)


def run_pull(args: argparse.Namespace) -> int:
    from .weed import describe, score_from_args

    result = score_from_args(args)
    print(describe(result))
    include = (CANDIDATE,) if args.candidates_only else (CANDIDATE, REVIEW)
    out = args.out.resolve()
    written = write_pull_lists(result, out, include=include, school=args.school)
    print(pull_list_message(written, out))
    print(list_written(written, out))
    return 0


def run_apply(args: argparse.Namespace) -> int:
    from ..weeding import load_rules
    from ..weeding_decisions import apply_decisions
    from .weed import load_items_from_args

    items = load_items_from_args(args)
    out = args.out.resolve()
    applied = apply_decisions(
        args.pull_list,
        items,
        out_dir=out / FOLDER,
        log_path=args.log,
        rules=load_rules(args.rules) if args.rules is not None else None,
        date=args.date,
    )
    print(applied.summary())
    print(list_written(list(applied.files.values()), out))
    return 0
