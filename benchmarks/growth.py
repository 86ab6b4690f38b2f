"""How each job's time grows: the results of several scales side by side, as Markdown.

    .venv/bin/python benchmarks/growth.py            # every benchmarks/results_*.json

Processor seconds (one thread) at each scale, the growth from the smallest to the largest
scale against the growth of the rows, the peak memory at the largest scale and the
ratio to the straightforward alternative there. This is the table in the README.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
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
