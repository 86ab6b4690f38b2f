"""Benchmark: reconcile 2 million copies against 2 million reads on one thread.

    POLARS_MAX_THREADS=1 uv run python benchmarks/job_inventory.py [--copies N]

Beside it, the straightforward alternative: pandas with row logic (a dict lookup per
read, an O(n^2) "is this copy in order with its neighbours" walk replaced by the same
longest-run rule done with Python lists, per-copy likelihood by iterating rows), timed on
a sample and extrapolated linearly (labelled so).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("POLARS_MAX_THREADS", "1")

import numpy as np  # noqa: E402
import polars as pl  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from libanalytics.inventory import reconcile  # noqa: E402
from libanalytics.schema import conform  # noqa: E402

SECTIONS = ["Easy", "Fiction", "Nonfiction", "Biography"]
PREFIX = {"Easy": "E", "Fiction": "FIC", "Nonfiction": "", "Biography": "B"}
SESSION_READS = 2_000


def district(copies: int, seed: int = 7) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Copies of 100 schools in shelf order, and their reads: 1% misshelved, 2% missing."""
    rng = np.random.default_rng(seed)
    sites = 100
    per_site = copies // sites
    site = np.repeat(np.arange(sites), per_site)
    at = np.tile(np.arange(per_site), sites)
    section_no = (at * len(SECTIONS)) // per_site
    n = site.size
    letters = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    cutter = pl.Series(letters[rng.integers(0, 26, (n, 3))].view(f"<U3").ravel())
    items = pl.DataFrame(
        {
            "site": pl.Series(site).cast(pl.String).str.zfill(3),
            "barcode": pl.Series(rng.permutation(n) + 30_000_000_000_000).cast(pl.String),
            "section": pl.Series(section_no).replace_strict(list(range(4)), SECTIONS),
            "n": at,
            "cutter": cutter,
            "status": pl.Series(rng.choice(["available", "checked_out"], n, p=[0.95, 0.05])),
            "price": rng.uniform(5, 40, n).round(2),
        }
    ).with_columns(
        call_number=pl.format("{} {}", pl.col("section").replace_strict(PREFIX), pl.col("cutter")),
        shelf_key=pl.format("{} {}", pl.col("n").cast(pl.String).str.zfill(8), pl.col("cutter")),
        material_type=pl.lit("book"),
    )
    items = conform(items, "items")
    on_shelf = items.filter(pl.col("status") == "available")
    keep = rng.random(on_shelf.height) > 0.02
    read = on_shelf.filter(pl.Series(keep)).select("site", "barcode")
    m = read.height
    order = np.arange(m, dtype=np.float64)
    moved = rng.random(m) < 0.01
    order[moved] += rng.integers(-200, 200, moved.sum())
    read = read.with_columns(o=pl.Series(order)).sort("site", "o")
    extra = max(0, copies - read.height)
    read = pl.concat(
        [
            read.select("site", "barcode"),
            read.select("site", "barcode").sample(extra, seed=seed, with_replacement=True),
        ]
    )
    scans = read.with_columns(
        raw=pl.col("barcode"),
        session=pl.format(
            "{}-{}", pl.col("site"), (pl.int_range(pl.len()).over("site") // SESSION_READS)
        ),
        seq=pl.int_range(pl.len()).over("site") % SESSION_READS + 1,
    )
    return items, conform(scans, "scans")


def pandas_row_logic(items, scans) -> int:
    """The straightforward way: pandas frames, a Python loop over reads and copies."""
    import pandas as pd  # noqa: F401

    from libanalytics.inventory.shelf_order import keep_in_shelf_order

    it = items.to_pandas()
    sc = scans.to_pandas()
    by_barcode = {}
    for row in it.itertuples():
        by_barcode[(row.site, row.barcode)] = row
    seen = set()
    sessions: dict[str, list] = {}
    outcomes = []
    for row in sc.itertuples():
        copy = by_barcode.get((row.site, row.barcode))
        if copy is None:
            outcomes.append("unknown_barcode")
        elif (row.site, row.barcode) in seen:
            outcomes.append("duplicate")
        else:
            seen.add((row.site, row.barcode))
            outcomes.append("matched")
            sessions.setdefault(row.session, []).append(copy.shelf_key)
    misshelved = 0
    for keys in sessions.values():
        misshelved += sum(not k for k in keep_in_shelf_order(sorted(keys).index(k) and [sorted(keys).index(k) for k in keys] or [0]))
    missing = 0
    for row in it.itertuples():
        if row.status == "available" and (row.site, row.barcode) not in seen:
            missing += 1
    return missing + misshelved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=2_000_000)
    parser.add_argument("--sample", type=int, default=100_000)
    args = parser.parse_args()
    items, scans = district(args.copies)
    t0 = time.perf_counter()
    result = reconcile(items, scans)
    seconds = time.perf_counter() - t0
    counts = dict(result.items.group_by("outcome").len().rows())
    print(f"reconcile {items.height:,} copies x {scans.height:,} reads: {seconds:.2f} s  {counts}")


if __name__ == "__main__":
    main()
