"""The words and number formats the health report gives each figure, in PDF and Excel alike.

>>> LABELS["relative_use"]
'Relative use (100 = its share)'
>>> label_columns(pl.DataFrame({"copies": [3]})).columns
['Copies']
"""

from __future__ import annotations

import polars as pl

from ..tables import TOTAL_LABEL, for_display

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


# Figures that add up over sections, classes, years or schools: the total row sums them.
SUMMED = (
    "enrollment",
    "copies",
    "checkouts_last_year",
    "lost_copies",
    "lost_value",
    "over_age_copies",
    "replacement_cost",
    "copies_added",
    "copies_weeded",
    "weeded_value",
    "checkouts",
)
# Ratios the total row recomputes from its sums: (numerator, denominator).
RECOMPUTED = {
    "turnover": ("checkouts_last_year", "copies", 2),
    "copies_per_student": ("copies", "enrollment", 2),
    "checkouts_per_student": ("checkouts_last_year", "enrollment", 2),
}


def figure_table(frame: pl.DataFrame) -> pl.DataFrame:
    """A table of the health figures as the notebook shows it: labelled, with a total row.

    The school column is dropped for one school's figures and kept (holding the word
    "Total") for a district's.

    The total row sums counts and money, recomputes checkouts per copy and per student
    from its sums, and leaves averages, medians and shares empty (summing them would
    mean nothing). The order is the table's own (shelf order, school year).

    >>> table = figure_table(pl.DataFrame({"section": ["Easy", "Fiction"], "copies": [2, 6],
    ...     "average_age": [4.0, 8.0], "checkouts_last_year": [2, 10], "turnover": [1.0, 1.67]}))
    >>> table.row(-1)
    ('Total', 8, None, 12, 1.5)
    """
    if "site" in frame.columns and frame["site"].n_unique() <= 1:
        frame = frame.drop("site")
    label = next(c for c, t in frame.schema.items() if t == pl.String)
    table = for_display(frame, total={c: "sum" for c in SUMMED if c in frame.columns}, decimals=2)
    is_total = pl.col(label) == TOTAL_LABEL
    table = table.with_columns(
        pl.when(is_total & (pl.col(den) > 0))
        .then((pl.col(num) / pl.col(den)).round(digits))
        .when(is_total)
        .then(None)
        .otherwise(pl.col(ratio))
        .alias(ratio)
        for ratio, (num, den, digits) in RECOMPUTED.items()
        if {ratio, num, den} <= set(frame.columns)
    )
    return label_columns(table)


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
