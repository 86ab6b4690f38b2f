"""`libanalytics inventory`: reconcile scanner files with the catalog and write the lists.

    libanalytics inventory --catalog catalog.mrc --scans scans/ --out out/inventory

Without arguments it runs on the bundled sample school. The catalog should carry each
copy's status (checked out, lost, withdrawn ...): a Destiny copy report does, while a
MARC export usually does not, and without statuses every absent copy looks missing. It writes the inventory
workbook, the barcode lists to load into the library system (mark lost, mark found,
check in at the desk) and the re-shelving list, and prints the summary.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .. import paths
from ..errors import LibAnalyticsError
from ..ingest import load_catalog, load_circulation, load_scans
from ..inventory import Scope, reconcile, scan_files
from . import date_arg, list_written


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "inventory",
        help="reconcile shelf scans with the catalog: missing, misshelved, lists to load",
        description="Reconcile scanner files with the catalog and write the inventory "
        "workbook, barcode lists and re-shelving list. Defaults to the sample school.",
    )
    p.add_argument(
        "--catalog",
        nargs="+",
        type=Path,
        default=[paths.SAMPLE_COPIES_XLSX],
        help="catalog exports with copy statuses, such as a Destiny copy report "
        "(default: the sample's copies.xlsx)",
    )
    p.add_argument(
        "--scans",
        nargs="+",
        type=Path,
        default=[paths.SAMPLE_SCANS],
        help="scanner files or folders of them, one session per file (default: the sample's)",
    )
    p.add_argument(
        "--circulation",
        nargs="*",
        type=Path,
        default=None,
        help="checkout reports, to tell copies checked out after their shelf was scanned "
        "(default: the sample's, when the catalog is the sample's)",
    )
    p.add_argument(
        "--previous", type=Path, help="last year's inventory.xlsx, to confirm repeat losses"
    )
    p.add_argument(
        "--site",
        help="the school the scanner files are from, when the catalog holds several "
        "(a district export); its code as the catalog writes it",
    )
    p.add_argument("--sections", nargs="+", help="only these sections (e.g. Fiction Easy)")
    p.add_argument("--locations", nargs="+", help="only these shelving locations")
    p.add_argument(
        "--call-range",
        nargs=2,
        metavar=("FROM", "TO"),
        help='only call numbers FROM to TO, e.g. "FIC A" "FIC M"',
    )
    p.add_argument(
        "--seen-since",
        type=date_arg,
        help="copies checked out or returned since this date (YYYY-MM-DD) count as seen",
    )
    p.add_argument("--today", type=date_arg, help="the inventory date (default: newest data)")
    p.add_argument(
        "--out",
        type=Path,
        default=paths.OUT_DIR / "inventory",
        help="output folder (default: out/inventory)",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..report.inventory_files import write_inventory_files

    circulation = args.circulation
    if circulation is None:
        sample = [paths.SAMPLE_COPIES_XLSX]
        circulation = [paths.SAMPLE_CIRCULATION] if args.catalog == sample else []
    scope = Scope(
        sections=args.sections,
        locations=args.locations,
        call_range=tuple(args.call_range) if args.call_range else None,
        seen_since=args.seen_since,
    )
    result, lines = inventory(
        args.catalog,
        args.scans,
        circulation=circulation,
        previous=args.previous,
        scope=scope,
        today=args.today,
        site=args.site,
    )
    print("\n".join(lines))
    out = args.out.resolve()
    written = write_inventory_files(result, out)
    print(list_written(written, out))
    return 0


def inventory(catalog, scans, *, circulation=(), previous=None, scope=None, today=None, site=None):
    """Load the exports, reconcile, and say what was read: ``(result, lines)``.

    ``site`` is the school the scanner files are from (for a district catalog).
    """
    files = scan_files(scans)
    if not files:
        raise LibAnalyticsError(
            "no scanner files were found",
            file=", ".join(str(s) for s in scans),
            remedy="give the scanner files, or a folder holding them (.txt or .csv)",
        )
    items = load_catalog(catalog)
    reads = load_scans(files, site=site)
    circ = load_circulation(circulation) if circulation else None
    lines = [items.summary(), reads.summary()]
    if circ is not None:
        lines.append(circ.summary())
    result = reconcile(items, reads, scope=scope, circulation=circ, previous=previous, today=today)
    lines += ["", f"Inventory of {result.scope.describe()}:"] + result.summary.lines()
    return result, lines
