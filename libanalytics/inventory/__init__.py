"""Inventory: shelf scans reconciled with the catalog.

`reconcile` takes the catalog and the scanner reads and returns an `InventoryResult`:
every copy in scope with its outcome (in place, misshelved, wrong location, missing, ...)
and a sentence saying what to do, every read with its outcome, and a summary.
"""

from .inputs import scan_files
from .previous import MISSING_SHEET, previous_missing
from .reconcile import reconcile
from .result import EXCEPTIONS, InventoryResult
from .scope import Scope
from .shelf_order import keep_in_shelf_order
from .summary import InventorySummary

__all__ = [
    "EXCEPTIONS",
    "MISSING_SHEET",
    "InventoryResult",
    "InventorySummary",
    "Scope",
    "keep_in_shelf_order",
    "previous_missing",
    "reconcile",
    "scan_files",
]
