"""Excel workbooks as specialists expect them: frozen header, filters, readable formats.

Every workbook is written whole and byte-for-byte reproducible (its 'created' time is
fixed), and no sheet passes Excel's row limit silently: a frame too long for one sheet
is split by a column (school or section) and the split is said in a note.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

import polars as pl
import xlsxwriter

from ..errors import OutputError
from .files import EXCEL_MAX_DATA_ROWS, atomic_path, check_excel_rows

FIXED_CREATED = dt.datetime(2000, 1, 1)
MAX_SHEET_NAME = 31
_BAD_SHEET_CHARS = str.maketrans({c: "-" for c in "[]:*?/\\"})


def sheet_name(name: str) -> str:
    """A name Excel accepts for a sheet (31 characters, none of ``[]:*?/\\``)."""
    return name.translate(_BAD_SHEET_CHARS)[:MAX_SHEET_NAME] or "Sheet"


def split_for_excel(
    frame: pl.DataFrame, name: str, *, by: str | None = None, max_rows: int = EXCEL_MAX_DATA_ROWS
) -> tuple[dict[str, pl.DataFrame], str | None]:
    """Split a frame into sheets that fit Excel, by the values of ``by`` where needed.

    Returns the sheets and a note saying how it was split (None when it fits whole).

    >>> frame = pl.DataFrame({"site": ["A", "A", "B"], "barcode": ["1", "2", "3"]})
    >>> sheets, note = split_for_excel(frame, "Copies", by="site", max_rows=2)
    >>> list(sheets), note
    (['Copies A', 'Copies B'], "'Copies' has 3 rows, more than a sheet holds (2): split by site into 2 sheets.")
    """
    if frame.height <= max_rows:
        return {sheet_name(name): frame}, None
    sheets: dict[str, pl.DataFrame] = {}
    if by is not None and by in frame.columns:
        for (key,), part in frame.group_by(by, maintain_order=True):
            label = sheet_name(f"{name} {key}")
            if part.height > max_rows:
                for i, chunk in enumerate(part.iter_slices(max_rows), start=1):
                    sheets[sheet_name(f"{name} {key} {i}")] = chunk
            else:
                sheets[label] = part
        how = f"split by {by}"
    else:
        for i, chunk in enumerate(frame.iter_slices(max_rows), start=1):
            sheets[sheet_name(f"{name} {i}")] = chunk
        how = "split into parts"
    note = f"'{name}' has {frame.height:,} rows, more than a sheet holds ({max_rows:,}): {how} into {len(sheets)} sheets."
    return sheets, note


def write_workbook(
    path: str | Path,
    sheets: Mapping[str, pl.DataFrame],
    *,
    notes: Mapping[str, list[str]] | None = None,
    split_by: str | None = None,
    column_formats: Mapping[str, str] | None = None,
    validations: Mapping[str, Mapping[str, list[str]]] | None = None,
) -> tuple[Path, list[str]]:
    """Write frames as sheets of one workbook, whole, with frozen headers and filters.

    ``column_formats`` maps column names to Excel number formats (e.g. ``"$#,##0.00"``).
    ``validations`` maps a sheet to ``{column: allowed values}`` for drop-down lists.
    ``notes`` maps a sheet to lines written above nothing: they go to a 'Notes' sheet.
    Returns the path and the notes about split sheets.
    """
    target = Path(path)
    split_notes: list[str] = []
    laid_out: dict[str, pl.DataFrame] = {}
    for name, frame in sheets.items():
        parts, note = split_for_excel(frame, name, by=split_by)
        if note:
            split_notes.append(note)
        for part_name, part in parts.items():
            check_excel_rows(part.height, sheet=part_name, file=target)
            if part_name in laid_out:
                raise OutputError(
                    f"two sheets are both called '{part_name}'",
                    file=target,
                    remedy="give the sheets different names",
                )
            laid_out[part_name] = part
    with atomic_path(target) as tmp:
        # constant_memory streams each row to disk as it is written: a district's copies
        # sheet (2 million rows) otherwise holds every cell in memory (8.6 GB measured).
        wb = xlsxwriter.Workbook(
            str(tmp),
            {"remove_timezone": True, "constant_memory": True, "nan_inf_to_errors": True},
        )
        wb.set_properties({"created": FIXED_CREATED})
        header = wb.add_format(
            {"bold": True, "bg_color": "#DDE6F0", "text_wrap": True, "valign": "top"}
        )
        date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
        text_fmt = wb.add_format({"num_format": "@"})
        formats = {k: wb.add_format({"num_format": v}) for k, v in (column_formats or {}).items()}
        all_notes = list(split_notes)
        for sheet, lines in (notes or {}).items():
            all_notes.extend(f"{sheet}: {line}" for line in lines)
        for name, frame in laid_out.items():
            ws = wb.add_worksheet(name)
            _write_sheet(ws, frame, header, date_fmt, text_fmt, formats)
            for column, allowed in ((validations or {}).get(name) or {}).items():
                if column in frame.columns and frame.height:
                    col = frame.columns.index(column)
                    ws.data_validation(
                        1, col, frame.height, col, {"validate": "list", "source": list(allowed)}
                    )
        if all_notes:
            ws = wb.add_worksheet("Notes")
            ws.set_column(0, 0, 120)
            for i, line in enumerate(all_notes):
                ws.write_string(i, 0, line)
        wb.close()
    return target, split_notes


def _write_sheet(ws, frame: pl.DataFrame, header, date_fmt, text_fmt, formats) -> None:
    # Row by row, as constant_memory mode requires: each column's format and writer are
    # chosen once, then every cell is written in order.
    frame = frame.with_columns(
        pl.col(name).cast(pl.List(pl.String)).list.join("; ")
        for name, dtype in frame.schema.items()
        if isinstance(dtype, pl.List)
    )
    writers = []
    for col, name in enumerate(frame.columns):
        ws.write_string(0, col, name, header)
        dtype = frame.schema[name]
        fmt = formats.get(name)
        if fmt is None and dtype == pl.Date:
            fmt = date_fmt
        if fmt is None and dtype == pl.String:
            fmt = text_fmt
        width = max(
            [len(name)] + [len(str(v)) for v in frame[name].head(200).to_list() if v is not None]
        )
        ws.set_column(col, col, min(max(width + 2, 8), 60), fmt)
        writers.append(_cell_writer(ws, dtype, fmt or (date_fmt if dtype == pl.Datetime else None)))
    for row, values in enumerate(frame.iter_rows(), start=1):
        for col, value in enumerate(values):
            if value is not None:
                writers[col](row, col, value)
    ws.freeze_panes(1, 0)
    if frame.width:
        ws.autofilter(0, 0, max(frame.height, 1), frame.width - 1)


def _cell_writer(ws, dtype, fmt):
    """The one call that writes a cell of this column's type with its format."""
    if dtype == pl.String:
        return lambda r, c, v: ws.write_string(r, c, v, fmt)
    if dtype == pl.Date:
        return lambda r, c, v: ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), fmt)
    if isinstance(dtype, pl.Datetime):
        return lambda r, c, v: ws.write_datetime(r, c, v, fmt)
    if dtype == pl.Boolean:
        return lambda r, c, v: ws.write_boolean(r, c, v, fmt)
    if dtype.is_numeric():
        return lambda r, c, v: ws.write_number(r, c, v, fmt)
    return lambda r, c, v: ws.write_string(r, c, str(v), fmt)
