"""The collection-health report as an Excel workbook: the figures and the copies behind them.

One sheet per table of `CollectionHealth` (headers as the PDF words them, number
formats, frozen header, filters), then the copies sheets: every copy with the values
the figures are made of, the copies lost in the inventory, and the copies older than
their weeding rule allows. A reader can filter the copies sheet and find any figure again.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ..metrics import CollectionHealth
from .excel import write_workbook
from .health_labels import COPY_MONEY, FORMATS, LABELS, MONEY, label_columns

# Excel allows 31 characters in a sheet name: the PDF's longer titles are cut short here.
SHEET_NAMES: dict[str, str] = {
    "overall": "Whole collection",
    "by_school": "By school",
    "by_section": "By section",
    "by_dewey": "Nonfiction by Dewey class",
    "age_bands": "Age by section",
    "by_year": "Added and weeded per year",
    "by_month": "Checkouts per month",
}
COPIES_SHEET = "Copies"
LOST_SHEET = "Lost in the inventory"
OVER_AGE_SHEET = "Older than their rule"
# The per-copy columns a reader needs to recompute a figure, in reading order.
COPY_COLUMNS = (
    "site",
    "barcode",
    "call_number",
    "title",
    "section",
    "report_class",
    "material_type",
    "status",
    "held",
    "pub_year",
    "age_years",
    "age_band",
    "acquired",
    "price",
    "section_median_price",
    "checkouts_last_year",
    "last_checkout",
    "last_checkout_in_history",
    "last_used",
    "used_last_year",
    "used_3_years",
    "lost_in_inventory",
    "lost_value",
    "rule",
    "max_age_years",
    "over_age",
    "replacement_price",
)


def health_sheets(health: CollectionHealth) -> dict[str, pl.DataFrame]:
    """The sheets of the workbook by name, figures first, then the copies sheets."""
    sheets = {SHEET_NAMES[name]: label_columns(table) for name, table in health.tables().items()}
    copies = health.copies.sort(["site", "shelf_key", "call_number", "barcode"], nulls_last=True)
    copies = copies.select(c for c in COPY_COLUMNS if c in copies.columns)
    sheets[COPIES_SHEET] = copies
    sheets[LOST_SHEET] = copies.filter("lost_in_inventory")
    sheets[OVER_AGE_SHEET] = copies.filter("over_age")
    return sheets


def write_health_workbook(path: str | Path, health: CollectionHealth) -> Path:
    """Write the figures and the copies behind them as one workbook, whole.

    A copies sheet too long for Excel is split by school, and a 'Notes' sheet says so.
    """
    formats = {LABELS[c]: f for c, f in FORMATS.items() if c in LABELS}
    formats |= {c: MONEY for c in COPY_MONEY}
    notes = {
        COPIES_SHEET: [
            "One row per copy in the catalog; 'held' is false for withdrawn, lost, missing, "
            "on-order copies and e-books, which the figures do not count as holdings.",
            *health.notes,
        ]
    }
    target, _ = write_workbook(
        path, health_sheets(health), notes=notes, split_by="site", column_formats=formats
    )
    return target
