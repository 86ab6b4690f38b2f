"""From the text of MARC fields to typed columns, in polars, a column at a time.

The record walk collects text; everything that interprets it lives here as polars
expressions: the publication year by the 008's date type, prices (Destiny's cents),
dates in the forms systems write, page counts from the 300, material types from the
leader, 008 and 338, and the call number from 092/082 where the copy has none.

>>> frame = pl.DataFrame({
...     "_008": ["970701t19821979nyu           000 1 eng d", None],
...     "_c264_4": [None, None], "_c264_1": [None, None], "_c260": [None, "2021 [1964]"],
... }, schema=dict.fromkeys(["_008", "_c264_4", "_c264_1", "_c260"], pl.String))
>>> frame.select(pub_year=pub_year_expr(2025))["pub_year"].to_list()
[1979, 1964]
>>> pl.select(pages=pages_expr(pl.lit("xii, 250 p., [8] p. of plates :"))).item()
250
"""

from __future__ import annotations

import polars as pl

from .values import parse_isbns

# A copy's item type, where the system gives one, says what the copy is more surely
# than the title's leader (a DVD copy attached to a book record is a DVD).
ITEM_TYPES = {
    **dict.fromkeys(["BOOK", "BOOKS", "BK", "PAPERBACK", "PBK", "HARDCOVER"], "book"),
    **dict.fromkeys(["EBOOK", "EBOOKS", "EBK"], "ebook"),
    **dict.fromkeys(["AUDIOBOOK", "AUDIOBOOKS", "AB", "BOOKONCD", "BOOKCD", "CDBOOK"], "audiobook"),
    **dict.fromkeys(["EAUDIOBOOK", "EAUDIO"], "eaudiobook"),
    **dict.fromkeys(["DVD", "DVDS", "VIDEO", "BLURAY", "VIDEODISC"], "DVD"),
    **dict.fromkeys(["CD", "CDS", "MUSICCD", "CDMUSIC"], "CD"),
    **dict.fromkeys(["KIT", "KITS"], "kit"),
    **dict.fromkeys(["MAGAZINE", "MAGAZINES", "MAG", "PERIODICAL", "SERIAL"], "periodical"),
    **dict.fromkeys(["EQUIPMENT", "EQUIP", "DEVICE", "LAPTOP", "CHROMEBOOK", "IPAD"], "equipment"),
    **dict.fromkeys(["MAP", "MAPS"], "map"),
}

# A value a system writes for "no value": 0, 0.00, 0000-00-00.
_NOTHING = r"^[0\s\-/.:,]*$"


def _year(text: pl.Expr) -> pl.Expr:
    return pl.when(text.str.contains(r"^\d{4}$")).then(text.cast(pl.Int32, strict=False))


def _year_in_statement(text: pl.Expr) -> pl.Expr:
    return pl.coalesce(
        # A copyright or phonogram year ("c1999", "©1999", "p1999") is the copyright year.
        text.str.extract(r"(?:^|[\s\[(,])[c©℗p]\s?(\d{4})"),
        # "2021 [1964]": a year in another calendar followed by the Gregorian year.
        text.str.extract(r"\d{4}\s*\[(\d{4})\]"),
        text.str.extract(r"(\d{4})"),
    ).cast(pl.Int32, strict=False)


def pub_year_expr(latest_year: int | None) -> pl.Expr:
    """Copyright year: 008 by its date type first, then 264 $c (copyright, publication), 260 $c.

    The 008 is coded data, so it wins over the transcribed statement: nepali.marc's 260
    $c "2021 [1964]" starts with a Vikram Samvat year. 9999, "uuuu" and years after
    ``latest_year`` (the year after the newest date in the file) are unknown.
    """
    f008 = pl.col("_008")
    kind = f008.str.slice(6, 1)
    date1, date2 = _year(f008.str.slice(7, 4)), _year(f008.str.slice(11, 4))
    from_008 = (
        pl.when(kind == "t")
        .then(pl.coalesce(date2, date1))  # t: publication date, then copyright date
        .when(kind.is_in(["n", "b", "|"]) | kind.is_null())
        .then(pl.lit(None, dtype=pl.Int32))
        .otherwise(date1)
    )

    def plausible(year: pl.Expr) -> pl.Expr:
        ok = (year >= 1000) & (year != 9999)
        if latest_year is not None:
            ok = ok & (year <= latest_year)
        return pl.when(ok).then(year)

    return pl.coalesce(
        plausible(from_008),
        plausible(_year_in_statement(pl.col("_c264_4"))),
        plausible(_year_in_statement(pl.col("_c264_1"))),
        plausible(_year_in_statement(pl.col("_c260"))),
    ).cast(pl.Int32)


def pages_expr(text: pl.Expr) -> pl.Expr:
    """The largest page count in a 300 $a ("xii, 250 p." gives 250; "8 v." gives null)."""
    counts = text.str.extract_all(r"\d+\]?\s*(?:unnumbered\s+)?(?:pages?|leaves|pp?)\b")
    return counts.list.eval(pl.element().str.extract(r"(\d+)").cast(pl.Int32)).list.max()


def material_type_expr() -> pl.Expr:
    """Material type from leader/06-07, 008/23 (form of item) and 338 $b, then the item type."""
    leader = pl.col("_leader")
    record_type, level = leader.str.slice(6, 1), leader.str.slice(7, 1)
    online = pl.col("_carrier").str.contains(r"^cr\b").fill_null(False) | pl.col("_008").str.slice(
        23, 1
    ).is_in(["o", "s", "q"]).fill_null(False)
    textual = record_type.is_in(["a", "t"])
    from_title = (
        pl.when(textual & (level == "s"))
        .then(pl.lit("periodical"))
        .when(textual & online)
        .then(pl.lit("ebook"))
        .when(textual)
        .then(pl.lit("book"))
        .when((record_type == "i") & online)
        .then(pl.lit("eaudiobook"))
        .when(record_type == "i")
        .then(pl.lit("audiobook"))
        .when(record_type == "j")
        .then(pl.lit("CD"))
        .when((record_type == "g") & ~online)
        .then(pl.lit("DVD"))
        .when(record_type == "o")
        .then(pl.lit("kit"))
        .when(record_type == "r")
        .then(pl.lit("equipment"))
        .when(record_type.is_in(["e", "f"]))
        .then(pl.lit("map"))
        .otherwise(pl.lit("other"))
    )
    from_item = (
        pl.col("item_type")
        .str.to_uppercase()
        .str.replace_all(r"[^A-Z0-9]", "")
        .replace_strict(ITEM_TYPES, default=None, return_dtype=pl.String)
    )
    return pl.coalesce(from_item, from_title)


def price_expr() -> pl.Expr:
    """Price as a number; Destiny's $9 without a decimal point is cents; 0 means unknown."""
    raw = pl.col("price").str.replace_all(r"[^\d.,]", "")
    number = (
        pl.when(raw.str.contains(r"\."))
        .then(raw.str.replace_all(",", ""))
        .when(raw.str.contains(r"^\d+,\d{2}$"))
        .then(raw.str.replace(",", "."))
        .otherwise(raw.str.replace_all(",", ""))
        .cast(pl.Float64, strict=False)
    )
    value = pl.when(pl.col("price_in_cents")).then(number / 100).otherwise(number).round(2)
    return pl.when(value > 0).then(value)


def date_expr(column: str) -> pl.Expr:
    """A date written as 2024-03-05 (with or without a time), 20240305 or 3/5/2024."""
    text = pl.col(column).str.strip_chars()
    return pl.coalesce(
        text.str.extract(r"^(\d{4}-\d{2}-\d{2})").str.strptime(pl.Date, "%Y-%m-%d", strict=False),
        text.str.extract(r"^(\d{8})\b").str.strptime(pl.Date, "%Y%m%d", strict=False),
        text.str.extract(r"^(\d{1,2}/\d{1,2}/\d{4})").str.strptime(
            pl.Date, "%m/%d/%Y", strict=False
        ),
    )


def _clean(column: str) -> pl.Expr:
    text = pl.col(column).str.replace_all(r"\s+", " ").str.strip_chars().str.normalize("NFC")
    return pl.when(text != "").then(text)


def type_items(raw: pl.DataFrame) -> tuple[pl.DataFrame, list[str]]:
    """Typed copies from the collected text, and notes on values that could not be read."""
    typed = raw.with_columns(
        price=price_expr(),
        acquired=date_expr("acquired"),
        last_checkout=date_expr("last_checkout"),
        total_checkouts=pl.col("total_checkouts").str.strip_chars().cast(pl.Int32, strict=False),
        isbn=parse_isbns("isbn"),
    )
    newest = typed.select(
        pl.max_horizontal(
            pl.col("_005").str.slice(0, 4).cast(pl.Int32, strict=False).max(),
            pl.col("acquired").dt.year().max(),
            pl.col("last_checkout").dt.year().max(),
        )
    ).item()
    latest_year = newest + 1 if newest is not None else None

    local_call = _clean("_local_call")
    dewey_call = _clean("_dewey_call").str.replace_all(r"[/'\[\]]", "")
    typed = typed.with_columns(
        barcode=_clean("barcode"),
        site=_clean("site"),
        bib_id=_clean("bib_id"),
        title=_clean("title").str.replace(r"[\s/:;,=.]+$", ""),
        author=_clean("author")
        .str.replace(r"[\s,;:/]+$", "")
        .str.replace(r"(\p{Ll}\p{Ll})\.$", "${1}"),
        location=_clean("location"),
        call_number=pl.coalesce(_clean("call_number"), local_call, dewey_call),
        pub_year=pub_year_expr(latest_year),
        pages=pages_expr(pl.col("_pages")),
        material_type=material_type_expr(),
    )

    notes = []
    for column, what in [
        ("price", "a price"),
        ("acquired", "a date acquired"),
        ("last_checkout", "a last checkout date"),
        ("total_checkouts", "a checkout count"),
    ]:
        unread = raw.select(
            (
                pl.col(column).is_not_null()
                & ~pl.col(column).str.contains(_NOTHING)
                & typed[column].is_null()
            ).sum()
        ).item()
        if unread:
            notes.append(f"{unread:,} copies have {what} that is not readable (left empty)")
    return typed, notes
