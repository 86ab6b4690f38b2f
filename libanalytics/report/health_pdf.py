"""The collection-health report as a PDF for a reader who is not a librarian.

A title page with the school and the date and the headline figures, one chart a page
with the sentence that says what it shows, then the tables of figures. The text is real
text (TrueType fonts), so it can be searched, copied and read aloud; the file carries
no time of writing, so the same figures give the same bytes.

    health = la.collection_metrics(items, circulation=circ, enrollment=450)
    write_health_pdf("out/health_report.pdf", health, school="Maple Elementary")
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path

import matplotlib
import polars as pl
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from .. import __version__
from ..metrics import FIGURE_COLUMNS, CollectionHealth
from .charts import PAGE, TARGET_AGE, health_charts, school_charts
from .files import atomic_path
from .health_labels import LABELS, TABLE_TITLES, formatted

ROWS_PER_PAGE = 22
YEARS_SHOWN = 10
# Columns a principal reads; every other figure is in the workbook.
TABLE_COLUMNS = (
    "copies",
    "average_age",
    "median_age",
    "older_than_15_pct",
    "turnover",
    "used_last_year_pct",
    "relative_use",
    "lost_copies",
    "over_age_copies",
    "replacement_cost",
)
SCHOOL_COLUMNS = (
    "enrollment",
    "copies",
    "copies_per_student",
    "average_age",
    "older_than_15_pct",
    "checkouts_per_student",
    "turnover",
    "used_last_year_pct",
    "lost_copies",
    "replacement_cost",
)
# Matplotlib's default Type 3 fonts draw glyphs as pictures; TrueType keeps text extractable.
PDF_RC = {"pdf.fonttype": 42, "font.family": "DejaVu Sans"}
PDF_METADATA = {"Creator": f"libanalytics {__version__}", "Producer": None, "CreationDate": None}


def write_health_pdf(
    path: str | Path,
    health: CollectionHealth,
    *,
    school: str | None = None,
    target_age: float = TARGET_AGE,
) -> Path:
    """Write one school's collection-health report as a PDF.

    Parameters
    ----------
    path
        The PDF to write (written whole: a failed run leaves no half-written file).
    health
        The figures, from `collection_metrics` (for one school of a district file,
        ``health.for_site(SITE)``).
    school
        The school's name for the title page.
    target_age
        The target average age (years) drawn on the Dewey chart.
    """
    name = school or (health.sites[0] if health.sites[0] else "The school library")
    pages = [_title_page(f"Collection health report: {name}", health)]
    pages += [chart.figure for chart in health_charts(health, target_age)]
    pages += _figure_list_page("Key figures for the whole collection", health.overall)
    pages += _table_pages(
        TABLE_TITLES["by_section"],
        "Each section's copies, their age, how they are used, what was lost and what it "
        "would cost to replace the copies older than their weeding rule allows.",
        health.by_section,
        ["section", *TABLE_COLUMNS],
    )
    pages += _table_pages(
        TABLE_TITLES["by_dewey"],
        "Nonfiction by Dewey hundred; relative use here compares each class with the "
        "nonfiction as a whole. Fiction is in the section table, apart.",
        health.by_dewey,
        ["report_class", *TABLE_COLUMNS],
    )
    weeded = (
        "copies withdrawn after weeding (from the weeding log)"
        if health.has_weeding_log
        else "copies weeded: not given ('-'), because no weeding log was given"
    )
    pages += _table_pages(
        TABLE_TITLES["by_year"],
        f"Copies added (by date acquired) and {weeded}, per school year from July to June: "
        f"the last {YEARS_SHOWN} school years (every year is in the workbook).",
        health.by_year.tail(YEARS_SHOWN),
        ["school_year", "copies_added", "copies_weeded", "weeded_value"],
    )
    return _write(path, pages)


def write_district_pdf(
    path: str | Path,
    health: CollectionHealth,
    *,
    district: str | None = None,
    target_age: float = TARGET_AGE,
) -> Path:
    """Write one report that compares the schools of a district file."""
    name = district or "District"
    pages = [_title_page(f"Collection health report: {name}, school by school", health)]
    pages += _table_pages(
        "The schools compared",
        "Each school's collection, its age, how it is used, what its latest inventory "
        "lost and what replacing its copies older than their weeding rule would cost.",
        health.by_school,
        ["site", *SCHOOL_COLUMNS],
    )
    pages += [chart.figure for chart in school_charts(health, target_age)]
    pages += _figure_list_page("Key figures for the whole district", health.overall)
    return _write(path, pages)


def _write(path: str | Path, pages: Sequence[Figure]) -> Path:
    target = Path(path)
    with matplotlib.rc_context(PDF_RC), atomic_path(target) as tmp:
        with PdfPages(tmp, metadata=PDF_METADATA) as pdf:
            for page in pages:
                pdf.savefig(page)
    return target


def _title_page(title: str, health: CollectionHealth) -> Figure:
    fig = Figure(figsize=PAGE)
    fig.text(0.08, 0.85, title, fontsize=22, fontweight="bold", va="top")
    fig.text(0.08, 0.77, f"As of {health.today:%B %-d, %Y}", fontsize=15, va="top")
    body = "\n".join(textwrap.fill(line, 95) for line in health.summary().split("\n"))
    fig.text(0.08, 0.68, body, fontsize=12, va="top", linespacing=1.6)
    how = (
        f"Ages are years since the copyright date. Checkouts are those of the twelve months "
        f"before the report date. Weeding rules: {health.rules_name or 'the bundled CREW rules'}. "
        f"Made with libanalytics {__version__}; every figure is in the workbook with the "
        f"copies behind it."
    )
    fig.text(0.08, 0.1, textwrap.fill(how, 120), fontsize=9, va="bottom", color="#444444")
    return fig


def _figure_list_page(title: str, overall: pl.DataFrame) -> list[Figure]:
    row = overall.row(0, named=True)
    # Shares and relative use compare a part with the whole: for the whole they say nothing.
    shares = ("share_of_copies_pct", "share_of_checkouts_pct", "relative_use")
    columns = [c for c in ("enrollment", *FIGURE_COLUMNS) if c in row and c not in shares] + [
        c for c in ("copies_per_student", "checkouts_per_student") if c in row
    ]
    frame = pl.DataFrame(
        {
            "Figure": [LABELS[c] for c in columns],
            "Value": [formatted(row[c], c) for c in columns],
        }
    )
    fig = Figure(figsize=PAGE)
    fig.suptitle(title, fontsize=16, fontweight="bold")
    ax = fig.add_axes((0.2, 0.08, 0.6, 0.8))
    ax.set_axis_off()
    table = ax.table(cellText=frame.rows(), colLabels=frame.columns, loc="upper center")
    _style(table, len(frame.columns))
    return [fig]


def _table_pages(
    title: str, sentence: str, frame: pl.DataFrame, columns: Sequence[str]
) -> list[Figure]:
    columns = [c for c in columns if c in frame.columns]
    rows = [
        [formatted(v, c) for c, v in zip(columns, r, strict=True)]
        for r in frame.select(columns).rows()
    ]
    if not rows:
        rows = [["-"] * len(columns)]
    pages = []
    chunks = [rows[i : i + ROWS_PER_PAGE] for i in range(0, len(rows), ROWS_PER_PAGE)]
    for n, chunk in enumerate(chunks, start=1):
        fig = Figure(figsize=PAGE)
        more = f" (page {n} of {len(chunks)})" if len(chunks) > 1 else ""
        fig.suptitle(title + more, fontsize=16, fontweight="bold")
        fig.text(0.5, 0.05, textwrap.fill(sentence, 120), ha="center", va="bottom", fontsize=10)
        ax = fig.add_axes((0.03, 0.12, 0.94, 0.78))
        ax.set_axis_off()
        labels = [textwrap.fill(LABELS.get(c, c), 12) for c in columns]
        table = ax.table(cellText=chunk, colLabels=labels, loc="upper center")
        _style(table, len(columns), header_height=0.12)
        pages.append(fig)
    return pages


def _style(table, ncols: int, header_height: float | None = None) -> None:
    table.auto_set_font_size(False)
    table.set_fontsize(9)
    table.scale(1, 1.4)
    for (row, _col), cell in table.get_celld().items():
        if row == 0:
            cell.set_text_props(fontweight="bold")
            cell.set_facecolor("#DDE6F0")
            cell.set_fontsize(8)
            if header_height:
                cell.set_height(header_height)
