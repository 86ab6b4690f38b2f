"""Importers: what library systems export, read into the canonical tables.

`load_catalog` reads MARC 21, MARCXML, CSV, TSV and XLSX exports and tells them apart by
their content; `load_circulation` reads checkout reports and keeps no patron column;
`load_scans` reads handheld scanner files. Each returns a `Loaded`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from ..errors import InputFormatError
from ..loaded import Loaded, combine
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
        A file or a list of files: MARC 21 (.mrc), MARCXML, CSV, TSV or XLSX.
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
        if kind in ("MARC", "MARCXML"):
            from .marc import load_marc

            parts.append(load_marc(path, profile=profile, cache=cache))
        elif kind in ("text", "XLSX"):
            from .tabular import load_table

            parts.append(load_table(path, "items", profile=profile, columns=columns))
        else:
            raise _not_readable(path, kind, "a catalog export (MARC 21, MARCXML, CSV, TSV or XLSX)")
    return combine(parts)


def load_circulation(
    paths: PathArg,
    profile: str | None = None,
    columns: Mapping[str, str] | None = None,
) -> Loaded:
    """Read checkout reports (CSV, TSV, XLSX) into the circulation table.

    Only allow-listed columns survive: patron names, barcodes, grades and homerooms are
    dropped as the file is read and appear nowhere, not even in the rejects.
    """
    parts = []
    for path in _paths(paths):
        kind = sniff(path)
        if kind not in ("text", "XLSX"):
            raise _not_readable(path, kind, "a circulation report (CSV, TSV or XLSX)")
        from .tabular import load_table

        parts.append(load_table(path, "circulation", profile=profile, columns=columns))
    return combine(parts)


def load_scans(paths: PathArg, *, site: str | None = None) -> Loaded:
    """Read handheld scanner files: each file is one session, in the order read."""
    parts = []
    for path in _paths(paths):
        kind = sniff(path)
        if kind not in ("text", "empty"):
            raise _not_readable(path, kind, "a scanner file (plain text or CSV)")
        from .scans import load_scan_file

        parts.append(load_scan_file(path, site=site))
    return combine(parts)


def _not_readable(path: Path, kind: str, wanted: str) -> InputFormatError:
    return InputFormatError(
        f"this looks like {NAMES.get(kind, kind)}, not {wanted}",
        file=path,
        remedy="export the data again from the library system in one of the formats named",
    )
