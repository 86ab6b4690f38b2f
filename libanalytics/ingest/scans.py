"""Handheld scanner files read into the scans table: one file, one session, in order.

Three layouts are read, and may be mixed in one file:

- one barcode a line;
- lines numbered by the scanner, ``12:31234000123456`` (the number is dropped);
- CSV with times, ``barcode,serial,hh:mm:ss,dd/mm/yyyy`` (a header line is skipped).

A line starting with ``#`` is a comment, except ``# location: NAME``, which marks the
shelves the following reads come from. Blank lines are not reads. A read that cannot be a
barcode (control characters, junk, far too long) is kept with ``barcode`` null and ``raw``
as read, so the inventory can report it as malformed instead of losing it.

>>> import tempfile, pathlib
>>> f = pathlib.Path(tempfile.mkdtemp()) / "shelf_a.txt"
>>> _ = f.write_text("# location: Easy\\n000123\\n\\n2:000124\\n\\x07\\x07\\n", encoding="utf-8")
>>> scans = load_scan_file(f)
>>> scans.frame.select("barcode", "session", "seq", "location").rows()
[('000123', 'shelf_a', 1, 'Easy'), ('000124', 'shelf_a', 2, 'Easy'), (None, 'shelf_a', 3, 'Easy')]
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ..loaded import FileSource, Loaded, rejects_frame
from ..schema import conform
from .tabular import decode

# Longest barcode a school library uses is 14 digits; Code 128 labels stay well under this.
MAX_BARCODE_LENGTH = 24

_CSV_READ = r"^([^,]*),([^,]*),\s*(\d{1,2}:\d{2}:\d{2})\s*,\s*(\d{1,2}/\d{1,2}/\d{4})\s*$"
_NUMBERED = r"^\s*\d+\s*:\s*"
_LOCATION = r"(?i)^#\s*location\s*:\s*(.*?)\s*$"


def load_scan_file(
    path: str | Path, site: str | None = None, *, session: str | None = None
) -> Loaded:
    """Read one scanner file as one session (named by the file's stem unless ``session``).

    Parameters
    ----------
    path:
        The scanner file (text or CSV, any of the layouts above).
    site:
        The school the scans are from, for district-wide inventories.
    session:
        The session's name; `load_scans` gives files that share a stem distinct names.

    Returns
    -------
    Loaded
        Every read is loaded (``rows_rejected`` is 0); reads that cannot be a barcode have
        a null ``barcode`` and a note says how many.
    """
    path = Path(path)
    text, encoding = decode(path.read_bytes(), path)
    lines = pl.DataFrame({"raw": _lines(text)}, schema={"raw": pl.String}).with_columns(
        line=pl.int_range(1, pl.len() + 1, dtype=pl.Int64)
    )
    stripped = pl.col("raw").str.strip_chars()
    location_mark = pl.col("raw").str.strip_chars().str.extract(_LOCATION, 1)
    csv_read = stripped.str.extract_groups(_CSV_READ)
    lines = lines.with_columns(
        _location=location_mark,
        _comment=stripped.str.starts_with("#"),
        _blank=stripped.str.replace_all(r"[\s\x00]", "") == "",
        _csv=csv_read,
    ).with_columns(
        location=pl.col("_location").forward_fill(),
        _header=(
            pl.col("_csv").struct.field("1").is_null()
            & stripped.str.to_lowercase().str.contains(r"^\W*barcode\s*,")
        ),
    )
    reads = lines.filter(~pl.col("_comment") & ~pl.col("_blank") & ~pl.col("_header"))
    is_csv = pl.col("_csv").struct.field("1").is_not_null()
    numbered = pl.col("raw").str.strip_chars().str.contains(_NUMBERED + r"\S")
    candidate = (
        pl.when(is_csv)
        .then(pl.col("_csv").struct.field("1"))
        .when(numbered)
        .then(pl.col("raw").str.replace(_NUMBERED, ""))
        .otherwise(pl.col("raw"))
    )
    cleaned = candidate.str.replace_all(r"[\x00-\x1f\x7f]", "").str.strip_chars()
    # A spreadsheet saving the CSV may quote a barcode ("000123"): the quotes are not part of it.
    cleaned = cleaned.str.replace(r'^"\s*(.*?)\s*"$', "$1")
    ok = cleaned.str.contains(r"^[A-Za-z0-9\-]+$") & (cleaned.str.len_chars() <= MAX_BARCODE_LENGTH)
    when = pl.concat_str(
        [pl.col("_csv").struct.field("4"), pl.col("_csv").struct.field("3")], separator=" "
    ).str.to_datetime("%d/%m/%Y %H:%M:%S", strict=False, time_unit="us")
    frame = reads.select(
        barcode=pl.when(ok).then(cleaned),
        raw=candidate,
        site=pl.lit(site, dtype=pl.String),
        session=pl.lit(session or path.stem, dtype=pl.String),
        seq=pl.int_range(1, pl.len() + 1, dtype=pl.Int64),
        scanned_at=when,
        location=pl.when(pl.col("location") != "").then(pl.col("location")),
        _csv=is_csv,
        _numbered=numbered & ~is_csv,
        _bad_time=is_csv & when.is_null(),
    )
    notes = []
    malformed = frame["barcode"].null_count()
    if malformed:
        notes.append(
            f"{malformed:,} read{'s' if malformed != 1 else ''} could not be a barcode (control "
            "characters, junk or too long) and "
            f"{'are' if malformed != 1 else 'is'} kept as malformed reads"
        )
    bad_time = int(frame["_bad_time"].sum())
    if bad_time:
        notes.append(f"{bad_time:,} time stamp{'s' if bad_time != 1 else ''} could not be read")
    layout = (
        "timed CSV" if frame["_csv"].any() else "numbered" if frame["_numbered"].any() else "plain"
    )
    source = FileSource(
        file=str(path),
        format="scanner-file",
        profile=layout,
        encoding=encoding,
        rows_read=frame.height,
        rows_loaded=frame.height,
        rows_rejected=0,
        notes=tuple(notes),
    )
    return Loaded(conform(frame, "scans"), rejects_frame(), (source,), kind="scans")


def _lines(text: str) -> list[str]:
    # Not str.splitlines: it also splits at \x1c-\x1e, and scanners send GS (\x1d) inside
    # GS1 barcodes; such a read must stay one (malformed) read.
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines
