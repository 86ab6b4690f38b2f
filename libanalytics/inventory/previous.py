"""Last year's inventory: an `InventoryResult`, or the workbook `libanalytics inventory` wrote.

Only the copies missing last year matter here: a copy missing again is ``confirmed``,
and the summary compares this year's losses by section with last year's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polars as pl

from ..errors import InputFormatError, LibAnalyticsError
from ..schema import MISSING

# The workbook sheet that lists missing copies; the report writes it, this module reads it.
MISSING_SHEET = "Missing"

PREVIOUS_COLUMNS = {
    "barcode": pl.String,
    "site": pl.String,
    "section": pl.String,
    "replacement_price": pl.Float64,
}


def previous_missing(previous: Any) -> pl.DataFrame | None:
    """The copies missing in last year's inventory, with their section and value.

    ``previous`` is an `InventoryResult`, a table with ``barcode`` and ``outcome``
    columns, the path of a workbook written by `libanalytics inventory`, or None.
    """
    if previous is None:
        return None
    items = getattr(previous, "items", None)
    if isinstance(items, pl.DataFrame):
        return _from_items(items)
    if isinstance(previous, pl.DataFrame):
        return _from_items(previous)
    if isinstance(previous, str | Path):
        return _from_workbook(Path(previous))
    raise LibAnalyticsError(
        f"previous must be last year's inventory result or its workbook, got {type(previous).__name__}",
        field="previous",
        remedy="pass the result of reconcile() or the path of last year's inventory workbook",
    )


def _from_items(items: pl.DataFrame) -> pl.DataFrame:
    if "outcome" not in items.columns or "barcode" not in items.columns:
        raise LibAnalyticsError(
            "last year's inventory has no 'barcode' and 'outcome' columns",
            field="previous",
            remedy="pass the result of reconcile() or the path of last year's inventory workbook",
        )
    missing = items.filter(pl.col("outcome") == MISSING)
    return _shape(missing)


def _shape(frame: pl.DataFrame) -> pl.DataFrame:
    cols = []
    for name, dtype in PREVIOUS_COLUMNS.items():
        if name in frame.columns:
            cols.append(pl.col(name).cast(dtype, strict=False))
        else:
            cols.append(pl.lit(None, dtype).alias(name))
    return frame.select(cols)


def _from_workbook(path: Path) -> pl.DataFrame:
    if not path.is_file():
        raise InputFormatError(
            "last year's inventory workbook is not there",
            file=path,
            remedy="give the path of the .xlsx that `libanalytics inventory` wrote last year",
        )
    try:
        import openpyxl

        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise InputFormatError(
            f"cannot read it as an Excel workbook ({exc.__class__.__name__})",
            file=path,
            remedy="give the .xlsx that `libanalytics inventory` wrote last year",
        ) from None
    frames = []
    try:
        sheets = [name for name in book.sheetnames if name.startswith(MISSING_SHEET)]
        if not sheets:
            raise InputFormatError(
                f"the workbook has no '{MISSING_SHEET}' sheet",
                file=path,
                remedy="give the inventory workbook `libanalytics inventory` wrote, unchanged in its sheet names",
            )
        for name in sheets:
            rows = book[name].iter_rows(values_only=True)
            header = next(rows, None)
            if not header or "barcode" not in header:
                raise InputFormatError(
                    f"sheet '{name}' has no 'barcode' column",
                    file=path,
                    field="barcode",
                    remedy="keep the column headings of the inventory workbook as they were written",
                )
            names = [str(h) for h in header]
            data = [
                dict(zip(names, row, strict=False))
                for row in rows
                if any(v is not None for v in row)
            ]
            frame = pl.DataFrame(
                {
                    c: [None if r.get(c) is None else r.get(c) for r in data]
                    for c in PREVIOUS_COLUMNS
                    if c in names
                },
                strict=False,
            )
            if "barcode" in frame.columns:
                frame = frame.with_columns(pl.col("barcode").cast(pl.String))
            frames.append(_shape(frame))
    finally:
        book.close()
    return pl.concat(frames) if frames else _shape(pl.DataFrame({"barcode": []}))
