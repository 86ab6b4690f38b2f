"""Weeding scores for a district's copies and its checkout history, beside pandas row logic.

The district is the sample generator's (`scale_data.district`), read from Parquet; reading is
not timed. The straightforward alternative: pandas with a group-by for each copy's last
checkout and a Python function per copy (rule, limits, decision, reasons), timed on a
random sample of copies with their checkouts and extrapolated linearly.
"""

from __future__ import annotations

import polars as pl
import scale_data as data
from run import Job

from libanalytics.weeding import load_rules, score_weeding


def prepare(copies: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    folder = data.district(copies)
    return (
        pl.read_parquet(folder / "items.parquet"),
        pl.read_parquet(folder / "circulation.parquet"),
    )


def sample(given: tuple[pl.DataFrame, pl.DataFrame], rows: int) -> tuple:
    """Copies drawn at random with their own checkouts, about ``rows`` rows in all."""
    items, circulation = given
    share = rows / (items.height + circulation.height)
    some = items.sample(max(1, int(items.height * share)), seed=1)
    history = circulation.join(some.select("site", "barcode"), on=["site", "barcode"], how="semi")
    today = circulation["checkout_at"].max().date()
    return some, history, today


def pandas_row_logic(given) -> int:
    """pandas: group the history per copy, then a Python function per copy."""
    items, circulation, today = given
    migration = items["acquired"].mode().first()
    order = load_rules().matching_order()
    it = items.to_pandas()
    ci = circulation.to_pandas()
    last = ci.groupby(["site", "barcode"])["checkout_at"].agg(["max", "count"])
    it = it.merge(last, left_on=["site", "barcode"], right_index=True, how="left")

    def score_row(row) -> tuple[str, str]:
        try:
            d = float(row["dewey"]) if row["dewey"] else None
        except (TypeError, ValueError):
            d = None
        rule = None
        for entry, kind, what in order:
            if (
                (kind == "dewey" and d is not None and what[0] <= d < what[1])
                or (kind == "sections" and row["section"] in what)
                or kind == "default"
            ):
                rule = entry
                break
        reasons = []
        past = []
        if (
            rule is not None
            and rule.max_age_years is not None
            and row["pub_year"] == row["pub_year"]
        ):
            age = today.year - int(row["pub_year"])
            past.append(age > rule.max_age_years)
            reasons.append(f"published {int(row['pub_year'])}, {age} years old")
        if rule is not None and rule.max_unused_years is not None:
            used = row["max"]
            since = used.date() if used == used and used is not None else migration
            years = (today - since).days / 365.25
            past.append(years > rule.max_unused_years)
            reasons.append(f"not checked out since {since:%B %Y}")
        if row["status"] in ("lost", "missing", "checked_out"):
            decision = "review"
        elif row["status"] == "damaged" or (past and all(past)):
            decision = "candidate"
        elif any(past):
            decision = "review"
        else:
            decision = "keep"
        return decision, "; ".join(reasons)

    out = it.apply(score_row, axis=1, result_type="expand")
    return int((out[0] == "candidate").sum())


JOBS = [
    Job(
        name="weeding_scores",
        rows=lambda copies: copies,
        prepare=prepare,
        count=lambda given: given[0].height + given[1].height,
        fast=lambda given: score_weeding(*given),
        alternative=pandas_row_logic,
        sample=sample,
        sample_count=lambda given: given[0].height + given[1].height,
        alternative_name="pandas apply per copy",
        sample_rows=100_000,
        repeats=3,
    ),
]
