"""Collection-health figures for administration: age, use, losses, weeding, cost to renew.

One call, `collection_metrics`, computes every figure the health report shows, by
section, by Dewey hundred for nonfiction (fiction's age would mislead a principal, so it
is reported apart) and by school. The result also carries ``copies``: one row per copy
with every value the figures are made of, so any figure can be recomputed by hand.

>>> import datetime as dt, polars as pl
>>> items = pl.DataFrame({
...     "barcode": ["1", "2", "3", "4"],
...     "call_number": ["FIC ADA", "FIC BAR", "523.1 CAR", "973 DOE"],
...     "section": ["Fiction", "Fiction", "Nonfiction", "Nonfiction"],
...     "dewey": [None, None, "523.1", "973"],
...     "pub_year": [2020, 2010, 1990, 2016],
...     "price": [10.0, 20.0, 30.0, 40.0],
...     "status": ["available"] * 4,
...     "last_checkout": [dt.date(2025, 3, 1), None, dt.date(2023, 1, 5), None],
... })
>>> health = collection_metrics(items, enrollment=20, today=dt.date(2025, 6, 30))
>>> health.overall.select("copies", "average_age", "older_than_15_pct", "copies_per_student")
shape: (1, 4)
┌────────┬─────────────┬───────────────────┬────────────────────┐
│ copies ┆ average_age ┆ older_than_15_pct ┆ copies_per_student │
│ ---    ┆ ---         ┆ ---               ┆ ---                │
│ u32    ┆ f64         ┆ f64               ┆ f64                │
╞════════╪═════════════╪═══════════════════╪════════════════════╡
│ 4      ┆ 16.0        ┆ 25.0              ┆ 0.2                │
└────────┴─────────────┴───────────────────┴────────────────────┘
>>> health.by_dewey["report_class"].to_list()
['500s', '900s']
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from .errors import SchemaError
from .loaded import as_frame
from .schema import ELECTRONIC_TYPES, SECTIONS, conform
from .weeding import score_weeding
from .weeding.score import _today as analysis_date

# Copies that are no longer on the shelves or not yet there: not holdings.
NOT_HELD = ("withdrawn", "lost", "missing", "on_order")
# The inventory's missing copies that the library would mark lost (issue 7): a copy that
# was out on loan (`fine`) or on a shelf nobody read (`skipped_shelf`) is not a loss.
NOT_A_LOSS = ("fine", "skipped_shelf")
OLD_AGE_YEARS = 15
AGE_BANDS = ("0-5 years", "6-10 years", "11-15 years", "16-25 years", "over 25 years", "no year")
NO_CLASS = "no class number"
UNKNOWN_SECTION = "Unknown"
# A school year runs from July to June, as school libraries report it.
SCHOOL_YEAR_STARTS = 7
NO_ENROLLMENT = "No enrollment was given, so copies and checkouts per student are not shown."
NO_WEEDING_LOG = (
    "No weeding log was given, so copies weeded are not shown (not given, rather than 0); "
    "`libanalytics weed apply` writes one."
)

PCT = 1
AGE = 1
RATIO = 2
MONEY = 2


@dataclass(frozen=True)
class CollectionHealth:
    """The figures of a collection-health report and the copies behind them.

    ``copies`` has one row per copy in the catalog (withdrawn, lost and e-book copies
    too, marked ``held`` False); every table is computed from it (``by_month`` from the
    circulation). Percentages are 0-100, ages in years, money in the catalog's currency.

    Tables: ``overall`` (one row), ``by_school``, ``by_section``, ``by_dewey``
    (nonfiction only), ``age_bands``, ``by_year`` (copies added and weeded per school
    year), ``by_month`` (checkouts per month).
    """

    copies: pl.DataFrame
    overall: pl.DataFrame
    by_school: pl.DataFrame
    by_section: pl.DataFrame
    by_dewey: pl.DataFrame
    age_bands: pl.DataFrame
    by_year: pl.DataFrame
    by_month: pl.DataFrame
    today: dt.date
    rules_name: str | None = None
    migration_date: dt.date | None = None
    has_circulation: bool = False
    has_inventory: bool = False
    has_weeding_log: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def sites(self) -> list[str | None]:
        """The schools in the file, sorted (``[None]`` for a single-school export)."""
        return self.by_school["site"].to_list()

    @property
    def is_district(self) -> bool:
        return len(self.sites) > 1

    def tables(self) -> dict[str, pl.DataFrame]:
        """The figure tables by name, in the order a report shows them."""
        return {
            "overall": self.overall,
            "by_school": self.by_school,
            "by_section": self.by_section,
            "by_dewey": self.by_dewey,
            "age_bands": self.age_bands,
            "by_year": self.by_year,
            "by_month": self.by_month,
        }

    def for_site(self, site: str | None) -> CollectionHealth:
        """The same figures for one school of a district file."""
        if site not in self.sites:
            raise SchemaError(
                f"there is no school '{site}' in this collection",
                field="site",
                remedy=f"use one of {', '.join(str(s) for s in self.sites)}",
            )

        def one(frame: pl.DataFrame) -> pl.DataFrame:
            keep = pl.col("site").is_null() if site is None else pl.col("site") == site
            return frame.filter(keep)

        school = one(self.by_school)
        return CollectionHealth(
            copies=one(self.copies),
            overall=school.drop("site"),
            by_school=school,
            by_section=one(self.by_section),
            by_dewey=one(self.by_dewey),
            age_bands=one(self.age_bands),
            by_year=one(self.by_year),
            by_month=one(self.by_month),
            today=self.today,
            rules_name=self.rules_name,
            migration_date=self.migration_date,
            has_circulation=self.has_circulation,
            has_inventory=self.has_inventory,
            has_weeding_log=self.has_weeding_log,
            notes=self.notes,
        )

    def summary(self) -> str:
        """The headline figures in a few sentences a principal can read."""
        row = self.overall.row(0, named=True)
        lines = [
            f"{row['copies']:,} copies as of {self.today:%B %-d, %Y}: average age "
            f"{_num(row['average_age'])} years (median {_num(row['median_age'])}), "
            f"{_num(row['older_than_15_pct'])}% older than {OLD_AGE_YEARS} years."
        ]
        if self.has_circulation:
            lines.append(
                f"{row['checkouts_last_year']:,} checkouts in the last year, "
                f"{_num(row['turnover'], 2)} per copy; {_num(row['used_last_year_pct'])}% of "
                f"copies were used in the last year, {_num(row['used_3_years_pct'])}% in three."
            )
        if self.has_inventory:
            lines.append(
                f"The latest inventory found {row['lost_copies']:,} copies lost, "
                f"worth ${row['lost_value']:,.2f}."
            )
        lines.append(
            f"{row['over_age_copies']:,} {'copy is' if row['over_age_copies'] == 1 else 'copies are'} "
            "older than their weeding rule allows; "
            f"replacing them would cost about ${row['replacement_cost']:,.2f}."
        )
        return "\n".join(lines + list(self.notes))

    def __repr__(self) -> str:
        return f"<CollectionHealth {self.summary()}>"


def _num(value: float | None, decimals: int = 1) -> str:
    return "n/a" if value is None else f"{value:,.{decimals}f}"


def collection_metrics(
    items: Any,
    *,
    circulation: Any = None,
    enrollment: int | dict[str, int] | pl.DataFrame | None = None,
    inventory: Any = None,
    weeding_log: Any = None,
    today: dt.date | str | None = None,
    rules: Any = None,
) -> CollectionHealth:
    """Compute the collection-health figures a report to administration shows.

    Parameters
    ----------
    items
        The catalog: a `Loaded` from `load_catalog`, or a polars or pandas frame with the
        items columns (missing columns count as empty).
    circulation
        The checkout history (`load_circulation`), for checkouts, turnover, use in the
        last year and three years, relative use and checkouts by month.
    enrollment
        Students enrolled: a number (the school, or the whole district file), a dict
        ``{site: students}``, or a frame with ``site`` and ``enrollment`` columns.
    inventory
        The latest inventory's `InventoryResult` (or its ``.items`` frame): its missing
        copies, except those out on loan or on a skipped shelf, are the losses.
    weeding_log
        The weeding log (issue 9): rows whose decision is ``withdraw`` are the copies
        weeded, counted by the school year of their date.
    today
        The date of the report (a date or text like ``"2025-05-30"``); by default the
        date of the newest data.
    rules
        Weeding rules (`libanalytics.weeding.load_rules`); by default the bundled CREW
        rules. They say which copies are older than their section allows.

    Returns
    -------
    CollectionHealth
        The tables of figures and the per-copy frame behind them.

    Notes
    -----
    Holdings are physical copies not withdrawn, lost, missing or on order. Age is years
    since the copyright year. Checkouts are those of the twelve months up to ``today``,
    counted for every catalogued copy (a copy weeded since still counts). Relative use is
    a group's share of checkouts divided by its share of holdings times 100: 100 means
    the group circulates as much as its size predicts; by section and by school it is
    relative to the school's (or district's) whole collection, by Dewey hundred to the
    nonfiction. Losses and replacements are valued at the copy's price, else its
    section's median price; replacement of copies older than their rule allows is valued
    at the section's median price, because an old purchase price says little about what
    a new edition costs.
    """
    catalog = conform(as_frame(items), "items")
    circ = None if circulation is None else conform(as_frame(circulation), "circulation")
    # A text date ("2025-05-30") is read as score_weeding and reconcile read it.
    today = (
        analysis_date(today, catalog, circ) if today is not None else _newest_date(catalog, circ)
    )
    weeding = score_weeding(catalog, circ, rules=rules, today=today)
    # Only each copy's rule is needed: the rest of the scored frame (reasons and all) is
    # let go before the per-copy frame is built, which halves the peak for a district.
    rule_of_copy = weeding.copies.select("site", "barcode", "rule", "max_age_years")
    rules_name = getattr(weeding.rules, "name", None)
    migration = weeding.migration_date
    del weeding
    copies = _copies(catalog, circ, today, rule_of_copy)
    copies = _with_losses(copies, inventory)
    notes = _notes(copies)
    if weeding_log is None:
        notes.append(NO_WEEDING_LOG)
    if enrollment is None:
        notes.append(NO_ENROLLMENT)
    has = {
        "circulation": circ is not None,
        "use": circ is not None or copies["last_checkout"].null_count() < copies.height,
        "inventory": inventory is not None,
    }
    by_school = _with_students(
        _figures(copies, ["site"], within=[], has=has),
        _enrollment_frame(enrollment, copies),
    )
    overall = _overall(copies, by_school, enrollment, has)
    return CollectionHealth(
        copies=copies,
        overall=overall,
        by_school=by_school,
        by_section=_figures(copies, ["site", "section"], within=["site"], has=has),
        by_dewey=_figures(
            copies.filter(pl.col("section") == "Nonfiction"),
            ["site", "report_class"],
            within=["site"],
            has=has,
        ),
        age_bands=_age_bands(copies),
        by_year=_by_year(copies, weeding_log, migration),
        by_month=_by_month(circ, copies, today),
        today=today,
        rules_name=rules_name,
        migration_date=migration,
        has_circulation=circ is not None,
        has_inventory=inventory is not None,
        has_weeding_log=weeding_log is not None,
        notes=tuple(notes),
    )


# -- the per-copy frame ---------------------------------------------------------------


def _newest_date(catalog: pl.DataFrame, circ: pl.DataFrame | None) -> dt.date:
    dates = [catalog["acquired"].max(), catalog["last_checkout"].max()]
    if circ is not None:
        dates += [circ["checkout_at"].dt.date().max(), circ["returned_at"].dt.date().max()]
    dates = [d for d in dates if d is not None]
    if not dates:
        raise SchemaError(
            "the catalog has no dates (acquired, last checkout) and there is no circulation, "
            "so the date of the report cannot be told",
            remedy="give the report date with today=... (TODAY in the notebook, --today on the command line)",
        )
    return max(dates)


def years_before(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` earlier (February 29 becomes February 28).

    >>> years_before(dt.date(2024, 2, 29), 1)
    datetime.date(2023, 2, 28)
    """
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def school_year(date: pl.Expr) -> pl.Expr:
    """The school year (July to June) of a date column, as text like ``"2024-25"``.

    >>> pl.select(school_year(pl.lit(dt.date(2025, 3, 1)))).item()
    '2024-25'
    """
    start = date.dt.year() - (date.dt.month() < SCHOOL_YEAR_STARTS).cast(pl.Int32)
    return pl.format("{}-{}", start, ((start + 1) % 100).cast(pl.String).str.zfill(2))


def _join_keys(left: pl.DataFrame, right: pl.DataFrame) -> list[str]:
    """Join on site and barcode when both sides name the school, else on barcode."""
    both = left["site"].null_count() < left.height and right["site"].null_count() < right.height
    return ["site", "barcode"] if both else ["barcode"]


def _copies(
    catalog: pl.DataFrame, circ: pl.DataFrame | None, today: dt.date, weeded: pl.DataFrame
) -> pl.DataFrame:
    age = (pl.lit(today.year) - pl.col("pub_year")).clip(lower_bound=0).cast(pl.Int32)
    electronic = pl.col("material_type").is_in(ELECTRONIC_TYPES).fill_null(False)
    hundred = pl.col("dewey").str.extract(r"^(\d)", 1)
    copies = catalog.select(
        "site",
        "barcode",
        "title",
        "call_number",
        pl.col("section").fill_null(UNKNOWN_SECTION),
        "dewey",
        pl.when(pl.col("section") != "Nonfiction")
        .then(pl.col("section").fill_null(UNKNOWN_SECTION))
        .when(hundred.is_null())
        .then(pl.lit(NO_CLASS))
        .otherwise(hundred + "00s")
        .alias("report_class"),
        "shelf_key",
        "material_type",
        "status",
        (~electronic & ~pl.col("status").is_in(NOT_HELD).fill_null(False)).alias("held"),
        "pub_year",
        age.alias("age_years"),
        "acquired",
        "price",
        "total_checkouts",
        "last_checkout",
    ).with_columns(_age_band(pl.col("age_years")).alias("age_band"))

    if circ is not None:
        keys = _join_keys(copies, circ)
        used = (
            # Only the keys and the day: filtering the whole history would copy every column.
            circ.select(*keys, pl.col("checkout_at").dt.date().alias("day"))
            .filter(pl.col("day") <= today)
            .group_by(keys, maintain_order=True)
            .agg(
                (pl.col("day") > years_before(today, 1))
                .sum()
                .cast(pl.Int32)
                .alias("checkouts_last_year"),
                pl.col("day").max().alias("last_checkout_in_history"),
            )
        )
        copies = copies.join(used, on=keys, how="left", nulls_equal=True, maintain_order="left")
        copies = copies.with_columns(pl.col("checkouts_last_year").fill_null(0))
    else:
        copies = copies.with_columns(
            pl.lit(None, pl.Int32).alias("checkouts_last_year"),
            pl.lit(None, pl.Date).alias("last_checkout_in_history"),
        )
    last_used = pl.max_horizontal("last_checkout", "last_checkout_in_history")
    copies = copies.with_columns(last_used.alias("last_used")).with_columns(
        (pl.col("last_used") > years_before(today, 1)).fill_null(False).alias("used_last_year"),
        (pl.col("last_used") > years_before(today, 3)).fill_null(False).alias("used_3_years"),
    )

    rules = weeded.select("site", "barcode", "rule", pl.col("max_age_years").cast(pl.Int32)).unique(
        ["site", "barcode"], keep="first", maintain_order=True
    )
    copies = copies.join(
        rules, on=["site", "barcode"], how="left", nulls_equal=True, maintain_order="left"
    )
    median_price = (
        copies.filter(pl.col("held") & (pl.col("price") > 0))
        .group_by("section", maintain_order=True)
        .agg(pl.col("price").median().alias("section_median_price"))
    )
    overall_median = copies.filter(pl.col("held") & (pl.col("price") > 0))["price"].median()
    over_age = pl.col("held") & (pl.col("age_years") > pl.col("max_age_years")).fill_null(False)
    return (
        copies.join(median_price, on="section", how="left", maintain_order="left")
        .with_columns(
            pl.col("section_median_price")
            .fill_null(pl.lit(overall_median, pl.Float64))
            .round(MONEY),
            over_age.alias("over_age"),
        )
        .with_columns(
            pl.when(pl.col("over_age"))
            .then(pl.col("section_median_price"))
            .alias("replacement_price"),
        )
    )


def _age_band(age: pl.Expr) -> pl.Expr:
    return (
        pl.when(age.is_null())
        .then(pl.lit(AGE_BANDS[5]))
        .when(age <= 5)
        .then(pl.lit(AGE_BANDS[0]))
        .when(age <= 10)
        .then(pl.lit(AGE_BANDS[1]))
        .when(age <= 15)
        .then(pl.lit(AGE_BANDS[2]))
        .when(age <= 25)
        .then(pl.lit(AGE_BANDS[3]))
        .otherwise(pl.lit(AGE_BANDS[4]))
    )


def _inventory_frame(inventory: Any) -> pl.DataFrame:
    frame = getattr(inventory, "items", inventory)
    frame = as_frame(frame)
    for column in ("barcode", "outcome"):
        if column not in frame.columns:
            raise SchemaError(
                f"the inventory has no '{column}' column",
                field=column,
                remedy="pass the result of la.reconcile (or its .items table)",
            )
    return frame


def _with_losses(copies: pl.DataFrame, inventory: Any) -> pl.DataFrame:
    if inventory is None:
        return copies.with_columns(
            pl.lit(False).alias("lost_in_inventory"), pl.lit(None, pl.Float64).alias("lost_value")
        )
    inv = _inventory_frame(inventory)
    likelihood = pl.col("likelihood") if "likelihood" in inv.columns else pl.lit(None, pl.String)
    site = pl.col("site") if "site" in inv.columns else pl.lit(None, pl.String)
    lost = (
        inv.select(
            site.cast(pl.String).alias("site"),
            pl.col("barcode").cast(pl.String),
            ((pl.col("outcome") == "missing") & ~likelihood.is_in(NOT_A_LOSS).fill_null(False))
            .fill_null(False)
            .alias("lost_in_inventory"),
        )
        .filter("lost_in_inventory")
        .unique(maintain_order=True)
    )
    keys = _join_keys(copies, lost)
    lost = lost.select(*keys, "lost_in_inventory")
    return (
        copies.join(lost, on=keys, how="left", nulls_equal=True, maintain_order="left")
        .with_columns(pl.col("lost_in_inventory").fill_null(False))
        .with_columns(
            pl.when("lost_in_inventory")
            .then(
                pl.when(pl.col("price") > 0)
                .then(pl.col("price"))
                .otherwise(pl.col("section_median_price"))
            )
            .alias("lost_value")
        )
    )


def _notes(copies: pl.DataFrame) -> list[str]:
    notes = []
    if copies.height and copies["status"].null_count() == copies.height:
        notes.append(
            "The export gives no copy status, so withdrawn and lost copies count as holdings "
            "(a copy report with a status column avoids this)."
        )
    if copies.height and copies["acquired"].null_count() == copies.height:
        notes.append("The export gives no date acquired, so copies added per year are not shown.")
    electronic = copies.filter(pl.col("material_type").is_in(ELECTRONIC_TYPES)).height
    if electronic:
        notes.append(f"{electronic:,} e-books and e-audiobooks are not counted as holdings.")
    no_year = copies.filter(pl.col("held") & pl.col("pub_year").is_null()).height
    if no_year:
        notes.append(f"{no_year:,} copies have no copyright year and are left out of the ages.")
    return notes


# -- figures --------------------------------------------------------------------------


def _share(column: str, within: list[str]) -> pl.Expr:
    total = pl.col(column).sum()
    if within:
        total = total.over(within)
    return pl.when(total > 0).then(100 * pl.col(column) / total)


def _section_rank(column: str) -> pl.Expr:
    order = {name: i for i, name in enumerate(SECTIONS)}
    return pl.col(column).replace_strict(order, default=len(order), return_dtype=pl.Int32)


def _figures(
    copies: pl.DataFrame, keys: list[str], *, within: list[str], has: dict
) -> pl.DataFrame:
    held = pl.col("held")
    dated = held & pl.col("age_years").is_not_null()
    count = held.sum()

    def pct(part: pl.Expr, whole: pl.Expr) -> pl.Expr:
        return pl.when(whole > 0).then(100 * part / whole)

    aggregates = [
        count.alias("copies"),
        pl.col("age_years").filter(held).mean().alias("average_age"),
        pl.col("age_years").filter(held).median().alias("median_age"),
        pct((dated & (pl.col("age_years") > OLD_AGE_YEARS)).sum(), dated.sum()).alias(
            "older_than_15_pct"
        ),
        pl.col("checkouts_last_year").sum().alias("checkouts_last_year"),
        pct((held & pl.col("used_last_year")).sum(), count).alias("used_last_year_pct"),
        pct((held & pl.col("used_3_years")).sum(), count).alias("used_3_years_pct"),
        pl.col("lost_in_inventory").sum().alias("lost_copies"),
        pl.col("lost_value").sum().alias("lost_value"),
        pl.col("over_age").sum().alias("over_age_copies"),
        pl.col("replacement_price").sum().alias("replacement_cost"),
    ]
    if keys:
        figures = copies.group_by(keys, maintain_order=True).agg(aggregates)
    else:
        figures = copies.select(aggregates)
    # A figure without its evidence is unknown, not zero.
    if not has["circulation"]:
        figures = figures.with_columns(pl.lit(None, pl.Int64).alias("checkouts_last_year"))
    if not has["use"]:
        figures = figures.with_columns(
            pl.lit(None, pl.Float64).alias(c) for c in ("used_last_year_pct", "used_3_years_pct")
        )
    if not has["inventory"]:
        figures = figures.with_columns(
            pl.lit(None, pl.UInt32).alias("lost_copies"),
            pl.lit(None, pl.Float64).alias("lost_value"),
        )
    figures = figures.with_columns(
        pl.when(pl.col("copies") > 0)
        .then(pl.col("checkouts_last_year") / pl.col("copies"))
        .alias("turnover"),
        _share("copies", within).alias("share_of_copies_pct"),
        _share("checkouts_last_year", within).alias("share_of_checkouts_pct"),
    ).with_columns(
        pl.when(pl.col("share_of_copies_pct") > 0)
        .then(100 * pl.col("share_of_checkouts_pct") / pl.col("share_of_copies_pct"))
        .alias("relative_use"),
    )
    sort = [pl.col(k) if k != "section" else _section_rank(k) for k in keys]
    ordered = figures.sort([*sort, *keys], nulls_last=True) if keys else figures
    return _rounded(ordered.select(*keys, *FIGURE_COLUMNS))


FIGURE_COLUMNS = (
    "copies",
    "share_of_copies_pct",
    "average_age",
    "median_age",
    "older_than_15_pct",
    "checkouts_last_year",
    "turnover",
    "used_last_year_pct",
    "used_3_years_pct",
    "share_of_checkouts_pct",
    "relative_use",
    "lost_copies",
    "lost_value",
    "over_age_copies",
    "replacement_cost",
)


def _rounded(frame: pl.DataFrame) -> pl.DataFrame:
    digits = {
        "average_age": AGE,
        "median_age": AGE,
        "turnover": RATIO,
        "copies_per_student": RATIO,
        "checkouts_per_student": RATIO,
        "relative_use": 0,
        "lost_value": MONEY,
        "replacement_cost": MONEY,
    }
    return frame.with_columns(
        pl.col(c).round(digits.get(c, PCT), mode="half_away_from_zero")
        for c in frame.columns
        if frame.schema[c] in (pl.Float64, pl.Float32) and (c in digits or c.endswith("_pct"))
    )


def _enrollment_frame(enrollment: Any, copies: pl.DataFrame) -> pl.DataFrame:
    schema = {"site": pl.String, "enrollment": pl.Int64}
    if enrollment is None:
        return pl.DataFrame(schema=schema)
    if isinstance(enrollment, dict):
        frame = pl.DataFrame(
            {"site": list(enrollment), "enrollment": list(enrollment.values())}, schema=schema
        )
    elif isinstance(enrollment, int | float) and not isinstance(enrollment, bool):
        sites = copies["site"].unique().to_list()
        if len(sites) != 1:
            # One number for many schools is the district's: it goes in the overall row.
            return pl.DataFrame(schema=schema)
        frame = pl.DataFrame({"site": sites, "enrollment": [int(enrollment)]}, schema=schema)
    else:
        frame = as_frame(enrollment)
        if not {"site", "enrollment"} <= set(frame.columns):
            raise SchemaError(
                "the enrollment table needs a 'site' and an 'enrollment' column",
                field="enrollment",
                remedy="give one number, a dict {school: students}, or a table with those columns",
            )
        frame = frame.select(pl.col("site").cast(pl.String), pl.col("enrollment").cast(pl.Int64))
    bad = frame.filter(pl.col("enrollment").is_null() | (pl.col("enrollment") <= 0))
    if bad.height:
        raise SchemaError(
            f"enrollment for {bad['site'][0] or 'the school'} is {bad['enrollment'][0]}",
            field="enrollment",
            remedy="give the number of students enrolled, a whole number above 0",
        )
    return frame


def _per_student(frame: pl.DataFrame) -> pl.DataFrame:
    return _rounded(
        frame.with_columns(
            (pl.col("copies") / pl.col("enrollment")).alias("copies_per_student"),
            (pl.col("checkouts_last_year") / pl.col("enrollment")).alias("checkouts_per_student"),
        )
    )


def _with_students(by_school: pl.DataFrame, enrollment: pl.DataFrame) -> pl.DataFrame:
    joined = by_school.join(
        enrollment, on="site", how="left", nulls_equal=True, maintain_order="left"
    )
    return _per_student(joined)


def _overall(
    copies: pl.DataFrame, by_school: pl.DataFrame, enrollment: Any, has: dict
) -> pl.DataFrame:
    overall = _figures(copies, [], within=[], has=has)
    if isinstance(enrollment, int | float) and not isinstance(enrollment, bool):
        students = int(enrollment)
    else:
        students = (
            by_school["enrollment"].sum() if by_school["enrollment"].null_count() == 0 else None
        )
    return _per_student(overall.with_columns(pl.lit(students, pl.Int64).alias("enrollment")))


def _age_bands(copies: pl.DataFrame) -> pl.DataFrame:
    held = copies.filter("held")
    counts = held.group_by(["site", "section", "age_band"], maintain_order=True).agg(
        pl.len().cast(pl.UInt32).alias("copies")
    )
    band_rank = pl.col("age_band").replace_strict(
        {b: i for i, b in enumerate(AGE_BANDS)}, return_dtype=pl.Int32
    )
    return counts.with_columns(
        pl.when(pl.col("copies").sum().over(["site", "section"]) > 0)
        .then(100 * pl.col("copies") / pl.col("copies").sum().over(["site", "section"]))
        .round(PCT, mode="half_away_from_zero")
        .alias("share_pct")
    ).sort(["site", _section_rank("section"), "section", band_rank], nulls_last=True)


def _by_year(copies: pl.DataFrame, weeding_log: Any, migration: dt.date | None) -> pl.DataFrame:
    # Copies whose `acquired` is the migration date were not bought that day: the old
    # system's dates were lost when the records moved.
    added_copies = copies.filter(pl.col("acquired").is_not_null())
    if migration is not None:
        added_copies = added_copies.filter(pl.col("acquired") != migration)
    added = added_copies.group_by(
        "site", school_year(pl.col("acquired")).alias("school_year"), maintain_order=True
    ).agg(pl.len().cast(pl.UInt32).alias("copies_added"))
    schema = {"site": pl.String, "school_year": pl.String, "copies_weeded": pl.UInt32}
    weeded = pl.DataFrame(schema=schema | {"weeded_value": pl.Float64})
    if weeding_log is not None:
        log = as_frame(weeding_log)
        for column in ("date", "barcode", "decision"):
            if column not in log.columns:
                raise SchemaError(
                    f"the weeding log has no '{column}' column",
                    field=column,
                    remedy="pass the weeding log written by `libanalytics weed apply`",
                )
        site = pl.col("site").cast(pl.String) if "site" in log.columns else pl.lit(None, pl.String)
        sites = copies["site"].unique()
        if sites.len() == 1:  # one school's catalog: a log row without a school is its
            site = site.fill_null(pl.lit(sites[0], pl.String))
        price = (
            pl.col("price").cast(pl.Float64) if "price" in log.columns else pl.lit(None, pl.Float64)
        )
        weeded = (
            log.select(
                site.alias("site"),
                pl.col("barcode").cast(pl.String),
                pl.col("date").cast(pl.Date),
                pl.col("decision"),
                price.alias("price"),
            )
            .filter(pl.col("decision") == "withdraw")
            .unique(["site", "barcode"], keep="first", maintain_order=True)
            .group_by("site", school_year(pl.col("date")).alias("school_year"), maintain_order=True)
            .agg(
                pl.len().cast(pl.UInt32).alias("copies_weeded"),
                pl.col("price").sum().round(MONEY).alias("weeded_value"),
            )
        )
    # Without a log the copies weeded are not known: null, not 0 (see NO_WEEDING_LOG).
    counted = ["copies_added", "copies_weeded"] if weeding_log is not None else ["copies_added"]
    return (
        added.join(weeded, on=["site", "school_year"], how="full", coalesce=True, nulls_equal=True)
        .with_columns(pl.col(counted).fill_null(0))
        .sort(["site", "school_year"], nulls_last=True)
    )


def _by_month(circ: pl.DataFrame | None, copies: pl.DataFrame, today: dt.date) -> pl.DataFrame:
    schema = {
        "site": pl.String,
        "school_year": pl.String,
        "month": pl.Date,
        "checkouts": pl.UInt32,
    }
    if circ is None or circ.height == 0:
        return pl.DataFrame(schema=schema)
    monthly = (
        circ.select("site", pl.col("checkout_at").dt.date().alias("day"))
        .filter(pl.col("day") <= today)
        .group_by("site", pl.col("day").dt.truncate("1mo").alias("month"), maintain_order=True)
        .agg(pl.len().cast(pl.UInt32).alias("checkouts"))
    )
    if monthly.height == 0:
        return pl.DataFrame(schema=schema)
    # Summer months with no checkouts are shown as 0, not left out.
    months = pl.DataFrame(
        {"month": pl.date_range(monthly["month"].min(), monthly["month"].max(), "1mo", eager=True)}
    )
    grid = monthly.select("site").unique(maintain_order=True).join(months, how="cross")
    return (
        grid.join(monthly, on=["site", "month"], how="left", nulls_equal=True)
        .with_columns(
            pl.col("checkouts").fill_null(0), school_year(pl.col("month")).alias("school_year")
        )
        .select(*schema)
        .sort(["site", "month"], nulls_last=True)
    )
