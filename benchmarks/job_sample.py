"""Generation of a district with the sample generator, beside one Python call per checkout.

The district written is the same one `scale_data.district` caches (same seed and sizes), into a
scratch folder each run. The straightforward alternative makes checkouts one Python call
at a time (random.Random, datetime arithmetic, a list of tuples), timed on 200,000
checkouts and extrapolated linearly to the district's copies and checkouts.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import tempfile
from pathlib import Path

import polars as pl
import scale_data as data
from run import Job

from libanalytics.sample import generate_district


def prepare(copies: int) -> dict:
    folder = data.district(copies)
    counts = {
        name: pl.scan_parquet(folder / f"{name}.parquet").select(pl.len()).collect().item()
        for name in ("items", "circulation")
    }
    schools = max(1, round(copies / data.COPIES_PER_SCHOOL))
    return {"copies": copies, "schools": schools, "rows": counts["items"] + counts["circulation"]}


def generate(given: dict) -> None:
    folder = Path(tempfile.mkdtemp(prefix="district-"))
    try:
        generate_district(
            folder,
            schools=given["schools"],
            items=given["copies"] // given["schools"],
            seed=data.SEED,
        )
    finally:
        shutil.rmtree(folder)


def row_by_row(n: int, copies: int = data.COPIES_PER_SCHOOL, seed: int = 7) -> list:
    """``n`` checkouts made one Python call at a time (no files written)."""
    rng = random.Random(seed)
    start_day = dt.date(2020, 8, 17)
    weights = [rng.lognormvariate(0, 1.1) for _ in range(copies)]
    picks = rng.choices(range(copies), weights=weights, k=n)
    rows = []
    for copy in picks:
        day = start_day + dt.timedelta(days=rng.randrange(0, 1750))
        if day.weekday() >= 5 or day.month in (6, 7):
            continue
        out = dt.datetime.combine(day, dt.time(8)) + dt.timedelta(minutes=rng.randrange(0, 450))
        back = out + dt.timedelta(days=rng.lognormvariate(2.2, 0.45))
        rows.append((f"{copy:014d}", "S001", out, back, "book"))
    return rows


JOBS = [
    Job(
        name="generate_district",
        rows=lambda copies: copies,
        prepare=prepare,
        count=lambda given: given["rows"],
        fast=generate,
        alternative=row_by_row,
        sample=lambda given, n: n,
        alternative_name="one Python call per checkout",
        sample_rows=200_000,
        repeats=1,
        alternative_repeats=1,
    ),
]
