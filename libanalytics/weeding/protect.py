"""Protections: copies the program never proposes to withdraw outright.

A protected copy is at most ``review``, and its reasons name the protection:

- the keep list: ISBNs or bib ids of award winners, classics, local history, curriculum
  titles: a list, a table with an ``isbn`` or ``bib_id`` column, a text file with one a
  line and an optional ``# note`` after it, or a CSV/TSV/Excel file whose ISBN or bib id
  column is found by its heading;
- copies acquired in the last two years (``protect_new_copies_years`` in the rules file),
  except copies whose acquired date is the migration day: that date is when the new
  system received them, not when the library bought them;
- in a district file, optionally the last copy of a title in the district
  (``protect_last_copy_in_district = true``).

>>> keep = read_keep_list(["0-306-40615-2", "bib42"])
>>> keep.sort("id").select("id", "protection", "note").rows()
[('9780306406157', 'on the keep list', None), ('bib42', 'on the keep list', None)]
"""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path
from typing import Any

import polars as pl

from ..errors import InputFormatError, RulesError
from ..ingest.profiles import normalise
from ..ingest.tabular import decode
from ..ingest.values import parse_isbns

# ``entry`` is what a person wrote (a file's line, or the id itself): an entry that
# matches no copy is reported by it.
KEEP_COLUMNS = {"id": pl.String, "protection": pl.String, "note": pl.String, "entry": pl.String}
_SPLIT = re.compile(r"[\s,;\t]+")
# Headings (as `normalise` folds them) of the columns a keep-list table is read from.
ISBN_HEADINGS = ("isbn", "isbn 13", "isbn13", "isbn 10", "isbn10", "isbns")
BIB_HEADINGS = (
    "bib id",
    "bibid",
    "bib",
    "biblionumber",
    "bibnum",
    "bib number",
    "bib record",
    "catalog key",
    "record number",
    "title id",
    "control number",
    "id",
)
NOTE_HEADINGS = ("note", "notes", "reason", "why", "comment", "comments", "award")
TEXT_SUFFIXES = ("", ".txt", ".text", ".lst", ".list")
TABLE_SUFFIXES = (".csv", ".tsv", ".tab")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
HEADER_SEARCH_ROWS = 10


def normalise_id(text: str) -> str:
    """An ISBN as 13 digits (ISBN-10 converted, hyphens dropped); other ids trimmed.

    >>> normalise_id("0-306-40615-2"), normalise_id("978-0-306-40615-7"), normalise_id(" 12345 ")
    ('9780306406157', '9780306406157', '12345')
    """
    text = text.strip()
    compact = re.sub(r"[\s-]", "", text).upper()
    if re.fullmatch(r"\d{9}[\dX]", compact) and _isbn10_ok(compact):
        core = "978" + compact[:9]
        total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(core))
        return core + str((10 - total % 10) % 10)
    if re.fullmatch(r"97[89]\d{10}", compact):
        return compact
    return text


def _isbn10_ok(isbn: str) -> bool:
    total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(isbn))
    return total % 11 == 0


def read_keep_list(keep: Any) -> pl.DataFrame:
    """The keep list as a table of ``id`` (ISBN-13 or bib id), ``protection``, ``note``
    and ``entry`` (where the id was written, for reporting entries that match nothing).

    Parameters
    ----------
    keep:
        None for no keep list; a list of ISBNs and bib ids; a polars or pandas table with
        an ``isbn`` or ``bib_id`` column; or a file: plain text (one ISBN or bib id a
        line, ``#`` starts a note or a comment line), CSV or TSV, or an Excel workbook
        (.xlsx), whose ISBN and bib id columns are found by their headings.

    Raises
    ------
    RulesError
        The file cannot be read, is of another kind (.xls, .docx, .pdf...), or a table
        has no ISBN or bib id column.

    Examples
    --------
    >>> table = pl.DataFrame({"title": ["Holes"], "ISBN": ["0-306-40615-2"]})
    >>> read_keep_list(table).select("id", "protection").rows()
    [('9780306406157', 'on the keep list')]
    """
    if keep is None:
        return _frame([])
    if isinstance(keep, pl.DataFrame) or _is_pandas_frame(keep):
        frame = keep if isinstance(keep, pl.DataFrame) else pl.from_pandas(keep)
        return _from_table(
            [list(frame.columns), *frame.cast(pl.String).rows()], "on the keep list", None
        )
    if isinstance(keep, str | Path) and _looks_like_file(keep):
        return _read_file(Path(keep))
    if isinstance(keep, str):
        keep = [keep]
    values = keep.to_list() if isinstance(keep, pl.Series) else list(keep)
    rows = [
        (normalise_id(str(v)), "on the keep list", None, str(v).strip())
        for v in values
        if v is not None and str(v).strip()
    ]
    return _frame(rows)


def unmatched_entries(keep: pl.DataFrame, items: pl.DataFrame) -> list[str]:
    """The keep-list entries whose ids match no copy's ISBN or bib id, in list order.

    >>> items = pl.DataFrame({"isbn": ["9780306406157"], "bib_id": ["b1"]})
    >>> unmatched_entries(read_keep_list(["0-306-40615-2", "b2", "b1"]), items)
    ['b2']
    """
    if keep.height == 0:
        return []
    known = pl.concat(
        [items["isbn"].drop_nulls(), items["bib_id"].drop_nulls().str.strip_chars()]
    ).unique()
    return (
        keep.with_row_index("_order")
        .group_by("entry", maintain_order=True)
        .agg(pl.col("id").is_in(known.implode()).any().alias("_found"), pl.col("_order").min())
        .filter(~pl.col("_found"))
        .sort("_order")["entry"]
        .to_list()
    )


def _frame(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=KEEP_COLUMNS, orient="row").unique("id", keep="first")


def _is_pandas_frame(value: object) -> bool:
    return type(value).__name__ == "DataFrame" and type(value).__module__.startswith("pandas")


def _looks_like_file(keep: str | Path) -> bool:
    if isinstance(keep, Path):
        return True
    return Path(keep).is_file() or bool(re.search(r"[/\\]|\.[A-Za-z]{2,5}$", keep.strip()))


def _read_file(path: Path) -> pl.DataFrame:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise RulesError(
            f"cannot read the keep list ({exc.strerror or exc})",
            file=path,
            remedy="check the path in KEEP_LIST (or --keep), or set it to None",
        ) from None
    suffix = path.suffix.lower()
    label = f"on the keep list ({path.name})"
    if suffix in WORKBOOK_SUFFIXES:
        return _from_table(_workbook_rows(path), label, path)
    if raw.startswith(b"PK\x03\x04") or suffix not in TEXT_SUFFIXES + TABLE_SUFFIXES:
        kind = f"a {suffix} file" if suffix else "not text"
        raise RulesError(
            f"a keep list must be a text file (.txt), a CSV or TSV file or an Excel workbook "
            f"(.xlsx); this is {kind}",
            file=path,
            remedy="save the list as .xlsx or .csv (in Excel: Save As), or as plain text "
            "with one ISBN or bib id a line",
        )
    try:
        text, _ = decode(raw, path)
    except InputFormatError:
        raise RulesError(
            "the keep list is not readable as text",
            file=path,
            remedy="save it as .xlsx, as CSV UTF-8, or as plain text with one ISBN or bib "
            "id a line",
        ) from None
    rows = _text_rows(text)
    at = _header_at(rows)
    if suffix in TABLE_SUFFIXES:
        # A CSV of ids alone, without a heading, is a list like a text file.
        if at is None and _one_column(rows):
            return _from_lines(text, label)
        return _from_table(rows, label, path)
    # A text file is a table only when a heading row names several columns (Title,ISBN).
    if at is not None and sum(1 for c in rows[at] if c and c.strip()) > 1:
        return _from_table(rows, label, path)
    return _from_lines(text, label)


def _from_lines(text: str, label: str) -> pl.DataFrame:
    """One ISBN or bib id a line; ``#`` starts a note; a heading line is skipped."""
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        body, _, note = line.partition("#")
        body = body.strip()
        if not body:
            continue
        first = _SPLIT.split(body)[0].strip("\"'")
        if not first or normalise(first) in ISBN_HEADINGS + BIB_HEADINGS:
            continue
        rows.append((normalise_id(first), label, note.strip() or None, f"line {number}: {first}"))
    return _frame(rows)


def _text_rows(text: str) -> list[list[str | None]]:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: first.count(sep) for sep in ("\t", ",", ";", "|")}
    sep = max(counts, key=lambda s: (counts[s], s == "\t"))
    return [
        list(row) for row in csv.reader(text.splitlines(), delimiter=sep if counts[sep] else ",")
    ]


def _one_column(rows: list[list[str | None]]) -> bool:
    return all(sum(1 for c in row if c and c.strip()) <= 1 for row in rows)


def _header_at(rows: list[list[str | None]]) -> int | None:
    """The row (within the first few) that heads an ISBN or bib id column, or None."""
    for n, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        names = [normalise(c or "") for c in row]
        if any(h in ISBN_HEADINGS or h in BIB_HEADINGS for h in names) and (
            len([c for c in names if c]) > 1 or not _is_id_text(row)
        ):
            return n
    return None


def _is_id_text(row: list[str | None]) -> bool:
    return any(c and re.search(r"\d", c) for c in row)


def _from_table(rows: list[list[Any]], label: str, path: Path | None) -> pl.DataFrame:
    """Rows whose heading row names an ISBN and/or bib id column (and perhaps a note)."""
    rows = [["" if c is None else str(c) for c in row] for row in rows]
    at = _header_at(rows)
    if at is None:
        shown = ", ".join(c for c in (rows[0] if rows else []) if c.strip()) or "none"
        raise RulesError(
            f"the keep list has no column headed ISBN or bib id (headings found: {shown})",
            file=path,
            remedy="head the column of ISBNs 'ISBN' (or of bib ids 'Bib ID'), or give a plain "
            "text file with one ISBN or bib id a line",
        )
    names = [normalise(c) for c in rows[at]]
    isbn_col = _first(names, ISBN_HEADINGS)
    bib_col = _first(names, BIB_HEADINGS)
    note_col = _first(names, NOTE_HEADINGS)
    width = len(names)
    body = [row + [""] * (width - len(row)) for row in rows[at + 1 :]]
    where = "line" if path is None or path.suffix.lower() not in WORKBOOK_SUFFIXES else "row"
    table = pl.DataFrame(
        {
            "isbn": [r[isbn_col].strip() if isbn_col is not None else "" for r in body],
            "bib": [r[bib_col].strip() if bib_col is not None else "" for r in body],
            "note": [r[note_col].strip() if note_col is not None else "" for r in body],
            "number": list(range(at + 2, at + 2 + len(body))),
        },
        schema={"isbn": pl.String, "bib": pl.String, "note": pl.String, "number": pl.Int64},
    ).with_columns(pl.col(c).replace("", None) for c in ("isbn", "bib", "note"))
    # A number a spreadsheet kept of an ISBN-10 may have lost its leading zero.
    raw_isbn = (
        pl.when(pl.col("isbn").str.contains(r"^\d{9}$"))
        .then(pl.col("isbn").str.zfill(10))
        .otherwise(pl.col("isbn"))
    )
    shown = pl.coalesce("isbn", "bib")
    table = table.with_columns(
        isbn_id=pl.coalesce(parse_isbns(raw_isbn), pl.col("isbn")),
        entry=pl.when(pl.lit(path is None))
        .then(shown)
        .otherwise(pl.format(f"{where} {{}}: {{}}", pl.col("number"), shown)),
    ).filter(shown.is_not_null())
    ids = pl.concat(
        [
            table.select(pl.col("isbn_id").alias("id"), "note", "entry", "number"),
            table.select(pl.col("bib").alias("id"), "note", "entry", "number"),
        ]
    ).filter(pl.col("id").is_not_null())
    return _frame(
        ids.sort("number", maintain_order=True)
        .select("id", pl.lit(label).alias("protection"), "note", "entry")
        .rows()
    )


def _first(names: list[str], headings: tuple[str, ...]) -> int | None:
    for heading in headings:
        if heading in names:
            return names.index(heading)
    return None


def _workbook_rows(path: Path) -> list[list[Any]]:
    """The cells of the first sheet with data, whole numbers as exact text."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise RulesError(
            f"the keep list cannot be opened as an Excel workbook ({exc.__class__.__name__})",
            file=path,
            remedy="open it in Excel and save it again as .xlsx, or save it as CSV",
        ) from None
    try:
        for sheet in book.worksheets:
            rows = [
                [_cell(v) for v in row]
                for row in sheet.iter_rows(values_only=True)
                if any(v not in (None, "") for v in row)
            ]
            if rows:
                return rows
        return []
    finally:
        book.close()


def _cell(value: Any) -> str | None:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return None if value is None else str(value)
