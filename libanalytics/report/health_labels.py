"""The words and number formats the health report gives each figure, in PDF and Excel alike.

>>> LABELS["relative_use"]
'Relative use (100 = its share)'
>>> label_columns(pl.DataFrame({"copies": [3]})).columns
['Copies']
"""

from __future__ import annotations

import polars as pl

LABELS: dict[str, str] = {
    "site": "School",
    "section": "Section",
    "report_class": "Dewey class",
    "enrollment": "Students",
    "copies": "Copies",
    "share_of_copies_pct": "Share of copies (%)",
    "average_age": "Average age (years)",
    "median_age": "Median age (years)",
    "older_than_15_pct": "Older than 15 years (%)",
    "copies_per_student": "Copies per student",
    "checkouts_last_year": "Checkouts in the last year",
    "checkouts_per_student": "Checkouts per student",
    "turnover": "Checkouts per copy",
    "used_last_year_pct": "Used in the last year (%)",
    "used_3_years_pct": "Used in 3 years (%)",
    "share_of_checkouts_pct": "Share of checkouts (%)",
    "relative_use": "Relative use (100 = its share)",
    "lost_copies": "Lost in the inventory",
    "lost_value": "Value of the losses",
    "over_age_copies": "Older than their rule allows",
    "replacement_cost": "Cost to replace them",
    "age_band": "Age",
    "share_pct": "Share (%)",
    "school_year": "School year",
    "copies_added": "Copies added",
    "copies_weeded": "Copies weeded",
    "weeded_value": "Value weeded",
    "month": "Month",
    "checkouts": "Checkouts",
}

COUNT = "#,##0"
ONE_DECIMAL = "0.0"
TWO_DECIMALS = "0.00"
WHOLE = "0"
MONEY = "$#,##0.00"

FORMATS: dict[str, str] = {
    "enrollment": COUNT,
    "copies": COUNT,
    "share_of_copies_pct": ONE_DECIMAL,
    "average_age": ONE_DECIMAL,
    "median_age": ONE_DECIMAL,
    "older_than_15_pct": ONE_DECIMAL,
    "copies_per_student": TWO_DECIMALS,
    "checkouts_last_year": COUNT,
    "checkouts_per_student": TWO_DECIMALS,
    "turnover": TWO_DECIMALS,
    "used_last_year_pct": ONE_DECIMAL,
    "used_3_years_pct": ONE_DECIMAL,
    "share_of_checkouts_pct": ONE_DECIMAL,
    "relative_use": WHOLE,
    "lost_copies": COUNT,
    "lost_value": MONEY,
    "over_age_copies": COUNT,
    "replacement_cost": MONEY,
    "share_pct": ONE_DECIMAL,
    "copies_added": COUNT,
    "copies_weeded": COUNT,
    "weeded_value": MONEY,
    "checkouts": COUNT,
}

# The columns of the per-copy sheets that hold money.
COPY_MONEY = ("price", "section_median_price", "replacement_price", "lost_value")

# Table titles, in the order the report shows them.
TABLE_TITLES: dict[str, str] = {
    "overall": "Whole collection",
    "by_school": "By school",
    "by_section": "By section",
    "by_dewey": "Nonfiction by Dewey hundred",
    "age_bands": "Age of copies by section",
    "by_year": "Copies added and weeded per school year",
    "by_month": "Checkouts per month",
}


def label_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with its columns named as a reader who is not a librarian reads them."""
    return frame.rename({c: LABELS[c] for c in frame.columns if c in LABELS})


def formatted(value: object, column: str) -> str:
    """One figure as the PDF prints it (thousands separated, money with two decimals).

    >>> formatted(1234.5, "lost_value"), formatted(None, "copies"), formatted(98.0, "relative_use")
    ('$1,234.50', '-', '98')
    """
    if value is None:
        return "-"
    fmt = FORMATS.get(column)
    if isinstance(value, float):
        if fmt == MONEY:
            return f"${value:,.2f}"
        if fmt == WHOLE:
            return f"{value:,.0f}"
        if fmt == TWO_DECIMALS:
            return f"{value:,.2f}"
        return f"{value:,.1f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)
