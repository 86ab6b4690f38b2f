"""Records out of a MARC file: framing, damaged records, character sets, pymarc's complaints.

ISO 2709 records are cut apart here rather than by pymarc's reader, because its
permissive mode trusts each record's length: one damaged length and every record after
it is read from the wrong place. We trust the length only when it lands on an
end-of-record mark, and otherwise resume at the next record that frames, so one bad
record costs one record. Each good chunk is parsed by pymarc.

>>> good = b"00026nam a2200025 a 4500\\x1e\\x1d"
>>> [(n, reason) for n, chunk, reason in split_records(b"99999" + good[5:] + good + good[:20])]
[(1, 'its length (99999) does not match its content, so it is damaged'), (2, None), (3, 'the file ends in the middle of this record (it is cut short)')]
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr
from typing import Any

from pymarc import Record
from pymarc.marc8 import MARC8ToUnicode

END_OF_RECORD = 0x1D
# Record length, five leader characters, indicator and subfield-code counts, base address.
_LEADER = re.compile(rb"\d{5}[ a-z0-9|]{5}[0-9 ][0-9 ]\d{5}")
_BETWEEN_RECORDS = b"\r\n \t\x00\x1a"  # line breaks, padding, DOS end-of-file


def split_records(data: bytes) -> Iterator[tuple[int, bytes | None, str | None]]:
    """Yield ``(record number, chunk, None)`` or ``(record number, None, reason)``.

    A UTF-8 byte-order mark at the start (some Windows tools add one) is skipped, not
    taken for a damaged first record.

    >>> [(n, len(c)) for n, c, _ in split_records(b"\\xef\\xbb\\xbf" + b"00026" + b" " * 20 + b"\\x1d")]
    [(1, 26)]
    """
    pos, size, number = 0, len(data), 0
    if data.startswith(b"\xef\xbb\xbf"):
        pos = 3
    while True:
        # Some systems write a line break between records.
        while pos < size and data[pos] in _BETWEEN_RECORDS:
            pos += 1
        if pos >= size:
            return
        number += 1
        head = data[pos : pos + 5]
        if head.isdigit():
            length = int(head)
            end = pos + length
            if length >= 25 and end <= size and data[end - 1] == END_OF_RECORD:
                yield number, data[pos:end], None
                pos = end
                continue
        terminator = data.find(bytes([END_OF_RECORD]), pos)
        if terminator == -1:
            yield number, None, "the file ends in the middle of this record (it is cut short)"
            return
        if head.isdigit():
            reason = f"its length ({int(head)}) does not match its content, so it is damaged"
        else:
            reason = "it does not start with a record length, so it is damaged"
        yield number, None, reason
        pos = _next_start(data, pos + 1, terminator)


def _next_start(data: bytes, start: int, terminator: int) -> int:
    """Where the next readable record begins: a record cut short is followed by a whole one."""
    for match in _LEADER.finditer(data, start, terminator):
        begin = match.start()
        end = begin + int(data[begin : begin + 5])
        if end == terminator + 1:
            return begin
    return terminator + 1


_DAMAGE = {
    "RecordLeaderInvalid": "its leader is damaged",
    "BaseAddressNotFound": "its directory of fields is damaged (no base address)",
    "BaseAddressInvalid": "its directory of fields is damaged (base address past the end)",
    "RecordDirectoryInvalid": "its directory of fields is damaged",
    "NoFieldsFound": "it holds no fields",
    "TruncatedRecord": "it is cut short",
}


def parse_record(chunk: bytes) -> tuple[Record | None, str | None]:
    """A pymarc record with undecoded subfield bytes, or the reason it cannot be read."""
    try:
        return Record(chunk, to_unicode=False), None
    except Exception as exc:  # pymarc raises many kinds on damaged bytes; each is a reject
        name = type(exc).__name__
        return None, _DAMAGE.get(name, f"it cannot be read ({name})") + ", so it was skipped"


class Decoder:
    """Text from subfield bytes by the record's leader/09, forgiving a wrong claim.

    Leader/09 "a" means UTF-8, blank means MARC-8. Exports often get it wrong; a value
    that cannot be what the leader claims is read as the other and the record is
    remembered, so the load can say how many records were affected.
    """

    def __init__(self) -> None:
        self.marc8 = MARC8ToUnicode(quiet=True)
        self.said_utf8_held_marc8: set[int] = set()
        self.said_marc8_held_utf8: set[int] = set()
        self.undecodable: set[int] = set()

    def text(self, value: Any, utf8: bool, record: int) -> str:
        if isinstance(value, str):
            return value
        if value.isascii() and b"\x1b" not in value:
            return value.decode("ascii")
        if utf8:
            try:
                return value.decode("utf-8")
            except UnicodeDecodeError:
                self.said_utf8_held_marc8.add(record)
                return self._from_marc8(value, record)
        if b"\x1b" not in value:
            try:
                # MARC-8 puts combining marks before an ASCII letter, which is never valid
                # UTF-8, so text that decodes as UTF-8 is UTF-8.
                text = value.decode("utf-8")
            except UnicodeDecodeError:
                pass
            else:
                self.said_marc8_held_utf8.add(record)
                return text
        return self._from_marc8(value, record)

    def _from_marc8(self, value: bytes, record: int) -> str:
        # The converter keeps its character sets between calls; each value starts afresh.
        self.marc8.g0, self.marc8.g1 = MARC8ToUnicode.basic_latin, MARC8ToUnicode.ansel
        try:
            return self.marc8.translate(value)
        except (IndexError, TypeError, KeyError, ValueError):
            self.undecodable.add(record)
            return value.decode("utf-8", "replace")


class Problems:
    """pymarc's warnings and log messages, kept with the record they came from."""

    def __init__(self) -> None:
        self.by_message: dict[str, list[int]] = defaultdict(list)
        self._seen = (0, 0)

    def attribute(self, record: int, logged: list[logging.LogRecord], caught: list) -> None:
        """File everything pymarc said since the last call under ``record``."""
        seen_logged, seen_caught = self._seen
        for entry in logged[seen_logged:]:
            self._add(str(entry.msg).split(":")[0].strip(), record)
        for entry in caught[seen_caught:]:
            name = getattr(entry.category, "__name__", "warning")
            text = (
                "a subfield code that is not a letter or digit"
                if name == "BadSubfieldCodeWarning"
                else str(entry.message).split(":")[0]
            )
            self._add(text, record)
        self._seen = (len(logged), len(caught))

    def _add(self, message: str, record: int) -> None:
        numbers = self.by_message[message]
        if not numbers or numbers[-1] != record:
            numbers.append(record)

    def notes(self) -> list[str]:
        notes = []
        for message, numbers in self.by_message.items():
            # Record 0 stands for "after the records were read", when no record is to blame.
            known = [n for n in numbers if n > 0]
            if known:
                notes.append(
                    f"pymarc read past a problem in {count_of(known, 'record')}: {message} "
                    f"({record_list(known)})"
                )
            else:
                notes.append(f"pymarc read past a problem: {message}")
        return notes


class _ListHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def captured() -> Iterator[tuple[list[logging.LogRecord], list]]:
    """Hold pymarc's log messages, Python warnings and stray stderr output for the notes.

    Nothing pymarc says reaches the notebook or the terminal directly.
    """
    logger = logging.getLogger("pymarc")
    handler = _ListHandler()
    old = (logger.propagate, logger.level)
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.WARNING)
    try:
        with warnings.catch_warnings(record=True) as caught, redirect_stderr(io.StringIO()):
            warnings.simplefilter("always")
            yield handler.records, caught
    finally:
        logger.removeHandler(handler)
        logger.propagate, logger.level = old[0], old[1]


def count_of(numbers: Any, noun: str) -> str:
    """ "1 record", "3 records"."""
    n = len(numbers) if not isinstance(numbers, int) else numbers
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def record_list(numbers: Any, shown: int = 5) -> str:
    """ "record 4", "records 3, 7 and 9", "records 1, 2, 3, 4, 5 and 12 more"."""
    numbers = sorted(numbers)
    if len(numbers) == 1:
        return f"record {numbers[0]}"
    head = ", ".join(str(n) for n in numbers[:shown])
    if len(numbers) <= shown:
        head = ", ".join(str(n) for n in numbers[:-1]) + f" and {numbers[-1]}"
        return f"records {head}"
    return f"records {head} and {len(numbers) - shown:,} more"
