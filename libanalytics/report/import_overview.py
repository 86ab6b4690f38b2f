"""What a set of exports holds, as tables a specialist can check before any analysis.

The import notebook (01) shows these: one row per file saying what it is and how it was
recognised, the notes the importer left, every rejected line or record with its reason,
and the copies by section. Every table goes through `libanalytics.tables.for_display`.

>>> import polars as pl
>>> from libanalytics.loaded import FileSource, Loaded, rejects_frame
>>> from libanalytics.schema import conform
>>> loaded = Loaded(
...     frame=conform(pl.DataFrame({"barcode": ["0042", "0043"], "section": ["Easy", "Fiction"],
...                                 "pub_year": [2001, None]}), "items"),
...     rejects=rejects_frame([("copies.csv", 4, "barcode", "no barcode")]),
...     sources=(FileSource("copies.csv", "CSV", "destiny", "utf-8", 3, 2, 1),),
... )
>>> exports_table([loaded]).select("file", "holds", "read", "loaded", "rejected").rows()
[('copies.csv', 'copies', 3, 2, 1), ('Total', None, 3, 2, 1)]
>>> rejects_by_reason([loaded]).rows()
[('copies.csv', 'no barcode', 1), ('Total', None, 1)]
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polars as pl

from ..loaded import NOUNS, Loaded, rejects_frame
from ..schema import SECTIONS
from ..tables import for_display

NO_SECTION = "(no section)"


def _file_name(file: str) -> str:
    return Path(file).name


def exports_table(loads: Sequence[Loaded]) -> pl.DataFrame:
    """One row per file: what it holds, what it was recognised as, and its counts.

    ``read`` counts the lines or records read, ``loaded`` the copies, checkouts or reads
    kept, ``rejected`` the ones refused (``read == loaded + rejected`` always). The rows
    keep the order the files were given; the total row adds the counts.
    """
    rows = [
        {
            "file": _file_name(s.file),
            "holds": NOUNS[loaded.kind],
            "format": s.format,
            "recognised_as": s.profile or "",
            "encoding": s.encoding or "",
            "read": s.rows_read,
            "loaded": s.rows_loaded,
            "rejected": s.rows_rejected,
        }
        for loaded in loads
        for s in loaded.sources
    ]
    schema = {
        "file": pl.String,
        "holds": pl.String,
        "format": pl.String,
        "recognised_as": pl.String,
        "encoding": pl.String,
        "read": pl.Int64,
        "loaded": pl.Int64,
        "rejected": pl.Int64,
    }
    frame = pl.DataFrame(rows, schema=schema)
    return for_display(frame, total={"read": "sum", "loaded": "sum", "rejected": "sum"})


def notes_table(loads: Sequence[Loaded]) -> pl.DataFrame:
    """The importers' notes, one a row: how each file was recognised, what it lacks."""
    rows = [
        (_file_name(s.file), note) for loaded in loads for s in loaded.sources for note in s.notes
    ]
    return pl.DataFrame(rows, schema={"file": pl.String, "note": pl.String}, orient="row")


def rejects_table(loads: Sequence[Loaded]) -> pl.DataFrame:
    """Every rejected line or record: file, where in it, which field, and why.

    Sorted by file and line. Reasons never quote a circulation export's text (it may
    name students): they come from the importers, which never put it there.
    """
    frames = [loaded.rejects for loaded in loads if loaded.rejects.height]
    rejects = pl.concat(frames) if frames else rejects_frame()
    return for_display(
        rejects.with_columns(pl.col("file").map_elements(_file_name, return_dtype=pl.String)),
        sort=["file", "line"],
    )


def rejects_by_reason(loads: Sequence[Loaded]) -> pl.DataFrame:
    """How many lines or records each file lost, and why; with a total row."""
    rejects = rejects_table(loads)
    counts = (
        rejects.group_by("file", "reason", maintain_order=True)
        .len("rejected")
        .with_columns(pl.col("rejected").cast(pl.Int64))
        .sort("file", "rejected", descending=[False, True], maintain_order=True)
    )
    return for_display(counts, total={"rejected": "sum"})


def copies_by_section(items: pl.DataFrame | Loaded) -> pl.DataFrame:
    """Copies per section in the library's section order, with their publication years.

    Columns: ``section``, ``copies``, ``oldest`` and ``median_year`` (publication year),
    ``no_year`` (copies whose export gives no usable year); a total row.

    >>> frame = pl.DataFrame({"section": ["Fiction", "Easy", "Easy", None],
    ...                       "pub_year": [2010, 1990, None, 2020]})
    >>> copies_by_section(frame).rows()
    [('Easy', 2, 1990, 1990, 1), ('Fiction', 1, 2010, 2010, 0), ('(no section)', 1, 2020, 2020, 0), ('Total', 4, 1990, 2010, 1)]
    """
    frame = items.frame if isinstance(items, Loaded) else items
    order = {name: i for i, name in enumerate(SECTIONS)}
    sections = pl.col("section").fill_null(NO_SECTION)
    table = (
        frame.group_by(sections.alias("section"), maintain_order=True)
        .agg(
            pl.len().cast(pl.Int64).alias("copies"),
            pl.col("pub_year").min().cast(pl.Int32).alias("oldest"),
            pl.col("pub_year").median().round(0).cast(pl.Int32).alias("median_year"),
            pl.col("pub_year").is_null().sum().cast(pl.Int64).alias("no_year"),
        )
        .sort(
            pl.col("section").replace_strict(order, default=len(order), return_dtype=pl.Int32),
            "section",
        )
    )
    totals = frame.select(
        pl.lit("Total").alias("section"),
        pl.len().cast(pl.Int64).alias("copies"),
        pl.col("pub_year").min().cast(pl.Int32).alias("oldest"),
        pl.col("pub_year").median().round(0).cast(pl.Int32).alias("median_year"),
        pl.col("pub_year").is_null().sum().cast(pl.Int64).alias("no_year"),
    )
    # The total's oldest and median come from all the copies, not from the section rows.
    return for_display(pl.concat([table, totals]))


def write_import_overview(
    path: str | Path, loads: Sequence[Loaded], items: pl.DataFrame | Loaded | None = None
) -> Path:
    """Write the overview tables as one workbook: files, notes, rejects, sections.

    The workbook is what a specialist keeps or sends on with a question about an export;
    it holds no row of the exports themselves, only counts, notes and the rejects (whose
    reasons never quote a circulation export).
    """
    from .excel import write_workbook

    sheets = {
        "Files": exports_table(loads),
        "Notes": notes_table(loads),
        "Rejects": rejects_table(loads),
    }
    if items is not None:
        sheets["Sections"] = copies_by_section(items)
    written, _ = write_workbook(path, sheets)
    return written
