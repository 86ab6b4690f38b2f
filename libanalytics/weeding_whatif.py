"""What-if for a weeding project: change the rules' limits and see what follows.

`what_if` scores the collection with `score_weeding` under changed limits and says what
weeding its candidates would do: how many copies each rule makes candidates, the
collection's average and median age before and after, the shelf space freed, and what
replacing them would cost. The notebook's sliders (`libanalytics.widgets`) show these
numbers and nothing else, so every figure on screen can be recomputed here.

"Before" is the collection on the shelves: physical copies that are not withdrawn, lost,
missing or on order. "After" is the same without the candidates.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import polars as pl

from .schema import CANDIDATE, ELECTRONIC_TYPES

# Copies not on the shelves (the pull list leaves them out too).
OFF_SHELF_STATUSES = ("withdrawn", "lost", "missing", "on_order")

# A copy's thickness from its page count: boards and binding, then paper. Measured on
# school-library hardcovers: a 32-page picture book is about a third of an inch, a
# 200-page novel three quarters.
SPINE_INCHES = 0.25
INCHES_PER_PAGE = 0.0025
# Where no copy of a section gives its pages: a typical copy of that section.
TYPICAL_INCHES = {
    "Easy": 0.35,
    "Fiction": 1.0,
    "Story Collection": 0.9,
    "Graphic Novel": 0.6,
    "Nonfiction": 0.6,
    "Biography": 0.75,
    "Reference": 1.5,
    "Professional": 1.0,
    "Audiovisual": 0.6,
    "Other": 0.75,
}
DEFAULT_INCHES = 0.75

Limits = Mapping[str, Mapping[str, int | None]]


def on_shelf(copies: pl.DataFrame) -> pl.DataFrame:
    """The copies that stand on the shelves: physical, and not withdrawn, lost, missing
    or on order."""
    keep = pl.lit(True)
    if "material_type" in copies.columns:
        keep &= ~pl.col("material_type").is_in(list(ELECTRONIC_TYPES)).fill_null(False)
    if "status" in copies.columns:
        keep &= ~pl.col("status").is_in(list(OFF_SHELF_STATUSES)).fill_null(False)
    return copies.filter(keep)


def shelf_inches(copies: pl.DataFrame) -> pl.DataFrame:
    """Each copy's width on the shelf in inches, with where the figure comes from.

    From the page count where the catalog has one (``"pages"``); else the average of
    the section's copies that have pages (``"section average"``); else a typical copy
    of the section (``"typical for section"``).

    >>> copies = pl.DataFrame({"section": ["Easy", "Easy", "Reference"],
    ...                        "pages": [32, None, None]}, schema_overrides={"pages": pl.Int32})
    >>> shelf_inches(copies).rows()
    [('Easy', 32, 0.33, 'pages'), ('Easy', None, 0.33, 'section average'), ('Reference', None, 1.5, 'typical for section')]
    """
    from_pages = SPINE_INCHES + pl.col("pages").cast(pl.Float64) * INCHES_PER_PAGE
    pages_known = pl.col("pages").fill_null(0) > 0
    section_average = pl.when(pages_known).then(from_pages).mean().over("section")
    typical = pl.col("section").replace_strict(
        TYPICAL_INCHES, default=DEFAULT_INCHES, return_dtype=pl.Float64
    )
    return copies.with_columns(
        pl.when(pages_known)
        .then(from_pages)
        .otherwise(pl.coalesce(section_average, typical))
        .round(3)
        .alias("shelf_inches"),
        pl.when(pages_known)
        .then(pl.lit("pages"))
        .when(section_average.is_not_null())
        .then(pl.lit("section average"))
        .otherwise(pl.lit("typical for section"))
        .alias("shelf_inches_from"),
    )


def replacement_prices(copies: pl.DataFrame) -> pl.DataFrame:
    """Each copy's price: the catalog's, else its section's median, else the collection's.

    >>> copies = pl.DataFrame({"section": ["Easy", "Easy", "Easy", "Fiction"],
    ...                        "price": [10.0, 20.0, None, None]})
    >>> replacement_prices(copies)["replacement_price"].to_list()
    [10.0, 20.0, 15.0, 15.0]
    """
    known = pl.col("price").filter(pl.col("price") > 0)
    price = pl.when(pl.col("price") > 0).then(pl.col("price"))
    return copies.with_columns(
        pl.coalesce(price, known.median().over("section"), known.median())
        .round(2)
        .alias("replacement_price"),
        pl.when(pl.col("price") > 0)
        .then(pl.lit("catalog"))
        .when(known.median().over("section").is_not_null())
        .then(pl.lit("section median"))
        .when(known.median().is_not_null())
        .then(pl.lit("collection median"))
        .alias("price_from"),
    )


@dataclass
class WhatIf:
    """What weeding the candidates of one set of limits would do.

    ``result`` is the `WeedingResult` the figures come from. ``by_rule`` is its
    ``summary()``: per rule, the copies it covers and how many are candidates, to review
    and to keep; ``age`` the average and
    median age of the collection before and after; ``by_section`` the same by section.
    """

    result: Any
    by_rule: pl.DataFrame
    age: pl.DataFrame
    by_section: pl.DataFrame
    candidates: int
    shelf_feet: float
    shelf_from_pages: int
    replacement_cost: float
    priced_by_median: int
    # Candidates per source of their width: "pages", "section average", "typical for section".
    shelf_from: dict[str, int] = dataclasses.field(default_factory=dict)

    def figures(self) -> dict[str, float | int]:
        """The headline numbers, rounded as shown."""
        before, after = (
            dict(self.age.select("measure", c).iter_rows()) for c in ("before", "after")
        )
        return {
            "candidates": self.candidates,
            "average_age_before": before["average age"],
            "average_age_after": after["average age"],
            "median_age_before": before["median age"],
            "median_age_after": after["median age"],
            "shelf_feet": self.shelf_feet,
            "replacement_cost": self.replacement_cost,
        }

    def summary(self) -> str:
        """The headline numbers in words."""
        f = self.figures()
        return (
            f"{f['candidates']:,} candidates on the shelves. Average age {years(f['average_age_before'])} → "
            f"{years(f['average_age_after'])} years, median {years(f['median_age_before'])} → "
            f"{years(f['median_age_after'])}. Shelf space freed: {f['shelf_feet']:,.1f} feet "
            f"({self.shelf_note()}). "
            f"Replacing them all: ${f['replacement_cost']:,.2f} "
            f"({self.priced_by_median:,} priced at a median)."
        )

    def shelf_note(self) -> str:
        """Where the candidates' widths on the shelf came from, in words.

        >>> WhatIf(None, None, None, None, 3, 0.2, 1, 0.0, 0,
        ...        {"pages": 1, "typical for section": 2}).shelf_note()
        '1 candidate measured from its page count, 2 candidates at a typical width for their section, as no copy there has a page count'
        """
        phrases = {
            "pages": ("measured from its page count", "measured from their page counts"),
            "section average": (
                "at the average width of its section's copies with page counts",
                "at the average width of their section's copies with page counts",
            ),
            "typical for section": (
                "at a typical width for its section, as no copy there has a page count",
                "at a typical width for their section, as no copy there has a page count",
            ),
        }
        parts = [
            f"{n:,} candidate{'' if n == 1 else 's'} {phrases[source][n != 1]}"
            for source, n in self.shelf_from.items()
            if n
        ]
        return ", ".join(parts) if parts else "no candidates to measure"


def years(value: float | None) -> str:
    """An age as shown: one decimal, or a dash where there are no copies to measure.

    >>> years(12.04), years(None)
    ('12.0', '–')
    """
    return "–" if value is None else f"{value:.1f}"


def _ages(frame: pl.DataFrame) -> dict[str, float | None]:
    return frame.select(
        pl.col("age_years").mean().round(1).alias("average age"),
        pl.col("age_years").median().round(1).alias("median age"),
        pl.len().cast(pl.Float64).alias("copies"),
    ).row(0, named=True)


def summarise(result: Any) -> WhatIf:
    """The what-if figures of a `WeedingResult` (see `WhatIf`)."""
    copies = replacement_prices(shelf_inches(on_shelf(result.copies)))
    is_candidate = pl.col("decision") == CANDIDATE
    candidates = copies.filter(is_candidate)
    after = copies.filter(~is_candidate)
    # Per rule in the rules file's order: copies, candidate, review, keep.
    by_rule = result.summary()
    before_ages, after_ages = _ages(copies), _ages(after)
    age = pl.DataFrame(
        {
            "measure": list(before_ages),
            "before": list(before_ages.values()),
            "after": list(after_ages.values()),
        },
        schema={"measure": pl.String, "before": pl.Float64, "after": pl.Float64},
    )
    section = pl.col("section").fill_null("No section")
    by_section = (
        copies.with_columns(section.alias("section"))
        .group_by("section", maintain_order=True)
        .agg(
            pl.len().alias("copies"),
            is_candidate.sum().alias("candidates"),
            pl.col("age_years").mean().round(1).alias("average_age_before"),
            pl.col("age_years").filter(~is_candidate).mean().round(1).alias("average_age_after"),
            pl.col("age_years").median().round(1).alias("median_age_before"),
            pl.col("age_years").filter(~is_candidate).median().round(1).alias("median_age_after"),
        )
    )
    return WhatIf(
        result=result,
        by_rule=by_rule,
        age=age,
        by_section=by_section,
        candidates=candidates.height,
        shelf_feet=round(float(candidates["shelf_inches"].sum()) / 12, 1),
        shelf_from_pages=int((candidates["shelf_inches_from"] == "pages").sum()),
        replacement_cost=round(float(candidates["replacement_price"].fill_null(0).sum()), 2),
        priced_by_median=int((candidates["price_from"] != "catalog").sum()),
        shelf_from={
            source: int((candidates["shelf_inches_from"] == source).sum())
            for source in ("pages", "section average", "typical for section")
        },
    )


def rules_with(
    rules: Any,
    limits: Limits | None = None,
    *,
    protect_new_copies_years: int | None = None,
    protect_last_copy_in_district: bool | None = None,
) -> Any:
    """``rules`` with limits and protections changed, for a what-if.

    ``limits`` is ``{rule: {"max_age_years": 10, "max_unused_years": 3}}``; a limit left
    out stays as the rules file has it, and None makes a criterion not apply. A
    protection left as None stays as the rules file has it. The copy has no ``path``, and
    its ``sha256`` is that of its own text, so a log never mistakes it for the file.
    """
    for name, change in (limits or {}).items():
        rules = rules.with_limits(name, **dict(change))
    protections = {
        k: v
        for k, v in (
            ("protect_new_copies_years", protect_new_copies_years),
            ("protect_last_copy_in_district", protect_last_copy_in_district),
        )
        if v is not None and getattr(rules, k) != v
    }
    if protections:
        changed = dataclasses.replace(rules, path=None, sha256="", **protections)
        digest = hashlib.sha256(changed.to_toml_text().encode()).hexdigest()
        rules = dataclasses.replace(changed, sha256=digest)
    return rules


def what_if(
    items: Any,
    circulation: Any = None,
    *,
    rules: Any = None,
    limits: Limits | None = None,
    keep: Any = None,
    today: Any = None,
    protect_new_copies_years: int | None = None,
    protect_last_copy_in_district: bool | None = None,
) -> WhatIf:
    """Score the collection under changed limits and say what weeding would do.

    Parameters
    ----------
    items, circulation, keep, today:
        As for `score_weeding` (``keep=None`` uses no keep list).
    rules:
        The `Rules` to start from (default: the bundled rules file).
    limits, protect_new_copies_years, protect_last_copy_in_district:
        The changes, as for `rules_with`.

    Returns
    -------
    WhatIf
        The figures, and the `WeedingResult` they come from.
    """
    from .weeding import load_rules, score_weeding

    changed = rules_with(
        rules if rules is not None else load_rules(),
        limits,
        protect_new_copies_years=protect_new_copies_years,
        protect_last_copy_in_district=protect_last_copy_in_district,
    )
    return summarise(score_weeding(items, circulation, rules=changed, keep=keep, today=today))
