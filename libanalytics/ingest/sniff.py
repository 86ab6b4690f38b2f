"""Tell what kind of file an export is from its first bytes, not its name.

Specialists rename files, and e-mail strips extensions: a `.mrc` that is really a CSV,
or a PDF report saved where the export should be, must be named for what it is.

>>> sniff_bytes(b"%PDF-1.7 ...")
'PDF'
>>> sniff_bytes(b"00714cam a2200205 a 4500001...")
'MARC'
>>> sniff_bytes(b"Barcode,Title\\n0001,Frog\\n")
'text'
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputFormatError

# ISO 2709: five-digit record length, then the leader's status/type bytes, and
# indicator and subfield-code counts ("22") at leader positions 10-11.
_MARC_LEADER = re.compile(rb"^\d{5}[ a-z0-9]{5}[0-9 ][0-9 ]\d{5}")

NAMES = {
    "PDF": "a PDF document",
    "XLSX": "an Excel workbook",
    "XLS": "an old Excel (.xls) workbook",
    "ZIP": "a ZIP archive",
    "MARC": "a MARC 21 export",
    "MARCXML": "a MARCXML export",
    "HTML": "a web page",
    "XML": "an XML file",
    "text": "a text file (CSV, TSV or a scanner list)",
    "empty": "an empty file",
    "binary": "a binary file of no kind we read",
}


def sniff_bytes(head: bytes) -> str:
    """The kind of file these first bytes (a few KB) belong to; a key of `NAMES`."""
    if not head.strip():
        return "empty"
    body = head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")
    if body.startswith(b"%PDF"):
        return "PDF"
    if head.startswith(b"PK\x03\x04"):
        return "XLSX" if b"xl/" in head or b"[Content_Types].xml" in head else "ZIP"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "XLS"
    if _MARC_LEADER.match(body):
        return "MARC"
    low = body[:2000].lower()
    if low.startswith(b"<?xml") or low.startswith(b"<"):
        if b"marc" in low or b"<record" in low or b"<collection" in low:
            return "MARCXML"
        if b"<html" in low or b"<!doctype html" in low:
            return "HTML"
        return "XML"
    if b"\x00" in head[:4000] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    return "text"


def sniff(path: str | Path) -> str:
    """The kind of file at ``path``; raises a clear error when it cannot be opened."""
    p = Path(path)
    try:
        with p.open("rb") as fh:
            head = fh.read(8192)
    except FileNotFoundError:
        raise InputFormatError(
            "file not found",
            file=p,
            remedy="check the path in the parameters cell (it is relative to the notebook)",
        ) from None
    except IsADirectoryError:
        raise InputFormatError(
            "this is a folder, not a file", file=p, remedy="name the export file inside it"
        ) from None
    except OSError as exc:
        raise InputFormatError(
            f"cannot be opened ({exc.strerror})",
            file=p,
            remedy="check that the file is not open in another program",
        ) from None
    return sniff_bytes(head)
