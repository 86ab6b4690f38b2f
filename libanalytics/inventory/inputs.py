"""Which files an inventory reads: a scanner folder stands for the files in it."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

# What handheld scanners and their desktop software write.
SCAN_SUFFIXES = (".txt", ".csv", ".dat", ".tsv")


def scan_files(paths: str | Path | Iterable[str | Path]) -> list[Path]:
    """Scanner files from files and folders: a folder gives its scanner files, by name.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> for name in ("day2.txt", "day1.csv", "notes.docx"):
    ...     _ = (folder / name).write_text("")
    >>> [p.name for p in scan_files(folder)]
    ['day1.csv', 'day2.txt']
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(
                p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SCAN_SUFFIXES
            )
        else:
            found.append(path)
    return found
