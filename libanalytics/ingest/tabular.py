"""Spreadsheet reports (CSV, TSV, XLSX) read into the items or circulation table.

Every cell is read as text and typed here, never by a spreadsheet library's guess:
barcodes stay text with their leading zeros, dates are read in the forms library systems
write, and a barcode that Excel turned into a number is refused with an explanation.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "copies.csv").write_text(
...     "Barcode,Title,Call Number,Sublocation,Date Acquired,Price\\n"
...     "000123,Frog and Toad,E LOB,Easy,3/7/2019,$12.99\\n", encoding="utf-8")
>>> loaded = load_table(folder / "copies.csv", "items")
>>> loaded.frame.select("barcode", "acquired", "price").row(0)
('000123', datetime.date(2019, 3, 7), 12.99)
>>> loaded.source.profile, loaded.source.encoding
('destiny', 'utf-8')
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import zipfile
from collections.abc import Mapping
from datetime import date, datetime, time
from pathlib import Path

import numpy as np
import polars as pl

from ..callnumber import add_shelf_columns
from ..errors import InputFormatError
from ..loaded import FileSource, Loaded, rejects_frame
from ..schema import conform
from . import koha
from . import values as v
from .profiles import ColumnMap, map_columns, refuse_if_not_a_copy_list
from .sniff import sniff

# Header rows are looked for this far down: some reports put a title and a date above.
HEADER_SEARCH_ROWS = 10
# Excel keeps 15 significant digits; a longer whole number in a cell has lost some.
EXCEL_DIGITS = 15
SHOWN_LINES = 5

_TEXT_COLUMNS = ("site", "bib_id", "title", "author", "call_number", "location")


def load_table(
    path: str | Path,
    table: str,
    profile: str | None = None,
    columns: Mapping[str, str] | None = None,
    *,
    today: date | None = None,
) -> Loaded:
    """Read one CSV, TSV or XLSX report as the ``"items"`` or ``"circulation"`` table.

    Parameters
    ----------
    path:
        The export file. Its kind is told from its content, not its name.
    table:
        ``"items"`` (one row per copy) or ``"circulation"`` (one row per checkout).
    profile:
        The report layout (``"destiny"``, ``"koha"``, ``"sirsidynix"``, ``"alexandria"``,
        ``"generic"``) when detection from the headers guesses wrong.
    columns:
        ``{"their header": "canonical column"}`` to add to or override the match.
    today:
        Decides the century of two-digit years and which years are in the future. By
        default, the end of the newest four-digit year among the file's dates (else the
        file's own date): the data's date, never the clock.

    Returns
    -------
    Loaded
        ``rows_read == rows_loaded + rows_rejected``. Copies whose barcode repeats an
        earlier row's at the same site are rejected, not merged, and a note says how many.
        Only the columns the profile allow-lists are read; for circulation, rejects carry
        the line and a reason, never the text of the row.
    """
    return load_table_lines(path, table, profile, columns, today=today)[0]


def load_table_lines(
    path: str | Path,
    table: str,
    profile: str | None = None,
    columns: Mapping[str, str] | None = None,
    *,
    today: date | None = None,
) -> tuple[Loaded, pl.Series]:
    """`load_table`, with the file's line number of each loaded row (for checks across files)."""
    path = Path(path)
    kind = sniff(path)
    sheet_notes: list[str] = []
    text_file = None
    if kind == "XLSX":
        sheets = _read_xlsx(path)
        cells, lines, sheet_notes = _join_sheets(sheets, table, profile, columns)
        encoding, fmt = None, "XLSX"
        header_at, headers = _find_header(cells, table, profile, columns)
    elif kind in ("text", "empty"):
        text_file = _TextFile(path)
        encoding, fmt = text_file.encoding, text_file.format
        header_at, headers = _find_text_header(text_file, table, profile, columns)
    else:
        raise InputFormatError(
            f"this is not a CSV, TSV or XLSX report (it looks like {kind})",
            file=path,
            remedy="export the report again as CSV or Excel (.xlsx)",
        )
    if table == "items":
        refuse_if_not_a_copy_list(headers, path)
    mapping = map_columns(headers, table, profile=profile, columns=columns, file=path)
    position = {h: i for i, h in reversed(list(enumerate(headers)))}
    wanted = sorted({position[h] for h in mapping.pairs.values()})

    if text_file is not None:
        # Only the mapped columns are read from the file: a district's checkout history
        # has 20 million rows of patron columns that are never even loaded.
        cells, records = text_file.read(wanted, len(headers))
        body, kept = cells.slice(header_at + 1), records.slice(header_at + 1)
        blank, fields = kept["blank"], kept["fields"]
        header_line, lines = _line_at(records["line"], header_at), kept["line"]
    else:
        body = cells.slice(header_at + 1)
        blank = body.select(
            pl.all_horizontal(pl.all().is_null() | (pl.all().str.strip_chars() == ""))
        ).to_series()
        header_line, lines = _line_at(lines, header_at), lines.slice(header_at + 1)
        fields = pl.repeat(len(headers), body.height, dtype=pl.Int32, eager=True)
    raw = body.select(
        lines.alias("line"),
        fields.alias("_fields"),
        *[pl.col(f"c{position[h]}").alias(col) for col, h in mapping.pairs.items()],
    ).filter(~blank)
    rows_read = raw.height
    raw, ragged = _reject_ragged(raw, len(headers), path, text_file)
    # Only `raw` goes on: the cells and the record counts are let go before typing.
    del body, cells, blank, fields, lines
    text_file = kept = records = None
    today = today or _default_today(raw, path)
    if table == "items":
        frame, rejects, notes, kept_lines = _type_items(raw, mapping, today, path)
    else:
        frame, rejects, notes, kept_lines = _type_circulation(raw, mapping, today, path)
    notes = [mapping.describe() + _ignored_note(mapping, table), *sheet_notes, *notes]
    if ragged.height:
        rejects = pl.concat([ragged, rejects]).sort("line", maintain_order=True)
        notes.append(
            f"{ragged.height:,} line{'s' if ragged.height != 1 else ''} had a different number "
            f"of fields from the header and {'were' if ragged.height != 1 else 'was'} rejected "
            "rather than read with its columns shifted (see .rejects)"
        )
    if header_at:
        notes.append(f"the header is on line {header_line}; the lines above it were skipped")
    source = FileSource(
        file=str(path),
        format=fmt,
        profile=mapping.profile.name,
        encoding=encoding,
        rows_read=rows_read,
        rows_loaded=frame.height,
        rows_rejected=rejects.height,
        notes=tuple(notes),
    )
    loaded = Loaded(frame=frame, rejects=rejects, sources=(source,), kind=table)
    return loaded, kept_lines


# -- reading ---------------------------------------------------------------------------


def decode(data: bytes, path: str | Path) -> tuple[str, str]:
    """Text and the name of its encoding: byte-order mark, then strict UTF-8, then cp1252.

    >>> decode("Café".encode("cp1252"), "x.csv")
    ('Café', 'cp1252')
    >>> decode(codecs.BOM_UTF8 + "Café".encode(), "x.csv")
    ('Café', 'utf-8 with BOM')
    """
    for bom, name, label in (
        (codecs.BOM_UTF8, "utf-8", "utf-8 with BOM"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(name), label
            except UnicodeDecodeError as exc:
                # `from None`: the decode error holds the file's bytes, which may name students.
                raise _bad_encoding(path, label, data, len(bom) + exc.start) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise _bad_encoding(path, "UTF-8 or Windows-1252 (cp1252)", data, exc.start) from None


def _bad_encoding(path: str | Path, tried: str, data: bytes, at: int) -> InputFormatError:
    return InputFormatError(
        f"the text is not readable as {tried}",
        file=path,
        line=data[:at].count(b"\n") + 1,
        remedy="export the report again as CSV UTF-8 (in Excel: Save As > CSV UTF-8)",
    )


def _separator(text: str) -> str:
    first = _first_line(text)
    counts = {sep: first.count(sep) for sep in ("\t", ",", ";", "|")}
    best = max(counts, key=lambda s: (counts[s], s == "\t"))
    return best if counts[best] else ","


def _first_line(text: str) -> str:
    """The first line that is not blank, splitting only the start of the text (a
    district's checkout history has 20 million lines; splitting them all cost seconds
    and a list as large as the file)."""
    size = 1 << 16
    while True:
        lines = text[:size].splitlines()
        whole = size >= len(text)
        found = next((line for line in (lines if whole else lines[:-1]) if line.strip()), None)
        if found is not None or whole:
            return found or ""
        size *= 4


def _is_utf8(data: bytes, block: int) -> bool:
    """Whether the bytes are strict UTF-8 with no byte-order mark, checked a block at a
    time so that no decoded copy of the whole file is made.

    >>> _is_utf8("Café".encode(), 2), _is_utf8("Café".encode("cp1252"), 2)
    (True, False)
    """
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    check = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        for start in range(0, len(data), block):
            check.decode(data[start : start + block])
        check.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


class _TextFile:
    """A CSV or TSV report: decoded, split into records, and read a few columns at a time.

    Before any cell is read, one pass over the bytes finds each record's first line, its
    number of fields and whether it is blank. Quotes are followed as a CSV reader does
    (a separator or line break between quotes is part of a cell; a doubled quote toggles
    twice), so the count is exact for a record spanning lines. Knowing the widths first
    means the header can be found and mapped before the body is read, and then only the
    mapped columns are read.
    """

    # Bytes of one block of the pass (a district's history is a gigabyte).
    BLOCK = 1 << 20

    def __init__(self, path: Path) -> None:
        self.path = path
        data = path.read_bytes()
        if _is_utf8(data, self.BLOCK):
            # Strict UTF-8 is read from the file's own bytes, never decoded whole: the
            # text would be a second copy of a district's gigabyte of history.
            self.encoding, self.data = "utf-8", data
        else:
            text, self.encoding = decode(data, path)
            self.data = text.encode("utf-8")
            del text
        del data
        start = self.data[: 1 << 20].decode("utf-8", errors="ignore")
        self.sep = _separator(start)
        self.format = "TSV" if self.sep == "\t" else "CSV"
        self.empty = not self.data or self.data.isspace()
        self.records = _records(self.data, self.sep, self.BLOCK)

    def fields_on(self, record: int) -> int:
        """How many fields the record has (0 for a file with no records)."""
        return int(self.records["fields"][record]) if record < self.records.height else 0

    def row(self, record: int) -> tuple[str | None, ...]:
        """The cells of one of the first records, as many as it has."""
        width = self.fields_on(record)
        return self._read(list(range(width)), width, record + 1).row(record)

    def read(self, wanted: list[int], width: int) -> tuple[pl.DataFrame, pl.DataFrame]:
        """Columns ``wanted`` (named ``c0``, ``c1``... by position) of every record, and
        the records' ``line``, ``fields`` and ``blank``."""
        if self.encoding == "utf-8":
            # polars reads a UTF-8 file itself (mapped, not copied): our copy of its
            # bytes is let go first, a gigabyte for a district's history.
            self.data = b""
        cells = self._read(wanted, max(width, 1), None)
        if cells.height != self.records.height:
            # Our pass and the CSV reader disagree on where records end (a quote they
            # treat differently): count the fields with Python's csv module instead.
            self.records = _records_by_csv(self._bytes(), self.sep)
        if cells.height != self.records.height:
            raise InputFormatError(
                f"the file's quotes (\") do not pair up, so its lines cannot be told apart as a "
                f"{self.format} table",
                file=self.path,
                remedy="open the file in a text editor and check the quotes, or export the "
                "report again",
            )
        self.data = b""
        return cells, self.records

    def _bytes(self) -> bytes:
        """The file as UTF-8 bytes (read again if they were let go)."""
        return self.data or (self.path.read_bytes() if self.encoding == "utf-8" else b"")

    def _read(self, wanted: list[int], width: int, n_rows: int | None) -> pl.DataFrame:
        names = [f"c{i}" for i in wanted]
        if self.empty:
            return pl.DataFrame(schema=dict.fromkeys(names or ["c0"], pl.String))
        try:
            return pl.read_csv(
                self.path if self.encoding == "utf-8" else self.data,
                has_header=False,
                columns=wanted,
                schema=dict.fromkeys((f"c{i}" for i in range(width)), pl.String),
                separator=self.sep,
                truncate_ragged_lines=True,
                missing_columns="insert",
                raise_if_empty=False,
                n_rows=n_rows,
            ).select(names)
        except pl.exceptions.PolarsError:
            # `from None`: polars' message quotes the rows it could not read, which may
            # name students, and a notebook shows the whole chain of a traceback.
            opened = _unclosed_quote(decode(self.path.read_bytes(), self.path)[0])
            if opened is not None:
                raise InputFormatError(
                    f'a quote (") opened on this line is never closed, so the rest of the '
                    f"file cannot be read as a {self.format} table",
                    file=self.path,
                    line=opened,
                    remedy="open the file in a text editor, close or remove that quote, or "
                    "export the report again",
                ) from None
            raise InputFormatError(
                f"the file cannot be read as a {self.format} table",
                file=self.path,
                remedy="open it in a text editor to check it is the report, or export it again",
            ) from None


_RECORDS_SCHEMA = {"line": pl.Int64, "fields": pl.Int32, "blank": pl.Boolean}


def _records(data: bytes, sep: str, block: int) -> pl.DataFrame:
    """Each record's first line, number of fields and blankness, in one vectorised pass.

    Only positions are kept (of separators, line breaks and quotes), never a number for
    every byte, so the pass costs little memory next to the file itself.

    >>> _records(b'a,b\\n"x,\\ny",2\\n\\n1,2,3', ",", 4).rows()
    [(1, 2, False), (2, 2, False), (4, 1, True), (5, 3, False)]
    """
    kinds = np.zeros(256, dtype=np.uint8)  # 0: text in a cell
    kinds[[ord(" "), ord("\t"), ord("\r")]] = 1  # blank space
    kinds[ord(sep)] = 2
    kinds[ord("\n")] = 3
    kinds[ord('"')] = 4
    every = np.frombuffer(data, dtype=np.uint8)
    quoted = np.uint8(0)
    # Carried from one block to the next: the open record's separators, whether it has
    # text so far and its first line, and the line breaks in the blocks before.
    seps_open, text_open, line_open, breaks_total = 0, False, 1, 0
    fields, blank, line = [], [], []
    for start in range(0, len(every), block):
        kind = kinds[every[start : start + block]]
        is_quote = kind == 4
        breaks = np.flatnonzero(kind == 3)
        if quoted or is_quote.any():
            outside = (np.bitwise_xor.accumulate(is_quote, dtype=np.uint8) ^ quoted) == 0
            quoted = np.uint8(not outside[-1])
            seps = np.flatnonzero((kind == 2) & outside)
            ends = breaks[outside[breaks]]
            # Text too: a separator between quotes, and a doubled quote inside quotes (the
            # first of the pair closes, the next opens again).
            follows = np.empty_like(is_quote)
            follows[:-1] = is_quote[1:]
            follows[-1] = start + block < len(every) and every[start + block] == ord('"')
            has_text = (kind == 0) | ((kind == 2) & ~outside) | (is_quote & outside & follows)
        else:
            seps = np.flatnonzero(kind == 2)
            ends = breaks
            has_text = kind == 0
        if ends.size:
            seps_to_end = np.searchsorted(seps, ends)
            counts = np.diff(seps_to_end, prepend=0)
            counts[0] += seps_open
            fields.append(counts + 1)
            # Each record's bytes run from the byte after the last end through its own end.
            last = int(ends[-1])
            starts = np.concatenate(([0], ends[:-1] + 1))
            text = np.logical_or.reduceat(has_text[: last + 1], starts)
            text[0] |= text_open
            blank.append(~text)
            breaks_to_end = np.searchsorted(breaks, ends, side="right") + breaks_total
            line.append(np.concatenate(([line_open], breaks_to_end[:-1] + 1)))
            seps_open = seps.size - int(seps_to_end[-1])
            text_open = bool(has_text[last + 1 :].any())
            line_open = int(breaks_to_end[-1]) + 1
        else:
            seps_open += seps.size
            text_open = text_open or bool(has_text.any())
        breaks_total += breaks.size
    if len(every) and every[-1] != ord("\n"):
        # The last record has no line break after it.
        fields.append(np.array([seps_open + 1]))
        blank.append(np.array([not text_open]))
        line.append(np.array([line_open]))
    return pl.DataFrame(
        {
            "line": np.concatenate(line) if line else [],
            "fields": np.concatenate(fields) if fields else [],
            "blank": np.concatenate(blank) if blank else [],
        },
        schema=_RECORDS_SCHEMA,
    )


def _records_by_csv(data: bytes, sep: str) -> pl.DataFrame:
    """`_records` by Python's csv module: slow, for a file whose quotes our pass reads
    differently from the CSV reader."""
    reader = csv.reader(io.StringIO(data.decode("utf-8"), newline=""), delimiter=sep)
    rows, first = [], 1
    for row in reader:
        rows.append((first, max(len(row), 1), all(not c.strip() for c in row)))
        first = reader.line_num + 1
    return pl.DataFrame(rows, schema=_RECORDS_SCHEMA, orient="row")


def _line_at(lines: pl.Series, row: int) -> int:
    return int(lines[row]) if row < lines.len() else 1


def _reject_ragged(
    raw: pl.DataFrame, width: int, path: Path, text_file: _TextFile | None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Rows with more or fewer fields than the header, as rejects: read anyway, their
    cells would sit under the wrong headers (a title's comma moves every later cell)."""
    sep = {",": "comma", "\t": "tab", ";": "semicolon", "|": "bar (|)"}.get(
        text_file.sep if text_file else ",", "separator"
    )
    fields = pl.col("_fields")
    reason = (
        pl.when(fields > width)
        .then(
            pl.format(
                f"has {{}} fields where the header has {width}: perhaps a {sep} inside a title "
                "without quotes",
                fields,
            )
        )
        .when(fields < width)
        .then(
            pl.format(
                f"has {{}} fields where the header has {width}: perhaps the line was cut short",
                fields,
            )
        )
    )
    # Reasons are fixed phrases and counts: nothing of the row's text, which may name a student.
    rejects = raw.filter(fields != width).select(
        pl.lit(str(path)).alias("file"),
        pl.col("line").cast(pl.Int64),
        pl.lit(None, dtype=pl.String).alias("field"),
        reason.alias("reason"),
    )
    return raw.filter(fields == width).drop("_fields"), rejects


def _unclosed_quote(text: str) -> int | None:
    """The line where a quoted cell opens and is never closed, or None if every quote closes.

    A doubled quote inside a quoted cell (``""``) toggles twice, so counting quotes is
    enough. Only run when a read has failed, so a loop over lines is fine.

    >>> _unclosed_quote('a,b\\n1,"x\\n2,y\\n'), _unclosed_quote('a,b\\n1,"x\\ny",2\\n')
    (2, None)
    """
    opened = None
    for number, line in enumerate(text.split("\n"), start=1):
        if line.count('"') % 2:
            opened = number if opened is None else None
    return opened


def _read_xlsx(path: Path) -> list[tuple[str, pl.DataFrame, pl.Series]]:
    """Every sheet with data: its name, its cells as text (numbers made exact or marked
    lost) and the row number of each row."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise InputFormatError(
            "the Excel workbook cannot be opened (it may be damaged or password-protected)",
            file=path,
            remedy="open it in Excel and save it again as .xlsx, or export the report as CSV",
        ) from None
    sheets = []
    try:
        for sheet in book.worksheets:
            rows: list[list[str | None]] = []
            lines: list[int] = []
            for number, row in enumerate(sheet.iter_rows(), start=1):
                texts = [_cell_text(c.value, getattr(c, "number_format", None)) for c in row]
                if any(t not in (None, "") for t in texts):
                    rows.append(texts)
                    lines.append(number)
            if rows:
                width = max(len(r) for r in rows)
                schema = {f"c{i}": pl.String for i in range(width)}
                cells = pl.DataFrame(
                    [r + [None] * (width - len(r)) for r in rows], schema=schema, orient="row"
                )
                sheets.append((sheet.title, cells, pl.Series("line", lines, dtype=pl.Int64)))
    finally:
        book.close()
    if not sheets:
        sheets.append(
            ("", pl.DataFrame(schema={"c0": pl.String}), pl.Series("line", [], dtype=pl.Int64))
        )
    return sheets


def _join_sheets(
    sheets: list[tuple[str, pl.DataFrame, pl.Series]],
    table: str,
    profile: str | None,
    columns: Mapping[str, str] | None,
) -> tuple[pl.DataFrame, pl.Series, list[str]]:
    """The first sheet with data, and the rows of every later sheet with the same headers.

    A long report is often split over several sheets (our own workbooks split one past
    Excel's row limit); a sheet with other headers (notes, a summary) is left out, and a
    note names it so nothing is dropped silently.
    """
    cells, lines = sheets[0][1], sheets[0][2]
    if len(sheets) == 1:
        return cells, lines, []

    def label(i: int) -> str:
        # A sheet of a checkout report might be named for a student: give its position.
        return f"'{sheets[i][0]}'" if table == "items" else f"number {i + 1}"

    at, headers = _find_header(cells, table, profile, columns)
    joined, same, other = [label(0)], [(cells, lines)], []
    for i, (_, more, more_lines) in enumerate(sheets[1:], start=1):
        more_at, more_headers = _find_header(more, table, profile, columns)
        if more_headers != headers:
            other.append(label(i))
            continue
        joined.append(label(i))
        same.append((more.slice(more_at + 1), more_lines.slice(more_at + 1)))
    width = max(c.width for c, _ in same)
    padded = [
        c.with_columns(pl.lit(None, dtype=pl.String).alias(f"c{i}") for i in range(c.width, width))
        for c, _ in same
    ]
    notes = []
    if len(joined) > 1:
        notes.append(
            f"sheets {', '.join(joined)} have the same headers and were read as one table; "
            "a line number is the row in its own sheet"
        )
    if other:
        notes.append(
            f"sheet{'s' if len(other) != 1 else ''} {', '.join(other)} "
            f"{'have' if len(other) != 1 else 'has'} other headers and "
            f"{'were' if len(other) != 1 else 'was'} not read"
        )
    return pl.concat(padded), pl.concat([ln for _, ln in same]), notes


def _cell_text(value: object, number_format: str | None = None) -> str | None:
    """A cell as the text a person sees, with whole numbers exact (never "123.0").

    >>> _cell_text(30001000012345.0), _cell_text(42, "000000"), _cell_text(3.0001e16)
    ('30001000012345', '000042', '3.00010000000000E+16')
    """
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        if float(value).is_integer():
            if abs(value) >= 10**EXCEL_DIGITS:
                # Excel already rounded it to 15 digits: show it as Excel does, so the barcode
                # check refuses it rather than pretend the digits are right.
                return f"{float(value):.14E}"
            digits = str(int(value))
            if number_format and set(number_format) == {"0"} and value >= 0:
                digits = digits.zfill(len(number_format))
            return digits
        return repr(float(value))
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)


def _find_header(
    cells: pl.DataFrame, table: str, profile: str | None, columns: Mapping[str, str] | None
) -> tuple[int, list[str]]:
    """The row holding the headers: the first of the top rows that maps; else the first."""
    top = cells.head(HEADER_SEARCH_ROWS).rows()
    for i, row in enumerate(top):
        headers = [(h or "").strip() for h in row]
        if _maps(headers, table, profile, columns):
            return i, headers
    return 0, [(h or "").strip() for h in top[0]] if top else []


def _find_text_header(
    text_file: _TextFile, table: str, profile: str | None, columns: Mapping[str, str] | None
) -> tuple[int, list[str]]:
    """`_find_header` for a text file, reading one more line at a time: the header is
    nearly always the first line, and the rows below it (which may name students) are
    then never read whole."""
    first = None
    for i in range(min(HEADER_SEARCH_ROWS, text_file.records.height)):
        headers = [(h or "").strip() for h in text_file.row(i)]
        if _maps(headers, table, profile, columns):
            return i, headers
        first = headers if first is None else first
    return 0, first or []


def _maps(
    headers: list[str], table: str, profile: str | None, columns: Mapping[str, str] | None
) -> bool:
    try:
        map_columns(headers, table, profile=profile, columns=columns)
    except Exception:  # noqa: BLE001 - any failure means "not this row"
        return False
    return True


def _default_today(raw: pl.DataFrame, path: Path) -> date:
    """The last day of the newest four-digit year in the file's dates, else the file's date.

    Only the year matters here (the century of two-digit years, which publication years
    are in the future), so the years are pulled out by one regex rather than by parsing.
    """
    date_cols = [
        c for c in ("acquired", "last_checkout", "checkout_at", "returned_at") if c in raw.columns
    ]
    newest = None
    if date_cols:
        years = [
            # Distinct texts only: a checkout history repeats each time stamp many times.
            pl.col(c).unique().str.extract(r"(?:^|\D)(\d{4})(?:\D|$)").cast(pl.Int32, strict=False)
            for c in date_cols
        ]
        newest = raw.select(
            pl.max_horizontal([y.filter((y > 1900) & (y < 9000)).max() for y in years])
        ).item()
    if newest is None:
        return date.fromtimestamp(os.stat(path).st_mtime)
    return date(newest, 12, 31)


# -- typing ----------------------------------------------------------------------------


def _text(col: str) -> pl.Expr:
    text = pl.col(col).str.strip_chars().str.normalize("NFC")
    return pl.when(text == "").then(None).otherwise(text).alias(col)


def _typed(raw: pl.DataFrame, table: str, today: date) -> list[pl.Expr]:
    parsers = {
        "barcode": v.clean_barcodes,
        "isbn": v.parse_isbns,
        "material_type": v.parse_material_types,
        "status": v.parse_statuses,
        "price": v.parse_prices,
        "total_checkouts": v.parse_counts,
        "pages": v.parse_counts,
        "pub_year": lambda c: v.parse_years(c, today=today),
        "acquired": lambda c: v.parse_dates(c, today=today),
        "last_checkout": lambda c: v.parse_dates(c, today=today),
        "checkout_at": lambda c: v.parse_datetimes(c, today=today),
        "returned_at": lambda c: v.parse_datetimes(c, today=today),
    }
    exprs = [pl.col("line")]
    for col in raw.columns:
        if col == "line" or col.startswith("_"):
            continue
        exprs.append(parsers.get(col, _text)(col))
    return exprs


def _unreadable_notes(raw: pl.DataFrame, typed: pl.DataFrame, mapping: ColumnMap) -> list[str]:
    """One note per column where some cells held text that could not be read."""
    checked = [c for c in typed.columns if c in raw.columns and c in _NOTED]
    if not checked:
        return []
    both = raw.select(pl.col(c).alias(f"_raw_{c}") for c in checked).hstack(
        typed.select("line", *checked)
    )
    flags = both.select("line", *[v.unreadable(f"_raw_{c}", c).alias(c) for c in checked])
    notes = []
    for c in checked:
        bad = flags.filter(pl.col(c))["line"]
        if bad.len():
            where = ", ".join(str(n) for n in bad.head(SHOWN_LINES).to_list())
            more = " ..." if bad.len() > SHOWN_LINES else ""
            notes.append(
                f"column '{mapping.pairs[c]}': {bad.len():,} value{'s' if bad.len() != 1 else ''} "
                f"could not be read as {_NOTED[c]} and {'were' if bad.len() != 1 else 'was'} left "
                f"empty (line{'s' if bad.len() != 1 else ''} {where}{more})"
            )
    return notes


_NOTED = {
    "price": "a price",
    "total_checkouts": "a count",
    "pages": "a page count",
    "pub_year": "a year",
    "acquired": "a date",
    "last_checkout": "a date",
    "isbn": "an ISBN",
}


def _reject(
    frame: pl.DataFrame, problem: pl.Expr, field: str, path: Path
) -> tuple[pl.DataFrame, pl.DataFrame]:
    flagged = frame.with_columns(_problem=problem)
    bad = flagged.filter(pl.col("_problem").is_not_null())
    rejects = bad.select(
        pl.lit(str(path)).alias("file"),
        pl.col("line").cast(pl.Int64),
        pl.lit(field, dtype=pl.String).alias("field"),
        pl.col("_problem").alias("reason"),
    )
    return flagged.filter(pl.col("_problem").is_null()).drop("_problem"), rejects


def _check_barcodes(raw: pl.DataFrame, mapping: ColumnMap, path: Path) -> None:
    v.refuse_mangled_barcodes(
        raw["barcode"], raw["line"], file=str(path), field=mapping.pairs["barcode"]
    )


def _type_items(
    raw: pl.DataFrame, mapping: ColumnMap, today: date, path: Path
) -> tuple[pl.DataFrame, pl.DataFrame, list[str], pl.Series]:
    _check_barcodes(raw, mapping, path)
    typed = raw.select(_typed(raw, "items", today))
    if "status" not in typed.columns and any(c.startswith("_") for c in raw.columns):
        present = [c for c in koha.FLAGS if c in raw.columns]
        typed = typed.with_columns(raw.select(koha.koha_status(present)))
    notes = _unreadable_notes(raw, typed, mapping)
    header = mapping.pairs["barcode"]
    kept, rejects = _reject(typed, v.barcode_problem("barcode"), header, path)

    site = pl.col("site") if "site" in kept.columns else pl.lit(None, dtype=pl.String)
    keyed = kept.with_columns(_site=site)
    # Most catalogs have no repeats: find them with a hash first, and only then work out
    # which earlier line each one repeats.
    repeat = ~pl.struct("_site", "barcode").is_first_distinct()
    problem = pl.lit(None, dtype=pl.String)
    if keyed.select(repeat.any()).item():
        firsts = keyed.group_by("_site", "barcode").agg(_first=pl.col("line").min())
        keyed = keyed.join(
            firsts, on=["_site", "barcode"], how="left", nulls_equal=True, maintain_order="left"
        )
        problem = pl.when(repeat).then(
            pl.format(
                "the same barcode as line {} at this site: a copy cannot be listed twice",
                pl.col("_first"),
            )
        )
    kept, duplicates = _reject(keyed, problem, header, path)
    if duplicates.height:
        notes.append(
            f"{duplicates.height:,} row{'s' if duplicates.height != 1 else ''} repeated the "
            "barcode of an earlier row at the same site and "
            f"{'were' if duplicates.height != 1 else 'was'} rejected, not merged (see .rejects); "
            "fix the duplicate barcodes in the library system"
        )
    rejects = pl.concat([rejects, duplicates]).sort("line")
    frame = add_shelf_columns(conform(kept, "items"))
    lines = kept["line"].cast(pl.Int64)
    return conform(frame, "items"), rejects.select(rejects_frame().columns), notes, lines


def _type_circulation(
    raw: pl.DataFrame, mapping: ColumnMap, today: date, path: Path
) -> tuple[pl.DataFrame, pl.DataFrame, list[str], pl.Series]:
    _check_barcodes(raw, mapping, path)
    returned = "returned_at" in raw.columns
    typed = raw.select(
        *_typed(raw, "circulation", today),
        pl.col("checkout_at").str.strip_chars().alias("_raw_checkout"),
        (pl.col("returned_at") if returned else pl.lit(None, dtype=pl.String)).alias(
            "_raw_returned"
        ),
    )
    no_checkout = pl.col("_raw_checkout").is_null() | (pl.col("_raw_checkout") == "")
    returned_bad = v.unreadable("_raw_returned", "returned_at") if returned else pl.lit(False)
    barcode_problem = v.barcode_problem("barcode")
    # Reasons are fixed phrases: nothing of the row's text, which may name a student.
    reason = (
        pl.when(barcode_problem.is_not_null())
        .then(barcode_problem)
        .when(no_checkout)
        .then(pl.lit("no checkout date"))
        .when(pl.col("checkout_at").is_null())
        .then(pl.lit("the checkout date could not be read"))
        .when(returned_bad)
        .then(pl.lit("the return date could not be read"))
    )
    field = (
        pl.when(barcode_problem.is_not_null())
        .then(pl.lit(mapping.pairs["barcode"]))
        .when(pl.col("checkout_at").is_not_null() & returned_bad)
        .then(pl.lit(mapping.pairs.get("returned_at"), dtype=pl.String))
        .otherwise(pl.lit(mapping.pairs["checkout_at"]))
    )
    flagged = typed.with_columns(_reason=reason, _field=field)
    rejects = flagged.filter(pl.col("_reason").is_not_null()).select(
        pl.lit(str(path)).alias("file"),
        pl.col("line").cast(pl.Int64),
        pl.col("_field").alias("field"),
        pl.col("_reason").alias("reason"),
    )
    kept = flagged.filter(pl.col("_reason").is_null())
    return conform(kept, "circulation"), rejects, [], kept["line"].cast(pl.Int64)


def _ignored_note(mapping: ColumnMap, table: str) -> str:
    n = len(mapping.ignored)
    if not n:
        return ""
    if table == "circulation":
        return f"; {n} other column{'s' if n != 1 else ''} not read (patron columns are never read)"
    names = ", ".join(f"'{h}'" for h in mapping.ignored[:12])
    return f"; not read: {names}{' ...' if n > 12 else ''}"


def headers_of(path: str | Path) -> list[str]:
    """The first line of a text report, split as a CSV: for messages and tests."""
    text, _ = decode(Path(path).read_bytes(), path)
    first = next(iter(text.splitlines()), "")
    return next(csv.reader([first], delimiter=_separator(text)), [])
