"""The inventory in figures: counts by outcome and section, what the losses cost, progress.

Every figure here is computed from `InventoryResult.items` and `.scans`; the reports
only format them.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import polars as pl

from ..schema import (
    CHECKED_OUT,
    COPY_OUTCOMES,
    MISSING,
    MISSING_LIKELIHOODS,
    NOT_EXPECTED,
    READ_OUTCOMES,
    SECTIONS,
)

# The progress view splits each section, in shelf order, into about this many ranges.
PROGRESS_RANGES = 10
PROGRESS_MIN_COPIES = 25
NO_SECTION = "(no section)"


def section_order(column: str = "section") -> pl.Expr:
    """Sort key putting sections in the usual order of `schema.SECTIONS`, others after."""
    return (
        pl.col(column)
        .replace_strict(list(SECTIONS), list(range(len(SECTIONS))), default=len(SECTIONS))
        .cast(pl.Int32)
    )


@dataclass(frozen=True)
class InventorySummary:
    """Figures for the summary sheet, the notebook and the collection report.

    ``outcomes``: copies per outcome; ``sections``: copies per section and outcome;
    ``reads``: reads per outcome; ``likelihood``: missing copies by how likely they are
    gone; ``missing_value``: missing copies and their replacement value by section (at
    their price, else their section's median price); ``replacement_value``: the total;
    ``progress``: which call-number ranges of each section were read;
    ``loss_vs_previous``: missing copies by section this year and last (None without
    last year's inventory).
    """

    outcomes: pl.DataFrame
    sections: pl.DataFrame
    reads: pl.DataFrame
    likelihood: pl.DataFrame
    missing_value: pl.DataFrame
    replacement_value: float
    progress: pl.DataFrame
    loss_vs_previous: pl.DataFrame | None = None

    def lines(self) -> list[str]:
        """The summary in a few sentences."""
        counts = dict(self.outcomes.select("outcome", "copies").rows())
        reads = dict(self.reads.select("outcome", "reads").rows())
        total = sum(counts.values())
        text = [
            f"{total:,} copies reported from {sum(reads.values()):,} reads.",
            f"{counts.get('in_place', 0):,} in place, {counts.get('misshelved', 0):,} misshelved, "
            f"{counts.get('wrong_location', 0):,} in the wrong location, "
            f"{counts.get(MISSING, 0):,} missing (replacement value ${self.replacement_value:,.2f}).",
        ]
        likely = dict(self.likelihood.select("likelihood", "copies").rows())
        if counts.get(MISSING):
            text.append(
                "Of the missing: "
                + ", ".join(
                    f"{likely.get(k, 0):,} {k.replace('_', ' ')}" for k in MISSING_LIKELIHOODS
                )
                + "."
            )
        text.append(
            f"To act on: {counts.get('found_lost', 0):,} lost copies found, "
            f"{counts.get('on_shelf_but_checked_out', 0):,} on the shelf but checked out, "
            f"{counts.get('withdrawn_on_shelf', 0):,} withdrawn copies on the shelf; "
            f"{reads.get('unknown_barcode', 0):,} unknown barcodes, {reads.get('isbn', 0):,} ISBNs read, "
            f"{reads.get('duplicate', 0):,} duplicate reads, {reads.get('malformed', 0):,} misreads."
        )
        return text

    def __repr__(self) -> str:
        return "\n".join(self.lines())

    def _repr_html_(self) -> str:
        return "".join(f"<p>{html.escape(line)}</p>" for line in self.lines())


def summarize(
    items: pl.DataFrame, scans: pl.DataFrame, previous: pl.DataFrame | None
) -> InventorySummary:
    """Compute the `InventorySummary` of an inventory's copies and reads."""
    items = items.with_columns(pl.col("section").fill_null(NO_SECTION))
    outcomes = _counts(items, "outcome", COPY_OUTCOMES, "copies")
    reads = _counts(scans, "outcome", READ_OUTCOMES, "reads")
    sections = (
        items.group_by("section")
        .agg([(pl.col("outcome") == o).sum().cast(pl.Int64).alias(o) for o in COPY_OUTCOMES])
        .with_columns(copies=pl.sum_horizontal(list(COPY_OUTCOMES)))
        .sort(section_order(), "section")
        .select("section", "copies", *COPY_OUTCOMES)
    )
    missing = items.filter(pl.col("outcome") == MISSING)
    likelihood = (
        pl.DataFrame({"likelihood": list(MISSING_LIKELIHOODS)})
        .join(
            missing.group_by("likelihood").agg(
                pl.len().cast(pl.Int64).alias("copies"),
                pl.col("replacement_price").sum().round(2).alias("value"),
            ),
            on="likelihood",
            how="left",
        )
        .with_columns(pl.col("copies").fill_null(0), pl.col("value").fill_null(0.0))
    )
    missing_value = _loss_by_section(missing)
    return InventorySummary(
        outcomes=outcomes,
        sections=sections,
        reads=reads,
        likelihood=likelihood,
        missing_value=missing_value,
        replacement_value=round(float(missing["replacement_price"].sum() or 0.0), 2),
        progress=progress(items),
        loss_vs_previous=None if previous is None else loss_vs_previous(missing, previous),
    )


def _counts(
    frame: pl.DataFrame, column: str, vocabulary: tuple[str, ...], name: str
) -> pl.DataFrame:
    counted = frame.group_by(column).len(name=name)
    return (
        pl.DataFrame({column: list(vocabulary)})
        .join(counted, on=column, how="left")
        .with_columns(pl.col(name).fill_null(0).cast(pl.Int64))
    )


def _loss_by_section(missing: pl.DataFrame) -> pl.DataFrame:
    return (
        missing.group_by("section")
        .agg(
            pl.len().cast(pl.Int64).alias("missing"),
            pl.col("price").is_not_null().sum().cast(pl.Int64).alias("priced"),
            pl.col("replacement_price").sum().round(2).alias("value"),
        )
        .sort(section_order(), "section")
    )


def loss_vs_previous(missing: pl.DataFrame, previous: pl.DataFrame) -> pl.DataFrame:
    """Missing copies and their value by section, this year beside last year."""
    now = _loss_by_section(missing).select("section", "missing", "value")
    before = (
        previous.with_columns(pl.col("section").fill_null(NO_SECTION))
        .group_by("section")
        .agg(
            pl.len().cast(pl.Int64).alias("missing_last_year"),
            pl.col("replacement_price").sum().round(2).alias("value_last_year"),
        )
    )
    return (
        now.join(before, on="section", how="full", coalesce=True)
        .with_columns(
            pl.col("missing", "missing_last_year").fill_null(0),
            pl.col("value", "value_last_year").fill_null(0.0),
        )
        .with_columns(change=pl.col("missing") - pl.col("missing_last_year"))
        .sort(section_order(), "section")
    )


def progress(items: pl.DataFrame) -> pl.DataFrame:
    """Which call-number ranges of each section were read, in shelf order.

    Each section's copies that belong on the shelf are split in shelf order into about
    ten ranges (at least 25 copies each); a range shows its first and last call number,
    how many of its copies were read and whether it looks done, started or not started.
    """
    shelf = items.filter(
        pl.col("in_scope") & ~pl.col("outcome").is_in([CHECKED_OUT, NOT_EXPECTED])
    ).sort(["site", "shelf_key", "barcode"], nulls_last=True)
    place = ["site", "section"]
    size = pl.max_horizontal(
        pl.lit(PROGRESS_MIN_COPIES), (pl.len().over(place) / PROGRESS_RANGES).ceil().cast(pl.Int64)
    )
    ranges = (
        shelf.with_columns(part=(pl.int_range(pl.len()).over(place) // size))
        .group_by([*place, "part"], maintain_order=True)
        .agg(
            pl.col("call_number").first().alias("from_call_number"),
            pl.col("call_number").last().alias("to_call_number"),
            pl.len().cast(pl.Int64).alias("copies"),
            (pl.col("outcome") != MISSING).sum().cast(pl.Int64).alias("read"),
        )
        .with_columns(share_read=(pl.col("read") / pl.col("copies")).round(3))
        .with_columns(
            state=pl.when(pl.col("read") == 0)
            .then(pl.lit("not started"))
            .when(pl.col("share_read") >= 0.9)
            .then(pl.lit("done"))
            .otherwise(pl.lit("partly read"))
        )
        .sort("site", section_order(), "section", "part", nulls_last=True)
        .drop("part")
    )
    return ranges
