"""The pull list: the weeding candidates as a workbook to take to the shelves.

One sheet per section, in shelf order, so the list reads the way the shelves run. Each
row has a Decision drop-down (withdraw, keep, mend, replace, move) and a MUSTIE column
for the reason in the specialist's own words; `libanalytics.weeding_decisions` reads the
filled-in workbook back. A last sheet, "About this list", records the analysis date and
the rules file (name and SHA-256) that made the list, so the weeding log can say so.

>>> import datetime as dt, tempfile, pathlib
>>> from types import SimpleNamespace
>>> copies = pl.DataFrame({
...     "barcode": ["0001", "0002"], "site": [None, None], "title": ["Dinosaurs", "Mars"],
...     "author": ["Lee, A.", "Ode, B."], "call_number": ["567.9 LEE", "523.43 ODE"],
...     "section": ["Nonfiction", "Nonfiction"], "pub_year": [1988, 1979],
...     "last_checkout": [None, dt.date(2015, 3, 2)], "total_checkouts": [3, 11],
...     "material_type": ["book", "book"], "status": ["available", "available"],
...     "score": [91.04, 77.5], "decision": ["candidate", "review"],
...     "reasons": [["36 years old"], ["45 years old", "unused 9 years"]]})
>>> frame = pull_list_frame(copies)
>>> frame.select("Call number", "Proposed", "Reasons").rows()
[('567.9 LEE', 'candidate', '36 years old.'), ('523.43 ODE', 'review', '45 years old. Unused 9 years.')]
>>> rules = SimpleNamespace(name="CREW", path=pathlib.Path("crew.toml"), sha256="ab" * 32)
>>> result = SimpleNamespace(copies=copies, rules=rules, today=dt.date(2024, 6, 1))
>>> path = write_pull_list(result, pathlib.Path(tempfile.mkdtemp()) / "pull_list.xlsx")
>>> path.name
'pull_list.xlsx'
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl

from ..errors import InputFormatError, OutputError
from ..schema import CANDIDATE, ELECTRONIC_TYPES, PULL_DECISIONS, REVIEW
from ..tables import preview  # noqa: F401  (its home was here; notebooks import it from tables)
from ..weeding import reasons_text
from .excel import sheet_name, split_for_excel, write_workbook

ABOUT_SHEET = "About this list"
NO_SECTION = "No section"

# Copies that are not on the shelf to be pulled: gone, or not yet here.
OFF_SHELF_STATUSES = ("withdrawn", "lost", "missing", "on_order")

# Header on the sheet -> where it comes from (a column of WeedingResult.copies).
HEADERS = {
    "Call number": "call_number",
    "Title": "title",
    "Author": "author",
    "Year": "pub_year",
    "Last checkout": "last_checkout",
    "Checkouts": "total_checkouts",
    "Score": "score",
    "Proposed": "decision",
    "Reasons": "reasons",
    "Barcode": "barcode",
    "Decision": None,
    "MUSTIE": None,
    "Site": "site",
}
DECISION = "Decision"
MUSTIE_HEADER = "MUSTIE"

MUSTIE_NOTE = (
    "MUSTIE: Misleading (out of date, wrong), Ugly (worn, beyond mending), Superseded "
    "(a newer edition or better book), Trivial (no lasting merit), Irrelevant (outside "
    "the curriculum and readers' interests), Elsewhere (easy to get from another library "
    "or online). Write the letters or words that apply."
)


def _get(obj: Any, name: str, default: Any = None) -> Any:
    return getattr(obj, name, default) if obj is not None else default


def pull_list_frame(
    copies: pl.DataFrame, *, include: Sequence[str] = (CANDIDATE, REVIEW)
) -> pl.DataFrame:
    """The rows of a pull list, in shelf order, with the headers the workbook shows.

    Parameters
    ----------
    copies:
        ``WeedingResult.copies`` (one row per copy, in shelf order).
    include:
        Which proposals go on the list: candidates and copies to review by default.

    Returns
    -------
    polars.DataFrame
        A ``section`` column (for grouping; "No section" where unknown) followed by the
        columns of `HEADERS`. Electronic copies and copies withdrawn, lost, missing or on
        order are left out: there is nothing on the shelf to pull.
    """
    frame = copies
    on_list = pl.col("decision").is_in(list(include))
    if "material_type" in frame.columns:
        on_list &= ~pl.col("material_type").is_in(list(ELECTRONIC_TYPES)).fill_null(False)
    if "status" in frame.columns:
        on_list &= ~pl.col("status").is_in(list(OFF_SHELF_STATUSES)).fill_null(False)
    frame = frame.filter(on_list)
    # The same words as the weeding scores workbook and the weeding log.
    reasons = (
        reasons_text("reasons")
        if isinstance(frame.schema.get("reasons"), pl.List)
        else pl.col("reasons").cast(pl.String)
    )
    exprs = [pl.col("section").fill_null(NO_SECTION).alias("section")]
    for header, source in HEADERS.items():
        if source is None:
            exprs.append(pl.lit(None, dtype=pl.String).alias(header))
        elif source not in frame.columns:
            exprs.append(pl.lit(None, dtype=pl.String).alias(header))
        elif source == "reasons":
            exprs.append(reasons.alias(header))
        elif source == "last_checkout" and "last_used" in frame.columns:
            # The scores' evidence of last use (the checkout history where there is one).
            exprs.append(pl.coalesce("last_used", source).alias(header))
        elif source == "score":
            exprs.append(pl.col(source).cast(pl.Float64).round(1).alias(header))
        else:
            exprs.append(pl.col(source).alias(header))
    return frame.select(exprs)


def section_sheets(frame: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """One sheet per section (per school and section in a district), in shelf order.

    Sections come in the order the shelves run (their first copy's place in shelf order);
    a section longer than Excel's row limit continues on a numbered sheet.
    """
    sites = frame["Site"].drop_nulls().unique()
    by = ["Site", "section"] if sites.len() > 1 else ["section"]
    sheets: dict[str, pl.DataFrame] = {}
    for key, part in frame.group_by(by, maintain_order=True):
        label = " ".join(str(k) for k in key if k is not None)
        body = part.drop("section")
        if sites.len() == 0:
            body = body.drop("Site")
        parts, _ = split_for_excel(body, label)
        for name, chunk in parts.items():
            sheets[sheet_name(name)] = chunk
    return sheets


def about_rows(result: Any, copies_listed: int, school: str | None = None) -> pl.DataFrame:
    """The "About this list" sheet: what made the list and how to fill it in."""
    rules = _get(result, "rules")
    rules_path = _get(rules, "path")
    today = _get(result, "today")
    rows = [
        ("School", school or ""),
        ("Analysis date", today.isoformat() if today is not None else ""),
        ("Rules", _get(rules, "name") or ""),
        ("Rules file", Path(rules_path).name if rules_path else ""),
        ("Rules SHA-256", _get(rules, "sha256") or ""),
        ("Copies listed", f"{copies_listed}"),
        ("Decision", "Choose one for each copy: " + ", ".join(PULL_DECISIONS) + "."),
        (MUSTIE_HEADER, MUSTIE_NOTE),
        (
            "When done",
            "Save this workbook and run: libanalytics weed apply THIS_FILE.xlsx "
            "(or the 'apply' step of notebooks/03_weeding.ipynb).",
        ),
    ]
    return pl.DataFrame(rows, schema={"About": pl.String, "Value": pl.String}, orient="row")


def decisions_on(path: str | Path) -> int | None:
    """How many decisions a person has written on the pull list at ``path``.

    0 when there is no file there or nobody has filled it in yet; None when the file
    cannot be read as a pull list (it may hold work all the same, so it is not to be
    written over either).
    """
    from ..weeding_decisions import read_pull_list

    target = Path(path)
    if not target.exists():
        return 0
    try:
        rows = read_pull_list(target).rows
    except InputFormatError:
        return None
    return rows.filter(pl.col("decision").is_not_null()).height


def holds_work(path: str | Path) -> bool:
    """Whether writing a new pull list at ``path`` would lose a person's decisions."""
    return decisions_on(path) != 0


def free_pull_list_path(path: str | Path) -> Path:
    """Where a new pull list can go without losing decisions written on an old one.

    ``path`` itself when there is no list there or it holds no decisions; otherwise the
    first of ``pull_list-2.xlsx``, ``pull_list-3.xlsx``, ... that is free in the same way.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> free_pull_list_path(folder / "pull_list.xlsx").name
    'pull_list.xlsx'
    """
    target = Path(path)
    number = 1
    candidate = target
    while holds_work(candidate):
        number += 1
        candidate = target.with_name(f"{target.stem}-{number}{target.suffix}")
    return candidate


def kept_note(asked: str | Path, written: str | Path) -> str | None:
    """A sentence for the person when a new list went under a new name, else None."""
    asked, written = Path(asked), Path(written)
    if asked == written:
        return None
    count = decisions_on(asked)
    held = f"holds {count:,} decision{'' if count == 1 else 's'}" if count else "holds work"
    return (
        f"{asked.name} {held}, so it was left as it is (apply it with "
        f"`libanalytics weed apply {asked.as_posix()}` or PULL_LIST in notebook 03). "
        f"The new pull list is {written.name}."
    )


def write_pull_list(
    result: Any,
    path: str | Path,
    *,
    include: Sequence[str] = (CANDIDATE, REVIEW),
    school: str | None = None,
    replace_decisions: bool = False,
) -> Path:
    """Write the pull list workbook: one sheet per section, in shelf order.

    Parameters
    ----------
    result:
        A `WeedingResult` (``score_weeding``'s answer): its ``copies``, ``rules`` and
        ``today`` are used.
    path:
        Where to write the ``.xlsx`` file (written whole; the same inputs give the same
        bytes).
    include:
        Which proposals to list (default: candidates and copies to review).
    school:
        A name for the "About this list" sheet.
    replace_decisions:
        A pull list at ``path`` that holds decisions is never written over (an
        `OutputError` says so) unless this is True. `free_pull_list_path` gives a name
        that is safe.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    if not replace_decisions and holds_work(path):
        count = decisions_on(path)
        what = (
            f"{count:,} decision{'' if count == 1 else 's'}"
            if count
            else "something that is not a pull list"
        )
        raise OutputError(
            f"this pull list already holds {what}; a new list would write over them",
            file=Path(path),
            remedy="apply it first (libanalytics weed apply, or PULL_LIST in notebook 03), "
            "then move it aside, or write the new list under another name",
        )
    frame = pull_list_frame(result.copies, include=include)
    sheets = section_sheets(frame)
    if not sheets:
        sheets = {"Pull list": frame.drop("section").drop("Site").clear()}
    validations = {name: {DECISION: list(PULL_DECISIONS)} for name in sheets}
    sheets[ABOUT_SHEET] = about_rows(result, frame.height, school)
    target, _ = write_workbook(
        path,
        sheets,
        column_formats={"Score": "0.0", "Year": "0", "Checkouts": "0"},
        validations=validations,
    )
    return target
