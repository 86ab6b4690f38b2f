"""Charts of the collection-health figures, each with a title and one sentence.

Every chart draws a table of `libanalytics.metrics.CollectionHealth` as it is: it
computes nothing. Figures are made without pyplot, so writing them never depends on a
display (and a notebook shows them all the same).

>>> import datetime as dt, polars as pl
>>> from libanalytics.metrics import collection_metrics
>>> items = pl.DataFrame({"barcode": ["1", "2"], "section": ["Fiction", "Nonfiction"],
...                       "dewey": [None, "523.1"], "pub_year": [2020, 1990],
...                       "status": ["available", "available"]})
>>> chart = age_by_dewey(collection_metrics(items, today=dt.date(2025, 6, 30)))
>>> chart.title
'Average age of nonfiction by Dewey class'
>>> chart.sentence
'The oldest nonfiction class is the 500s, 35.0 years on average; the dashed line is a target of 10 years.'
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass

import polars as pl
from matplotlib.figure import Figure

from ..errors import OutputError
from ..metrics import AGE_BANDS, CollectionHealth

# A nonfiction class whose copies average more than this many years needs attention.
TARGET_AGE = 10
PAGE = (11, 8.5)
BLUE, GREY, RED = "#2F6690", "#9DB4C0", "#C0392B"
MONTHS = ["Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "Jan", "Feb", "Mar", "Apr", "May", "Jun"]


@dataclass
class Chart:
    """A chart of the report: its title, the sentence saying what it shows, the figure."""

    title: str
    sentence: str
    figure: Figure

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png", dpi=80)
        return buffer.getvalue()

    def __repr__(self) -> str:
        return f"{self.title}: {self.sentence}"


def _figure(title: str, sentence: str) -> tuple[Figure, object]:
    fig = Figure(figsize=PAGE)
    fig.subplots_adjust(left=0.2, right=0.95, top=0.88, bottom=0.2)
    fig.suptitle(title, fontsize=16, fontweight="bold")
    fig.text(0.5, 0.05, textwrap.fill(sentence, 110), ha="center", va="bottom", fontsize=11)
    return fig, fig.add_subplot()


def _one_school(health: CollectionHealth, chart: str) -> None:
    if health.is_district:
        raise OutputError(
            f"the chart of {chart} is drawn for one school, and this collection has "
            f"{len(health.sites)}",
            remedy="draw it for one school with health.for_site(SITE), or use school_charts",
        )


def _empty(ax, text: str) -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", fontsize=13, transform=ax.transAxes)
    ax.set_axis_off()


def age_distribution(health: CollectionHealth) -> Chart:
    """Stacked bars: the share of each section's copies in each age band."""
    _one_school(health, "ages by section")
    bands = health.age_bands
    wide = bands.pivot(
        on="age_band", index="section", values="share_pct", maintain_order=True
    ).fill_null(0)
    old = bands.filter(pl.col("age_band").is_in(["16-25 years", "over 25 years"]))
    oldest = (
        old.group_by("section", maintain_order=True)
        .agg(pl.col("share_pct").sum())
        .sort("share_pct", descending=True)
    )
    title = "How old are the copies in each section?"
    if oldest.height and oldest["share_pct"][0] > 0:
        sentence = (
            f"Each bar splits a section's copies by years since their copyright date; "
            f"{oldest['section'][0]} has the most older than 15 years "
            f"({oldest['share_pct'][0]:.1f}%)."
        )
    else:
        sentence = "Each bar splits a section's copies by years since their copyright date."
    fig, ax = _figure(title, sentence)
    if not wide.height:
        _empty(ax, "No copies with a section.")
        return Chart(title, sentence, fig)
    sections = wide["section"].to_list()
    left = [0.0] * len(sections)
    colors = ["#2F6690", "#3A7CA5", "#81C3D7", "#F4A259", "#C0392B", "#BBBBBB"]
    for band, color in zip(AGE_BANDS, colors, strict=True):
        if band not in wide.columns:
            continue
        values = wide[band].to_list()
        ax.barh(sections, values, left=left, color=color, label=band)
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("Share of the section's copies (%)")
    ax.legend(ncols=6, loc="upper center", bbox_to_anchor=(0.5, -0.08), frameon=False)
    return Chart(title, sentence, fig)


def age_by_dewey(health: CollectionHealth, target_age: float = TARGET_AGE) -> Chart:
    """Bars of the average age of each Dewey hundred, with a target line."""
    _one_school(health, "age by Dewey class")
    table = health.by_dewey.filter(pl.col("average_age").is_not_null())
    title = "Average age of nonfiction by Dewey class"
    if table.height:
        oldest = table.sort("average_age", descending=True, maintain_order=True).row(0, named=True)
        sentence = (
            f"The oldest nonfiction class is the {oldest['report_class']}, "
            f"{oldest['average_age']:.1f} years on average; the dashed line is a target of "
            f"{target_age:g} years."
        )
    else:
        sentence = "There are no dated nonfiction copies to chart."
    fig, ax = _figure(title, sentence)
    if not table.height:
        _empty(ax, "No dated nonfiction copies.")
        return Chart(title, sentence, fig)
    ages = table["average_age"].to_list()
    colors = [RED if a > target_age else BLUE for a in ages]
    ax.bar(table["report_class"].to_list(), ages, color=colors)
    ax.axhline(target_age, color="black", linestyle="--", linewidth=1.5)
    ax.set_ylabel("Average age (years since copyright)")
    ax.set_xlabel("Dewey class (fiction is reported apart)")
    return Chart(title, sentence, fig)


def checkouts_by_month(health: CollectionHealth) -> Chart:
    """One line per school year: checkouts in each month from July to June."""
    _one_school(health, "checkouts by month")
    table = health.by_month
    title = "Checkouts by month, school year by school year"
    years = table["school_year"].unique(maintain_order=True).to_list()
    if table.height:
        totals = table.group_by("school_year", maintain_order=True).agg(pl.col("checkouts").sum())
        last = totals.row(totals.height - 1, named=True)
        sentence = (
            f"Each line is one school year from July to June; {last['school_year']} "
            f"has {last['checkouts']:,} checkouts so far."
        )
    else:
        sentence = "No circulation history was given, so there are no checkouts to chart."
    fig, ax = _figure(title, sentence)
    if not table.height:
        _empty(ax, "No circulation history.")
        return Chart(title, sentence, fig)
    for i, year in enumerate(years):
        part = table.filter(pl.col("school_year") == year)
        positions = [(m.month - 7) % 12 for m in part["month"].to_list()]
        shade = 0.35 + 0.65 * (i + 1) / len(years)
        ax.plot(
            positions,
            part["checkouts"].to_list(),
            marker="o",
            label=year,
            alpha=shade,
            linewidth=2.5 if i == len(years) - 1 else 1.5,
        )
    ax.set_xticks(range(12), MONTHS)
    ax.set_ylabel("Checkouts")
    ax.set_ylim(bottom=0)
    ax.legend(title="School year", frameon=False)
    return Chart(title, sentence, fig)


def relative_use(health: CollectionHealth) -> Chart:
    """Bars of each section's relative use, with 100 (use in proportion to size) marked."""
    _one_school(health, "relative use")
    table = health.by_section.filter(pl.col("relative_use").is_not_null())
    title = "Which sections are used more than their size predicts?"
    if table.height:
        low = table.sort("relative_use", maintain_order=True).row(0, named=True)
        sentence = (
            "100 means a section has the same share of checkouts as of copies; "
            f"{low['section']} is the least used for its size ({low['relative_use']:.0f})."
        )
    else:
        sentence = "No circulation history was given, so relative use cannot be shown."
    fig, ax = _figure(title, sentence)
    if not table.height:
        _empty(ax, "No circulation history.")
        return Chart(title, sentence, fig)
    values = table["relative_use"].to_list()
    ax.barh(table["section"].to_list(), values, color=[BLUE if v >= 100 else GREY for v in values])
    ax.axvline(100, color="black", linestyle="--", linewidth=1.5)
    ax.invert_yaxis()
    ax.set_xlabel("Relative use (share of checkouts / share of copies x 100)")
    return Chart(title, sentence, fig)


def losses_by_section(health: CollectionHealth) -> Chart:
    """Bars of the copies lost in the latest inventory, by section, with their value."""
    _one_school(health, "inventory losses")
    table = health.by_section.filter(pl.col("lost_copies") > 0)
    title = "Copies lost in the latest inventory, by section"
    if not health.has_inventory:
        sentence = "No inventory was given, so losses cannot be shown."
    elif table.height:
        row = health.overall.row(0, named=True)
        sentence = (
            f"The inventory found {row['lost_copies']:,} copies lost, worth "
            f"${row['lost_value']:,.2f} at their price (or their section's median price)."
        )
    else:
        sentence = "The latest inventory found no copies lost."
    fig, ax = _figure(title, sentence)
    if not table.height:
        _empty(ax, sentence)
        return Chart(title, sentence, fig)
    bars = ax.barh(table["section"].to_list(), table["lost_copies"].to_list(), color=RED)
    ax.bar_label(bars, labels=[f"${v:,.0f}" for v in table["lost_value"].to_list()], padding=4)
    ax.invert_yaxis()
    ax.set_xlabel("Copies lost (label: their value)")
    return Chart(title, sentence, fig)


def health_charts(health: CollectionHealth, target_age: float = TARGET_AGE) -> list[Chart]:
    """The five charts of a school's report, in the order the PDF shows them."""
    return [
        age_distribution(health),
        age_by_dewey(health, target_age),
        checkouts_by_month(health),
        relative_use(health),
        losses_by_section(health),
    ]


def _by_school_bars(
    health: CollectionHealth, column: str, title: str, sentence: str, xlabel: str, line=None
) -> Chart:
    table = health.by_school
    fig, ax = _figure(title, sentence)
    values = table[column].to_list()
    if all(v is None for v in values):
        _empty(ax, "Not given for these schools.")
        return Chart(title, sentence, fig)
    ax.barh([str(s) for s in table["site"].to_list()], [v or 0 for v in values], color=BLUE)
    if line is not None:
        ax.axvline(line, color="black", linestyle="--", linewidth=1.5)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    return Chart(title, sentence, fig)


def school_charts(health: CollectionHealth, target_age: float = TARGET_AGE) -> list[Chart]:
    """Charts that compare the schools of a district, one figure each."""
    return [
        _by_school_bars(
            health,
            "average_age",
            "Average age of each school's collection",
            f"Years since the copyright date, averaged over each school's copies; the dashed "
            f"line is a target of {target_age:g} years.",
            "Average age (years)",
            line=target_age,
        ),
        _by_school_bars(
            health,
            "checkouts_per_student",
            "Checkouts per student in the last year",
            "How much each school's students borrowed in the twelve months before the report date.",
            "Checkouts per student",
        ),
        _by_school_bars(
            health,
            "relative_use",
            "Relative use by school",
            "100 means a school has the same share of the district's checkouts as of its copies.",
            "Relative use",
            line=100,
        ),
        _by_school_bars(
            health,
            "lost_copies",
            "Copies lost in the latest inventory, by school",
            "Copies each school's latest inventory found missing and not out on loan.",
            "Copies lost",
        ),
    ]
