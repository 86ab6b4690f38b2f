"""Run the scale benchmarks: one table of seconds, rows per second and speed-up.

Usage (from the project folder)::

    .venv/bin/python benchmarks/run.py                      # every job, district scale
    .venv/bin/python benchmarks/run.py --scale school       # a small school
    .venv/bin/python benchmarks/run.py --scale 200000 --only shelf_keys

Every ``benchmarks/job_*.py`` module lists its jobs in ``JOBS`` (see `Job`). Each job
runs in its own process with ``POLARS_MAX_THREADS=1`` (one core, and its own peak
memory): the data is prepared first and not timed, then the fast function runs several
times (the median counts), then the straightforward alternative runs on a sample and
its time is extrapolated to all rows, labelled so. Results go to the screen and to
``benchmarks/results.json`` (git-ignored).

The machine may be shared: ``cpu s`` (processor time of the one thread) is printed
beside the wall-clock seconds, since a busy machine inflates the second, not the first.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.json"
# Copies in the generated data at each named scale (DESIGN.md: a district is 2 million).
SCALES = {"school": 20_000, "district": 2_000_000}


@dataclass(frozen=True)
class Job:
    """One benchmark.

    name: what the table calls it (``--only NAME``).
    rows: the number of rows for a scale's number of copies (``rows(2_000_000)``).
    prepare: builds the input for that many rows (not timed).
    fast: the library's way, timed on all rows.
    alternative: the straightforward way, timed on ``sample(data, sample_rows)``.
    sample: takes the first n rows of the prepared input.
    alternative_name: what the alternative is, for the table.
    """

    name: str
    rows: Callable[[int], int]
    prepare: Callable[[int], Any]
    fast: Callable[[Any], Any]
    alternative: Callable[[Any], Any]
    sample: Callable[[Any, int], Any]
    alternative_name: str
    sample_rows: int = 1000
    repeats: int = 5


def discover(*, quiet: bool = False) -> dict[str, Job]:
    """Jobs from every ``job_*.py`` that lists them in ``JOBS``; others are named and skipped."""
    sys.path.insert(0, str(HERE))
    jobs: dict[str, Job] = {}
    for path in sorted(HERE.glob("job_*.py")):
        # Read before importing: a stand-alone script may set things up when imported.
        if not re.search(r"^JOBS\b", path.read_text(encoding="utf-8"), re.MULTILINE):
            if not quiet:
                print(f"skipping {path.name}: it has no JOBS list (run it directly)", file=sys.stderr)
            continue
        module = importlib.import_module(path.stem)
        for job in module.JOBS:
            jobs[job.name] = job
    return jobs


def scale_copies(scale: str) -> int:
    if scale in SCALES:
        return SCALES[scale]
    try:
        copies = int(scale.replace("_", ""))
    except ValueError:
        raise SystemExit(f"--scale must be school, district or a number, not {scale!r}") from None
    if copies <= 0:
        raise SystemExit("--scale must be a positive number of rows")
    return copies


def run_child(job: Job, copies: int) -> dict[str, Any]:
    """Runs inside the job's own process; returns the measurements."""
    rows = job.rows(copies)
    started = time.perf_counter()
    data = job.prepare(rows)
    prepare_seconds = time.perf_counter() - started

    walls, cpus = [], []
    for _ in range(job.repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        job.fast(data)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux

    sample_rows = min(job.sample_rows, rows)
    sample = job.sample(data, sample_rows)
    alternative_runs = []
    for _ in range(3 if sample_rows < rows else job.repeats):
        wall = time.perf_counter()
        job.alternative(sample)
        alternative_runs.append(time.perf_counter() - wall)
    per_row = statistics.median(alternative_runs) / sample_rows
    seconds = statistics.median(walls)
    alternative_seconds = per_row * rows
    return {
        "job": job.name,
        "rows": rows,
        "prepare_seconds": round(prepare_seconds, 3),
        "seconds": round(seconds, 4),
        "cpu_seconds": round(statistics.median(cpus), 4),
        "runs": [round(w, 4) for w in walls],
        "rows_per_second": round(rows / seconds),
        "peak_mb": round(peak_mb, 1),
        "alternative": job.alternative_name,
        "alternative_seconds": round(alternative_seconds, 3),
        "alternative_rows_per_second": round(1 / per_row),
        "alternative_extrapolated_from": sample_rows if sample_rows < rows else None,
        "ratio": round(alternative_seconds / seconds, 1),
    }


def run_in_own_process(name: str, scale: str) -> dict[str, Any]:
    env = dict(os.environ, POLARS_MAX_THREADS="1")
    done = subprocess.run(
        [sys.executable, __file__, "--child", name, "--scale", scale],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        return {"job": name, "error": done.stderr.strip().splitlines()[-1:] or ["failed"]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def table(results: list[dict[str, Any]]) -> str:
    header = ("job", "rows", "seconds", "cpu s", "rows/s", "peak MB", "alternative", "ratio")
    lines = []
    for r in results:
        if "error" in r:
            lines.append((r["job"], "", "", "", "", "", "error: " + " ".join(r["error"]), ""))
            continue
        sample = r["alternative_extrapolated_from"]
        alternative = f"{r['alternative']} {r['alternative_seconds']:,.1f} s"
        if sample:
            alternative += f" (extrapolated from {sample:,})"
        lines.append(
            (
                r["job"],
                f"{r['rows']:,}",
                f"{r['seconds']:.3f}",
                f"{r['cpu_seconds']:.3f}",
                f"{r['rows_per_second']:,}",
                f"{r['peak_mb']:,.0f}",
                alternative,
                f"{r['ratio']:,.1f}x",
            )
        )
    widths = [max(len(str(row[i])) for row in [header, *lines]) for i in range(len(header))]
    out = [
        "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in [header, *lines]
    ]
    out.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="district", help="school, district or a row count")
    parser.add_argument("--only", action="append", help="run only this job (repeatable)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    copies = scale_copies(args.scale)
    jobs = discover(quiet=bool(args.child))
    if args.child:
        print(json.dumps(run_child(jobs[args.child], copies)))
        return 0
    names = args.only or list(jobs)
    unknown = [name for name in names if name not in jobs]
    if unknown:
        raise SystemExit(f"no such job: {', '.join(unknown)} (jobs: {', '.join(jobs)})")
    results = []
    for name in names:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        results.append(run_in_own_process(name, args.scale))
    print(table(results))
    partial = RESULTS.with_suffix(".partial.json")
    partial.write_text(
        json.dumps({"scale": args.scale, "threads": 1, "results": results}, indent=2) + "\n"
    )
    partial.replace(RESULTS)
    return 1 if any("error" in r for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
