"""Turn the text of an export's cells into typed values, as polars expressions.

Every column of a spreadsheet report is read as text; these expressions give it its type.
Each one returns null where the text cannot be read, so the caller can count what was
lost and say so (`unreadable`), rather than guess.

>>> import polars as pl
>>> from datetime import date
>>> frame = pl.DataFrame({"d": ["3/7/2021", "2021-03-07", "3/7/21", "1/1/00", "9999", ""]})
>>> frame.select(parse_dates("d", today=date(2025, 6, 1)))["d"].to_list()
[datetime.date(2021, 3, 7), datetime.date(2021, 3, 7), datetime.date(2021, 3, 7), None, None, None]
>>> pl.DataFrame({"p": ["$1,234.50", "0", "12"]}).select(parse_prices("p"))["p"].to_list()
[1234.5, None, 12.0]
>>> pl.DataFrame({"y": ["c2009.", "[2015]", "9999", "19--"]}).select(
...     parse_years("y", today=date(2025, 1, 1)))["y"].to_list()
[2009, 2015, None, None]
"""

from __future__ import annotations

from datetime import date

import polars as pl

from ..errors import MangledBarcodeError
from ..schema import MATERIAL_TYPES, STATUSES

# Placeholders library systems put where they have no date (migrations fill 1/1/00).
DATE_SENTINELS = (
    "1/1/00",
    "01/01/00",
    "1/1/1900",
    "01/01/1900",
    "1900-01-01",
    "0000-00-00",
    "00/00/0000",
    "0/0/0000",
    "9999",
    "99999999",
    "12/31/9999",
    "9999-12-31",
    "0",
)

# One pattern for every date form we read: ISO (2024-03-07), M/D/YYYY or M/D/YY
# (3/7/2024, 03/07/24) and compact YYYYMMDD, each with an optional time (3:05 PM,
# 15:05:09, T15:05:09.123Z). One pass of a regex is several times faster than trying
# one strptime format after another, and it lets two-digit years get their century.
_DATE_TIME = (
    r"^(?:(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})|(\d{4})(\d{2})(\d{2}))"
    r"(?:(?:[ T]+|\s*,\s*)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(?:([AaPp])\.?[Mm]\.?)?"
    r"\s*(?:Z|[+-]\d{2}:?\d{2})?)?\s*$"
)

# A barcode a spreadsheet stored as a number: 3.0001E+13, or 30001000012345.0
# (which has also lost any leading zeros).
_MANGLED = r"^[+-]?\d+(\.\d+)?[eE][+-]?\d+$|^\d+\.0+$"

# Status words of Destiny, Koha, SirsiDynix and Alexandria reports, lower-cased.
STATUS_WORDS = {
    "available": "available",
    "in": "available",
    "checked in": "available",
    "on shelf": "available",
    "in library": "available",
    "ok": "available",
    "checked out": "checked_out",
    "checkedout": "checked_out",
    "out": "checked_out",
    "on loan": "checked_out",
    "charged": "checked_out",
    "overdue": "checked_out",
    "lost": "lost",
    "lost and paid": "lost",
    "lost paid": "lost",
    "long overdue": "lost",
    "long overdue (lost)": "lost",
    "missing": "missing",
    "withdrawn": "withdrawn",
    "discarded": "withdrawn",
    "weeded": "withdrawn",
    "deleted": "withdrawn",
    "damaged": "damaged",
    "in repair": "damaged",
    "repair": "damaged",
    "mending": "damaged",
    "in transit": "in_transit",
    "transit": "in_transit",
    "intransit": "in_transit",
    "on order": "on_order",
    "ordered": "on_order",
    "in process": "on_order",
    "in processing": "on_order",
}

# Material-type words, lower-cased, in the order they are tried (first match wins).
_MATERIAL_PATTERNS = (
    (r"e-?audio|eaudio|downloadable audio", "eaudiobook"),
    (r"(^|[^a-z])e-?books?\b|electronic book|digital book", "ebook"),
    (r"audio ?book|book on cd|book on tape|talking book|playaway|acbk.?cd", "audiobook"),
    (r"dvd|blu-?ray|video", "DVD"),
    (r"\bcd\b|compact disc|music", "CD"),
    (r"\bkit\b", "kit"),
    (r"periodical|magazine|serial|journal|newspaper", "periodical"),
    (r"equipment|device|laptop|chromebook|ipad|tablet|calculator|hotspot", "equipment"),
    (r"\bmaps?\b|atlas", "map"),
    (r"book|\bbk\b|text|paperback|hardcover|graphic novel|print|^acbk$|^jcbk$", "book"),
)


def _text(col: str | pl.Expr) -> pl.Expr:
    expr = pl.col(col) if isinstance(col, str) else col
    return expr.cast(pl.String).str.strip_chars()


def _name(col: str | pl.Expr) -> str:
    return col if isinstance(col, str) else col.meta.output_name()


def _blank_or_sentinel(text: pl.Expr) -> pl.Expr:
    return text.is_null() | (text == "") | text.is_in(DATE_SENTINELS)


def _date_parts(col: str | pl.Expr, today: date) -> pl.Expr:
    """A struct of each cell's calendar ``day``, ``clock`` (time of day) and ``placeholder``.

    Built with ``struct.with_fields`` so the regex runs once per cell, not once per part.
    """
    text = _text(col)

    def num(i: int) -> pl.Expr:
        return pl.field(str(i)).cast(pl.Int32, strict=False)

    short = pl.field("6").str.len_chars() == 2
    year = pl.coalesce(num(1), num(6), num(7))
    hour = num(10)
    meridiem = pl.field("13").str.to_uppercase()
    return (
        text.str.extract_groups(_DATE_TIME)
        .struct.with_fields(
            # A two-digit year after today's is last century ("3/7/98" is 1998).
            year=pl.when(short & (year > today.year % 100))
            .then(year + 1900)
            .when(short)
            .then(year + 2000)
            .otherwise(year),
            month=pl.coalesce(num(2), num(4), num(8)),
            day=pl.coalesce(num(3), num(5), num(9)),
            hour=pl.when(meridiem.is_null())
            .then(hour)
            .when((hour < 1) | (hour > 12))
            .then(None)
            .when(meridiem == "A")
            .then(hour % 12)
            .otherwise(hour % 12 + 12),
            minute=num(11),
            second=num(12).fill_null(0),
            has_time=pl.field("10").is_not_null(),
            placeholder=_blank_or_sentinel(text),
        )
        .struct.with_fields(
            day=pl.concat_str(
                [
                    pl.field("year").cast(pl.String).str.zfill(4),
                    pl.field("month").cast(pl.String).str.zfill(2),
                    pl.field("day").cast(pl.String).str.zfill(2),
                ],
                separator="-",
            ).str.to_date("%Y-%m-%d", strict=False),
            clock=pl.when(~pl.field("has_time"))
            .then(pl.duration(seconds=0))
            .when(
                (pl.field("hour") <= 23) & (pl.field("minute") <= 59) & (pl.field("second") <= 59)
            )
            .then(
                pl.duration(
                    hours=pl.field("hour"), minutes=pl.field("minute"), seconds=pl.field("second")
                )
            ),
            placeholder=pl.field("placeholder") | pl.field("year").is_in([9999, 1899, 1900, 0]),
        )
    )


def parse_dates(col: str | pl.Expr, *, today: date) -> pl.Expr:
    """Dates written ISO, M/D/YYYY or M/D/YY (with or without a time), as a Date.

    Placeholders (`DATE_SENTINELS`, years 9999 and 0) are null, and so is text that is not
    a date. ``today`` decides the century of two-digit years.
    """
    out = pl.when(pl.field("placeholder")).then(None).otherwise(pl.field("day"))
    return _each_distinct(
        col,
        lambda text: _date_parts(text, today).struct.with_fields(out=out).struct.field("out"),
        pl.Date,
    )


def parse_datetimes(col: str | pl.Expr, *, today: date) -> pl.Expr:
    """Dates with times ("3/4/2024 3:05 PM", "2024-03-04 15:05:00"), as a Datetime.

    A date without a time is taken as midnight. Placeholders and unreadable text are null.
    """
    moment = pl.field("day").cast(pl.Datetime("us")) + pl.field("clock")
    out = pl.when(pl.field("placeholder")).then(None).otherwise(moment)
    return _each_distinct(
        col,
        lambda text: _date_parts(text, today).struct.with_fields(out=out).struct.field("out"),
        pl.Datetime("us"),
    )


# Below this many cells the regex simply runs on each one.
DISTINCT_FROM = 10_000


def _each_distinct(col: str | pl.Expr, parse, dtype: pl.DataType) -> pl.Expr:
    """``parse`` run once per distinct cell text and spread back to every cell.

    A district's checkout history repeats its dates: 20 million checkouts carry about
    400,000 distinct time stamps, and the date regex was most of the import's time.
    """

    def run(cells: pl.Series) -> pl.Series:
        frame = cells.to_frame("text")
        if cells.len() < DISTINCT_FROM:
            return frame.select(parse(pl.col("text")))[:, 0]
        distinct = cells.unique()
        if distinct.len() * 2 > cells.len():
            return frame.select(parse(pl.col("text")))[:, 0]
        parsed = distinct.to_frame("text").select(parse(pl.col("text")))[:, 0]
        # A lookup from each distinct text, not a join: a join copies the text column of
        # every row, hundreds of megabytes for a district's checkout history.
        return cells.replace_strict(distinct, parsed, default=None, return_dtype=dtype)

    expr = pl.col(col) if isinstance(col, str) else col
    return expr.map_batches(run, return_dtype=dtype).alias(_name(col))


def parse_prices(col: str | pl.Expr) -> pl.Expr:
    """Prices with currency signs, thousands separators and spaces, as a Float64.

    0 means "no price recorded" in every system we read, so it is null; so are negatives.
    A comma followed by exactly two digits at the end is a decimal comma ("12,99" and
    "1.299,00" as European exports write them, read as MARC prices are); other commas
    separate thousands.

    >>> pl.select(parse_prices(pl.lit(pl.Series(["12,99", "1,299", "$1,299.50", "€ 8,50"])))).to_series().to_list()
    [12.99, 1299.0, 1299.5, 8.5]
    """
    text = _text(col).str.replace_all(r"[$£€¥\s]|USD|US", "")
    comma_decimal = text.str.contains(r"^(?:\d+|\d{1,3}(?:\.\d{3})+),\d{2}$")
    text = (
        pl.when(comma_decimal)
        .then(text.str.replace_all(r"\.", "").str.replace(",", "."))
        .otherwise(text.str.replace_all(",", ""))
    )
    value = text.cast(pl.Float64, strict=False)
    return pl.when(value > 0).then(value).otherwise(None).alias(_name(col))


def parse_counts(col: str | pl.Expr) -> pl.Expr:
    """Whole-number counts such as lifetime checkouts ("1,204", "12.0"), as Int32."""
    text = _text(col).str.replace_all(r"[,\s]", "")
    value = text.cast(pl.Float64, strict=False)
    whole = (value >= 0) & (value == value.floor()) & (value < 2**31)
    return pl.when(whole).then(value).otherwise(None).cast(pl.Int32).alias(_name(col))


def parse_years(col: str | pl.Expr, *, today: date) -> pl.Expr:
    """Publication or copyright years ("c2009.", "[2015]", "2011", "©1999") as Int32.

    The first four-digit year in the text counts; 9999, years before 1000 and years after
    next year are null, as are "19--" and "uuuu".
    """
    year = _text(col).str.extract(r"(\d{4})").cast(pl.Int32, strict=False)
    ok = (year >= 1000) & (year <= today.year + 1)
    return pl.when(ok).then(year).otherwise(None).alias(_name(col))


def parse_statuses(col: str | pl.Expr) -> pl.Expr:
    """Status words ("Checked Out", "Lost", ...) as the words of `schema.STATUSES`.

    Words no system we know uses become "other" (never dropped); blank stays null.
    """
    text = _text(col).str.to_lowercase().str.replace_all(r"\s+", " ")
    known = text.replace_strict(
        {**STATUS_WORDS, **{s: s for s in STATUSES}}, default=None, return_dtype=pl.String
    )
    return (
        pl.when(text.is_null() | (text == ""))
        .then(None)
        .otherwise(known.fill_null("other"))
        .alias(_name(col))
    )


def parse_material_types(col: str | pl.Expr) -> pl.Expr:
    """Material-type words or codes as the words of `schema.MATERIAL_TYPES`."""
    text = _text(col).str.to_lowercase()
    exact = text.replace_strict(
        {m.lower(): m for m in MATERIAL_TYPES}, default=None, return_dtype=pl.String
    )
    chain = pl.when(text.is_null() | (text == "")).then(None).when(exact.is_not_null()).then(exact)
    for pattern, word in _MATERIAL_PATTERNS:
        chain = chain.when(text.str.contains(pattern)).then(pl.lit(word))
    return chain.otherwise(pl.lit("other")).alias(_name(col))


def parse_isbns(col: str | pl.Expr) -> pl.Expr:
    """The first valid ISBN in the text ("0441017800, 9780441017805"), as 13 digits.

    ISBN-10s are converted; candidates whose check digit is wrong are skipped.
    """
    text = _text(col).str.to_uppercase().str.replace_all("-", "")
    candidates = text.str.extract_all(r"97[89]\d{10}|\d{9}[\dX]")
    isbn = pl.element()
    is_ten = isbn.str.len_chars() == 10
    ten_ok = pl.sum_horizontal([_digit(isbn, i) * (10 - i) for i in range(10)]) % 11 == 0
    stem = pl.concat_str([pl.lit("978"), isbn.str.slice(0, 9)])
    as_13 = pl.when(is_ten).then(pl.concat_str([stem, _isbn13_check(stem)])).otherwise(isbn)
    ok = pl.when(is_ten).then(ten_ok).otherwise(_isbn13_check(isbn) == isbn.str.slice(12, 1))
    return candidates.list.eval(as_13.filter(ok)).list.first().alias(_name(col))


def _digit(text: pl.Expr, i: int) -> pl.Expr:
    return text.str.slice(i, 1).replace("X", "10").cast(pl.Int32, strict=False)


def _isbn13_check(text: pl.Expr) -> pl.Expr:
    """Check digit of the first 12 digits of an ISBN-13."""
    total = pl.sum_horizontal([_digit(text, i) * (1 if i % 2 == 0 else 3) for i in range(12)])
    return ((10 - total % 10) % 10).cast(pl.String)


def clean_barcodes(col: str | pl.Expr) -> pl.Expr:
    """Barcodes trimmed of spaces and control characters; blank is null. Text stays text."""
    text = _text(col).str.replace_all(r"[\x00-\x1f\x7f]", "").str.strip_chars()
    return pl.when(text == "").then(None).otherwise(text).alias(_name(col))


def is_mangled_barcode(col: str | pl.Expr) -> pl.Expr:
    """True where a barcode looks like a number a spreadsheet wrote (``3.0001E+13``)."""
    return _text(col).str.contains(_MANGLED).fill_null(False)


def refuse_mangled_barcodes(
    barcodes: pl.Series, lines: pl.Series, *, file: str, field: str
) -> None:
    """Raise `MangledBarcodeError` if any barcode went through a spreadsheet as a number.

    The message names the first line and how many there are, never the value itself
    (a circulation export's columns may be mislabelled, and a value could name a student).

    >>> refuse_mangled_barcodes(pl.Series(["3.0001E+13"]), pl.Series([2]), file="copies.csv",
    ...                         field="Barcode")
    Traceback (most recent call last):
    ...
    libanalytics.errors.MangledBarcodeError: copies.csv, line 2, column 'Barcode': 1 barcode was turned into a number by a spreadsheet program (it shows like 3.0001E+13 or ends in .0), which rounds away digits and drops leading zeros, so it no longer matches the label on the copy. What to do: export the report again from the library system and load that file directly; if it must pass through Excel, import it with Data > From Text/CSV and set the barcode column to Text before saving.
    """
    mangled = barcodes.to_frame("b").select(is_mangled_barcode("b"))["b"]
    count = int(mangled.sum())
    if not count:
        return
    first = int(lines.filter(mangled)[0])
    raise MangledBarcodeError(
        f"{count:,} barcode{'s were' if count != 1 else ' was'} turned into a number by a "
        "spreadsheet program (it shows like 3.0001E+13 or ends in .0), which rounds away "
        "digits and drops leading zeros, so "
        f"{'they no longer match the labels on the copies' if count != 1 else 'it no longer matches the label on the copy'}",
        file=file,
        line=first,
        field=field,
        remedy="export the report again from the library system and load that file directly; "
        "if it must pass through Excel, import it with Data > From Text/CSV and set the "
        "barcode column to Text before saving",
    )


def barcode_problem(col: str | pl.Expr, *, max_length: int = 32) -> pl.Expr:
    """Why a cleaned barcode cannot be a copy's barcode, or null when it can."""
    text = pl.col(col) if isinstance(col, str) else col
    return (
        pl.when(text.is_null())
        .then(pl.lit("no barcode"))
        .when(text.str.len_chars() > max_length)
        .then(pl.lit(f"barcode is longer than {max_length} characters"))
        .when(text.str.contains(r"\s"))
        .then(pl.lit("barcode has spaces inside it"))
        .otherwise(None)
    )


def unreadable(raw: str | pl.Expr, parsed: str | pl.Expr) -> pl.Expr:
    """True where a cell held text but no value could be read from it (not a placeholder)."""
    text = _text(raw)
    value = pl.col(parsed) if isinstance(parsed, str) else parsed
    return text.is_not_null() & (text != "") & ~text.is_in(DATE_SENTINELS) & value.is_null()
