"""Where a job's time goes: cProfile of one run of a benchmark job, its input prepared first.

    .venv/bin/python benchmarks/profile_job.py reconcile --scale district [--top 25]

Prints the functions with the most time of their own (``tottime``): with polars, that is
the Python line that starts each polars operation, so the table reads as a list of
steps. Run with ``POLARS_MAX_THREADS=1`` as the benchmarks do (set here by default).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time

os.environ.setdefault("POLARS_MAX_THREADS", "1")

from run import discover, scale_copies  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("job")
    parser.add_argument("--scale", default="district")
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--sort", default="tottime", help="tottime or cumulative")
    args = parser.parse_args(argv)
    job = discover(quiet=True)[args.job]
    data = job.prepare(job.rows(scale_copies(args.scale)))
    profiler = cProfile.Profile()
    started = time.process_time()
    profiler.runcall(job.fast, data)
    print(f"{args.job}: {time.process_time() - started:.2f} s of processor time", file=sys.stderr)
    pstats.Stats(profiler).strip_dirs().sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
