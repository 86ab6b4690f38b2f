"""`Loaded`: what a loader hands back — the table, the rejects, and how it was read.

>>> import polars as pl
>>> from libanalytics.schema import conform
>>> loaded = Loaded(
...     frame=conform(pl.DataFrame({"barcode": ["0042", "0043"]}), "items"),
...     rejects=rejects_frame([("items.csv", 4, "barcode", "no barcode")]),
...     sources=(FileSource("items.csv", "CSV", "destiny", "utf-8", 3, 2, 1),),
...     kind="items",
... )
>>> print(loaded.summary())
2 copies from items.csv (a destiny CSV export, utf-8); 1 row rejected:
  items.csv line 4, barcode: no barcode
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from .errors import SchemaError
from .schema import TABLES

REJECT_COLUMNS = {"file": pl.String, "line": pl.Int64, "field": pl.String, "reason": pl.String}

NOUNS = {"items": "copies", "circulation": "checkouts", "scans": "reads"}
UNITS = {"MARC": "record", "MARCXML": "record"}
SHOWN_REJECTS = 10


def rejects_frame(rows: Iterable[tuple[str, int | None, str | None, str]] = ()) -> pl.DataFrame:
    """A rejects table from ``(file, line_or_record, field, reason)`` tuples.

    Reasons never quote raw text from a circulation export: it may name students.
    """
    return pl.DataFrame(list(rows), schema=REJECT_COLUMNS, orient="row")


@dataclass(frozen=True)
class FileSource:
    """How one file was read: format, profile, encoding and counts."""

    file: str
    format: str
    profile: str | None = None
    encoding: str | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    notes: tuple[str, ...] = ()

    def describe(self) -> str:
        what = (
            f"a {self.profile} {self.format} export" if self.profile else f"a {self.format} export"
        )
        if self.encoding:
            what += f", {self.encoding}"
        return f"{Path(self.file).name} ({what})"


@dataclass
class Loaded:
    """The result of `load_catalog`, `load_circulation` or `load_scans`.

    ``frame`` is the canonical polars table; ``rejects`` lists what could not be read
    (file, line or record, field, reason); ``sources`` says how each file was
    recognised. Analysis functions accept a `Loaded` or a plain DataFrame alike.
    """

    frame: pl.DataFrame
    rejects: pl.DataFrame = field(default_factory=rejects_frame)
    sources: tuple[FileSource, ...] = ()
    kind: str = "items"

    def __post_init__(self) -> None:
        if self.kind not in TABLES:
            raise SchemaError(
                f"unknown kind of table '{self.kind}'", remedy=f"use one of {', '.join(TABLES)}"
            )
        self.sources = tuple(self.sources)

    # -- counts -------------------------------------------------------------------------
    @property
    def rows_read(self) -> int:
        return sum(s.rows_read for s in self.sources)

    @property
    def rows_loaded(self) -> int:
        return sum(s.rows_loaded for s in self.sources)

    @property
    def rows_rejected(self) -> int:
        return sum(s.rows_rejected for s in self.sources)

    @property
    def source(self) -> FileSource:
        """The one file's `FileSource`, or a combined one for several files."""
        if len(self.sources) == 1:
            return self.sources[0]

        def joined(values: Iterable[str | None]) -> str | None:
            seen = list(dict.fromkeys(v for v in values if v))
            return " + ".join(seen) if seen else None

        return FileSource(
            file=", ".join(s.file for s in self.sources),
            format=joined(s.format for s in self.sources) or "",
            profile=joined(s.profile for s in self.sources),
            encoding=joined(s.encoding for s in self.sources),
            rows_read=self.rows_read,
            rows_loaded=self.rows_loaded,
            rows_rejected=self.rows_rejected,
            notes=tuple(n for s in self.sources for n in s.notes),
        )

    # -- display ------------------------------------------------------------------------
    def summary(self) -> str:
        """What was read, in a sentence or two a specialist can check.

        One file is named in the opening sentence; several are listed a line each with
        what each gave. Rejects are grouped by reason, with where each one is.
        """
        noun = NOUNS[self.kind]
        n = self.frame.height
        what = f"{n:,} {noun if n != 1 else noun[:-1] if noun != 'copies' else 'copy'}"
        if len(self.sources) > 1:
            text = f"{what} from {len(self.sources)} files:"
            for s in self.sources:
                text += f"\n  {s.describe()}: {s.rows_loaded:,} {noun}"
        else:
            text = f"{what} from {'; '.join(s.describe() for s in self.sources) or 'no files'}"
        rejected = self.rejects.height
        if rejected:
            unit = UNITS.get(self.sources[0].format, "row") if self.sources else "row"
            sep = "\n" if len(self.sources) > 1 else "; "
            text += f"{sep}{rejected:,} {unit}{'s' if rejected != 1 else ''} rejected:"
            text += _grouped_rejects(self.rejects, unit)
        notes = [n for s in self.sources for n in s.notes]
        for note in notes:
            text += f"\nNote: {note}"
        return text

    def __repr__(self) -> str:
        return f"<Loaded {self.summary()}>"

    def _repr_html_(self) -> str:
        lines = self.summary().split("\n")
        body = "<br>".join(html.escape(line).replace("  ", "&nbsp;&nbsp;") for line in lines)
        preview = self.frame.head(5)._repr_html_() if self.frame.height else ""
        return f"<div><p>{body}</p>{preview}</div>"

    def to_pandas(self):
        """The table as a pandas DataFrame, for users who prefer pandas."""
        return self.frame.to_pandas()


def _grouped_rejects(rejects: pl.DataFrame, unit: str) -> str:
    """One line per reason (most frequent first), naming where, e.g.

    ``  nepali.marc records 1, 2, 3, 4, 5 and 91 more, 852: holdings field has no barcode (96 times)``
    """
    groups = (
        rejects.with_columns(pl.col("file").fill_null(""), pl.col("field").fill_null(""))
        .group_by("file", "reason", "field", maintain_order=True)
        .agg(pl.col("line"), pl.len().alias("n"))
        .sort("n", descending=True, maintain_order=True)
    )
    out = ""
    for row in groups.head(SHOWN_REJECTS).iter_rows(named=True):
        places = [str(x) for x in row["line"] if x is not None]
        where = Path(row["file"]).name if row["file"] else ""
        if places:
            noun = "line" if unit == "row" else unit
            shown = ", ".join(places[:5]) + (
                f" and {len(places) - 5:,} more" if len(places) > 5 else ""
            )
            where += f" {noun}{'s' if len(places) > 1 else ''} {shown}"
        if row["field"]:
            where += f", {row['field']}"
        count = f" ({row['n']:,} times)" if row["n"] > 1 else ""
        out += f"\n  {where.strip()}: {row['reason']}{count}"
    if groups.height > SHOWN_REJECTS:
        out += f"\n  ... and {groups.height - SHOWN_REJECTS:,} other reasons (see .rejects)"
    return out


def combine(parts: Sequence[Loaded]) -> Loaded:
    """Several files' `Loaded` results as one (each file keeps its own `FileSource`)."""
    if not parts:
        raise SchemaError("no files were given", remedy="pass at least one file path")
    kind = parts[0].kind
    return Loaded(
        frame=pl.concat([p.frame for p in parts], how="vertical_relaxed"),
        rejects=pl.concat([p.rejects for p in parts]),
        sources=tuple(s for p in parts for s in p.sources),
        kind=kind,
    )


def as_frame(data: Any, table: str | None = None) -> pl.DataFrame:
    """A polars DataFrame from a `Loaded`, a polars frame or a pandas frame.

    With ``table``, the frame is also checked against that canonical table.
    """
    if isinstance(data, Loaded):
        frame = data.frame
    elif isinstance(data, pl.DataFrame):
        frame = data
    elif isinstance(data, pl.LazyFrame):
        frame = data.collect()
    elif type(data).__module__.startswith("pandas"):
        frame = pl.from_pandas(data)
        if table is not None:
            frame = _undo_pandas_types(frame, table)
    else:
        raise SchemaError(
            f"expected a table, got {type(data).__name__}",
            remedy="pass the result of a libanalytics loader or a polars/pandas DataFrame",
        )
    if table is not None:
        from .schema import validate

        validate(frame, table)
    return frame


def _undo_pandas_types(frame: pl.DataFrame, table: str) -> pl.DataFrame:
    """pandas stores whole numbers with gaps as floats and dates as datetimes: undo that.

    Text columns are left alone, so a barcode pandas read as a number is still refused.
    """
    from .schema import TABLES

    fixes = []
    for col, dtype in TABLES[table].items():
        if col not in frame.columns or frame.schema[col] == dtype or dtype == pl.String:
            continue
        if frame.schema[col].is_numeric() or frame.schema[col].is_temporal():
            fixes.append(pl.col(col).cast(dtype, strict=False))
    return frame.with_columns(fixes) if fixes else frame
