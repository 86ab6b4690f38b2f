"""Importers: what library systems export, read into the canonical tables.

`load_catalog` reads MARC 21, MARCXML, CSV, TSV and XLSX exports and tells them apart by
their content; `load_circulation` reads checkout reports and keeps no patron column;
`load_scans` reads handheld scanner files. Each returns a `Loaded`.

Each also reads a Parquet file already in the canonical layout (the tables a district
sample writes, or a table saved with ``frame.write_parquet``): its columns must be the
canonical table's, with their types.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

import polars as pl

from .. import schema
from ..errors import InputFormatError, SchemaError
from ..loaded import FileSource, Loaded, combine, rejects_frame
from .sniff import NAMES, sniff

PathArg = str | Path | Sequence[str | Path]


def _paths(paths: PathArg) -> list[Path]:
    if isinstance(paths, str | Path):
        return [Path(paths)]
    out = [Path(p) for p in paths]
    if not out:
        raise InputFormatError("no files were given", remedy="pass a path or a list of paths")
    return out


def load_catalog(
    paths: PathArg,
    profile: str | None = None,
    columns: Mapping[str, str] | None = None,
    *,
    cache: bool = True,
) -> Loaded:
    """Read catalog exports (one row per copy) into the canonical items table.

    Parameters
    ----------
    paths:
        A file or a list of files: MARC 21 (.mrc), MARCXML, CSV, TSV or XLSX, or
        Parquet in the canonical items layout.
    profile:
        The export's layout when detection guesses wrong: for MARC ``"852"``,
        ``"952"`` or ``"949"`` (or ``"destiny"``, ``"koha"``, ``"sirsi"`` ...); for
        spreadsheets a report profile: ``"destiny"``, ``"koha"``, ``"sirsidynix"``,
        ``"alexandria"`` or ``"generic"``.
    columns:
        For spreadsheets, ``{"their header": "canonical column"}`` to add to the mapping.
    cache:
        Keep a Parquet copy keyed by the file's content so a re-run is instant.

    Notes
    -----
    A catalog here is one row per copy, with its barcode. A title list (one row per title
    and location with a copy count and no barcodes, like Seattle Public Library's open
    "Library Collection Inventory") is refused as "not a copy-level catalog", with a
    message saying what it is and that a copy report is needed: an inventory or a pull
    list needs each copy's barcode, and inventing copies from a count would be a guess.
    A code dictionary (columns "Code" and "Description") is refused as not a catalog.
    Copies whose barcode repeats an earlier row's at the same site are rejected (see
    ``.rejects``) and a note says how many; they are never merged.
    """
    parts = []
    for path in _paths(paths):
        kind = sniff(path)
        if _is_parquet(path):
            parts.append(load_parquet(path, "items"))
        elif kind in ("MARC", "MARCXML"):
            from .marc import load_marc

            parts.append(load_marc(path, profile=profile, cache=cache))
        elif kind in ("text", "XLSX"):
            from .tabular import load_table

            parts.append(load_table(path, "items", profile=profile, columns=columns))
        else:
            raise _not_readable(path, kind, "a catalog export (MARC 21, MARCXML, CSV, TSV or XLSX)")
    return combine([_note_unrecognised(part) for part in parts])


def load_circulation(
    paths: PathArg,
    profile: str | None = None,
    columns: Mapping[str, str] | None = None,
) -> Loaded:
    """Read checkout reports (CSV, TSV, XLSX, or canonical Parquet) into the circulation table.

    Only allow-listed columns survive: patron names, barcodes, grades and homerooms are
    dropped as the file is read and appear nowhere, not even in the rejects.
    """
    parts = []
    for path in _paths(paths):
        kind = sniff(path)
        if _is_parquet(path):
            parts.append(load_parquet(path, "circulation"))
            continue
        if kind not in ("text", "XLSX"):
            raise _not_readable(path, kind, "a circulation report (CSV, TSV or XLSX)")
        from .tabular import load_table

        parts.append(load_table(path, "circulation", profile=profile, columns=columns))
    return combine(parts)


def load_scans(paths: PathArg, *, site: str | None = None) -> Loaded:
    """Read handheld scanner files: each file is one session, in the order read.

    A canonical scans table saved as Parquet (many sessions in one file) is read as it is.
    """
    parts = []
    for path in _paths(paths):
        kind = sniff(path)
        if _is_parquet(path):
            parts.append(load_parquet(path, "scans"))
            continue
        if kind not in ("text", "empty"):
            raise _not_readable(path, kind, "a scanner file (plain text or CSV)")
        from .scans import load_scan_file

        parts.append(load_scan_file(path, site=site))
    return combine(parts)


def _note_unrecognised(part: Loaded) -> Loaded:
    """Add a note when copies of this file have call numbers no section rule read."""
    from ..callnumber import unrecognised_count

    n = unrecognised_count(part.frame)
    if not n or len(part.sources) != 1:
        return part
    note = (
        f"{n:,} cop{'ies have' if n != 1 else 'y has'} call numbers we could not read "
        "(section Other); they are kept and shelved after the known sections"
    )
    source = replace(part.sources[0], notes=(*part.sources[0].notes, note))
    return replace(part, sources=(source,))


PARQUET_MAGIC = b"PAR1"


def _is_parquet(path: Path) -> bool:
    """Whether the file starts with Parquet's magic bytes (call after `sniff` opened it)."""
    with Path(path).open("rb") as fh:
        return fh.read(4) == PARQUET_MAGIC


def load_parquet(path: str | Path, table: str) -> Loaded:
    """Read a Parquet file that holds a canonical table (``"items"``, ``"circulation"``
    or ``"scans"``): exactly that table's columns, with their types.

    Parquet here is not a library system's export but a table libanalytics (or a
    colleague with polars) wrote, so nothing is mapped or guessed: a file with other
    columns is refused, naming them. Copies whose barcode repeats an earlier row's at
    the same site are rejected, as every catalog loader does.

    Examples
    --------
    >>> import tempfile, pathlib, polars as pl
    >>> from libanalytics.schema import conform
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "items.parquet"
    >>> conform(pl.DataFrame({"barcode": ["0042", "0042", "0043"]}), "items").write_parquet(path)
    >>> loaded = load_parquet(path, "items")
    >>> loaded.frame["barcode"].to_list(), loaded.rejects["line"].to_list()
    (['0042', '0043'], [2])
    """
    path = Path(path)
    columns = schema.TABLES[table]
    try:
        frame = pl.read_parquet(path)
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise InputFormatError(
            f"this Parquet file could not be read ({exc.__class__.__name__})",
            file=path,
            remedy="write the file again; it may have been cut short while copying",
        ) from None
    missing = [c for c in columns if c not in frame.columns]
    extra = [c for c in frame.columns if c not in columns]
    if missing or extra:
        problem = f"this Parquet file is not a canonical {table} table:"
        if missing:
            problem += f" it has no {', '.join(repr(c) for c in missing)} column{'s' if len(missing) > 1 else ''}"
        if extra:
            shown = ", ".join(repr(c) for c in extra[:5]) + (" ..." if len(extra) > 5 else "")
            problem += f"{';' if missing else ''} it has columns the table does not ({shown})"
        raise InputFormatError(
            problem,
            file=path,
            remedy=f"use a Parquet file with exactly the {table} columns of DESIGN.md, or the "
            "library system's own export (MARC, CSV or XLSX), which the loaders map",
        )
    try:
        schema.validate(frame, table)
    except SchemaError as exc:
        raise InputFormatError(exc.problem, file=path, field=exc.field, remedy=exc.remedy) from None
    frame = frame.select(list(columns))
    rejects = rejects_frame()
    if table == "items":
        first = pl.struct("site", "barcode").is_first_distinct()
        repeats = frame.with_row_index("line", offset=1).filter(~first)
        if repeats.height:
            rejects = rejects_frame(
                (str(path), line, "barcode", "repeats an earlier row's barcode at the same site")
                for line in repeats["line"].to_list()
            )
            frame = frame.filter(first)
        from ..callnumber import add_shelf_columns

        frame = schema.conform(add_shelf_columns(frame), "items")
    source = FileSource(
        file=str(path),
        format="Parquet",
        rows_read=frame.height + rejects.height,
        rows_loaded=frame.height,
        rows_rejected=rejects.height,
    )
    return Loaded(frame=frame, rejects=rejects, sources=(source,), kind=table)


def _not_readable(path: Path, kind: str, wanted: str) -> InputFormatError:
    return InputFormatError(
        f"this looks like {NAMES.get(kind, kind)}, not {wanted}",
        file=path,
        remedy="export the data again from the library system in one of the formats named",
    )
