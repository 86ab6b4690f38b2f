"""The sample's exports, written as the library systems write them.

Destiny MARC 21 with 852 holdings, Koha MARC 21 with 952 items (the same copies), a
Destiny copy report (XLSX) and checkout history (CSV, with patron columns), and
``school.toml``. Every file is written whole and carries no clock time.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
from pymarc import Field, Indicators, MARCWriter, Record, Subfield

from ..report.excel import write_workbook
from ..report.files import atomic_path, write_text

DESTINY_STATUS = {
    "available": "Available",
    "checked_out": "Checked Out",
    "lost": "Lost",
    "missing": "Missing",
    "withdrawn": "Withdrawn",
    "damaged": "Damaged",
    "in_transit": "In Transit",
    "on_order": "On Order",
}
MATERIAL_WORD = {"book": "Book", "ebook": "eBook", "DVD": "DVD"}
KOHA_ITEM_TYPE = {"book": "BK", "ebook": "EBOOK", "DVD": "DVD"}
PUBLISHERS = (
    ("New York", "Scholastic"),
    ("New York", "Random House"),
    ("Minneapolis", "Lerner Publications"),
    ("North Mankato, Minnesota", "Capstone Press"),
    ("New York", "HarperCollins"),
    ("Washington, D.C.", "National Geographic"),
    ("Chicago", "World Book"),
    ("Boston", "Houghton Mifflin"),
)


def _nonfiling(title: str) -> str:
    for article in ("The ", "A ", "An "):
        if title.startswith(article):
            return str(len(article))
    return "0"


def _isbn10(isbn13: str) -> str:
    body = isbn13[3:12]
    total = sum((10 - i) * int(d) for i, d in enumerate(body))
    check = (11 - total % 11) % 11
    return body + ("X" if check == 10 else str(check))


def _bib_record(t: dict, migration: dt.date) -> Record:
    """The bibliographic part, shared by the Destiny and Koha exports."""
    record = Record(force_utf8=True)
    video = t["material_type"] == "DVD"
    ebook = t["material_type"] == "ebook"
    record.leader = f"00000n{'g' if video else 'a'}m a2200000 a 4500"
    year = t["pub_year"]
    fiction = t["kind"] in ("easy", "fiction", "story", "ya", "graphic") or (
        t["kind"] in ("spanish", "ebook") and not t["dewey"]
    )
    lang = "spa" if t["kind"] == "spanish" else "eng"
    entered = migration.strftime("%y%m%d")
    if video:
        fixed = f"{entered}s{year}    xxu052            vleng d"
        fixed = fixed[:35] + lang + " d"
    else:
        form = "o" if ebook else " "
        fixed = f"{entered}s{year}    xxua   j{form}    000 {'1' if fiction else '0'} {lang} d"
    record.add_field(Field(tag="001", data=t["bib_id"]))
    record.add_field(Field(tag="008", data=fixed[:40].ljust(40)))
    if t["isbn"]:
        isbn = t["isbn"] if year >= 2007 else _isbn10(t["isbn"])
        record.add_field(
            Field(tag="020", indicators=Indicators(" ", " "), subfields=[Subfield("a", isbn)])
        )
    if t["dewey"]:
        record.add_field(
            Field(tag="082", indicators=Indicators("0", "4"), subfields=[Subfield("a", t["dewey"])])
        )
    if t["author"]:
        record.add_field(
            Field(
                tag="100",
                indicators=Indicators("1", " "),
                subfields=[Subfield("a", t["author"] + ",")] + [Subfield("e", "author.")],
            )
        )
    title = t["title"]
    main, _, rest = title.partition(": ")
    subs = [Subfield("a", main + (" :" if rest else ""))]
    if rest:
        subs.append(Subfield("b", rest))
    if t["author"]:
        last, _, first = t["author"].partition(", ")
        subs[-1] = Subfield(subs[-1].code, subs[-1].value + " /")
        subs.append(Subfield("c", f"{first} {last}."))
    else:
        subs[-1] = Subfield(subs[-1].code, subs[-1].value + ".")
    record.add_field(
        Field(
            tag="245",
            indicators=Indicators("1" if t["author"] else "0", _nonfiling(title)),
            subfields=subs,
        )
    )
    place, publisher = PUBLISHERS[int(t["bib_id"]) % len(PUBLISHERS)]
    tag, ind2 = ("264", "1") if year >= 2012 else ("260", " ")
    record.add_field(
        Field(
            tag=tag,
            indicators=Indicators(" ", ind2),
            subfields=[
                Subfield("a", place + " :"),
                Subfield("b", publisher + ","),
                Subfield("c", f"{'©' if tag == '264' else 'c'}{year}."),
            ],
        )
    )
    if video:
        extent = [
            Subfield("a", "1 videodisc (52 min.) :"),
            Subfield("b", "sound, color ;"),
            Subfield("c", "4 3/4 in."),
        ]
    elif ebook:
        extent = [Subfield("a", f"1 online resource ({t['pages']} pages)")]
    else:
        extent = [
            Subfield("a", f"{t['pages']} pages :"),
            Subfield("b", "illustrations ;"),
            Subfield("c", "26 cm"),
        ]
    record.add_field(Field(tag="300", indicators=Indicators(" ", " "), subfields=extent))
    if t["kind"] == "biography":
        person = t["subject"].split(" -- ")[0]
        record.add_field(
            Field(
                tag="600",
                indicators=Indicators("1", "0"),
                subfields=[Subfield("a", person), Subfield("v", "Juvenile literature.")],
            )
        )
    else:
        heading, _, sub = t["subject"].rstrip(".").partition(" -- ")
        subs = [Subfield("a", heading + ("" if sub else "."))]
        if sub:
            subs.append(Subfield("v", sub + "."))
        record.add_field(Field(tag="650", indicators=Indicators(" ", "0"), subfields=subs))
    if ebook:
        record.add_field(
            Field(
                tag="856",
                indicators=Indicators("4", "0"),
                subfields=[Subfield("u", f"https://ebooks.example.org/title/{t['bib_id']}")],
            )
        )
    return record


def _cents(price: float | None) -> str:
    return str(int(round((price or 0.0) * 100)))


def _field_852(c: dict) -> Field:
    subs = [Subfield("a", c["site"]), Subfield("b", c["location"])]
    if c["prefix"]:
        subs.append(Subfield("k", c["prefix"]))
    if c["klass"]:
        subs.append(Subfield("h", c["klass"]))
    item = " ".join(x for x in (c["cutter"], f"v.{c['copy_no']}" if c["is_set"] else "") if x)
    if item:
        subs.append(Subfield("i", item))
    subs += [
        Subfield("p", c["barcode"]),
        Subfield("9", _cents(c["price"])),
        Subfield("t", str(c["copy_no"])),
    ]
    return Field(tag="852", indicators=Indicators("8", " "), subfields=subs)


def _iso(day) -> str | None:
    return day.isoformat() if day is not None else None


def _field_952(c: dict) -> Field:
    subs = [Subfield("a", c["site"]), Subfield("b", c["site"]), Subfield("c", c["location"])]
    if c["acquired"] is not None:
        subs.append(Subfield("d", _iso(c["acquired"])))
    subs.append(Subfield("g", f"{c['price']:.2f}"))
    subs.append(Subfield("l", str(c["total_checkouts"])))
    subs.append(Subfield("o", c["call_number"]))
    subs.append(Subfield("p", c["barcode"]))
    if c["last_checkout"] is not None:
        subs.append(Subfield("s", _iso(c["last_checkout"])))
    subs.append(Subfield("t", str(c["copy_no"])))
    subs.append(Subfield("y", KOHA_ITEM_TYPE.get(c["material_type"], "BK")))
    status = c["status"]
    subs.append(Subfield("0", "1" if status == "withdrawn" else "0"))
    subs.append(Subfield("1", {"lost": "1", "missing": "4"}.get(status, "0")))
    subs.append(Subfield("4", "1" if status == "damaged" else "0"))
    subs.append(Subfield("7", "-1" if status == "on_order" else "0"))
    if status == "checked_out" and c.get("due") is not None:
        subs.append(Subfield("q", _iso(c["due"])))
    return Field(tag="952", indicators=Indicators(" ", " "), subfields=subs)


def write_marc(path: Path, copies: pl.DataFrame, migration: dt.date, *, holdings: str) -> Path:
    """One MARC record per title, one 852 (Destiny) or 952 (Koha) field per copy."""
    field = _field_852 if holdings == "852" else _field_952
    copies = copies.sort("bib_id_num", "copy_no", "barcode")
    with atomic_path(path) as tmp, open(tmp, "wb") as fh:
        writer = MARCWriter(fh)
        for (_bib,), group in copies.group_by("bib_id_num", maintain_order=True):
            rows = group.to_dicts()
            record = _bib_record(rows[0], migration)
            for c in rows:
                record.add_field(field(c))
            writer.write(record)
        writer.close(close_fh=False)
    return path


def copy_report_columns(date_format: str | None = None) -> list[pl.Expr]:
    """The Destiny copy report's columns from canonical items (dates as text if a format).

    One list for the sample's workbook and the benchmarks' district CSV.
    """

    def day(name: str) -> pl.Expr:
        return pl.col(name).dt.strftime(date_format) if date_format else pl.col(name)

    return [
        pl.col("site").alias("Site"),
        pl.col("barcode").alias("Barcode"),
        pl.col("title").alias("Title"),
        pl.col("author").alias("Author"),
        pl.col("call_number").alias("Call Number"),
        pl.col("isbn").alias("ISBN"),
        pl.col("pub_year").alias("Copyright Year"),
        day("acquired").alias("Date Acquired"),
        pl.col("price").alias("Price"),
        pl.col("status").replace_strict(DESTINY_STATUS).alias("Status"),
        pl.col("location").alias("Sublocation"),
        pl.col("material_type")
        .replace_strict(MATERIAL_WORD, default="Book")
        .alias("Material Type"),
        pl.col("total_checkouts").alias("Lifetime Circs"),
        day("last_checkout").alias("Last Checkout Date"),
    ]


def write_copy_report(path: Path, copies: pl.DataFrame) -> Path:
    """The Destiny copy report, as a workbook (barcodes stored as text)."""
    frame = copies.sort("shelf_order").select(copy_report_columns())
    write_workbook(
        path,
        {"Copies": frame},
        column_formats={
            "Price": "0.00",
            "Date Acquired": "m/d/yyyy",
            "Last Checkout Date": "m/d/yyyy",
        },
    )
    return path


CHECKOUT_STAMP = "%-m/%-d/%Y %-I:%M %p"


def circulation_report_columns() -> list[pl.Expr]:
    """Destiny checkout history's columns, bar the patron ones, from canonical checkouts
    joined to their copies' title and call number (sample and benchmarks alike)."""
    return [
        pl.col("site").alias("Site"),
        pl.col("barcode").alias("Copy Barcode"),
        pl.col("title").alias("Title"),
        pl.col("call_number").alias("Call Number"),
        pl.col("material_type")
        .replace_strict(MATERIAL_WORD, default="Book")
        .alias("Material Type"),
        pl.col("checkout_at").dt.strftime(CHECKOUT_STAMP).alias("Checked Out"),
        pl.col("returned_at").dt.strftime(CHECKOUT_STAMP).fill_null("").alias("Returned"),
    ]


def write_circulation_csv(path: Path, loans: pl.DataFrame) -> Path:
    """Destiny checkout history with the patron columns a real report carries."""
    frame = loans.select(
        *circulation_report_columns(), "Patron Name", "Patron Barcode", "Grade Level", "Homeroom"
    )
    with atomic_path(path) as tmp:
        frame.write_csv(tmp, quote_style="necessary", line_terminator="\r\n")
    return path


def write_school_toml(path: Path, info: dict) -> Path:
    """A small TOML file: name, site, enrollment, dates, seed, and what was generated."""
    lines = [
        "# The sample school: written by `libanalytics sample`, deterministic from seed and as_of."
    ]
    for key, value in info.items():
        if isinstance(value, str):
            lines.append(f'{key} = "{value}"')
        elif isinstance(value, dt.date):
            lines.append(f"{key} = {value.isoformat()}")
        else:
            lines.append(f"{key} = {value}")
    return write_text(path, "\n".join(lines) + "\n")
