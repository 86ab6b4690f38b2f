"""Benchmark: reconcile 2 million copies against 2 million reads on one thread.

    POLARS_MAX_THREADS=1 uv run python benchmarks/job_inventory.py [--copies N] [--district DIR]

The district comes from `libanalytics.sample.generate_district` (Parquet, as the
importers' cache would hold it); reading it is timed apart from the reconciliation.
Beside it, the straightforward alternative: pandas frames walked row by row (a dict
lookup per read, the same longest-run rule per session in plain Python, a loop over
the copies for missing ones and skipped shelves), timed on the first schools up to
about 100,000 copies and extrapolated linearly to the district (labelled so).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from bisect import bisect_right
from pathlib import Path

os.environ.setdefault("POLARS_MAX_THREADS", "1")

import polars as pl  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from libanalytics.inventory import reconcile  # noqa: E402
from libanalytics.sample import generate_district  # noqa: E402

COPIES_PER_SCHOOL = 15_000
ALTERNATIVE_SAMPLE = 100_000


def pandas_row_logic(items, scans) -> dict[str, int]:
    """The inventory as a straightforward script would do it: pandas rows, Python loops."""
    copies = {(r.site, r.barcode): r for r in items.itertuples(index=False)}
    seen: set = set()
    sessions: dict[str, list] = {}
    counts = {"matched": 0, "duplicate": 0, "unknown_barcode": 0, "malformed": 0}
    for r in scans.itertuples(index=False):
        key = (r.site, r.barcode)
        if r.barcode is None:
            counts["malformed"] += 1
        elif key not in copies:
            counts["unknown_barcode"] += 1
        elif key in seen:
            counts["duplicate"] += 1
        else:
            seen.add(key)
            counts["matched"] += 1
            sessions.setdefault(r.session, []).append(copies[key].shelf_key)
    misshelved = 0
    for keys in sessions.values():
        tails: list = []
        for k in keys:
            i = bisect_right(tails, k)
            if i == len(tails):
                tails.append(k)
            else:
                tails[i] = k
        misshelved += len(keys) - len(tails)
    missing = skipped = run = 0
    for r in items.sort_values(["site", "shelf_key"]).itertuples(index=False):
        if r.status in ("available", "damaged") and (r.site, r.barcode) not in seen:
            missing += 1
            run += 1
        else:
            skipped += run if run >= 5 else 0
            run = 0
    counts.update(
        misshelved=misshelved, missing=missing, skipped_shelf=skipped + (run if run >= 5 else 0)
    )
    return counts


def run(copies: int = 2_000_000, district: Path | None = None, seed: int = 7) -> dict:
    folder = Path(district) if district else Path(tempfile.mkdtemp(prefix="district-"))
    if not (folder / "items.parquet").is_file():
        schools = max(1, round(copies / COPIES_PER_SCHOOL))
        generate_district(folder, schools=schools, items=copies // schools, seed=seed)
    t0 = time.perf_counter()
    items = pl.read_parquet(folder / "items.parquet")
    scans = pl.read_parquet(folder / "scans.parquet")
    read_seconds = time.perf_counter() - t0
    # CPU seconds as well as wall seconds: on a shared machine the wall clock also
    # counts the time other processes held the core.
    t0, c0 = time.perf_counter(), time.process_time()
    result = reconcile(items, scans)
    wall = time.perf_counter() - t0
    seconds = time.process_time() - c0
    outcomes = dict(result.items.group_by("outcome").len().sort("outcome").rows())

    sites = items.group_by("site", maintain_order=True).len().sort("site")
    taken = sites.filter(pl.col("len").cum_sum().shift(1, fill_value=0) < ALTERNATIVE_SAMPLE)[
        "site"
    ]
    small_items = items.filter(pl.col("site").is_in(taken.implode()))
    small_scans = scans.filter(pl.col("site").is_in(taken.implode()))
    pd_items, pd_scans = small_items.to_pandas(), small_scans.to_pandas()
    a0 = time.process_time()
    pandas_row_logic(pd_items, pd_scans)
    alt_sample = time.process_time() - a0
    alt_seconds = alt_sample * items.height / small_items.height
    if district is None:
        shutil.rmtree(folder)
    return {
        "job": "inventory",
        "copies": items.height,
        "reads": scans.height,
        "seconds": seconds,
        "wall_seconds": wall,
        "read_seconds": read_seconds,
        "rows_per_second": (items.height + scans.height) / seconds,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "outcomes": outcomes,
        "alternative_seconds": alt_seconds,
        "alternative_note": f"pandas row by row, timed on {small_items.height:,} copies, extrapolated",
        "ratio": alt_seconds / seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=2_000_000)
    parser.add_argument(
        "--district", type=Path, default=None, help="reuse (or keep) a district here"
    )
    args = parser.parse_args()
    r = run(args.copies, args.district)
    print(
        f"{'job':<18}{'CPU s':>9}{'rows/s':>14}{'ratio':>9}\n"
        f"{r['job']:<18}{r['seconds']:>9.1f}{r['rows_per_second']:>14,.0f}{r['ratio']:>8.1f}x\n"
        f"{r['copies']:,} copies against {r['reads']:,} reads (target: under 10 s), "
        f"{r['wall_seconds']:.1f} s on the wall clock, Parquet read apart in {r['read_seconds']:.1f} s, "
        f"peak {r['peak_mb']:,.0f} MB.\n"
        f"Outcomes: {r['outcomes']}\n"
        f"Alternative: {r['alternative_seconds']:.0f} s ({r['alternative_note']})."
    )


if __name__ == "__main__":
    main()
