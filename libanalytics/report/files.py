"""Writing files whole: a temporary file beside the target, then a rename.

A report that crashed half-way must never leave a half-written workbook that looks
complete, and a barcode list loaded into the library system must be the whole list.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> path = write_barcode_list(folder / "mark_lost.txt", ["000123", "T0042"])
>>> path.read_text()
'000123\\nT0042\\n'
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import OutputError

# Excel's limit is 1,048,576 rows including the header row.
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_DATA_ROWS = EXCEL_MAX_ROWS - 1


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it into place when the block succeeds.

    If the block raises, the temporary file is removed and ``path`` is left as it was.
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(
            f"cannot create the folder ({exc.strerror})",
            file=target.parent,
            remedy="choose an output folder you can write to",
        ) from exc
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    # mkstemp makes the file private (0600); a report is an ordinary file, so give it the
    # permissions any new file gets here.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    try:
        yield tmp
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` whole."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def write_text(path: str | Path, text: str) -> Path:
    """Write ``text`` (UTF-8, Unix line ends) to ``path`` whole."""
    return write_bytes(path, text.encode("utf-8"))


def write_barcode_list(path: str | Path, barcodes: Iterable[str]) -> Path:
    """Write one barcode a line, as library systems import them.

    A ``.txt`` file, never ``.csv``: Excel opens a CSV and turns ``000123`` into ``123``
    and 14-digit barcodes into ``3.1234E+13``.
    """
    target = Path(path)
    if target.suffix.lower() != ".txt":
        raise OutputError(
            "barcode lists are written as .txt files",
            file=target,
            remedy="use a name ending in .txt (a .csv opened in Excel loses leading zeros)",
        )
    lines = []
    for n, code in enumerate(barcodes, start=1):
        if not isinstance(code, str):
            raise OutputError(
                f"barcode number {n} is {type(code).__name__}, not text",
                file=target,
                remedy="keep barcodes as text from the loaders onward",
            )
        lines.append(code + "\n")
    return write_text(target, "".join(lines))


def check_excel_rows(rows: int, *, sheet: str, file: str | Path | None = None) -> None:
    """Refuse a sheet that would pass Excel's row limit (instead of losing rows)."""
    if rows > EXCEL_MAX_DATA_ROWS:
        raise OutputError(
            f"sheet '{sheet}' would have {rows:,} rows; Excel shows at most {EXCEL_MAX_DATA_ROWS:,} below the header",
            file=file,
            remedy="split the sheet by school or section (split_for_excel does this)",
        )
