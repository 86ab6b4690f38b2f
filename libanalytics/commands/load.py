"""`libanalytics load FILE...`: say what each export holds and how it was recognised."""

from __future__ import annotations

import argparse

from ..ingest import load_catalog, load_circulation, load_scans

LOADERS = {"catalog": load_catalog, "circulation": load_circulation, "scans": load_scans}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("load", help="read exports and say what they hold, with their rejects")
    p.add_argument(
        "files", nargs="+", help="export files (MARC, MARCXML, CSV, TSV, XLSX, scanner files)"
    )
    p.add_argument(
        "--as",
        dest="kind",
        choices=sorted(LOADERS),
        default="catalog",
        help="what the files are (default: catalog)",
    )
    p.add_argument("--profile", help="the export's layout when detection guesses wrong")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    loader = LOADERS[args.kind]
    for file in args.files:
        loaded = loader(file) if args.kind == "scans" else loader(file, profile=args.profile)
        print(loaded.summary())
    return 0
