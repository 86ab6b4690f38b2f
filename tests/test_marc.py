"""The MARC importer on real exports, on files written here with pymarc, and on broken files."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pymarc import Field, Leader, MARCReader, Record, Subfield, XMLWriter

import libanalytics as la
from libanalytics import cli, schema
from libanalytics.errors import InputFormatError
from libanalytics.ingest import cache as parquet_cache
from libanalytics.ingest import marc as marc_module
from libanalytics.ingest.marc import load_marc
from libanalytics.ingest.values import parse_isbns


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory, monkeypatch):
    """Each test keeps its Parquet cache to itself, never in the project folder."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv(parquet_cache.ENV, str(folder))
    return folder


# -- building records ------------------------------------------------------------------


def subfields(pairs: dict[str, str] | list[tuple[str, str]]) -> list[Subfield]:
    items = pairs.items() if isinstance(pairs, dict) else pairs
    return [Subfield(code, value) for code, value in items]


def title_record(
    *holdings: Field,
    leader: str = "00000cam a2200000 a 4500",
    f008: str | None = "150101s2014    nyua   j      000 1 eng d",
    fields: tuple[Field, ...] = (),
    title: str = "Frogs and toads :",
) -> Record:
    record = Record(leader=Leader(leader), force_utf8=leader[9] == "a")
    record.add_field(Field(tag="001", data="bib-42"))
    record.add_field(Field(tag="005", data="20240301101500.0"))
    if f008 is not None:
        record.add_field(Field(tag="008", data=f008))
    record.add_field(Field("020", [" ", " "], subfields({"a": "0-316-76917-7 (pbk.)"})))
    record.add_field(Field("100", ["1", " "], subfields({"a": "Gibbons, Gail,", "d": "1944-"})))
    record.add_field(
        Field("245", ["1", "0"], subfields({"a": title, "b": "a closer look /", "c": "Gail"}))
    )
    record.add_field(Field("264", [" ", "1"], subfields({"a": "New York :", "c": "[2015]"})))
    record.add_field(Field("264", [" ", "4"], subfields({"c": "©2014"})))
    record.add_field(Field("300", [" ", " "], subfields({"a": "32 unnumbered pages :"})))
    for field in fields:
        record.add_field(field)
    for field in holdings:
        record.add_field(field)
    return record


def write(path: Path, *records: Record) -> Path:
    path.write_bytes(b"".join(r.as_marc() for r in records))
    return path


def h852(**codes: str) -> Field:
    return Field("852", [" ", " "], subfields(codes))


# -- real exports ----------------------------------------------------------------------


def test_lul_fre_100_marc8_french_copies(realdata):
    loaded = la.load_catalog(realdata / "marc" / "lul_fre_100.mrc")
    items = loaded.frame
    assert loaded.source.encoding == "MARC-8"
    assert loaded.source.profile == "SirsiDynix/Sierra 949"
    assert "100 records read" in loaded.source.notes[0]
    assert items.height == 114 and loaded.rejects.height == 0
    assert loaded.rows_read == loaded.rows_loaded + loaded.rows_rejected
    assert items["bib_id"].n_unique() == 100
    faguet = items.filter(pl.col("author") == "Faguet, Émile")
    assert "Dix-huitième siècle : études littéraires" in faguet["title"].to_list()
    assert "Robert Lozé" in items["title"].to_list()
    assert all(unicodedata.is_normalized("NFC", t) for t in items["title"])
    assert not items["title"].str.contains("\ufffd").any()
    assert items["barcode"].str.len_chars().eq(14).all()
    first = items.row(0, named=True)
    assert first["barcode"] == "30007004052170"
    assert first["call_number"] == "PS 9455 H68 S8"
    assert (first["site"], first["location"], first["pub_year"]) == ("DESMARAIS", "DESM-CIR", 1919)
    assert (first["pages"], first["material_type"]) == (250, "book")
    assert sorted(items["price"].drop_nulls().to_list()) == [14.15, 64.9, 84.47]


def test_nepali_852_without_barcodes_are_rejects_and_952_notes_are_not_copies(realdata, capfd):
    loaded = load_marc(realdata / "marc" / "nepali.marc")
    assert loaded.frame.height == 0
    rejects = loaded.rejects
    assert rejects.height == 96
    assert rejects["line"].to_list() == list(range(1, 97))
    assert set(rejects["reason"]) == {"holdings field has no barcode"}
    assert set(rejects["field"]) == {"852"}
    notes = " ".join(loaded.source.notes)
    assert "96 records read" in notes
    assert "9 fields tagged 952" in notes and "not read as copies" in notes
    # pymarc complains about record 16's indicators: kept in the notes, never printed.
    assert "more than 2 indicators found (record 16)" in notes
    out, err = capfd.readouterr()
    assert out == "" and err == ""


# -- every canonical column, per holdings layout ---------------------------------------


def test_852_destiny_round_trip(tmp_path):
    record = title_record(
        h852(
            a="LIN", b="Reference", k="REF", h="597.8", i="GIB", p="000123", **{"9": "1299"}, t="1"
        ),
        h852(a="LIN", b="Stacks", h="597.8", i="GIB", p="000124", **{"9": "15.00"}, s="Lost"),
        fields=(Field("082", ["0", "4"], subfields({"a": "597.8/9"})),),
    )
    items = load_marc(write(tmp_path / "destiny.mrc", record)).frame
    assert items.columns == list(schema.ITEMS)
    first, second = items.rows(named=True)
    assert first == {
        "barcode": "000123",
        "site": "LIN",
        "bib_id": "bib-42",
        "title": "Frogs and toads : a closer look",
        "author": "Gibbons, Gail",
        "isbn": "9780316769174",
        "call_number": "REF 597.8 GIB",
        "section": first["section"],  # filled by the call-number module
        "dewey": first["dewey"],
        "shelf_key": first["shelf_key"],
        "location": "Reference",
        "material_type": "book",
        "pub_year": 2014,
        "acquired": None,
        "price": 12.99,
        "status": None,
        "total_checkouts": None,
        "last_checkout": None,
        "pages": 32,
    }
    assert (second["barcode"], second["price"], second["status"]) == ("000124", 15.0, "lost")
    assert second["call_number"] == "597.8 GIB"


def koha_field(**codes: str) -> Field:
    base = {"a": "LIN", "b": "LIN", "c": "EASY", "o": "E GIB", "d": "2019-08-14", "g": "18.50"}
    base |= {"l": "27", "s": "2024-02-01", "y": "BK", "0": "0", "1": "0", "4": "0", "7": "0"}
    return Field("952", [" ", " "], subfields(base | codes))


def test_952_koha_round_trip(tmp_path):
    record = title_record(
        koha_field(p="0000456"),
        koha_field(p="0000457", y="DVD", **{"1": "2"}, d="2020-01-02 10:00:00"),
    )
    items = load_marc(write(tmp_path / "koha.mrc", record), profile="koha").frame
    first, second = items.rows(named=True)
    assert {k: first[k] for k in schema.ITEMS if k not in ("section", "dewey", "shelf_key")} == {
        "barcode": "0000456",
        "site": "LIN",
        "bib_id": "bib-42",
        "title": "Frogs and toads : a closer look",
        "author": "Gibbons, Gail",
        "isbn": "9780316769174",
        "call_number": "E GIB",
        "location": "EASY",
        "material_type": "book",
        "pub_year": 2014,
        "acquired": dt.date(2019, 8, 14),
        "price": 18.5,
        "status": "available",
        "total_checkouts": 27,
        "last_checkout": dt.date(2024, 2, 1),
        "pages": 32,
    }
    assert (second["status"], second["material_type"]) == ("lost", "DVD")
    assert second["acquired"] == dt.date(2020, 1, 2)


@pytest.mark.parametrize(
    "flags, status",
    [
        ({}, "available"),
        ({"0": "1"}, "withdrawn"),
        ({"0": "1", "1": "1"}, "withdrawn"),
        ({"1": "1"}, "lost"),
        ({"1": "3"}, "lost"),
        ({"1": "4"}, "missing"),
        ({"4": "1"}, "damaged"),
        ({"q": "2024-03-01"}, "checked_out"),
        ({"q": "2024-03-01", "4": "1"}, "checked_out"),
        ({"7": "-1"}, "on_order"),
        ({"7": "1"}, "available"),
    ],
)
def test_koha_status_flags(tmp_path, flags, status):
    path = write(tmp_path / "k.mrc", title_record(koha_field(p="1", **flags)))
    assert load_marc(path, cache=False).frame["status"].to_list() == [status]


def sirsi_field(**codes: str) -> Field:
    base = {"a": "599.75 LIO", "w": "DEWEY", "l": "NONFIC", "m": "ELEM1", "t": "BOOKS"}
    base |= {"p": "$21.95", "u": "20180305", "n": "14", "e": "3/9/2024"}
    return Field("949", [" ", " "], subfields(base | codes))


def test_949_sirsi_round_trip(tmp_path):
    record = title_record(sirsi_field(i="0031"), sirsi_field(i="0032", k="MISSING", t="KIT", p="0"))
    items = load_marc(write(tmp_path / "sirsi.mrc", record)).frame
    first, second = items.rows(named=True)
    assert {k: first[k] for k in schema.ITEMS if k not in ("section", "dewey", "shelf_key")} == {
        "barcode": "0031",
        "site": "ELEM1",
        "bib_id": "bib-42",
        "title": "Frogs and toads : a closer look",
        "author": "Gibbons, Gail",
        "isbn": "9780316769174",
        "call_number": "599.75 LIO",
        "location": "NONFIC",
        "material_type": "book",
        "pub_year": 2014,
        "acquired": dt.date(2018, 3, 5),
        "price": 21.95,
        "status": None,  # SirsiDynix gives a current location only when it differs
        "total_checkouts": 14,
        "last_checkout": dt.date(2024, 3, 9),
        "pages": 32,
    }
    assert (second["status"], second["material_type"], second["price"]) == ("missing", "kit", None)


def test_sierra_status_codes(tmp_path):
    record = title_record(
        sirsi_field(i="1", s="-"), sirsi_field(i="2", s="m"), sirsi_field(i="3", s="$")
    )
    items = load_marc(write(tmp_path / "sierra.mrc", record), profile="sierra").frame
    assert items["status"].to_list() == ["available", "missing", "lost"]


def test_marcxml_reads_like_iso2709(tmp_path):
    records = [
        title_record(koha_field(p="0000456"), title="Les élèves :"),
        title_record(koha_field(p="0000789", **{"4": "1"})),
    ]
    iso = load_marc(write(tmp_path / "koha.mrc", *records))
    writer = XMLWriter((tmp_path / "koha.xml").open("wb"))
    for record in records:
        writer.write(record)
    writer.close()
    xml = la.load_catalog(tmp_path / "koha.xml")
    assert xml.source.format == "MARCXML"
    assert xml.frame.equals(iso.frame)
    assert xml.frame["title"][0] == "Les élèves : a closer look"
    assert xml.frame["status"].to_list() == ["available", "damaged"]


def test_broken_marcxml_keeps_the_records_before_the_break(tmp_path):
    writer = XMLWriter((tmp_path / "whole.xml").open("wb"))
    for n in range(3):
        writer.write(title_record(koha_field(p=f"00{n}")))
    writer.close()
    text = (tmp_path / "whole.xml").read_text(encoding="utf-8")
    cut = text.rindex("<record")  # keep two records and half of the third
    (tmp_path / "cut.xml").write_text(text[: cut + 200], encoding="utf-8")
    loaded = load_marc(tmp_path / "cut.xml")
    assert loaded.frame["barcode"].to_list() == ["000", "001"]
    assert loaded.rejects["line"].to_list() == [3]
    assert "XML is broken" in loaded.rejects["reason"][0]


# -- bibliographic details -------------------------------------------------------------


@pytest.mark.parametrize(
    "f008, c260, year",
    [
        ("090114s1964    np            000 m nep d", "2021 [1964]", 1964),
        (None, "2021 [1964]", 1964),
        ("970701t19821979nyu           000 1 eng d", "1982", 1979),
        ("970701s9999    nyu           000 1 eng d", "c1999.", 1999),
        ("970701suuuu    nyu           000 1 eng d", None, None),
        ("970701s2031    nyu           000 1 eng d", None, None),
        ("970701nuuuuuuuunyu           000 1 eng d", "[1987?]", 1987),
    ],
)
def test_pub_year_precedence(tmp_path, f008, c260, year):
    record = Record(leader=Leader("00000cam a2200000 a 4500"), force_utf8=True)
    if f008:
        record.add_field(Field(tag="008", data=f008))
    record.add_field(Field(tag="005", data="20240301101500.0"))
    if c260:
        record.add_field(Field("260", [" ", " "], subfields({"c": c260})))
    record.add_field(h852(p="1"))
    assert load_marc(write(tmp_path / "y.mrc", record)).frame["pub_year"].to_list() == [year]


@pytest.mark.parametrize(
    "leader, extra, material",
    [
        ("00000cam a2200000 a 4500", (), "book"),
        ("00000cas a2200000 a 4500", (), "periodical"),
        ("00000cgm a2200000 a 4500", (), "DVD"),
        ("00000cim a2200000 a 4500", (), "audiobook"),
        ("00000cim a2200000 a 4500", (("338", "cr"),), "eaudiobook"),
        ("00000cam a2200000 a 4500", (("338", "cr"),), "ebook"),
        ("00000cjm a2200000 a 4500", (), "CD"),
        ("00000com a2200000 a 4500", (), "kit"),
        ("00000crm a2200000 a 4500", (), "equipment"),
        ("00000cem a2200000 a 4500", (), "map"),
        ("00000ckm a2200000 a 4500", (), "other"),
    ],
)
def test_material_type_from_leader_and_338(tmp_path, leader, extra, material):
    fields = tuple(Field(tag, [" ", " "], subfields({"b": code})) for tag, code in extra)
    record = title_record(h852(p="1"), leader=leader, fields=fields)
    assert load_marc(write(tmp_path / "m.mrc", record)).frame["material_type"][0] == material


def test_call_number_from_092_then_082_when_the_copy_has_none(tmp_path):
    local = Field("092", [" ", " "], subfields({"a": "FIC", "b": "GIB"}))
    dewey = Field("082", ["0", "4"], subfields({"a": "597.8/9"}))
    path = write(
        tmp_path / "c.mrc",
        title_record(h852(p="1"), fields=(local, dewey)),
        title_record(h852(p="2"), fields=(dewey,)),
        title_record(h852(p="3", h="E", i="GIB"), fields=(dewey,)),
    )
    assert load_marc(path).frame["call_number"].to_list() == ["FIC GIB", "597.89", "E GIB"]


# -- character sets --------------------------------------------------------------------


def raw_record(leader9: str, title: bytes, barcode: bytes = b"0001") -> bytes:
    """An ISO 2709 record built by hand, so its bytes can be in any character set."""
    fields = [
        ("245", b"10\x1fa" + title + b"\x1e"),
        ("852", b"  \x1fp" + barcode + b"\x1e"),
    ]
    directory, body = b"", b""
    for tag, data in fields:
        directory += tag.encode() + b"%04d%05d" % (len(data), len(body))
        body += data
    base = 24 + len(directory) + 1
    length = base + len(body) + 1
    leader = b"%05dnam %s22%05d a 4500" % (length, leader9.encode(), base)
    return leader + directory + b"\x1e" + body + b"\x1d"


def test_marc8_and_mismatched_records_are_read_and_counted(tmp_path):
    marc8 = raw_record(" ", b"Les \xe2eleves", b"1")  # MARC-8: combining acute before e
    utf8 = raw_record("a", "Les élèves".encode(), b"2")
    marc8_claiming_utf8 = raw_record("a", b"Les \xe2eleves", b"3")
    utf8_claiming_marc8 = raw_record(" ", "Les élèves".encode(), b"4")
    path = tmp_path / "mixed.mrc"
    path.write_bytes(marc8 + utf8 + marc8_claiming_utf8 + utf8_claiming_marc8)
    loaded = load_marc(path)
    assert loaded.frame["title"].to_list() == ["Les éleves", "Les élèves"] * 2
    assert loaded.source.encoding == "MARC-8 and UTF-8"
    notes = " ".join(loaded.source.notes)
    assert "1 record said MARC-8 but held UTF-8 text, read as UTF-8 (record 4)" in notes
    assert "1 record said UTF-8 but held other text, read as MARC-8 (record 3)" in notes


# -- broken files ----------------------------------------------------------------------


def three_copies(tmp_path: Path) -> bytes:
    return b"".join(title_record(h852(p=f"000{n}"), title=f"Book {n}").as_marc() for n in (1, 2, 3))


def test_truncated_file_loads_what_precedes_the_cut(tmp_path):
    data = three_copies(tmp_path)
    path = tmp_path / "cut.mrc"
    path.write_bytes(data[:-40])
    loaded = load_marc(path)
    assert loaded.frame["barcode"].to_list() == ["0001", "0002"]
    assert loaded.rejects.rows() == [
        (str(path), 3, None, "the file ends in the middle of this record (it is cut short)")
    ]
    assert "2 copies" in loaded.summary() and "record 3" in loaded.summary()


def test_a_damaged_record_costs_only_itself(tmp_path):
    data = three_copies(tmp_path)
    records = data.split(b"\x1d")[:3]
    damaged = b"9" + records[1][1:]  # its length now points past the end of the file
    path = tmp_path / "damaged.mrc"
    path.write_bytes(records[0] + b"\x1d" + damaged + b"\x1d" + records[2] + b"\x1d")
    loaded = load_marc(path)
    assert loaded.frame["barcode"].to_list() == ["0001", "0003"]
    assert loaded.rejects["line"].to_list() == [2]
    assert "damaged" in loaded.rejects["reason"][0]
    # pymarc's own permissive reader loses its place here and drops record 3 too.
    with path.open("rb") as fh:
        good = [r for r in MARCReader(fh, permissive=True) if r is not None]
    assert len(good) < 2


def test_a_record_cut_short_in_the_middle_of_the_file(tmp_path):
    records = three_copies(tmp_path).split(b"\x1d")[:3]
    path = tmp_path / "gap.mrc"
    path.write_bytes(records[0] + b"\x1d" + records[1][:-30] + records[2] + b"\x1d")
    loaded = load_marc(path)
    assert loaded.frame["barcode"].to_list() == ["0001", "0003"]
    assert loaded.rejects["line"].to_list() == [2]


def test_empty_file_is_an_error(tmp_path):
    path = tmp_path / "catalog.mrc"
    path.write_bytes(b"")
    with pytest.raises(InputFormatError, match="catalog.mrc: this file is empty"):
        load_marc(path)


def test_pdf_and_csv_are_named_for_what_they_are(tmp_path):
    pdf = tmp_path / "catalog.mrc"
    pdf.write_bytes(b"%PDF-1.7\n1 0 obj <<>> endobj\n")
    with pytest.raises(InputFormatError, match="looks like a PDF document, not a MARC 21"):
        load_marc(pdf)
    with pytest.raises(InputFormatError, match="PDF"):
        la.load_catalog(pdf)
    csv = tmp_path / "export.mrc"
    csv.write_text("Barcode,Title\n0001,Frogs\n")
    with pytest.raises(InputFormatError, match="looks like a text file"):
        load_marc(csv)


def test_records_without_holdings(tmp_path):
    with_copy = title_record(h852(p="1"))
    without = title_record()
    loaded = load_marc(write(tmp_path / "some.mrc", with_copy, without))
    assert loaded.frame.height == 1
    assert loaded.rejects["reason"].to_list() == [
        "the record has no 852 holdings field, so no copy"
    ]
    with pytest.raises(InputFormatError, match="no 852, 952 or 949 holdings field"):
        load_marc(write(tmp_path / "bibs.mrc", without, without))


def test_duplicate_barcode_within_a_site_is_a_reject(tmp_path):
    path = write(
        tmp_path / "dup.mrc",
        title_record(h852(a="A", p="0007")),
        title_record(h852(a="A", p="0007"), h852(a="B", p="0007")),
    )
    loaded = load_marc(path)
    assert loaded.frame.select("site", "barcode").rows() == [("A", "0007"), ("B", "0007")]
    assert loaded.rejects["reason"].to_list() == ["barcode 0007 is already on a copy in record 1"]


# -- layouts and profiles --------------------------------------------------------------


def test_detection_prefers_the_tag_whose_fields_have_barcodes(tmp_path):
    record = title_record(h852(a="Library note"), sirsi_field(i="0099"))
    loaded = load_marc(write(tmp_path / "mixed.mrc", record))
    assert loaded.frame["barcode"].to_list() == ["0099"]
    assert loaded.source.profile == "SirsiDynix/Sierra 949"
    forced = load_marc(tmp_path / "mixed.mrc", profile="evergreen")
    assert forced.frame.height == 0 and forced.source.profile == "Evergreen 852"
    assert forced.rejects["reason"].to_list() == ["holdings field has no barcode"]


def test_profile_errors(tmp_path):
    path = write(tmp_path / "d.mrc", title_record(h852(p="1")))
    with pytest.raises(InputFormatError, match="no 952 fields.*use profile '852'"):
        load_marc(path, profile="koha")
    with pytest.raises(InputFormatError, match="'alexandria' is not a MARC holdings profile"):
        load_marc(path, profile="alexandria")


# -- cache and command line ------------------------------------------------------------


def test_cache_serves_a_rerun_and_a_renamed_copy(tmp_path, private_cache, monkeypatch):
    path = write(tmp_path / "a.mrc", title_record(h852(p="1")), title_record())
    first = load_marc(path)
    assert any(private_cache.iterdir())

    def no_parsing(*args, **kwargs):
        raise AssertionError("parsed again instead of using the cache")

    monkeypatch.setattr(marc_module, "_read", no_parsing)
    again = load_marc(path)
    assert again.frame.equals(first.frame) and again.summary() == first.summary()
    renamed = tmp_path / "b.mrc"
    renamed.write_bytes(path.read_bytes())
    moved = load_marc(renamed)
    assert moved.source.file == str(renamed)
    assert moved.rejects["file"].to_list() == [str(renamed)]
    with pytest.raises(AssertionError, match="parsed again"):
        load_marc(path, profile="852")  # another profile is another entry


def test_no_cache_writes_nothing(tmp_path, private_cache):
    load_marc(write(tmp_path / "a.mrc", title_record(h852(p="1"))), cache=False)
    assert not any(private_cache.iterdir())


def test_load_command_summary(tmp_path, capsys):
    path = write(
        tmp_path / "school.mrc",
        title_record(koha_field(p="1")),
        title_record(koha_field(p="2", **{"1": "4"}), koha_field(o="X")),
    )
    assert cli.main(["load", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "2 copies from school.mrc (a Koha 952 MARC export, UTF-8); 1 record rejected:"
    )
    assert "school.mrc record 2, 952: holdings field has no barcode" in out
    assert "Note: status: 1 available, 1 missing" in out


def test_load_command_refuses_a_pdf_without_traceback(tmp_path, capsys):
    pdf = tmp_path / "report.mrc"
    pdf.write_bytes(b"%PDF-1.4 report")
    assert cli.main(["load", str(pdf)]) == 2
    assert "looks like a PDF document" in capsys.readouterr().err


# -- ISBNs -----------------------------------------------------------------------------


def isbn13(text):
    return pl.select(parse_isbns(pl.lit(text, dtype=pl.String))).item()


@given(st.text(alphabet="0123456789", min_size=9, max_size=9))
def test_isbn10_becomes_the_isbn13_of_the_same_book(core):
    check = (11 - sum((10 - i) * int(c) for i, c in enumerate(core)) % 11) % 11
    isbn10 = core + ("X" if check == 10 else str(check))
    result = isbn13(f"{isbn10[:1]}-{isbn10[1:4]}-{isbn10[4:9]}-{isbn10[9]} (hardcover)")
    assert result is not None and result.startswith("978" + core) and len(result) == 13
    assert isbn13(result) == result
    wrong = str((int(result[-1]) + 1) % 10)
    assert isbn13(result[:-1] + wrong) is None


def test_a_copy_in_two_files_is_rejected_in_the_later_one(tmp_path):
    d1 = write(
        tmp_path / "d1.mrc",
        title_record(h852(a="LIN", p="000123")),
        title_record(h852(a="LIN", p="000124")),
    )
    d2 = write(
        tmp_path / "d2.mrc",
        title_record(h852(a="LIN", p="000125")),
        title_record(h852(a="LIN", p="000126"), h852(a="LIN", p="000124")),
    )
    csv_file = tmp_path / "d3.csv"
    csv_file.write_text(
        "Site,Barcode,Title\nLIN,000125,Frogs\nLIN,000127,Toads\n", encoding="utf-8"
    )
    for _ in range(2):  # the second time, both MARC files come from the cache
        loaded = la.load_catalog([d1, d2, csv_file])
        assert loaded.rejects.select("file", "line", "reason").rows() == [
            (
                str(d2),
                2,
                "the same barcode at this site as d1.mrc record 2: a copy cannot be listed twice",
            ),
            (
                str(csv_file),
                2,
                "the same barcode at this site as d2.mrc record 1: a copy cannot be listed twice",
            ),
        ]
        assert loaded.rows_read == loaded.rows_loaded + loaded.rows_rejected == 7
        assert [s.rows_rejected for s in loaded.sources] == [0, 1, 1]
        assert sorted(loaded.frame["barcode"]) == ["000123", "000124", "000125", "000126", "000127"]


def test_a_byte_order_mark_before_the_first_record_is_skipped(tmp_path):
    path = tmp_path / "bom.mrc"
    records = [title_record(h852(a="LIN", p=f"00012{i}")) for i in range(2)]
    path.write_bytes(b"\xef\xbb\xbf" + b"".join(r.as_marc() for r in records))
    loaded = la.load_catalog(path)
    assert loaded.frame["barcode"].to_list() == ["000120", "000121"]
    assert loaded.rows_rejected == 0
