"""Charts of what a catalog export holds: copies by section and by publication year.

Drawn in the same look as the health report's charts (`libanalytics.report.charts`):
a `Chart` with a title and one sentence, made without pyplot so a notebook shows it
whatever its display backend.

>>> import polars as pl
>>> items = pl.DataFrame({"section": ["Easy", "Easy", "Fiction"], "pub_year": [1990, 2010, None]})
>>> by_section_chart(items).sentence
'3 copies; the largest section is Easy, with 2 copies (67%).'
>>> by_year_chart(items).sentence
'Half the copies with a year were published in or before 1990; the oldest in 1990. 1 copy has no publication year.'
"""

from __future__ import annotations

import textwrap

import polars as pl
from matplotlib.figure import Figure

from ..loaded import Loaded
from .charts import BLUE, GREY, Chart
from .import_overview import copies_by_section

SIZE = (9, 4.8)


def _figure(title: str, sentence: str) -> tuple[Figure, object]:
    fig = Figure(figsize=SIZE)
    fig.subplots_adjust(left=0.2, right=0.95, top=0.86, bottom=0.22)
    fig.suptitle(title, fontsize=14, fontweight="bold")
    fig.text(0.5, 0.03, textwrap.fill(sentence, 100), ha="center", va="bottom", fontsize=10)
    ax = fig.add_subplot()
    ax.spines[["top", "right"]].set_visible(False)
    return fig, ax


def _frame(items: pl.DataFrame | Loaded) -> pl.DataFrame:
    return items.frame if isinstance(items, Loaded) else items


def by_section_chart(items: pl.DataFrame | Loaded) -> Chart:
    """Copies per section, in the library's section order."""
    table = copies_by_section(_frame(items)).filter(pl.col("section") != "Total")
    total = int(table["copies"].sum())
    title = "Copies by section"
    if total == 0:
        sentence = "The export holds no copies."
    else:
        top = table.sort("copies", descending=True, maintain_order=True).row(0, named=True)
        sentence = (
            f"{total:,} copies; the largest section is {top['section']}, with "
            f"{top['copies']:,} copies ({100 * top['copies'] / total:.0f}%)."
        )
    fig, ax = _figure(title, sentence)
    sections = table["section"].to_list()
    ax.barh(range(len(sections)), table["copies"].to_list(), color=BLUE)
    ax.set_yticks(range(len(sections)), sections)
    ax.invert_yaxis()
    ax.set_xlabel("copies")
    return Chart(title, sentence, fig)


def by_year_chart(items: pl.DataFrame | Loaded) -> Chart:
    """Copies per publication year, with the median year marked."""
    frame = _frame(items)
    years = (
        frame.filter(pl.col("pub_year").is_not_null())
        .group_by("pub_year")
        .len("copies")
        .sort("pub_year")
    )
    missing = frame.height - int(years["copies"].sum())
    title = "Copies by publication year"
    if years.height == 0:
        sentence = "No copy in the export gives a publication year."
        median = None
    else:
        # The lower median is a year some copy has, so "half in or before it" holds.
        median = int(frame["pub_year"].quantile(0.5, interpolation="lower"))
        sentence = (
            f"Half the copies with a year were published in or before {median}; "
            f"the oldest in {int(years['pub_year'][0])}."
        )
    if missing:
        sentence += (
            f" {missing:,} cop{'ies have' if missing != 1 else 'y has'} no publication year."
        )
    fig, ax = _figure(title, sentence)
    if median is not None:
        ax.bar(years["pub_year"].to_list(), years["copies"].to_list(), width=0.9, color=GREY)
        ax.axvline(median, color=BLUE, linestyle="--", label=f"median year {median}")
        ax.legend(frameon=False, loc="upper left")
    ax.set_xlabel("publication (copyright) year")
    ax.set_ylabel("copies")
    return Chart(title, sentence, fig)


def import_charts(items: pl.DataFrame | Loaded) -> list[Chart]:
    """The import notebook's charts: copies by section, then by publication year."""
    return [by_section_chart(items), by_year_chart(items)]
