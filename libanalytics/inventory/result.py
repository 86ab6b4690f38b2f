"""`InventoryResult`: what `reconcile` hands back, and the lists people act on."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from functools import cached_property

import polars as pl

from ..schema import (
    FOUND_LOST,
    MISSHELVED,
    MISSING,
    ON_SHELF_BUT_CHECKED_OUT,
    WITHDRAWN_ON_SHELF,
    WRONG_LOCATION,
)
from .scope import Scope
from .summary import InventorySummary, summarize

# The copy outcomes someone has to act on, in the order the workbook shows them.
EXCEPTIONS = (
    MISSING,
    MISSHELVED,
    WRONG_LOCATION,
    FOUND_LOST,
    ON_SHELF_BUT_CHECKED_OUT,
    WITHDRAWN_ON_SHELF,
)
# Only these missing copies go on the mark-lost list: "fine" ones were seen by the library
# system after their shelf was scanned, "skipped_shelf" ones stood on a shelf not scanned.
MARK_LOST_LIKELIHOODS = ("confirmed", "unexplained")
READ_PROBLEMS = ("unknown_barcode", "isbn", "duplicate", "malformed")


@dataclass
class InventoryResult:
    """The outcome of an inventory: every copy and every read, with the figures.

    ``items``: one row per copy in scope and per copy read elsewhere, in shelf order,
    with ``outcome``, ``detail`` (a sentence for whoever goes to the shelf),
    ``likelihood`` for missing copies, ``belongs_after`` / ``belongs_before`` and
    ``displacement`` for misshelved ones, and ``section``, ``price``,
    ``replacement_price``, ``site``. ``scans``: one row per read with its ``outcome``.
    ``summary``: an `InventorySummary`.
    """

    items: pl.DataFrame
    scans: pl.DataFrame
    scope: Scope = field(default_factory=Scope)
    today: dt.date | None = None
    previous_missing: pl.DataFrame | None = None

    @cached_property
    def summary(self) -> InventorySummary:
        """Counts by outcome and section, replacement value, progress (and last year)."""
        return summarize(self.items, self.scans, self.previous_missing)

    def exceptions(self) -> dict[str, pl.DataFrame]:
        """The copies to act on, one table per outcome, each in shelf order."""
        return {o: self.items.filter(pl.col("outcome") == o) for o in EXCEPTIONS}

    def read_problems(self) -> pl.DataFrame:
        """Reads that matched no copy, or a copy already read, in the order read."""
        return self.scans.filter(pl.col("outcome").is_in(list(READ_PROBLEMS)))

    def mark_lost(self) -> list[str]:
        """Barcodes to mark lost: missing copies ``confirmed`` or ``unexplained`` only."""
        return self.items.filter(
            (pl.col("outcome") == MISSING) & pl.col("likelihood").is_in(list(MARK_LOST_LIKELIHOODS))
        )["barcode"].to_list()

    def mark_found(self) -> list[str]:
        """Barcodes to mark found: copies marked lost or missing that were on the shelf."""
        return self.items.filter(pl.col("outcome") == FOUND_LOST)["barcode"].to_list()

    def check_in(self) -> list[str]:
        """Barcodes to check in at the desk (never mark available: that loses fines and holds)."""
        return self.items.filter(pl.col("outcome") == ON_SHELF_BUT_CHECKED_OUT)["barcode"].to_list()

    def reshelve(self) -> pl.DataFrame:
        """Copies to put back, in the shelf order they belong in: for student aides."""
        return self.items.filter(pl.col("outcome").is_in([MISSHELVED, WRONG_LOCATION])).select(
            "site",
            "call_number",
            "title",
            "barcode",
            "section",
            "location",
            pl.col("detail").alias("where_it_goes"),
            "session",
            "seq",
        )

    def __repr__(self) -> str:
        return "<InventoryResult " + " ".join(self.summary.lines()) + ">"

    def _repr_html_(self) -> str:
        return f"<div><p><b>Inventory of {html.escape(self.scope.describe())}</b></p>{self.summary._repr_html_()}</div>"
