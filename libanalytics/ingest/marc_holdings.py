"""Holdings fields: where each library system puts a copy's barcode, call number, status.

One MARC record describes a title; each holdings field in it is one copy. Systems
disagree on the tag and the subfield codes:

- 852 (Destiny, Evergreen, Polaris): $p barcode, $k prefix + $h class + $i item part
  (or $j) + $m suffix as call number, $c or $b location, $a site (Evergreen: $b),
  $9 price (Destiny: cents when there is no decimal point) or $y, $s status.
- 952 (Koha): $p barcode, $o call number, $c location, $a or $b site, $d acquired,
  $g or $v price, $l checkouts, $s last checkout, $q due date (on loan), and the status
  flags $0 withdrawn, $1 lost, $4 damaged, $7 not for loan; $y item type.
- 949 (SirsiDynix, Sierra): $i barcode, $a call number, $l location, $m library (site),
  $t item type, $p price, $k current location (SirsiDynix) or $s status code (Sierra);
  SirsiDynix also gives $u acquired, $n checkouts and $e last checkout.

>>> layout_for_profile("koha").tag, layout_for_profile("Destiny").name
('952', 'Destiny')
>>> status_from_word("Checked Out"), status_from_word("LOST-ASSUM"), status_from_word("Reshelving")
('checked_out', 'lost', 'available')
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..errors import InputFormatError
from .koha import FLAG_SUBFIELDS

# Raw per-copy values a holdings reader returns; typing happens afterwards in polars.
COPY_FIELDS = (
    "barcode",
    "site",
    "location",
    "call_number",
    "price",
    "price_in_cents",
    "acquired",
    "status",
    "total_checkouts",
    "last_checkout",
    "item_type",
)


class Holding:
    """The subfields of one holdings field, decoded to text only when asked for."""

    __slots__ = ("_values", "_decode")

    def __init__(self, subfields: Any, decode: Callable[[Any], str]) -> None:
        values: dict[str, list[Any]] = {}
        for sub in subfields:
            values.setdefault(sub.code, []).append(sub.value)
        self._values = values
        self._decode = decode

    def first(self, *codes: str) -> str | None:
        """The first non-blank value among ``codes``, tried in order."""
        for code in codes:
            for raw in self._values.get(code, ()):
                text = self._decode(raw).strip()
                if text:
                    return text
        return None

    def every(self, code: str) -> list[str]:
        """Every non-blank value of a repeated subfield, in order."""
        texts = (self._decode(raw).strip() for raw in self._values.get(code, ()))
        return [t for t in texts if t]


# -- statuses --------------------------------------------------------------------------

# Status words from Destiny, Evergreen, SirsiDynix current locations and others, keyed
# by their letters only ("Checked Out", "CHECKEDOUT" and "checked-out" are one word).
_STATUS_WORDS = {
    "available": "available",
    "checkedin": "available",
    "onshelf": "available",
    "instock": "available",
    "reshelving": "available",
    "libraryuseonly": "available",
    "checkedout": "checked_out",
    "charged": "checked_out",
    "onloan": "checked_out",
    "out": "checked_out",
    "overdue": "checked_out",
    "lost": "lost",
    "lostassum": "lost",
    "lostclaim": "lost",
    "lostandpaid": "lost",
    "lostpaid": "lost",
    "longoverdue": "lost",
    "billed": "lost",
    "missing": "missing",
    "claimsreturned": "missing",
    "withdrawn": "withdrawn",
    "discard": "withdrawn",
    "discarded": "withdrawn",
    "discardweed": "withdrawn",
    "weeded": "withdrawn",
    "deleted": "withdrawn",
    "damaged": "damaged",
    "damage": "damaged",
    "intransit": "in_transit",
    "transit": "in_transit",
    "onorder": "on_order",
    "ordered": "on_order",
}

# Evergreen's stock copy status ids (config.copy_status), for exports that give the id.
_EVERGREEN_IDS = {
    "0": "available",
    "1": "checked_out",
    "3": "lost",
    "4": "missing",
    "6": "in_transit",
    "7": "available",
    "9": "on_order",
    "13": "withdrawn",
    "14": "damaged",
    "16": "lost",
    "17": "lost",
}

# Sierra's one-character item status codes (the common defaults).
_SIERRA_CODES = {
    "-": "available",
    "o": "available",
    "m": "missing",
    "z": "missing",
    "n": "lost",
    "$": "lost",
    "t": "in_transit",
    "w": "withdrawn",
    "d": "damaged",
}


def status_from_word(word: str | None) -> str | None:
    """A canonical status for a system's status word; "other" for a word we do not know."""
    if word is None:
        return None
    key = re.sub(r"[^a-z]", "", word.lower())
    if not key:
        return _EVERGREEN_IDS.get(word.strip(), "other")
    return _STATUS_WORDS.get(key, "other")


def _sirsi_sierra_status(h: Holding) -> str | None:
    code = h.first("s")
    if code is not None and len(code) == 1:
        return _SIERRA_CODES.get(code, "other")
    return status_from_word(h.first("k") or code)


# -- readers, one per layout -----------------------------------------------------------


def _call_852(h: Holding) -> str | None:
    parts = [h.first("k")]
    main = [*h.every("h"), *h.every("i")]
    parts += main if main else [h.first("j")]
    parts.append(h.first("m"))
    text = " ".join(p for p in parts if p)
    return text or None


def _read_852(h: Holding, site_codes: tuple[str, ...] = ("a",)) -> dict[str, Any]:
    cents = h.first("9")
    return {
        "barcode": h.first("p"),
        "site": h.first(*site_codes),
        "location": h.first("c", "b"),
        "call_number": _call_852(h),
        "price": cents or h.first("y"),
        # Destiny writes $9 in cents: "150" is 1.50.
        "price_in_cents": cents is not None and "." not in cents,
        "status": status_from_word(h.first("s")),
    }


def _read_evergreen(h: Holding) -> dict[str, Any]:
    # Evergreen's export puts the consortium in $a and the owning library in $b.
    return _read_852(h, site_codes=("b", "a"))


def _read_952(h: Holding) -> dict[str, Any]:
    return {
        "barcode": h.first("p"),
        "site": h.first("a", "b"),
        "location": h.first("c"),
        "call_number": h.first("o"),
        "price": h.first("g", "v"),
        "price_in_cents": False,
        "acquired": h.first("d"),
        # Koha's status flags, as text: koha.koha_status turns them into a status for
        # every copy at once, the same function the Koha items report goes through.
        **{name: h.first(code) for name, code in FLAG_SUBFIELDS.items()},
        "total_checkouts": h.first("l"),
        "last_checkout": h.first("s"),
        "item_type": h.first("y"),
    }


def _read_949(h: Holding) -> dict[str, Any]:
    return {
        "barcode": h.first("i"),
        "site": h.first("m"),
        "location": h.first("l"),
        "call_number": h.first("a"),
        "price": h.first("p"),
        "price_in_cents": False,
        "acquired": h.first("u"),
        "status": _sirsi_sierra_status(h),
        "total_checkouts": h.first("n"),
        "last_checkout": h.first("e"),
        "item_type": h.first("t"),
    }


@dataclass(frozen=True)
class Layout:
    """Where one system keeps its copies: the tag, the barcode subfield and a reader."""

    tag: str
    name: str
    barcode_code: str
    read: Callable[[Holding], dict[str, Any]]

    @property
    def label(self) -> str:
        return f"{self.name} {self.tag}"


# What detection says when it only knows the tag.
DETECTED = {
    "852": Layout("852", "Destiny/Evergreen/Polaris", "p", _read_852),
    "952": Layout("952", "Koha", "p", _read_952),
    "949": Layout("949", "SirsiDynix/Sierra", "i", _read_949),
}
HOLDINGS_TAGS = tuple(DETECTED)

_PROFILES = {
    "852": DETECTED["852"],
    "destiny": Layout("852", "Destiny", "p", _read_852),
    "polaris": Layout("852", "Polaris", "p", _read_852),
    "evergreen": Layout("852", "Evergreen", "p", _read_evergreen),
    "952": DETECTED["952"],
    "koha": DETECTED["952"],
    "949": DETECTED["949"],
    "sirsi": Layout("949", "SirsiDynix", "i", _read_949),
    "sirsidynix": Layout("949", "SirsiDynix", "i", _read_949),
    "sierra": Layout("949", "Sierra", "i", _read_949),
}


def layout_for_profile(profile: str) -> Layout:
    """The holdings layout a profile name (or tag) stands for."""
    layout = _PROFILES.get(str(profile).strip().lower())
    if layout is None:
        raise InputFormatError(
            f"'{profile}' is not a MARC holdings profile",
            remedy=f"use one of {', '.join(_PROFILES)}, or leave the profile out to detect it",
        )
    return layout
