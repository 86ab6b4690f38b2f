"""Report profiles: which header of which library system's export means which column.

A profile is an allow-list. Only the headers it names are read; every other column of
the export (patron names, patron barcodes, grades, homerooms, e-mail addresses, notes,
anything a profile has never heard of) is dropped before a single value is typed. That is
how patron data stays out of everything by construction, not by a list of things to
remove.

>>> m = map_columns(["Site", "Copy Barcode", "Checked Out", "Returned", "Patron Name"],
...                 "circulation")
>>> m.profile.name, m.pairs
('destiny', {'site': 'Site', 'barcode': 'Copy Barcode', 'checkout_at': 'Checked Out', 'returned_at': 'Returned'})
>>> m.ignored
('Patron Name',)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ColumnMappingError, InputFormatError
from ..schema import CIRCULATION, ITEMS

# Columns only a profile uses, to derive a canonical one (Koha keeps status in flags).
KOHA_FLAGS = ("_withdrawn", "_lost", "_damaged", "_notforloan", "_onloan")

# What each table needs before a file can be read as it.
REQUIRED = {"items": ("barcode",), "circulation": ("barcode", "checkout_at")}

# Words in a header that mark a column about a person. Such a column is never read, even
# when a `columns=` map names it.
PATRON_WORDS = re.compile(
    r"patron|borrower|student|user|member|card ?number|cardnumber|grade|homeroom|teacher|"
    r"e ?mail|phone|address|birth|guardian|parent|first name|last name|surname|\bname\b"
)


def normalise(header: str) -> str:
    """A header as compared: NFC, lower case, punctuation and spacing folded.

    >>> normalise("  Date  Acquired:")
    'date acquired'
    >>> normalise("Item_Call_Number")
    'item call number'
    """
    text = unicodedata.normalize("NFC", str(header or "")).lower()
    return re.sub(r"[\W_]+", " ", text).strip()


@dataclass(frozen=True)
class Profile:
    """One library system's report layout.

    ``columns`` maps each canonical column to the headers that mean it, best first;
    ``signature`` lists headers (normalised) that must all be present for the profile
    to be recognised from the headers alone.
    """

    name: str
    table: str
    label: str
    columns: Mapping[str, tuple[str, ...]]
    signature: tuple[str, ...] = ()


GENERIC_ITEMS: dict[str, tuple[str, ...]] = {
    "barcode": (
        "barcode",
        "copy barcode",
        "item barcode",
        "item id",
        "itembarcode",
        "item number barcode",
        "accession number",
    ),
    "site": (
        "site",
        "site name",
        "school",
        "library",
        "branch",
        "homebranch",
        "site code",
        "location code",
    ),
    "bib_id": (
        "bib id",
        "bibid",
        "biblionumber",
        "bibnum",
        "bib number",
        "catalog key",
        "record number",
        "title id",
        "control number",
    ),
    "title": ("title", "title statement", "item title"),
    "author": ("author", "creator", "main author", "author name"),
    "isbn": ("isbn", "isbn 13", "isbn13", "isbn 10", "standard number"),
    "call_number": (
        "call number",
        "callnumber",
        "call no",
        "call",
        "call num",
        "itemcallnumber",
        "shelf mark",
        "spine label",
    ),
    "location": (
        "location",
        "sublocation",
        "shelving location",
        "collection",
        "shelf location",
        "home location",
    ),
    "material_type": (
        "material type",
        "item type",
        "format",
        "itemtype",
        "itype",
        "media type",
        "type",
        "circulation type",
    ),
    "pub_year": (
        "pub year",
        "publication year",
        "copyright year",
        "copyright",
        "copyright date",
        "year",
        "publicationyear",
        "date of publication",
        "pub date",
    ),
    "acquired": (
        "date acquired",
        "acquired",
        "acquisition date",
        "date added",
        "added",
        "date created",
        "created",
        "accession date",
        "dateaccessioned",
    ),
    "price": (
        "price",
        "cost",
        "purchase price",
        "replacement price",
        "replacementprice",
        "list price",
        "value",
    ),
    "status": ("status", "copy status", "item status", "circulation status", "current status"),
    "total_checkouts": (
        "total checkouts",
        "lifetime circs",
        "lifetime checkouts",
        "checkouts",
        "circs",
        "total circs",
        "circulations",
        "total circulations",
        "circulation count",
        "times checked out",
        "issues",
        "use count",
    ),
    "last_checkout": (
        "last checkout",
        "last checkout date",
        "last checked out",
        "date last checked out",
        "last circulated",
        "last circ date",
        "datelastborrowed",
        "last used",
    ),
    "pages": ("pages", "page count", "number of pages"),
}

GENERIC_CIRCULATION: dict[str, tuple[str, ...]] = {
    "barcode": ("copy barcode", "item barcode", "barcode", "item id", "itembarcode"),
    "site": ("site", "site name", "school", "library", "branch", "branchcode", "checkout library"),
    "checkout_at": (
        "checked out",
        "checkout date",
        "checkout",
        "check out date",
        "date out",
        "issue date",
        "issuedate",
        "loan date",
        "charge date",
        "date charged",
        "checkout time",
        "checked out on",
    ),
    "returned_at": (
        "returned",
        "return date",
        "returndate",
        "date returned",
        "checkin date",
        "check in date",
        "checked in",
        "discharge date",
        "date discharged",
        "returned on",
    ),
    "material_type": ("material type", "item type", "itemtype", "itype", "format", "type"),
}

PROFILES: tuple[Profile, ...] = (
    Profile(
        "destiny",
        "items",
        "Destiny copy report",
        {
            "site": ("site",),
            "barcode": ("barcode", "copy barcode"),
            "title": ("title",),
            "author": ("author",),
            "call_number": ("call number",),
            "isbn": ("isbn",),
            "pub_year": ("copyright year", "copyright", "pub year"),
            "acquired": ("date acquired",),
            "price": ("price",),
            "status": ("status",),
            "location": ("sublocation",),
            "material_type": ("material type",),
            "total_checkouts": ("lifetime circs", "total circs", "circs"),
            "last_checkout": ("last checkout date", "last checkout"),
        },
        signature=("barcode", "sublocation"),
    ),
    Profile(
        "destiny",
        "circulation",
        "Destiny checkout history report",
        {
            "site": ("site",),
            "barcode": ("copy barcode", "barcode"),
            "material_type": ("material type",),
            "checkout_at": ("checked out", "checkout date"),
            "returned_at": ("returned", "return date"),
        },
        signature=("copy barcode", "checked out"),
    ),
    Profile(
        "koha",
        "items",
        "Koha items report",
        {
            "barcode": ("barcode",),
            "site": ("homebranch", "holdingbranch"),
            "bib_id": ("biblionumber",),
            "title": ("title",),
            "author": ("author",),
            "isbn": ("isbn",),
            "call_number": ("itemcallnumber",),
            "location": ("location", "permanent location"),
            "material_type": ("itype", "itemtype"),
            "pub_year": ("copyrightdate", "publicationyear"),
            "acquired": ("dateaccessioned",),
            "price": ("price", "replacementprice"),
            "total_checkouts": ("issues",),
            "last_checkout": ("datelastborrowed",),
            "pages": ("pages",),
            "_withdrawn": ("withdrawn",),
            "_lost": ("itemlost",),
            "_damaged": ("damaged",),
            "_notforloan": ("notforloan",),
            "_onloan": ("onloan",),
        },
        signature=("barcode", "itemcallnumber"),
    ),
    Profile(
        "koha",
        "circulation",
        "Koha issues / old_issues report",
        {
            "barcode": ("barcode", "items barcode"),
            "site": ("branchcode",),
            "checkout_at": ("issuedate",),
            "returned_at": ("returndate",),
            "material_type": ("itype", "itemtype"),
        },
        signature=("issuedate",),
    ),
    Profile(
        "sirsidynix",
        "items",
        "SirsiDynix BlueCloud Analytics item export",
        {
            "barcode": ("item barcode", "item id"),
            "site": ("item library", "library"),
            "bib_id": ("catalog key", "catalog record id"),
            "title": ("title", "catalog title"),
            "author": ("author", "catalog author"),
            "isbn": ("catalog isbn", "isbn"),
            "call_number": ("item call number", "call number"),
            "location": ("item home location", "home location", "item current location"),
            "material_type": ("item type", "item category1"),
            "pub_year": ("catalog pub year", "catalog publication year"),
            "acquired": ("item created date", "item date created"),
            "price": ("item price", "price"),
            "status": ("item status", "item current location"),
            "total_checkouts": (
                "item lifetime checkout",
                "item lifetime checkouts",
                "item total charges",
            ),
            "last_checkout": ("item last checkout date", "item last charged date"),
        },
        signature=("item barcode", "item call number"),
    ),
    Profile(
        "sirsidynix",
        "circulation",
        "SirsiDynix BlueCloud Analytics checkout export",
        {
            "barcode": ("item barcode", "item id"),
            "site": ("checkout library", "item library", "library"),
            "checkout_at": ("checkout date", "charge date", "checkout date time"),
            "returned_at": ("checkin date", "discharge date", "checkin date time"),
            "material_type": ("item type",),
        },
        signature=("item barcode",),
    ),
    Profile(
        "alexandria",
        "items",
        "Alexandria copy export",
        {
            "barcode": ("copy barcode", "barcode"),
            "site": ("site", "copy site"),
            "bib_id": ("title id", "title record id"),
            "title": ("title",),
            "author": ("author",),
            "isbn": ("isbn",),
            "call_number": ("copy call number", "call number"),
            "location": ("copy location", "location"),
            "material_type": ("copy policy", "policy", "medium"),
            "pub_year": ("copyright", "pub date", "publication date"),
            "acquired": ("copy acquired date", "date acquired", "acquired"),
            "price": ("copy price", "price"),
            "status": ("copy status", "status"),
            "total_checkouts": (
                "copy total circulations",
                "total circulations",
                "copy circulations",
            ),
            "last_checkout": ("copy last circulated", "last circulated", "copy last checked out"),
        },
        signature=("copy barcode", "copy status"),
    ),
    Profile("generic", "items", "report (columns matched by name)", GENERIC_ITEMS),
    Profile("generic", "circulation", "report (columns matched by name)", GENERIC_CIRCULATION),
)


def profile_names(table: str) -> list[str]:
    """The profile names known for a table, e.g. ``profile_names("items")``."""
    return [p.name for p in PROFILES if p.table == table]


def _known_headers() -> set[str]:
    words = {s for p in PROFILES for spellings in p.columns.values() for s in spellings}
    return words | {
        "patron name",
        "patron barcode",
        "patron",
        "borrowernumber",
        "cardnumber",
        "grade level",
        "grade",
        "homeroom",
        "teacher",
        "email",
        "due date",
        "date due",
        "call number",
        "title",
    }


KNOWN_HEADERS = _known_headers()


@dataclass(frozen=True)
class ColumnMap:
    """How an export's headers were matched: profile, header per column, what was left."""

    profile: Profile
    how: str
    pairs: dict[str, str]
    ignored: tuple[str, ...] = field(default=())

    def describe(self) -> str:
        read = ", ".join(f"'{h}' as {c}" for c, h in self.pairs.items() if not c.startswith("_"))
        return f"recognised as a {self.profile.label} {self.how}; read {read}"


def shown_headers(headers: Sequence[str], table: str) -> list[str]:
    """The headers safe to print: only those we know as column names, for every table.

    When no row of an export maps, its "headers" may be its first row of data: a
    circulation export without a header row has a student's details there, and a catalog
    loaded from the wrong file may be a circulation export. Printing them would print
    the student. ``table`` is kept for callers; the rule is the same for every table.

    >>> shown_headers(["Title", "Zeb Quartermaine", "P7700123"], "items")
    ['Title']
    """
    return [h for h in headers if h and normalise(h) in KNOWN_HEADERS]


def _header_list(headers: Sequence[str], table: str) -> str:
    shown = shown_headers(headers, table)
    text = ", ".join(f"'{h}'" for h in shown) if shown else "none we recognise"
    hidden = len([h for h in headers if h]) - len(shown)
    if hidden:
        text += (
            f" and {hidden} other column{'s' if hidden != 1 else ''} (not named here: the "
            "file may have no header row, and then its first line is data that may name a "
            "student)"
        )
    return text


def _match(profile: Profile, index: Mapping[str, str]) -> dict[str, str]:
    pairs: dict[str, str] = {}
    used: set[str] = set()
    for column, spellings in profile.columns.items():
        for spelling in spellings:
            if spelling in index and spelling not in used:
                pairs[column] = index[spelling]
                used.add(spelling)
                break
    return pairs


def _with_generic(pairs: dict[str, str], table: str, index: Mapping[str, str]) -> dict[str, str]:
    """A vendor profile's match, completed from the generic synonyms for what it missed."""
    generic = next(p for p in PROFILES if p.name == "generic" and p.table == table)
    taken = {normalise(h) for h in pairs.values()}
    free = {k: v for k, v in index.items() if k not in taken}
    for column, header in _match(generic, free).items():
        pairs.setdefault(column, header)
    return pairs


def not_a_copy_list(headers: Sequence[str]) -> str | None:
    """Why a file with these headers is not a copy-level catalog, or None if it may be one.

    >>> print(not_a_copy_list(["BibNum", "Title", "ItemLocation", "ItemCount"]))
    it has one row per title and location with a count of copies (column 'ItemCount') and no copy barcodes, so it is a title list, not a copy-level catalog
    """
    names = {normalise(h): h for h in headers if h}
    has_barcode = any(s in names for s in GENERIC_ITEMS["barcode"] + ("itembarcode",))
    if has_barcode:
        return None
    for count in (
        "itemcount",
        "item count",
        "copies",
        "copy count",
        "number of copies",
        "no of copies",
        "total copies",
    ):
        if count in names:
            return (
                f"it has one row per title and location with a count of copies (column "
                f"'{names[count]}') and no copy barcodes, so it is a title list, not a "
                "copy-level catalog"
            )
    if "code" in names and "description" in names:
        return "it is a code dictionary (columns 'Code' and 'Description'), not a catalog"
    return None


def map_columns(
    headers: Sequence[str],
    table: str,
    *,
    profile: str | None = None,
    columns: Mapping[str, str] | None = None,
    file: str | Path | None = None,
) -> ColumnMap:
    """Match an export's headers to a canonical table's columns.

    The profile is detected from the headers unless ``profile`` names one; ``columns``
    (``{"their header": "canonical column"}``) adds to or overrides the match. Raises
    `ColumnMappingError` naming the headers found and the columns expected when the
    columns a table needs cannot be found.
    """
    if table not in REQUIRED:
        raise ColumnMappingError(
            f"there is no report table called '{table}'", remedy="use 'items' or 'circulation'"
        )
    index: dict[str, str] = {}
    for h in headers:
        if h and normalise(h) not in index:
            index[normalise(h)] = h
    candidates = [p for p in PROFILES if p.table == table]

    if profile is not None:
        chosen = [p for p in candidates if p.name == profile.lower()]
        if not chosen:
            raise ColumnMappingError(
                f"there is no {table} report profile called '{profile}'",
                file=file,
                remedy=f"use one of {', '.join(profile_names(table))}, or leave profile out "
                "to detect it from the headers",
            )
        best, how = chosen[0], "as named by profile="
        pairs = _match(best, index)
    else:
        scored = []
        for order, p in enumerate(candidates):
            if all(s in index for s in p.signature):
                scored.append((len(_match(p, index)) + (1 if p.signature else 0), -order, p))
        best = max(scored, key=lambda t: (t[0], t[1]))[2]
        how = "from its headers"
        pairs = _match(best, index)
    if best.name != "generic":
        pairs = _with_generic(pairs, table, index)

    if columns:
        pairs = _apply_overrides(pairs, columns, index, table, file)
        how += " with the columns= map"

    missing = [c for c in REQUIRED[table] if c not in pairs]
    if missing:
        expected = ", ".join(
            f"{c} (e.g. "
            + ", ".join(
                f"'{s.title()}'" for s in GENERIC_ITEMS.get(c, GENERIC_CIRCULATION.get(c, ()))[:3]
            )
            + ")"
            if c in GENERIC_ITEMS or c in GENERIC_CIRCULATION
            else c
            for c in REQUIRED[table]
        )
        raise ColumnMappingError(
            f"no column of this export could be read as {' or '.join(missing)}; headers found: "
            f"{_header_list(headers, table)}; columns expected: {expected}",
            file=file,
            remedy="pick the right export (one row per copy for a catalog, one row per checkout "
            "for circulation), or name the columns with columns={'their header': 'barcode', ...}",
        )
    used = {normalise(h) for h in pairs.values()}
    ignored = tuple(h for h in headers if h and normalise(h) not in used)
    return ColumnMap(best, how, pairs, ignored)


def _apply_overrides(
    pairs: dict[str, str],
    columns: Mapping[str, str],
    index: Mapping[str, str],
    table: str,
    file: str | Path | None,
) -> dict[str, str]:
    allowed = ITEMS if table == "items" else CIRCULATION
    pairs = dict(pairs)
    for theirs, ours in columns.items():
        if ours not in allowed:
            raise ColumnMappingError(
                f"columns= maps '{theirs}' to '{ours}', which is not a column of the {table} table",
                file=file,
                remedy=f"use one of {', '.join(allowed)}",
            )
        if PATRON_WORDS.search(normalise(theirs)) and ours not in ("title", "author", "site"):
            raise ColumnMappingError(
                f"column '{theirs}' is about a person and is never read",
                file=file,
                field=theirs,
                remedy="map the copy's own barcode column instead; patron columns stay out of "
                "libanalytics by design",
            )
        key = normalise(theirs)
        if key not in index:
            raise ColumnMappingError(
                f"columns= names '{theirs}', but the export has no such header",
                file=file,
                remedy=f"use a header that is there; headers found: {_header_list(list(index.values()), table)}",
            )
        pairs = {c: h for c, h in pairs.items() if normalise(h) != key}
        pairs[ours] = index[key]
    return pairs


def refuse_if_not_a_copy_list(headers: Sequence[str], file: str | Path) -> None:
    """Raise `InputFormatError` for title-level lists and code dictionaries."""
    reason = not_a_copy_list(headers)
    if reason:
        raise InputFormatError(
            reason,
            file=file,
            remedy="export a copy-level report from the library system instead: one row per "
            "copy with its barcode (for example a Destiny copy report, a Koha report on the "
            "items table, or a SirsiDynix item export with Item Barcode)",
        )
