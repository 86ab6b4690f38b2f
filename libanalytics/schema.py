"""The canonical tables, their column types, and the shared vocabularies.

Every importer produces these columns (a column the source lacks is null, never
invented), and every analysis reads them. The vocabularies are the words the
inventory, the weeding scores, the sample generator's answer keys and the reports share.

>>> import polars as pl
>>> frame = conform(pl.DataFrame({"barcode": ["000123"]}), "items")
>>> frame.columns[:3], frame["barcode"][0]
(['barcode', 'site', 'bib_id'], '000123')
>>> validate(frame, "items") is frame
True
"""

from __future__ import annotations

from typing import Any

import polars as pl

from .errors import SchemaError

ITEMS: dict[str, Any] = {
    "barcode": pl.String,
    "site": pl.String,
    "bib_id": pl.String,
    "title": pl.String,
    "author": pl.String,
    "isbn": pl.String,
    "call_number": pl.String,
    "section": pl.String,
    "dewey": pl.String,
    "shelf_key": pl.String,
    "location": pl.String,
    "material_type": pl.String,
    "pub_year": pl.Int32,
    "acquired": pl.Date,
    "price": pl.Float64,
    "status": pl.String,
    "total_checkouts": pl.Int32,
    "last_checkout": pl.Date,
    "pages": pl.Int32,
}

CIRCULATION: dict[str, Any] = {
    "barcode": pl.String,
    "site": pl.String,
    "checkout_at": pl.Datetime("us"),
    "returned_at": pl.Datetime("us"),
    "material_type": pl.String,
}

SCANS: dict[str, Any] = {
    "barcode": pl.String,
    "raw": pl.String,
    "site": pl.String,
    "session": pl.String,
    "seq": pl.Int64,
    "scanned_at": pl.Datetime("us"),
    "location": pl.String,
}

TABLES: dict[str, dict[str, Any]] = {"items": ITEMS, "circulation": CIRCULATION, "scans": SCANS}

# Copy status, as the library system says it (mapped from each system's codes).
STATUSES = (
    "available",
    "checked_out",
    "lost",
    "missing",
    "withdrawn",
    "damaged",
    "in_transit",
    "on_order",
    "other",
)
# Expected on the shelf during an inventory.
SHELF_STATUSES = ("available", "damaged")

MATERIAL_TYPES = (
    "book",
    "ebook",
    "audiobook",
    "eaudiobook",
    "DVD",
    "CD",
    "kit",
    "periodical",
    "equipment",
    "map",
    "other",
)
# Copies that have no shelf: never expected in an inventory, never on a pull list.
ELECTRONIC_TYPES = ("ebook", "eaudiobook")

# Sections of a school library, the words call-number parsing returns.
SECTIONS = (
    "Easy",
    "Fiction",
    "Story Collection",
    "Graphic Novel",
    "Nonfiction",
    "Biography",
    "Reference",
    "Professional",
    "Audiovisual",
    "Other",
)

# Inventory outcomes for copies.
IN_PLACE = "in_place"
MISSHELVED = "misshelved"
WRONG_LOCATION = "wrong_location"
MISSING = "missing"
CHECKED_OUT = "checked_out"
ON_SHELF_BUT_CHECKED_OUT = "on_shelf_but_checked_out"
FOUND_LOST = "found_lost"
WITHDRAWN_ON_SHELF = "withdrawn_on_shelf"
NOT_EXPECTED = "not_expected"
COPY_OUTCOMES = (
    IN_PLACE,
    MISSHELVED,
    WRONG_LOCATION,
    MISSING,
    CHECKED_OUT,
    ON_SHELF_BUT_CHECKED_OUT,
    FOUND_LOST,
    WITHDRAWN_ON_SHELF,
    NOT_EXPECTED,
)

# Inventory outcomes for reads.
MATCHED = "matched"
DUPLICATE = "duplicate"
UNKNOWN_BARCODE = "unknown_barcode"
ISBN_READ = "isbn"
MALFORMED = "malformed"
READ_OUTCOMES = (MATCHED, DUPLICATE, UNKNOWN_BARCODE, ISBN_READ, MALFORMED)

# Likelihood that a missing copy is really gone.
MISSING_LIKELIHOODS = ("fine", "skipped_shelf", "confirmed", "unexplained")

# Weeding decisions: the program proposes, a person decides.
CANDIDATE = "candidate"
REVIEW = "review"
KEEP = "keep"
DECISIONS = (CANDIDATE, REVIEW, KEEP)

# What a person writes on the pull list.
PULL_DECISIONS = ("withdraw", "keep", "mend", "replace", "move")
MUSTIE = ("misleading", "ugly", "superseded", "trivial", "irrelevant", "elsewhere")


def _table(table: str | dict[str, Any]) -> tuple[str, dict[str, Any]]:
    if isinstance(table, dict):
        return "table", table
    try:
        return table, TABLES[table]
    except KeyError:
        raise SchemaError(
            f"there is no table called '{table}'",
            remedy=f"use one of {', '.join(TABLES)}",
        ) from None


def empty(table: str) -> pl.DataFrame:
    """An empty frame with the columns and types of a canonical table."""
    _, columns = _table(table)
    return pl.DataFrame(schema=columns)


def conform(frame: pl.DataFrame, table: str) -> pl.DataFrame:
    """Put a frame into canonical shape: every column, in order, with its type.

    Missing columns are added as nulls (never invented); extra columns are dropped, which
    is also what keeps anything not allow-listed out of every output. Columns are cast
    strictly: a value that does not fit raises, because a silent null would lose data.
    """
    name, columns = _table(table)
    exprs = []
    for col, dtype in columns.items():
        if col in frame.columns:
            exprs.append(pl.col(col).cast(dtype, strict=True))
        else:
            exprs.append(pl.lit(None, dtype=dtype).alias(col))
    try:
        return frame.select(exprs)
    except pl.exceptions.PolarsError:
        pass
    # Only on failure: cast column by column to name the one that does not fit.
    for col, dtype in columns.items():
        if col not in frame.columns:
            continue
        try:
            frame.select(pl.col(col).cast(dtype, strict=True))
        except pl.exceptions.PolarsError:
            raise SchemaError(
                f"column '{col}' of the {name} table could not be given its type ({dtype}): "
                "a value in it does not fit",
                field=col,
                remedy="check that column against the canonical table in DESIGN.md",
            ) from None
    raise SchemaError(
        f"a column of the {name} table could not be given its type",
        remedy="check the columns against the canonical table in DESIGN.md",
    )


def validate(frame: Any, table: str) -> pl.DataFrame:
    """Check a frame against a canonical table and return it unchanged.

    Raises `SchemaError` naming the first missing column or the first column whose type
    is wrong, with the type it should have. Extra columns are allowed (analysis results
    add their own).

    >>> validate(pl.DataFrame({"barcode": [123]}), "scans")
    Traceback (most recent call last):
    ...
    libanalytics.errors.SchemaError: column 'barcode': holds whole numbers (Int64) but must hold text (String); barcodes are text so that leading zeros survive. What to do: read the file with libanalytics' loaders, which keep barcodes as text.
    """
    name, columns = _table(table)
    if not isinstance(frame, pl.DataFrame):
        raise SchemaError(
            f"expected a table of {name}, got {type(frame).__name__}",
            remedy="pass the result of a libanalytics loader or a polars/pandas DataFrame",
        )
    for col, dtype in columns.items():
        if col not in frame.columns:
            raise SchemaError(
                f"the {name} table has no '{col}' column",
                field=col,
                remedy="load the export with a libanalytics loader, or add the column (it may be empty)",
            )
        actual = frame.schema[col]
        if actual == pl.Null:
            continue
        if not _same_type(actual, dtype):
            hint = ""
            if col == "barcode":
                hint = "; barcodes are text so that leading zeros survive"
            raise SchemaError(
                f"holds {_describe(actual)} ({actual}) but must hold {_describe(dtype)} ({dtype}){hint}",
                field=col,
                remedy="read the file with libanalytics' loaders, which keep barcodes as text"
                if col == "barcode"
                else f"convert the column to {_describe(dtype)}",
            )
    return frame


def _same_type(actual: Any, expected: Any) -> bool:
    if isinstance(expected, pl.Datetime) or expected == pl.Datetime:
        return isinstance(actual, pl.Datetime) or actual == pl.Datetime
    return actual == expected


def _describe(dtype: Any) -> str:
    if dtype == pl.String:
        return "text"
    if dtype in (pl.Int8, pl.Int16, pl.Int32, pl.Int64, pl.UInt32, pl.UInt64):
        return "whole numbers"
    if dtype in (pl.Float32, pl.Float64):
        return "decimal numbers"
    if dtype == pl.Date:
        return "dates"
    if isinstance(dtype, pl.Datetime) or dtype == pl.Datetime:
        return "dates with times"
    if dtype == pl.Boolean:
        return "yes/no values"
    return str(dtype)
