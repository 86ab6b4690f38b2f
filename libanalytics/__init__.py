"""libanalytics: inventory and weeding analytics for school libraries.

>>> import libanalytics as la
>>> sorted(la.DECISIONS)
['candidate', 'keep', 'review']
"""

from .callnumber import parse_call_numbers, shelf_key
from .errors import (
    ColumnMappingError,
    InputFormatError,
    LibAnalyticsError,
    MangledBarcodeError,
    OutputError,
    RulesError,
    SchemaError,
)
from .ingest import load_catalog, load_circulation, load_scans
from .inventory import reconcile
from .loaded import FileSource, Loaded
from .metrics import collection_metrics
from .schema import COPY_OUTCOMES, DECISIONS, READ_OUTCOMES, SECTIONS, STATUSES
from .weeding import Rules, WeedingResult, load_rules, score_weeding

__all__ = [
    "COPY_OUTCOMES",
    "DECISIONS",
    "READ_OUTCOMES",
    "SECTIONS",
    "STATUSES",
    "ColumnMappingError",
    "FileSource",
    "InputFormatError",
    "LibAnalyticsError",
    "Loaded",
    "MangledBarcodeError",
    "OutputError",
    "Rules",
    "RulesError",
    "SchemaError",
    "WeedingResult",
    "collection_metrics",
    "load_catalog",
    "load_circulation",
    "load_rules",
    "load_scans",
    "parse_call_numbers",
    "reconcile",
    "score_weeding",
    "shelf_key",
]
__version__ = "0.1.0"
