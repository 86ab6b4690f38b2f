"""The inventory's files: the workbook, the barcode lists, the re-shelving list.

Everything here formats what `reconcile` computed; nothing is decided here.

- ``inventory.xlsx``: a summary, then one sheet per exception in shelf order (missing,
  misshelved, wrong location, found lost, on the shelf but checked out, withdrawn on the
  shelf), the read problems, the progress by call-number range, and — with last year's
  inventory — the loss by section beside last year's. Next year's run reads its
  'Missing' sheet back as ``previous``.
- ``mark_lost.txt``: missing copies ``confirmed`` or ``unexplained`` only, never
  ``fine`` or ``skipped_shelf`` ones.
- ``mark_found.txt``: copies marked lost or missing that were on the shelf.
- ``check_in_at_desk.txt``: copies on the shelf but checked out. Check them in at the
  desk rather than marking them available, which would lose fines and holds.
- ``reshelve.xlsx``: misshelved and wrong-location copies, in the shelf order they go
  back in, for student aides.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ..inventory import MISSING_SHEET, InventoryResult
from ..schema import (
    FOUND_LOST,
    MISSHELVED,
    MISSING,
    ON_SHELF_BUT_CHECKED_OUT,
    WITHDRAWN_ON_SHELF,
    WRONG_LOCATION,
)
from .excel import write_workbook
from .files import write_barcode_list

WORKBOOK = "inventory.xlsx"
MARK_LOST = "mark_lost.txt"
MARK_FOUND = "mark_found.txt"
CHECK_IN = "check_in_at_desk.txt"
RESHELVE = "reshelve.xlsx"

SHEETS = {
    MISSING: MISSING_SHEET,
    MISSHELVED: "Misshelved",
    WRONG_LOCATION: "Wrong location",
    FOUND_LOST: "Found lost",
    ON_SHELF_BUT_CHECKED_OUT: "On shelf checked out",
    WITHDRAWN_ON_SHELF: "Withdrawn on shelf",
}
COMMON = ["call_number", "title", "barcode", "site", "section", "location", "status", "detail"]
EXTRA = {
    MISSING: ["likelihood", "price", "replacement_price"],
    MISSHELVED: ["belongs_after", "belongs_before", "displacement", "session", "seq"],
    WRONG_LOCATION: ["session", "seq"],
    FOUND_LOST: ["session", "seq"],
    ON_SHELF_BUT_CHECKED_OUT: ["session", "seq"],
    WITHDRAWN_ON_SHELF: ["session", "seq"],
}
MONEY = "$#,##0.00"
MONEY_COLUMNS = ("price", "replacement_price", "value", "value_last_year")


def write_inventory_files(result: InventoryResult, out_dir: str | Path) -> list[Path]:
    """Write the inventory workbook, the barcode lists and the re-shelving list.

    Returns the paths written, each written whole.
    """
    out = Path(out_dir)
    summary = result.summary
    notes = {"Summary": [f"Scope: {result.scope.describe()}."] + summary.lines()}
    if result.today:
        notes["Summary"].insert(0, f"Inventory of {result.today.isoformat()}.")
    sheets: dict[str, pl.DataFrame] = {"Summary": summary_sheet(result)}
    sheets["By section"] = summary.sections
    for outcome, name in SHEETS.items():
        frame = result.items.filter(pl.col("outcome") == outcome)
        sheets[name] = _columns(frame, COMMON + EXTRA[outcome])
    sheets["Read problems"] = _columns(
        result.read_problems(), ["session", "seq", "site", "barcode", "raw", "outcome", "detail"]
    )
    sheets["Progress"] = _drop_empty_site(summary.progress)
    if summary.loss_vs_previous is not None:
        sheets["Loss vs last year"] = summary.loss_vs_previous
    formats = dict.fromkeys(MONEY_COLUMNS, MONEY)
    written = [
        write_workbook(
            out / WORKBOOK, sheets, notes=notes, split_by="site", column_formats=formats
        )[0],
        write_barcode_list(out / MARK_LOST, result.mark_lost()),
        write_barcode_list(out / MARK_FOUND, result.mark_found()),
        write_barcode_list(out / CHECK_IN, result.check_in()),
        write_workbook(
            out / RESHELVE,
            {"Re-shelve": _drop_empty_site(result.reshelve())},
            notes={
                "Re-shelve": [
                    "Put each copy back where the where_it_goes column says, working along the shelves in this order."
                ]
            },
            split_by="site",
        )[0],
    ]
    return written


def summary_sheet(result: InventoryResult) -> pl.DataFrame:
    """The summary as a table: copies per outcome, missing per likelihood, reads per outcome."""
    s = result.summary
    rows = [("Copies", o, n, None) for o, n in s.outcomes.select("outcome", "copies").rows()]
    rows += [
        ("Missing copies", k, n, v)
        for k, n, v in s.likelihood.select("likelihood", "copies", "value").rows()
    ]
    rows += [("Reads", o, n, None) for o, n in s.reads.select("outcome", "reads").rows()]
    rows.append(("Missing copies", "replacement value", None, s.replacement_value))
    return pl.DataFrame(
        rows,
        schema={"what": pl.String, "outcome": pl.String, "count": pl.Int64, "value": pl.Float64},
        orient="row",
    )


def _columns(frame: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    return _drop_empty_site(frame.select([c for c in columns if c in frame.columns]))


def _drop_empty_site(frame: pl.DataFrame) -> pl.DataFrame:
    """One school's files need no site column; a district's keep it."""
    if "site" in frame.columns and frame["site"].null_count() == frame.height:
        return frame.drop("site")
    return frame
