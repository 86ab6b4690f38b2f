"""Catalog exports in MARC 21 (ISO 2709) and MARCXML: one copy per holdings field.

A MARC record describes a title; its holdings fields (852, 952 or 949, by system) are
the copies. `load_marc` reads the title once, gives each copy with a barcode a row of
the canonical items table, and lists everything else as a reject with its record
number: a holdings field without a barcode, a record without holdings, a damaged or
cut-short record. Typing (dates, prices, years, pages) is done in polars afterwards,
column by column, and the result is cached as Parquet keyed by the file's SHA-256.
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from functools import partial
from pathlib import Path
from typing import Any

import polars as pl

from .. import callnumber, schema
from ..errors import InputFormatError
from ..loaded import FileSource, Loaded, rejects_frame
from . import cache as parquet_cache
from . import koha, marc_holdings, marc_records, marc_typing
from .marc_holdings import COPY_FIELDS, DETECTED, HOLDINGS_TAGS, Holding, layout_for_profile
from .marc_records import Decoder, Problems, captured, count_of, record_list
from .marc_typing import type_items
from .sniff import NAMES, sniff

BIB_FIELDS = (
    "bib_id",
    "title",
    "author",
    "isbn",
    "_leader",
    "_008",
    "_005",
    "_c264_4",
    "_c264_1",
    "_c260",
    "_pages",
    "_carrier",
    "_local_call",
    "_dewey_call",
)

REMEDY_EXPORT = (
    "export the catalog again as MARC 21 with holdings (copy) information included, "
    "or load the copy report as CSV or Excel"
)


def load_marc(path: str | Path, profile: str | None = None, cache: bool = True) -> Loaded:
    """Read a MARC 21 or MARCXML catalog export into the canonical items table.

    Parameters
    ----------
    path:
        The export file (.mrc, .marc, .dat or .xml; the content decides, not the name).
    profile:
        Where the copies are, when detection guesses wrong: ``"852"`` (also
        ``"destiny"``, ``"evergreen"``, ``"polaris"``), ``"952"`` (``"koha"``) or
        ``"949"`` (``"sirsi"``, ``"sierra"``). Left out, the holdings tag whose fields
        carry the most barcodes is used.
    cache:
        Keep a Parquet copy keyed by the file's content so reading it again is instant.

    Returns
    -------
    Loaded
        One row per copy; ``.rejects`` lists holdings fields without a barcode, records
        without holdings and damaged records, each with its record number.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from pymarc import Record, Field, Subfield, Leader
    >>> record = Record(leader=Leader("00000cam a2200000 a 4500"))
    >>> record.add_field(Field("245", ["1", "0"], [Subfield("a", "Frogs /")]))
    >>> record.add_field(Field("952", [" ", " "], [Subfield("p", "0001234"), Subfield("o", "597.8 FRO")]))
    >>> record.add_field(Field("952", [" ", " "], [Subfield("o", "597.8 FRO")]))
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "koha.mrc"
    >>> _ = path.write_bytes(record.as_marc())
    >>> loaded = load_marc(path, cache=False)
    >>> loaded.frame.select("barcode", "title", "call_number", "status").row(0)
    ('0001234', 'Frogs', '597.8 FRO', 'available')
    >>> print(loaded.summary())  # doctest: +NORMALIZE_WHITESPACE
    1 copy from koha.mrc (a Koha 952 MARC export, UTF-8); 1 record rejected:
      koha.mrc record 1, 952: holdings field has no barcode
    Note: 1 record read; copies are in its 952 fields (detected)
    Note: status: 1 available
    Note: material: 1 book
    """
    return load_marc_records(path, profile, cache)[0]


def load_marc_records(
    path: str | Path, profile: str | None = None, cache: bool = True
) -> tuple[Loaded, pl.Series]:
    """`load_marc`, with the record number of each loaded copy (for checks across files)."""
    path = Path(path)
    kind = sniff(path)
    if kind not in ("MARC", "MARCXML"):
        what = "this file is empty" if kind == "empty" else f"this looks like {NAMES[kind]}"
        raise InputFormatError(
            f"{what}, not a MARC 21 or MARCXML export", file=path, remedy=REMEDY_EXPORT
        )
    layout = layout_for_profile(profile) if profile else None

    key = None
    if cache:
        version = parquet_cache.code_version(
            marc_records, marc_holdings, marc_typing, sys.modules[__name__]
        )
        key = parquet_cache.cache_key(parquet_cache.file_digest(path), "marc", profile, version)
        hit = parquet_cache.read(key)
        if hit is not None:
            frames, meta = hit
            return _finish(path, frames["items"], frames["rejects"], meta)

    frame, rejects, meta = _read(path, kind, layout)
    if key is not None:
        parquet_cache.write(key, {"items": frame, "rejects": rejects}, meta)
    return _finish(path, frame, rejects, meta)


def _finish(
    path: Path, frame: pl.DataFrame, rejects: pl.DataFrame, meta: dict
) -> tuple[Loaded, pl.Series]:
    """The `Loaded` for a parsed (or cached) file, under its current name, and the record
    number of each copy."""
    records = frame["_record"] if "_record" in frame.columns else pl.Series([None] * frame.height)
    items = schema.conform(callnumber.add_shelf_columns(frame), "items")
    rejects = rejects.with_columns(file=pl.lit(str(path), dtype=pl.String))
    source = FileSource(
        file=str(path),
        format=meta["format"],
        profile=meta["profile"],
        encoding=meta["encoding"],
        rows_read=items.height + rejects.height,
        rows_loaded=items.height,
        rows_rejected=rejects.height,
        notes=tuple(meta["notes"]),
    )
    loaded = Loaded(frame=items, rejects=rejects, sources=(source,), kind="items")
    return loaded, records.cast(pl.Int64)


# -- reading ---------------------------------------------------------------------------


class _Titles:
    """Walks the records once, keeping one list per column and each holdings field."""

    def __init__(self, decoder: Decoder) -> None:
        self.decoder = decoder
        self.columns: dict[str, list[Any]] = {name: [] for name in BIB_FIELDS}
        self.numbers: list[int] = []
        self.holdings: dict[str, list[tuple[int, int, Holding]]] = {t: [] for t in HOLDINGS_TAGS}
        self.encodings: Counter[str] = Counter()

    def add(self, record: Any, number: int, xml: bool = False) -> None:
        leader = str(record.leader)
        utf8 = leader[9:10] == "a"
        if not xml:
            self.encodings["UTF-8" if utf8 else "MARC-8"] += 1
        decode = partial(self.decoder.text, utf8=utf8, record=number)
        tags: dict[str, list[Any]] = defaultdict(list)
        for field in record.fields:
            tags[field.tag].append(field)

        def control(tag: str) -> str | None:
            fields = tags.get(tag)
            data = fields[0].data if fields else None
            return decode(data).strip() if data else None

        def joined(tag: str, codes: str, ind2: str | None = None) -> str | None:
            for field in tags.get(tag, ()):
                if ind2 is not None and field.indicator2 != ind2:
                    continue
                parts = [decode(s.value).strip() for s in field.subfields if s.code in codes]
                text = " ".join(p for p in parts if p)
                if text:
                    return text
            return None

        row = len(self.numbers)
        self.numbers.append(number)
        values = {
            "bib_id": control("001"),
            "title": joined("245", "abnp"),
            "author": joined("100", "a") or joined("110", "ab") or joined("111", "a"),
            # Every 020 $a, checked and made 13 digits by values.parse_isbns when typed.
            "isbn": "; ".join(
                decode(s.value) for f in tags.get("020", ()) for s in f.subfields if s.code == "a"
            )
            or None,
            "_leader": leader,
            "_008": control("008"),
            "_005": control("005"),
            "_c264_4": joined("264", "c", ind2="4"),
            "_c264_1": joined("264", "c", ind2="1"),
            "_c260": joined("260", "c"),
            "_pages": joined("300", "a"),
            "_carrier": joined("338", "b"),
            "_local_call": joined("092", "ab"),
            "_dewey_call": joined("082", "a"),
        }
        for name, value in values.items():
            self.columns[name].append(value)
        for tag in HOLDINGS_TAGS:
            for field in tags.get(tag, ()):
                self.holdings[tag].append((row, number, Holding(field.subfields, decode)))


def _read(path: Path, kind: str, forced: marc_holdings.Layout | None):
    decoder = Decoder()
    titles = _Titles(decoder)
    problems = Problems()
    rejects: list[tuple[str, int | None, str | None, str]] = []
    file = str(path)
    with captured() as (logged, caught):
        if kind == "MARC":
            encoding = None
            for number, chunk, reason in marc_records.split_records(path.read_bytes()):
                record = None
                if chunk is not None:
                    record, reason = marc_records.parse_record(chunk)
                problems.attribute(number, logged, caught)
                if record is None:
                    rejects.append((file, number, None, reason))
                else:
                    titles.add(record, number)
        else:
            encoding = _xml_encoding(path)
            for number, record, reason in _xml_records(path):
                if record is None:
                    rejects.append((file, number, None, reason))
                else:
                    titles.add(record, number, xml=True)
            problems.attribute(0, logged, caught)
        if not titles.numbers:
            raise InputFormatError(
                "no MARC record in this file could be read"
                + (f" (record 1: {rejects[0][3]})" if rejects else ""),
                file=path,
                remedy=REMEDY_EXPORT,
            )
        layout, detected = _choose_layout(titles.holdings, forced, path)
        copies = _copies(titles, layout, file, rejects)
        problems.attribute(0, logged, caught)

    frame, typing_notes = type_items(copies)
    frame, duplicates = _drop_duplicates(frame, file)
    rejects.extend(duplicates)
    rejects.sort(key=lambda r: r[1] or 0)
    fmt = "MARC" if kind == "MARC" else "MARCXML"
    notes = _notes(titles, layout, detected, decoder, problems, typing_notes, frame)
    meta = {
        "format": fmt,
        "profile": layout.label,
        "encoding": encoding or " and ".join(sorted(titles.encodings)) or None,
        "notes": notes,
    }
    # The record numbers stay (in the cache too) for the duplicate check across files.
    frame = frame.select([c for c in (*schema.ITEMS, "_record") if c in frame.columns])
    return frame, rejects_frame(rejects), meta


def _xml_records(path: Path):
    """MARCXML records in order; a file broken part-way gives the records before the break."""
    import xml.sax

    from pymarc.marcxml import XmlHandler, parse_xml

    handler = XmlHandler(strict=False, normalize_form="NFC")
    broken = None
    try:
        with path.open("rb") as fh:
            parse_xml(fh, handler)
    except xml.sax.SAXParseException as exc:
        broken = (
            f"the XML is broken at line {exc.getLineNumber()} ({exc.getMessage()}); "
            "this record and any after it were not read"
        )
    for number, record in enumerate(handler.records, start=1):
        yield number, record, None
    if broken:
        yield len(handler.records) + 1, None, broken


def _xml_encoding(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(200)
    match = re.search(rb"encoding=[\"']([A-Za-z0-9_.-]+)", head)
    return match.group(1).decode("ascii").upper() if match else "UTF-8"


def _choose_layout(holdings, forced, path: Path) -> tuple[marc_holdings.Layout, bool]:
    present = [t for t in HOLDINGS_TAGS if holdings[t]]
    if forced is not None:
        if not holdings[forced.tag] and present:
            raise InputFormatError(
                f"there are no {forced.tag} fields in this file; its copies are in {present[0]}",
                file=path,
                field=forced.tag,
                remedy=f"leave the profile out, or use profile '{present[0]}'",
            )
        return forced, False
    if not present:
        raise InputFormatError(
            "the records hold no copies: there is no 852, 952 or 949 holdings field",
            file=path,
            remedy=REMEDY_EXPORT,
        )

    def score(tag: str) -> tuple[int, int]:
        code = DETECTED[tag].barcode_code
        fields = holdings[tag]
        return sum(1 for _, _, h in fields if h.first(code)), len(fields)

    return DETECTED[max(present, key=score)], True


def _copies(titles: _Titles, layout, file: str, rejects: list) -> pl.DataFrame:
    fields = COPY_FIELDS + koha.FLAGS
    columns: dict[str, list[Any]] = {name: [] for name in fields}
    rows: list[int] = []
    numbers: list[int] = []
    with_holdings = set()
    for row, number, holding in titles.holdings[layout.tag]:
        with_holdings.add(row)
        values = layout.read(holding)
        if values["barcode"] is None:
            rejects.append((file, number, layout.tag, "holdings field has no barcode"))
            continue
        for name in fields:
            columns[name].append(values.get(name))
        rows.append(row)
        numbers.append(number)
    for row, number in enumerate(titles.numbers):
        if row not in with_holdings:
            rejects.append(
                (
                    file,
                    number,
                    layout.tag,
                    f"the record has no {layout.tag} holdings field, so no copy",
                )
            )
    types = {name: pl.String for name in fields} | {"price_in_cents": pl.Boolean}
    copies = pl.DataFrame(columns, schema=types)
    if layout.tag == "952":
        copies = copies.with_columns(koha.koha_status())
    copies = copies.drop(koha.FLAGS)
    bib = pl.DataFrame(titles.columns, schema={name: pl.String for name in BIB_FIELDS})
    return pl.concat(
        [
            copies.with_columns(_record=pl.Series(numbers, dtype=pl.Int64)),
            bib.select(pl.all().gather(rows)),
        ],
        how="horizontal",
    )


def _drop_duplicates(frame: pl.DataFrame, file: str) -> tuple[pl.DataFrame, list]:
    """A barcode names one copy within a site: later copies with it are rejects."""
    first = pl.col("_record").first().over("site", "barcode")
    marked = frame.with_columns(
        _dup=pl.int_range(pl.len()).over("site", "barcode") > 0, _first=first
    )
    dups = marked.filter("_dup")
    rejects = [
        (file, number, None, f"barcode {barcode} is already on a copy in record {first_number}")
        for number, barcode, first_number in dups.select("_record", "barcode", "_first").iter_rows()
    ]
    return marked.filter(~pl.col("_dup")).drop("_dup", "_first"), rejects


def _notes(titles, layout, detected, decoder, problems, typing_notes, frame) -> list[str]:
    n_records = len(titles.numbers)
    how = "detected" if detected else "as the profile says"
    notes = [f"{count_of(n_records, 'record')} read; copies are in its {layout.tag} fields ({how})"]
    for tag in HOLDINGS_TAGS:
        fields = titles.holdings[tag]
        if tag != layout.tag and fields:
            records = {number for _, number, _ in fields}
            notes.append(
                f"{count_of(len(fields), 'field')} tagged {tag} in {count_of(records, 'record')} "
                f"were not read as copies ({record_list(records)}); the copies are in {layout.tag}"
            )
    if decoder.said_marc8_held_utf8:
        recs = decoder.said_marc8_held_utf8
        notes.append(
            f"{count_of(recs, 'record')} said MARC-8 but held UTF-8 text, read as UTF-8 ({record_list(recs)})"
        )
    if decoder.said_utf8_held_marc8:
        recs = decoder.said_utf8_held_marc8
        notes.append(
            f"{count_of(recs, 'record')} said UTF-8 but held other text, read as MARC-8 ({record_list(recs)})"
        )
    if decoder.undecodable:
        recs = decoder.undecodable
        notes.append(
            f"{count_of(recs, 'record')} had characters that could not be read, shown as \ufffd ({record_list(recs)})"
        )
    notes += problems.notes()
    notes += typing_notes
    if frame.height:
        counts = frame["status"].fill_null("not given").value_counts(name="n")
        order = {s: i for i, s in enumerate((*schema.STATUSES, "not given"))}
        rows = sorted(counts.iter_rows(), key=lambda r: (-r[1], order.get(r[0], 99)))
        notes.append("status: " + ", ".join(f"{n:,} {s}" for s, n in rows))
        kinds = frame["material_type"].fill_null("unknown").value_counts(name="n")
        rows = sorted(kinds.iter_rows(), key=lambda r: (-r[1], r[0]))
        notes.append("material: " + ", ".join(f"{n:,} {k}" for k, n in rows))
    return notes
