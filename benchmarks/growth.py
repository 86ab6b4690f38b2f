"""How each job's time grows: the results of several scales side by side, as Markdown.

    .venv/bin/python benchmarks/growth.py            # every benchmarks/results_*.json
    .venv/bin/python benchmarks/growth.py 2000000    # one scale's table, as Markdown

Processor seconds (one thread) at each scale, the growth from the smallest to the largest
scale against the growth of the rows, the peak memory at the largest scale and the
ratio to the straightforward alternative there. This is the table in the README.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def one_scale(copies: int) -> int:
    results = json.loads((HERE / f"results_{copies}.json").read_text())["results"]
    print("| job | rows | cpu s | rows/s | peak MB | alternative | ratio |")
    print("|---|---|---|---|---|---|---|")
    for r in results:
        if "error" in r:
            continue
        sample = r["alternative_extrapolated_from"]
        alternative = f"{r['alternative']}: {r['alternative_seconds']:,.1f} s"
        alternative += f" (extrapolated from {sample:,})" if sample else " (measured)"
        print(
            f"| {r['job']} | {r['rows']:,} | {r['cpu_seconds']:.2f} | {r['rows_per_second']:,} |"
            f" {r['peak_mb']:,.0f} | {alternative} | {r['ratio']:,.1f}x |"
        )
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv:
        return one_scale(int(argv[0].replace("_", "")))
    runs = []
    for path in HERE.glob("results_*.json"):
        data = json.loads(path.read_text())
        runs.append((data["copies"], {r["job"]: r for r in data["results"] if "error" not in r}))
    runs.sort(key=lambda run: run[0])
    if not runs:
        raise SystemExit("no results yet: run benchmarks/run.py first")
    jobs = list(dict.fromkeys(job for _, results in runs for job in results))
    scales = [f"{copies:,} copies" for copies, _ in runs]
    print(
        "| job | " + " | ".join(f"cpu s, {s}" for s in scales) + " | time grew | rows grew |"
        " peak MB (largest) | vs. alternative (largest) |"
    )
    print("|---" * (len(scales) + 5) + "|")
    for job in jobs:
        cells = []
        for _, results in runs:
            r = results.get(job)
            cells.append(f"{r['cpu_seconds']:.2f}" if r else "")
        have = [results[job] for _, results in runs if job in results]
        first, last = have[0], have[-1]
        time_grew = last["cpu_seconds"] / first["cpu_seconds"] if first["cpu_seconds"] else 0
        rows_grew = last["rows"] / first["rows"]
        label = "extrapolated" if last["alternative_extrapolated_from"] else "measured"
        print(
            f"| {job} | " + " | ".join(cells) + f" | {time_grew:,.1f}x | {rows_grew:,.1f}x |"
            f" {last['peak_mb']:,.0f} | {last['ratio']:,.1f}x ({label}) |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
