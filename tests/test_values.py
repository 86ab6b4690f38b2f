"""Typing of the text read from reports: dates, times, prices, years, statuses, ISBNs."""

from datetime import date, datetime

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from libanalytics.errors import MangledBarcodeError
from libanalytics.ingest import values as v
from libanalytics.schema import STATUSES

TODAY = date(2025, 6, 1)


def _one(expr, values):
    return pl.DataFrame({"x": values}, schema={"x": pl.String}).select(expr)["x"].to_list()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2021-03-07", date(2021, 3, 7)),
        ("3/7/2021", date(2021, 3, 7)),
        ("03/07/2021", date(2021, 3, 7)),
        ("3/7/21", date(2021, 3, 7)),
        ("12/31/25", date(2025, 12, 31)),  # this year: this century
        ("3/7/26", date(1926, 3, 7)),  # after today's year: last century
        ("3/7/98", date(1998, 3, 7)),
        ("3/7/2021 2:15 PM", date(2021, 3, 7)),
        ("20210307", date(2021, 3, 7)),
        (" 3/7/2021 ", date(2021, 3, 7)),
    ],
)
def test_each_date_form(text, expected):
    assert _one(v.parse_dates("x", today=TODAY), [text]) == [expected]


@pytest.mark.parametrize(
    "text", ["1/1/00", "01/01/00", "9999", "0000-00-00", "12/31/9999", "1/1/1900", "", "  ", None]
)
def test_date_sentinels_are_null(text):
    assert _one(v.parse_dates("x", today=TODAY), [text]) == [None]
    assert _one(v.parse_datetimes("x", today=TODAY), [text]) == [None]


def test_unreadable_dates_are_null_and_counted_apart_from_sentinels():
    frame = pl.DataFrame({"raw": ["2/30/2021", "soon", "1/1/00", "3/7/2021"]})
    typed = frame.select(v.parse_dates("raw", today=TODAY).alias("d"))
    flags = frame.hstack(typed).select(v.unreadable("raw", "d"))["raw"].to_list()
    assert typed["d"].to_list() == [None, None, None, date(2021, 3, 7)]
    assert flags == [True, True, False, False]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("3/4/2024 3:05 PM", datetime(2024, 3, 4, 15, 5)),
        ("3/4/2024 3:05PM", datetime(2024, 3, 4, 15, 5)),
        ("3/4/2024 12:05 AM", datetime(2024, 3, 4, 0, 5)),
        ("3/4/2024 12:05 PM", datetime(2024, 3, 4, 12, 5)),
        ("3/4/2024 3:05:09 pm", datetime(2024, 3, 4, 15, 5, 9)),
        ("3/4/2024 15:05", datetime(2024, 3, 4, 15, 5)),
        ("2024-03-04 15:05:09", datetime(2024, 3, 4, 15, 5, 9)),
        ("2024-03-04T15:05:09", datetime(2024, 3, 4, 15, 5, 9)),
        ("3/4/24 8:00 AM", datetime(2024, 3, 4, 8, 0)),
        ("2024-03-04", datetime(2024, 3, 4)),
        ("3/4/2024 25:00", None),
    ],
)
def test_each_datetime_form(text, expected):
    assert _one(v.parse_datetimes("x", today=TODAY), [text]) == [expected]


def test_prices_drop_signs_and_commas_and_zero_means_unknown():
    got = _one(v.parse_prices("x"), ["$1,234.50", "12", "0", "$0.00", "£3.5", "n/a", None, "-4"])
    assert got == [1234.5, 12.0, None, None, 3.5, None, None, None]


def test_publication_years_from_catalog_text():
    got = _one(
        v.parse_years("x", today=TODAY),
        ["c2009.", "[2015]", "2011.", "©1999", "9999", "19--", "uuuu", "2027", "2026", "0999"],
    )
    assert got == [2009, 2015, 2011, 1999, None, None, None, None, 2026, None]


def test_status_words_become_the_shared_vocabulary():
    words = [
        "Available",
        "Checked Out",
        "Lost",
        "Missing",
        "Withdrawn",
        "Damaged",
        "In Transit",
        "On Order",
        "Mystery",
        "",
        None,
        "checked_out",
    ]
    got = _one(v.parse_statuses("x"), words)
    assert got == [
        "available",
        "checked_out",
        "lost",
        "missing",
        "withdrawn",
        "damaged",
        "in_transit",
        "on_order",
        "other",
        None,
        None,
        "checked_out",
    ]
    assert set(filter(None, got)) <= set(STATUSES)


def test_material_types():
    got = _one(
        v.parse_material_types("x"),
        ["Book", "eBook", "DVD", "Audiobook on CD", "Kit", "Magazine", "Chromebook", "weird", None],
    )
    assert got == [
        "book",
        "ebook",
        "DVD",
        "audiobook",
        "kit",
        "periodical",
        "equipment",
        "other",
        None,
    ]


def test_first_valid_isbn_normalised_to_13():
    got = _one(
        v.parse_isbns("x"),
        [
            "0441017800, 9780441017805",
            "076145845X",
            "978-0-7614-5845-6",
            "0441017801",
            "9780441017806",
            None,
        ],
    )
    assert got == ["9780441017805", "9780761458456", "9780761458456", None, None, None]


def test_barcodes_keep_leading_zeros_and_lose_only_spaces_and_control_characters():
    got = _one(v.clean_barcodes("x"), [" 000123 ", "0001\t", "\x02T0042\x03", "", None])
    assert got == ["000123", "0001", "T0042", None, None]


@pytest.mark.parametrize("text", ["3.1234E+13", "3.1234e13", "31234000012345.0", "1.2E+5"])
def test_spreadsheet_numbers_are_refused_with_an_explanation(text):
    with pytest.raises(MangledBarcodeError) as err:
        v.refuse_mangled_barcodes(
            pl.Series(["000123", text]), pl.Series([2, 3]), file="copies.csv", field="Barcode"
        )
    message = str(err.value)
    assert "line 3" in message and "column 'Barcode'" in message
    assert "spreadsheet" in message and "Text" in message and text not in message


def test_real_barcodes_pass_the_spreadsheet_check():
    v.refuse_mangled_barcodes(
        pl.Series(["000123", "T0042", "31234000123456", "12.5A"]),
        pl.Series([2, 3, 4, 5]),
        file="copies.csv",
        field="Barcode",
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=30), max_size=20))
def test_parsers_never_raise_on_any_text(texts):
    frame = pl.DataFrame({"x": texts}, schema={"x": pl.String})
    out = frame.select(
        v.parse_dates("x", today=TODAY).alias("a"),
        v.parse_datetimes("x", today=TODAY).alias("b"),
        v.parse_prices("x").alias("c"),
        v.parse_years("x", today=TODAY).alias("d"),
        v.parse_statuses("x").alias("e"),
        v.parse_isbns("x").alias("f"),
        v.parse_counts("x").alias("g"),
    )
    assert out.height == len(texts)


@settings(max_examples=40, deadline=None)
@given(st.dates(min_value=date(1950, 1, 1), max_value=date(2025, 5, 31)))
def test_every_written_date_form_reads_back(day):
    if day == date(2000, 1, 1):
        return  # "1/1/00" is the placeholder migrations write: null by design
    forms = [
        day.isoformat(),
        f"{day.month}/{day.day}/{day.year}",
        f"{day.month:02d}/{day.day:02d}/{day.year}",
        f"{day.month}/{day.day}/{day.year % 100:02d}",
    ]
    assert _one(v.parse_dates("x", today=TODAY), forms) == [day] * 4


def test_a_decimal_comma_price_is_read_as_marc_reads_it():
    prices = pl.Series("p", ["12,99", "1,299", "1.299,00", "$1,299.50", "0,50"])
    assert pl.select(v.parse_prices(pl.lit(prices))).to_series().to_list() == [
        12.99,
        1299.0,
        1299.0,
        1299.5,
        0.5,
    ]
