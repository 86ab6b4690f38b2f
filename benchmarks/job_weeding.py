"""Benchmark: weeding scores for 2 million copies with 20 million checkouts, one thread.

    .venv/bin/python benchmarks/run.py --only weeding_scores        (the table, with the others)
    POLARS_MAX_THREADS=1 .venv/bin/python benchmarks/job_weeding.py   (this job alone, more detail)

The district is generated once and cached as Parquet under benchmarks/cache/; reading the
cache is timed apart from the scoring. Beside it, the straightforward alternative: pandas
with a group-by for each copy's last checkout and a Python function per copy (rule,
limits, decision, reasons), timed on a sample of copies with their checkouts and
extrapolated linearly to the full district (labelled so). Prints the ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("POLARS_MAX_THREADS", "1")

import numpy as np  # noqa: E402
import polars as pl  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from run import Job  # noqa: E402

from libanalytics.schema import conform  # noqa: E402
from libanalytics.weeding import load_rules, score_weeding  # noqa: E402

CACHE = ROOT / "benchmarks" / "cache"
TODAY = dt.date(2026, 6, 1)
MIGRATION = dt.date(2015, 8, 3)
SECTIONS = ["Easy", "Fiction", "Nonfiction", "Biography", "Graphic Novel", "Reference"]
SECTION_SHARE = [0.25, 0.25, 0.35, 0.05, 0.05, 0.05]
PREFIX = {
    "Easy": "E",
    "Fiction": "FIC",
    "Nonfiction": "",
    "Biography": "B",
    "Graphic Novel": "GN",
    "Reference": "REF",
}


def district(copies: int, checkouts: int, seed: int = 8) -> tuple[pl.DataFrame, pl.DataFrame]:
    """100 schools' copies (a migration in 2015 stamps 40% of acquired dates) and a
    checkout history from the migration on, skewed so a few copies circulate a lot."""
    rng = np.random.default_rng(seed)
    n = copies
    section = pl.Series(rng.choice(len(SECTIONS), n, p=SECTION_SHARE)).replace_strict(
        list(range(len(SECTIONS))), SECTIONS
    )
    dewey_no = rng.integers(0, 1000, n)
    dewey = (
        pl.Series(dewey_no).cast(pl.String).str.zfill(3)
        + "."
        + pl.Series(rng.integers(0, 100, n)).cast(pl.String)
    )
    has_dewey = section.is_in(["Nonfiction", "Reference"]) | (
        (section == "Biography") & pl.Series(rng.random(n) < 0.5)
    )
    migrated = rng.random(n) < 0.4
    days_since = rng.integers(0, (TODAY - dt.date(1995, 1, 1)).days, n)
    acquired = np.where(
        migrated,
        np.datetime64(MIGRATION, "D"),
        np.datetime64(dt.date(1995, 1, 1), "D") + days_since.astype("timedelta64[D]"),
    )
    titles = int(n / 1.3)
    items = pl.DataFrame(
        {
            "site": pl.Series(rng.integers(0, 100, n)).cast(pl.String).str.zfill(3),
            "barcode": pl.Series(np.arange(n) + 30_000_000_000_000).cast(pl.String),
            "bib_id": pl.Series(rng.integers(0, titles, n)).cast(pl.String),
            "section": section,
            "dewey": dewey.zip_with(has_dewey, pl.Series([None] * n, dtype=pl.String)),
            "pub_year": pl.Series(rng.integers(1950, 2026, n), dtype=pl.Int32),
            "acquired": pl.Series(acquired).cast(pl.Date),
            "status": pl.Series(
                rng.choice(
                    ["available", "checked_out", "lost", "missing", "damaged"],
                    n,
                    p=[0.90, 0.05, 0.02, 0.02, 0.01],
                )
            ),
            "total_checkouts": pl.Series(rng.integers(0, 60, n), dtype=pl.Int32),
        }
    ).with_columns(
        call_number=pl.concat_str(
            [pl.col("section").replace_strict(PREFIX), pl.col("dewey"), pl.lit("SMI")],
            separator=" ",
            ignore_nulls=True,
        ),
        shelf_key=pl.concat_str(
            [pl.col("section"), pl.col("dewey").fill_null(""), pl.col("barcode")], separator="|"
        ),
        material_type=pl.lit("book"),
    )
    # A skewed popularity: copy i is drawn with weight ~ 1/(i+50).
    popular = (np.exp(rng.random(checkouts) * math.log(n + 50)) - 50).clip(0, n - 1)
    copy_no = rng.permutation(n)[popular.astype(np.int64)]
    start = np.datetime64(dt.datetime.combine(MIGRATION, dt.time(8)), "s")
    span = int((TODAY - MIGRATION).days * 86_400)
    checkout_at = start + rng.integers(0, span, checkouts).astype("timedelta64[s]")
    circulation = pl.DataFrame(
        {
            "barcode": pl.Series(copy_no + 30_000_000_000_000).cast(pl.String),
            "checkout_at": pl.Series(checkout_at.astype("datetime64[us]")),
        }
    ).with_columns(returned_at=pl.col("checkout_at") + pl.duration(days=14))
    return conform(items, "items"), conform(circulation, "circulation")


def cached(copies: int, checkouts: int) -> tuple[Path, Path]:
    CACHE.mkdir(parents=True, exist_ok=True)
    items_path = CACHE / f"weeding_items_{copies}.parquet"
    circ_path = CACHE / f"weeding_circulation_{copies}_{checkouts}.parquet"
    if not (items_path.is_file() and circ_path.is_file()):
        items, circ = district(copies, checkouts)
        items.write_parquet(items_path)
        circ.write_parquet(circ_path)
    return items_path, circ_path


# -- the straightforward alternative ------------------------------------------------------


def pandas_row_logic(items: pl.DataFrame, circulation: pl.DataFrame) -> int:
    """pandas: group the history per copy, then a Python function per copy."""
    rules = load_rules()
    order = rules.matching_order()
    it = items.to_pandas()
    ci = circulation.to_pandas()
    last = ci.groupby("barcode")["checkout_at"].agg(["max", "count"])
    it = it.merge(last, left_on="barcode", right_index=True, how="left")
    today = TODAY

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
        if rule.max_age_years is not None and row["pub_year"] == row["pub_year"]:
            age = today.year - int(row["pub_year"])
            past.append(age > rule.max_age_years)
            reasons.append(f"published {int(row['pub_year'])}, {age} years old")
        if rule.max_unused_years is not None:
            used = row["max"]
            since = used.date() if used == used and used is not None else MIGRATION
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


def _prepare(copies: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    items_path, circ_path = cached(copies, copies * CHECKOUTS_PER_COPY)
    return pl.read_parquet(items_path), pl.read_parquet(circ_path)


def _sample(data: tuple[pl.DataFrame, pl.DataFrame], n: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    items, circ = data
    some = items.head(n)
    return some, circ.join(some.select("barcode"), on="barcode", how="semi")


CHECKOUTS_PER_COPY = 10
JOBS = [
    Job(
        name="weeding_scores",
        rows=lambda copies: copies,
        prepare=_prepare,
        fast=lambda data: score_weeding(data[0], data[1], today=TODAY),
        alternative=lambda data: pandas_row_logic(*data),
        sample=_sample,
        alternative_name="pandas row logic",
        sample_rows=20_000,
        repeats=3,
    )
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=2_000_000)
    parser.add_argument("--checkouts", type=int, default=20_000_000)
    parser.add_argument("--sample", type=int, default=20_000, help="copies for the pandas run")
    args = parser.parse_args()
    items_path, circ_path = cached(args.copies, args.checkouts)

    t0 = time.perf_counter()
    items = pl.read_parquet(items_path)
    circ = pl.read_parquet(circ_path)
    read_s = time.perf_counter() - t0
    t0, c0 = time.perf_counter(), time.process_time()
    result = score_weeding(items, circ, today=TODAY)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    counts = dict(result.copies.group_by("decision").len().sort("decision").rows())
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    print(
        f"weeding: {items.height:,} copies x {circ.height:,} checkouts scored in {seconds:.2f} s "
        f"wall, {cpu:.2f} s CPU (one thread, target < 15 s; Parquet read {read_s:.2f} s apart; "
        f"peak {peak_gb:.1f} GB; load average {os.getloadavg()[0]:.1f}) "
        f"migration {result.migration_date}; {counts}"
    )

    sample = items.sample(min(args.sample, items.height), seed=1)
    sample_circ = circ.join(sample.select("barcode"), on="barcode", how="semi")
    t0 = time.process_time()
    pandas_row_logic(sample, sample_circ)
    pandas_s = time.process_time() - t0
    estimate = pandas_s * items.height / sample.height
    print(
        f"pandas row logic: {sample.height:,} copies in {pandas_s:.2f} s CPU, "
        f"extrapolated linearly to {items.height:,} copies: {estimate:.0f} s (estimate)"
    )
    print(f"ratio (CPU time, pandas estimate / polars): {estimate / cpu:.1f}x")


if __name__ == "__main__":
    main()
