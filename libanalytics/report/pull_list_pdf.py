"""The pull list on paper: one section after another, a check-off box per copy.

The same rows as the pull list workbook (`pull_list_frame`), in shelf order, printed on
US Letter in landscape. Every section starts on a new page; every page says which
section it holds, the analysis date, the rules file, and its page number. The blank
Decision and MUSTIE columns are for a pencil at the shelf.

The file is drawn with matplotlib's PDF backend directly (no pyplot, so no display
backend is touched) and carries no creation date, so the same list gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib
import polars as pl
from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from ..schema import CANDIDATE, REVIEW
from .files import atomic_path
from .pull_list import pull_list_frame

PAGE_SIZE = (11.0, 8.5)  # US Letter, landscape, in inches
ROWS_PER_PAGE = 30

# (header, column of the pull list frame, characters, right-aligned). The rows are set in
# a monospaced font, one line of text a copy.
COLUMNS: tuple[tuple[str, str, int, bool], ...] = (
    ("Call number", "Call number", 18, False),
    ("Title", "Title", 40, False),
    ("Author", "Author", 20, False),
    ("Year", "Year", 4, True),
    ("Last out", "Last checkout", 10, False),
    ("Circs", "Checkouts", 5, True),
    ("Score", "Score", 5, True),
    ("Barcode", "Barcode", 15, False),
)
FONT = {"family": "monospace", "size": 7.5}
# Courier and DejaVu Sans Mono both advance 0.6 em a character.
CHAR_WIDTH = 0.6 * FONT["size"] / 72 / PAGE_SIZE[0]
LEFT = 0.06
DECISION_X, MUSTIE_X, LINE_WIDTH = 0.83, 0.9, 0.065
TOP = 0.86
BOTTOM = 0.07


def _core_fonts_will_do(label: str, heading: str, rows: pl.DataFrame) -> bool:
    """True when every character of a page is in Windows-1252, which the PDF's built-in
    Courier and Helvetica cover.

    Those fonts need no glyph-by-glyph layout: a page takes a fiftieth of the time it
    takes with an embedded font (a 45-page list: about a second instead of thirty). A page
    with other characters (Cyrillic, Chinese, ...) is set in the embedded DejaVu fonts.
    """
    text = [label, heading]
    for column in ("Call number", "Title", "Author", "Reasons", "Barcode"):
        text.extend(v for v in rows[column].to_list() if v)
    try:
        "".join(text).encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def _cell(value: Any, width: int, right: bool = False) -> str:
    if value is None:
        text = ""
    elif isinstance(value, float):
        text = f"{value:.0f}"
    else:
        text = " ".join(str(value).split())
    if len(text) > width:
        text = text[: width - 1] + "…"
    return text.rjust(width) if right else text.ljust(width)


def _line(values: dict[str, Any]) -> str:
    return " ".join(_cell(values.get(col), width, right) for _, col, width, right in COLUMNS)


def _pages(frame: pl.DataFrame, rows_per_page: int) -> list[tuple[str, pl.DataFrame]]:
    """(section label, rows) for every page: sections never share a page."""
    sites = frame["Site"].drop_nulls().unique().len()
    by = ["Site", "section"] if sites > 1 else ["section"]
    pages = []
    for key, part in frame.group_by(by, maintain_order=True):
        label = " — ".join(str(k) for k in key if k is not None)
        for chunk in part.iter_slices(rows_per_page):
            pages.append((label, chunk))
    return pages


def _draw_page(
    fig: Figure,
    label: str,
    rows: pl.DataFrame,
    heading: str,
    page: int,
    pages: int,
    rows_per_page: int,
    weight: str = "normal",
) -> None:
    fig.text(0.035, 0.95, f"Pull list — {label}", fontsize=15, weight="bold", va="top")
    fig.text(0.035, 0.915, heading, fontsize=8.5, va="top", color="#333333", weight=weight)
    fig.text(
        0.965, 0.95, f"Page {page} of {pages}", fontsize=9, va="top", ha="right", weight=weight
    )
    step = (TOP - BOTTOM) / rows_per_page
    header_y = TOP + step * 0.4
    fig.text(
        LEFT,
        header_y,
        _line({col: head for head, col, _, _ in COLUMNS}),
        fontdict=FONT,
        weight="bold",
        va="center",
    )
    for x, head in ((DECISION_X, "Decision"), (MUSTIE_X, "MUSTIE")):
        fig.text(x, header_y, head, fontdict=FONT, weight="bold", va="center")
    fig.add_artist(
        Rectangle((0.03, TOP - step * 0.05), 0.94, 0.0008, transform=fig.transFigure, color="k")
    )
    box = min(step * 0.55, 0.018)
    title_x = LEFT + (COLUMNS[0][2] + 1) * CHAR_WIDTH
    for i, row in enumerate(rows.iter_rows(named=True)):
        y = TOP - step * (i + 0.5)
        if i % 2:
            fig.add_artist(
                Rectangle(
                    (0.03, y - step / 2),
                    0.94,
                    step,
                    transform=fig.transFigure,
                    color="#F2F2F2",
                    zorder=0,
                )
            )
        fig.add_artist(
            Rectangle(
                (0.037, y - box / 2),
                box * PAGE_SIZE[1] / PAGE_SIZE[0],
                box,
                transform=fig.transFigure,
                fill=False,
                linewidth=0.8,
            )
        )
        lift = step * 0.17 if row["Reasons"] else 0.0
        fig.text(LEFT, y + lift, _line(row).rstrip(), fontdict=FONT, va="center", weight=weight)
        if row["Reasons"]:
            # Why the copy is listed, small under its title: the reason to look at it.
            fig.text(
                title_x,
                y - step * 0.24,
                _cell(row["Reasons"], 110).rstrip(),
                fontsize=5.8,
                va="center",
                color="#555555",
                weight=weight,
            )
        for x in (DECISION_X, MUSTIE_X):
            fig.add_artist(
                Rectangle(
                    (x, y - step * 0.35),
                    LINE_WIDTH,
                    0.0006,
                    transform=fig.transFigure,
                    color="#888888",
                )
            )


def write_pull_list_pdf(
    result: Any,
    path: str | Path,
    *,
    include: Sequence[str] = (CANDIDATE, REVIEW),
    school: str | None = None,
    rows_per_page: int = ROWS_PER_PAGE,
) -> Path:
    """Write the printable pull list: one section after another, a box to tick per copy.

    Parameters
    ----------
    result:
        A `WeedingResult` (its ``copies``, ``rules`` and ``today``).
    path:
        Where to write the ``.pdf`` (written whole; the same list gives the same bytes).
    include:
        Which proposals to list (default: candidates and copies to review).
    school:
        Printed in every page heading.
    rows_per_page:
        Copies on a page.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    frame = pull_list_frame(result.copies, include=include)
    rules = getattr(result, "rules", None)
    today = getattr(result, "today", None)
    parts = [school] if school else []
    if today is not None:
        parts.append(f"analysis date {today.isoformat()}")
    if rules is not None and getattr(rules, "path", None):
        parts.append(f"rules {Path(rules.path).name} (SHA-256 {rules.sha256[:12]}…)")
    parts.append(f"{frame.height:,} copies")
    heading = " · ".join(parts)
    pages = _pages(frame, rows_per_page) or [("no copies to pull", frame.clear())]
    target = Path(path)
    with atomic_path(target) as tmp:
        # No dates in the file: the same list must give the same bytes.
        with PdfPages(
            tmp, metadata={"Creator": "libanalytics", "Producer": None, "CreationDate": None}
        ) as pdf:
            for number, (label, rows) in enumerate(pages, start=1):
                fig = Figure(figsize=PAGE_SIZE)
                core = _core_fonts_will_do(label, heading, rows)
                # The built-in Courier and Helvetica come in 'medium', not 'normal'.
                weight = "medium" if core else "normal"
                _draw_page(fig, label, rows, heading, number, len(pages), rows_per_page, weight)
                with matplotlib.rc_context({"pdf.use14corefonts": core}):
                    pdf.savefig(fig)
    return target
