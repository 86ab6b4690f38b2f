"""A Parquet copy of each parsed export, so a notebook re-run does not parse it again.

Entries are keyed by the SHA-256 of the file's bytes (a renamed or moved export still
hits, an edited one never does) together with the reading options and the version of
the code that parsed it. They live in ``.libanalytics-cache`` at the project root, or
in the folder named by the environment variable ``LIBANALYTICS_CACHE``. Deleting the
folder is always safe.

>>> import polars as pl, tempfile, os
>>> os.environ["LIBANALYTICS_CACHE"] = tempfile.mkdtemp()
>>> key = cache_key("0" * 64, "marc", "952")
>>> read(key) is None
True
>>> write(key, {"items": pl.DataFrame({"barcode": ["007"]})}, {"format": "MARC"})
>>> frames, meta = read(key)
>>> frames["items"]["barcode"][0], meta["format"]
('007', 'MARC')
>>> del os.environ["LIBANALYTICS_CACHE"]
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import polars as pl

from .. import paths

ENV = "LIBANALYTICS_CACHE"
_META = "meta.json"


def cache_dir() -> Path:
    """The folder that holds the cache (it may not exist yet)."""
    configured = os.environ.get(ENV)
    return Path(configured) if configured else paths.PROJECT_ROOT / ".libanalytics-cache"


def file_digest(path: str | Path) -> str:
    """SHA-256 of a file's bytes, read in blocks so a large export never sits in memory twice."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def code_version(*modules: Any) -> str:
    """A short hash of the source of the modules that parse a format.

    Part of every key, so a fix to a parser never serves an answer the old code gave.
    """
    digest = hashlib.sha256()
    for module in modules:
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:12]


def cache_key(file_sha256: str, *parts: str | None) -> str:
    """The entry name for a file's hash plus the options that change what is read."""
    options = hashlib.sha256("\x1f".join(p or "" for p in parts).encode()).hexdigest()[:12]
    return f"{file_sha256[:40]}-{options}"


def read(key: str) -> tuple[dict[str, pl.DataFrame], dict[str, Any]] | None:
    """The frames and metadata stored under ``key``, or None when there is no usable entry."""
    entry = cache_dir() / key
    try:
        meta = json.loads((entry / _META).read_text(encoding="utf-8"))
        frames = {name: pl.read_parquet(entry / f"{name}.parquet") for name in meta["frames"]}
    except (OSError, ValueError, KeyError, pl.exceptions.PolarsError):
        # A missing, half-deleted or unreadable entry means parsing again, nothing worse.
        return None
    return frames, meta


def write(key: str, frames: dict[str, pl.DataFrame], meta: dict[str, Any]) -> None:
    """Store frames and metadata under ``key``; a cache that cannot be written is skipped.

    The entry is written into a temporary folder and renamed into place, so a reader
    never sees half an entry.
    """
    root = cache_dir()
    try:
        root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{key}.", dir=root))
    except OSError:
        return
    try:
        for name, frame in frames.items():
            frame.write_parquet(tmp / f"{name}.parquet")
        (tmp / _META).write_text(
            json.dumps({**meta, "frames": list(frames)}, ensure_ascii=False), encoding="utf-8"
        )
        os.replace(tmp, root / key)
    except OSError:
        # Read-only folder, full disk, or another process stored the same entry first.
        pass
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
