"""`libanalytics load FILE...`: say what each export holds and how it was recognised.

Each file is read on its own, so one broken export does not hide what the others hold;
the command ends with status 2 if any file could not be read.
"""

from __future__ import annotations

import argparse
import sys

from ..errors import ColumnMappingError, LibAnalyticsError
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
        help="what the files are: catalog (default), circulation or scans",
    )
    p.add_argument("--profile", help="the export's layout when detection guesses wrong")
    p.add_argument(
        "--column",
        dest="columns",
        action="append",
        default=[],
        metavar="HEADER=COLUMN",
        help="read the export's HEADER as COLUMN (e.g. --column 'Item ID=barcode'); repeatable",
    )
    p.set_defaults(run=run)


def _columns(pairs: list[str]) -> dict[str, str] | None:
    out = {}
    for pair in pairs:
        header, sep, column = pair.rpartition("=")
        if not sep or not header.strip() or not column.strip():
            raise ColumnMappingError(
                f"--column '{pair}' is not of the form HEADER=COLUMN",
                remedy="write it like --column 'Item ID=barcode'",
            )
        out[header.strip()] = column.strip()
    return out or None


def run(args: argparse.Namespace) -> int:
    loader = LOADERS[args.kind]
    columns = _columns(args.columns)
    failed = 0
    for file in args.files:
        try:
            if args.kind == "scans":
                loaded = loader(file)
            else:
                loaded = loader(file, profile=args.profile, columns=columns)
        except LibAnalyticsError as exc:
            failed += 1
            print(f"libanalytics: {exc}", file=sys.stderr)
            continue
        print(loaded.summary())
        print(
            f"  {loaded.rows_read:,} read, {loaded.rows_loaded:,} loaded, "
            f"{loaded.rows_rejected:,} rejected"
        )
    return 2 if failed else 0
