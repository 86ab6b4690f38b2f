"""Benchmark: generate a district (2 million copies, about 20 million checkouts) on one thread.

    POLARS_MAX_THREADS=1 uv run python benchmarks/job_sample.py [--copies N] [--out DIR]

Beside it, the straightforward alternative: one Python call per checkout (random.Random,
datetime arithmetic, a list of tuples), timed on 200,000 checkouts and extrapolated
linearly to the district's count (labelled so).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("POLARS_MAX_THREADS", "1")

import polars as pl  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from libanalytics.sample import generate_district  # noqa: E402

COPIES_PER_SCHOOL = 15_000
ALTERNATIVE_SAMPLE = 200_000


def row_by_row(n: int, copies: int, seed: int = 7) -> float:
    """Seconds to make ``n`` checkouts one Python call at a time (no files written)."""
    rng = random.Random(seed)
    start_day = dt.date(2020, 8, 17)
    weights = [rng.lognormvariate(0, 1.1) for _ in range(copies)]
    t0 = time.process_time()
    picks = rng.choices(range(copies), weights=weights, k=n)
    rows = []
    for copy in picks:
        day = start_day + dt.timedelta(days=rng.randrange(0, 1750))
        if day.weekday() >= 5 or day.month in (6, 7):
            continue
        out = dt.datetime.combine(day, dt.time(8)) + dt.timedelta(minutes=rng.randrange(0, 450))
        back = out + dt.timedelta(days=rng.lognormvariate(2.2, 0.45))
        rows.append((f"{copy:014d}", "S001", out, back, "book"))
    return time.process_time() - t0


def run(copies: int = 2_000_000, out: Path | None = None, seed: int = 7) -> dict:
    schools = max(1, round(copies / COPIES_PER_SCHOOL))
    folder = Path(out) if out else Path(tempfile.mkdtemp(prefix="district-"))
    # CPU seconds as well as wall seconds: on a shared machine the wall clock also
    # counts the time other processes held the core.
    t0, c0 = time.perf_counter(), time.process_time()
    generate_district(folder, schools=schools, items=copies // schools, seed=seed)
    wall = time.perf_counter() - t0
    seconds = time.process_time() - c0
    n_items = pl.scan_parquet(folder / "items.parquet").select(pl.len()).collect().item()
    n_circ = pl.scan_parquet(folder / "circulation.parquet").select(pl.len()).collect().item()
    n_scans = pl.scan_parquet(folder / "scans.parquet").select(pl.len()).collect().item()
    size = sum(p.stat().st_size for p in folder.iterdir())
    alt_sample = row_by_row(ALTERNATIVE_SAMPLE, COPIES_PER_SCHOOL)
    alt_seconds = alt_sample * n_circ / ALTERNATIVE_SAMPLE
    if out is None:
        shutil.rmtree(folder)
    return {
        "job": "sample district",
        "schools": schools,
        "copies": n_items,
        "checkouts": n_circ,
        "reads": n_scans,
        "seconds": seconds,
        "wall_seconds": wall,
        "rows_per_second": (n_items + n_circ) / seconds,
        "megabytes": size / 1e6,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "alternative_seconds": alt_seconds,
        "alternative_note": f"row by row, timed on {ALTERNATIVE_SAMPLE:,} checkouts, extrapolated",
        "ratio": alt_seconds / seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=2_000_000)
    parser.add_argument("--out", type=Path, default=None, help="keep the district here")
    args = parser.parse_args()
    r = run(args.copies, args.out)
    print(
        f"{'job':<18}{'CPU s':>9}{'rows/s':>14}{'ratio':>9}\n"
        f"{r['job']:<18}{r['seconds']:>9.1f}{r['rows_per_second']:>14,.0f}{r['ratio']:>8.1f}x\n"
        f"{r['schools']} schools: {r['copies']:,} copies, {r['checkouts']:,} checkouts, "
        f"{r['reads']:,} reads, {r['megabytes']:.0f} MB of Parquet, peak {r['peak_mb']:,.0f} MB, "
        f"{r['wall_seconds']:.1f} s on the wall clock.\n"
        f"Alternative: {r['alternative_seconds']:.0f} s ({r['alternative_note']})."
    )


if __name__ == "__main__":
    main()
