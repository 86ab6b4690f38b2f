"""Run the scale benchmarks: one table of seconds, rows per second and speed-up.

Usage (from the project folder)::

    .venv/bin/python benchmarks/run.py                      # every job, district scale
    .venv/bin/python benchmarks/run.py --scale school       # one school of 20,000 copies
    .venv/bin/python benchmarks/run.py --scale 200000 --only reconcile --repeats 3

First the scale's data is generated with the sample generator (`benchmarks/scale_data.py`,
cached under ``benchmarks/cache/``, git-ignored): the district as Parquet, and from it
the CSV reports and scanner files a library system would export. Every
``benchmarks/job_*.py`` module lists its jobs in ``JOBS`` (see `Job`). Each job runs in
its own process with ``POLARS_MAX_THREADS=1`` (one core): its input is read first and
not timed, then the library's function runs several times (the median counts), then the
straightforward alternative runs on a sample and its time is extrapolated linearly to
all rows, labelled so. Results go to the screen and to ``benchmarks/results_COPIES.json``
(git-ignored).

The machine may be shared, so both clocks are kept: ``wall s`` (elapsed) and ``cpu s``
(processor time of the process, every thread). A busy machine inflates the first, not
the second; the ratio to the alternative is taken on processor time. ``peak MB`` is the
process's largest resident size from the moment its input was loaded (the input
included, the generation of the data not).
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
# Copies in the generated data at each named scale (DESIGN.md: a district is 2 million).
SCALES = {"school": 20_000, "district": 2_000_000}
# Above this many copies a job runs at most twice unless --repeats says otherwise.
HEAVY = 1_000_000


@dataclass(frozen=True)
class Job:
    """One benchmark.

    name: what the table calls it (``--only NAME``).
    rows: what ``prepare`` is given for a scale's number of copies (``rows(2_000_000)``).
    prepare: builds or reads the input (not timed).
    fast: the library's way, timed on all rows.
    alternative: the straightforward way, timed on ``sample(data, sample_rows)``.
    sample: takes the first n rows of the prepared input.
    alternative_name: what the alternative is, for the table.
    count: the rows the input really holds, when that is not ``rows(copies)`` (a
        generated district's size varies around the scale; a job may count copies and
        checkouts together).
    sample_count: the rows ``sample`` really took, when it cannot cut at exactly n (whole
        schools, copies with all their checkouts).
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
    count: Callable[[Any], int] | None = None
    sample_count: Callable[[Any], int] | None = None
    alternative_repeats: int = 3


def discover(*, quiet: bool = False) -> dict[str, Job]:
    """Jobs from every ``job_*.py`` that lists them in ``JOBS``; others are named and skipped."""
    sys.path.insert(0, str(HERE))
    jobs: dict[str, Job] = {}
    for path in sorted(HERE.glob("job_*.py")):
        # Read before importing: a stand-alone script may set things up when imported.
        if not re.search(r"^JOBS\b", path.read_text(encoding="utf-8"), re.MULTILINE):
            if not quiet:
                print(
                    f"skipping {path.name}: it has no JOBS list (run it directly)", file=sys.stderr
                )
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


def _reset_peak() -> None:
    """Forget the peak resident size so far (Linux), so the input's generation is not counted."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def _peak_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _timed(function: Callable[[Any], Any], data: Any, repeats: int) -> tuple[list, list]:
    walls, cpus = [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        function(data)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return walls, cpus


def run_child(job: Job, copies: int, repeats: int | None = None) -> dict[str, Any]:
    """Runs inside the job's own process; returns the measurements."""
    started = time.perf_counter()
    data = job.prepare(job.rows(copies))
    rows = job.count(data) if job.count else job.rows(copies)
    prepare_seconds = time.perf_counter() - started
    input_mb = _peak_mb()
    _reset_peak()

    if repeats is None:
        repeats = job.repeats if copies < HEAVY else min(job.repeats, 2)
    walls, cpus = _timed(job.fast, data, repeats)
    peak_mb = _peak_mb()

    sample_rows = min(job.sample_rows, rows)
    sample = job.sample(data, sample_rows)
    if job.sample_count:
        sample_rows = job.sample_count(sample)
    extrapolated = sample_rows < rows
    _, alternative_cpus = _timed(job.alternative, sample, job.alternative_repeats)
    per_row = statistics.median(alternative_cpus) / sample_rows
    seconds = statistics.median(walls)
    cpu_seconds = statistics.median(cpus)
    alternative_seconds = per_row * rows
    return {
        "job": job.name,
        "rows": rows,
        "prepare_seconds": round(prepare_seconds, 3),
        "input_peak_mb": round(input_mb, 1),
        "seconds": round(seconds, 4),
        "cpu_seconds": round(cpu_seconds, 4),
        "runs": [round(w, 4) for w in walls],
        "cpu_runs": [round(c, 4) for c in cpus],
        "rows_per_second": round(rows / cpu_seconds) if cpu_seconds else None,
        "peak_mb": round(peak_mb, 1),
        "alternative": job.alternative_name,
        "alternative_seconds": round(alternative_seconds, 3),
        "alternative_rows_per_second": round(1 / per_row) if per_row else None,
        "alternative_extrapolated_from": sample_rows if extrapolated else None,
        "ratio": round(alternative_seconds / cpu_seconds, 1) if cpu_seconds else None,
    }


def run_in_own_process(name: str, scale: str, repeats: int | None) -> dict[str, Any]:
    env = dict(os.environ, POLARS_MAX_THREADS="1")
    command = [sys.executable, __file__, "--child", name, "--scale", scale]
    if repeats:
        command += ["--repeats", str(repeats)]
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        return {"job": name, "error": done.stderr.strip().splitlines()[-1:] or ["failed"]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def generate_data(copies: int) -> None:
    """Make (or find cached) the scale's district and exports, in a process of its own."""
    env = dict(os.environ, POLARS_MAX_THREADS="1")
    subprocess.run([sys.executable, str(HERE / "scale_data.py"), str(copies)], env=env, check=True)


def table(results: list[dict[str, Any]]) -> str:
    header = ("job", "rows", "wall s", "cpu s", "rows/s", "peak MB", "alternative", "ratio")
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
                f"{r['rows_per_second'] or 0:,}",
                f"{r['peak_mb']:,.0f}",
                alternative,
                f"{r['ratio'] or 0:,.1f}x",
            )
        )
    widths = [max(len(str(row[i])) for row in [header, *lines]) for i in range(len(header))]
    out = [
        "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in [header, *lines]
    ]
    out.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in out)


def _merged(target: Path, results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """This run's results over an earlier run's at the same scale (``--only`` updates)."""
    if not target.is_file():
        return results
    earlier = {r["job"]: r for r in json.loads(target.read_text())["results"]}
    earlier.update({r["job"]: r for r in results})
    return list(earlier.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="district", help="school, district or a row count")
    parser.add_argument("--only", action="append", help="run only this job (repeatable)")
    parser.add_argument(
        "--repeats", type=int, help="runs of each job (default 5, at most 2 above a million copies)"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    copies = scale_copies(args.scale)
    jobs = discover(quiet=bool(args.child))
    if args.child:
        print(json.dumps(run_child(jobs[args.child], copies, args.repeats)))
        return 0
    names = args.only or list(jobs)
    unknown = [name for name in names if name not in jobs]
    if unknown:
        raise SystemExit(f"no such job: {', '.join(unknown)} (jobs: {', '.join(jobs)})")
    print(f"generating the data for {copies:,} copies (cached) ...", file=sys.stderr, flush=True)
    generate_data(copies)
    results = []
    for name in names:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        results.append(run_in_own_process(name, args.scale, args.repeats))
    print(table(results))
    target = HERE / f"results_{copies}.json"
    results = _merged(target, results)
    partial = target.with_suffix(".partial.json")
    partial.write_text(
        json.dumps(
            {"scale": args.scale, "copies": copies, "threads": 1, "results": results}, indent=2
        )
        + "\n"
    )
    partial.replace(target)
    return 1 if any("error" in r for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
