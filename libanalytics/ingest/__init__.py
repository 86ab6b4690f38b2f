"""Importers: what library systems export, read into the canonical tables.

`load_catalog` reads MARC 21, MARCXML, CSV, TSV and XLSX exports and tells them apart by
their content; `load_circulation` reads checkout reports and keeps no patron column;
`load_scans` reads handheld scanner files. Each returns a `Loaded`.

Each also reads a Parquet file already in the canonical layout (the tables a district
sample writes, or a table saved with ``frame.write_parquet``): its columns must be the
canonical table's, with their types.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from pathlib import Path

import polars as pl

from .. import schema
from ..errors import InputFormatError, SchemaError
from ..loaded import UNITS, FileSource, Loaded, combine, rejects_frame
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
            parts.append(_load_parquet_lines(path, "items"))
        elif kind in ("MARC", "MARCXML"):
            from .marc import load_marc_records

            parts.append(load_marc_records(path, profile=profile, cache=cache))
        elif kind in ("text", "XLSX"):
            from .tabular import load_table_lines

            parts.append(load_table_lines(path, "items", profile=profile, columns=columns))
        else:
            raise _not_readable(path, kind, "a catalog export (MARC 21, MARCXML, CSV, TSV or XLSX)")
    return combine([_note_unrecognised(part) for part in _reject_repeats_across_files(parts)])


def _reject_repeats_across_files(parts: list[tuple[Loaded, pl.Series]]) -> list[Loaded]:
    """Each file's copies, less those whose site and barcode an earlier file already had.

    Each loader rejects repeats within its file; a copy listed in two files (two exports
    of one school that overlap) is the same mistake, so the later copy is rejected with
    its file and line (or record) and a reason naming the earlier file, and a note says
    how many. The first copy stays, as within a file.
    """
    if len(parts) < 2:
        return [loaded for loaded, _ in parts]
    keys = pl.concat(
        [
            loaded.frame.select("site", "barcode").with_columns(
                _part=pl.lit(i, dtype=pl.Int64),
                _row=pl.int_range(pl.len(), dtype=pl.Int64),
                _line=lines.cast(pl.Int64)
                if lines.len() == loaded.frame.height
                else pl.lit(None, dtype=pl.Int64),
            )
            for i, (loaded, lines) in enumerate(parts)
        ]
    )
    key = pl.struct("site", "barcode")
    keys = keys.with_columns(
        _repeat=~key.is_first_distinct(),
        _first_part=pl.col("_part").first().over("site", "barcode"),
        _first_line=pl.col("_line").first().over("site", "barcode"),
    )
    repeats = keys.filter("_repeat")
    if not repeats.height:
        return [loaded for loaded, _ in parts]
    out = []
    for i, (loaded, _) in enumerate(parts):
        mine = repeats.filter(pl.col("_part") == i)
        if not mine.height:
            out.append(loaded)
            continue
        source = loaded.sources[0]
        rejects = mine.select(
            file=pl.lit(source.file, dtype=pl.String),
            line=pl.col("_line"),
            field=pl.lit("barcode", dtype=pl.String),
            reason=pl.format(
                "the same barcode at this site as {} {} {}: a copy cannot be listed twice",
                pl.col("_first_part").replace_strict(
                    {j: _name(p[0]) for j, p in enumerate(parts)}, return_dtype=pl.String
                ),
                pl.col("_first_part").replace_strict(
                    {j: UNITS.get(p[0].sources[0].format, "line") for j, p in enumerate(parts)},
                    return_dtype=pl.String,
                ),
                pl.col("_first_line").cast(pl.String).fill_null("?"),
            ),
        )
        n = mine.height
        dropped = pl.int_range(pl.len(), dtype=pl.Int64).is_in(mine["_row"].implode())
        frame = loaded.frame.filter(~dropped)
        note = (
            f"{n:,} cop{'ies' if n != 1 else 'y'} had a barcode that an earlier file already "
            f"listed at the same site and {'were' if n != 1 else 'was'} rejected, not merged "
            "(see .rejects); fix the duplicate barcodes or drop the overlapping export"
        )
        source = dataclasses.replace(
            source,
            rows_loaded=source.rows_loaded - n,
            rows_rejected=source.rows_rejected + n,
            notes=(*source.notes, note),
        )
        out.append(
            Loaded(
                frame=frame,
                rejects=pl.concat([loaded.rejects, rejects]).sort("line", nulls_last=True),
                sources=(source, *loaded.sources[1:]),
                kind=loaded.kind,
            )
        )
    return out


def _name(loaded: Loaded) -> str:
    return Path(loaded.sources[0].file).name


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

    Parameters
    ----------
    paths:
        A scanner file, a folder (every scanner file in it, .txt, .csv, .dat or .tsv,
        in name order), or a list of files and folders.
    site:
        The school the scans are from, for district-wide inventories.

    Notes
    -----
    A session is named by its file's name without the extension. Two files with the same
    name (``monday/shelf.txt`` and ``tuesday/shelf.txt``) are two sessions, named with
    their folder (``monday/shelf``, ``tuesday/shelf``), never merged into one.
    """
    from ..inventory.inputs import scan_files

    files = scan_files(paths)
    if not files:
        raise InputFormatError(
            "no scanner files were found (a folder gives its .txt, .csv, .dat and .tsv files)",
            file=paths if isinstance(paths, str | Path) else None,
            remedy="pass the scanner files, or the folder that holds them",
        )
    parts = []
    for path, session in zip(files, session_names(files), strict=True):
        kind = sniff(path)
        if _is_parquet(path):
            parts.append(load_parquet(path, "scans"))
            continue
        if kind not in ("text", "empty"):
            raise _not_readable(path, kind, "a scanner file (plain text or CSV)")
        from .scans import load_scan_file

        parts.append(load_scan_file(path, site=site, session=session))
    return combine(parts)


def session_names(paths: Sequence[Path]) -> list[str]:
    """One distinct session name per scanner file: its stem, with its folder when stems repeat.

    >>> session_names([Path("mon/shelf.txt"), Path("tue/shelf.txt"), Path("tue/easy.txt")])
    ['mon/shelf', 'tue/shelf', 'easy']
    >>> session_names([Path("a/shelf.txt"), Path("b/a/shelf.csv"), Path("a/shelf.txt")])
    ['a/shelf', 'a/shelf (2)', 'a/shelf (3)']
    """
    stems = [p.stem for p in paths]
    names = [
        f"{p.parent.name}/{p.stem}" if stems.count(p.stem) > 1 and p.parent.name else p.stem
        for p in paths
    ]
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


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
    source = dataclasses.replace(part.sources[0], notes=(*part.sources[0].notes, note))
    return dataclasses.replace(part, sources=(source,))


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
    return _load_parquet_lines(path, table)[0]


def _load_parquet_lines(path: str | Path, table: str) -> tuple[Loaded, pl.Series]:
    """`load_parquet`, and each kept row's row number in the file (counted from 1)."""
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
    lines = pl.int_range(1, frame.height + 1, dtype=pl.Int64, eager=True)
    rejects = rejects_frame()
    if table == "items":
        first = pl.struct("site", "barcode").is_first_distinct()
        repeats = frame.with_row_index("line", offset=1).filter(~first)
        if repeats.height:
            rejects = rejects_frame(
                (str(path), line, "barcode", "repeats an earlier row's barcode at the same site")
                for line in repeats["line"].to_list()
            )
            kept = frame.select(first).to_series()
            frame, lines = frame.filter(kept), lines.filter(kept)
        from ..callnumber import add_shelf_columns

        frame = schema.conform(add_shelf_columns(frame), "items")
    source = FileSource(
        file=str(path),
        format="Parquet",
        rows_read=frame.height + rejects.height,
        rows_loaded=frame.height,
        rows_rejected=rejects.height,
    )
    return Loaded(frame=frame, rejects=rejects, sources=(source,), kind=table), lines


def _not_readable(path: Path, kind: str, wanted: str) -> InputFormatError:
    return InputFormatError(
        f"this looks like {NAMES.get(kind, kind)}, not {wanted}",
        file=path,
        remedy="export the data again from the library system in one of the formats named",
    )
