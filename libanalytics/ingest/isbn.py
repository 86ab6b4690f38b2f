"""ISBNs as catalogs hold them ("0-316-76917-7 (pbk.)"), checked and given as 13 digits.

>>> isbn13("0-316-76917-7 (pbk.)")
'9780316769174'
>>> isbn13("9780316769174")
'9780316769174'
>>> isbn13("0316769178") is None  # wrong check digit
True
>>> first_isbn(["(pbk.)", "1-56619-909-3 (v. 1)"])
'9781566199094'
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# An ISBN as typed: digits with optional hyphens or spaces, an X check digit for ISBN-10.
_CANDIDATE = re.compile(r"(?<![\dX])(?:\d[\d -]{8,15}[\dX])(?![\dX])", re.IGNORECASE)


def _valid10(digits: str) -> bool:
    total = sum((10 - i) * (10 if c in "Xx" else int(c)) for i, c in enumerate(digits))
    return total % 11 == 0


def _check13(first12: str) -> str:
    total = sum((1 if i % 2 == 0 else 3) * int(c) for i, c in enumerate(first12))
    return str((10 - total % 10) % 10)


def isbn13(text: str | None) -> str | None:
    """The first valid ISBN in ``text`` as 13 digits, or None.

    ISBN-10s are converted (978 prefix, new check digit); a number whose check digit
    is wrong is not an ISBN and gives None, so a typo never matches another title.
    """
    if not text:
        return None
    for match in _CANDIDATE.finditer(text):
        digits = re.sub(r"[ -]", "", match.group(0)).upper()
        if len(digits) == 10 and digits[:9].isdigit() and _valid10(digits):
            core = "978" + digits[:9]
            return core + _check13(core)
        if (
            len(digits) == 13
            and digits.isdigit()
            and digits[:3] in ("978", "979")
            and _check13(digits[:12]) == digits[12]
        ):
            return digits
    return None


def first_isbn(values: Iterable[str | None]) -> str | None:
    """The first valid ISBN among several fields (for example every 020 $a of a title)."""
    for value in values:
        found = isbn13(value)
        if found:
            return found
    return None
