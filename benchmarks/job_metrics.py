"""Collection-health figures for a district and the report written from them.

`collection_metrics` is timed on the district's copies, checkout history and latest
inventory (reconciled beforehand, not timed); the report job writes the district PDF
and the workbook (figures plus a sheet of every copy, split by school past Excel's row
limit) from figures computed beforehand. The alternatives: pandas with a Python function
per copy and a dictionary of running totals per section; pandas ``to_excel`` with
openpyxl for the copies sheet. Both are timed on the first schools and extrapolated.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

import polars as pl
import scale_data as data
from run import Job

from libanalytics.commands.report import write_reports
from libanalytics.inventory import reconcile
from libanalytics.metrics import collection_metrics


def prepare(copies: int) -> dict:
    folder = data.district(copies)
    items = pl.read_parquet(folder / "items.parquet")
    circulation = pl.read_parquet(folder / "circulation.parquet")
    scans = pl.read_parquet(folder / "scans.parquet")
    return {
        "items": items,
        "circulation": circulation,
        "inventory": reconcile(items, scans),
        "enrollment": data.enrollment(copies),
    }


def metrics(given: dict):
    return collection_metrics(
        given["items"],
        circulation=given["circulation"],
        enrollment=given["enrollment"],
        inventory=given["inventory"],
    )


def first_schools(given: dict, rows: int) -> tuple:
    items, circulation = given["items"], given["circulation"]
    sizes = (
        pl.concat([items.group_by("site").len(), circulation.group_by("site").len()])
        .group_by("site")
        .agg(pl.col("len").sum())
        .sort("site")
    )
    taken = sizes.filter(pl.col("len").cum_sum().shift(1, fill_value=0) < rows)["site"].implode()
    some = items.filter(pl.col("site").is_in(taken))
    history = circulation.filter(pl.col("site").is_in(taken))
    today = circulation["checkout_at"].max().date()
    return some.to_pandas(), history.to_pandas(), today, some.height + history.height


def pandas_row_logic(given) -> dict:
    """pandas: checkouts counted per copy, a Python function per copy, running totals."""
    items, circulation, today, _ = given
    year_ago = dt.datetime.combine(today, dt.time()) - dt.timedelta(days=365)
    recent = circulation[circulation["checkout_at"] >= year_ago]
    used = recent.groupby(["site", "barcode"]).size().to_dict()
    totals: dict = {}

    def one(row) -> None:
        held = row["status"] not in ("withdrawn", "lost", "missing", "on_order")
        if not held:
            return
        key = (row["site"], row["section"])
        t = totals.setdefault(key, {"copies": 0, "age": 0.0, "aged": 0, "old": 0, "checkouts": 0})
        t["copies"] += 1
        if row["pub_year"] == row["pub_year"] and row["pub_year"] is not None:
            age = today.year - int(row["pub_year"])
            t["age"] += age
            t["aged"] += 1
            t["old"] += age > 15
        t["checkouts"] += used.get((row["site"], row["barcode"]), 0)

    items.apply(one, axis=1)
    return {
        key: {"average_age": t["age"] / t["aged"] if t["aged"] else None, **t}
        for key, t in totals.items()
    }


def prepare_report(copies: int) -> dict:
    given = prepare(copies)
    return {"health": metrics(given)}


def write(given: dict) -> None:
    out = Path(tempfile.mkdtemp(prefix="report-"))
    try:
        write_reports(given["health"], out, "Benchmark district")
    finally:
        shutil.rmtree(out)


def report_with_pandas(copies) -> None:
    out = Path(tempfile.mkdtemp(prefix="report-"))
    try:
        copies.to_excel(out / "copies.xlsx", sheet_name="Copies", index=False, engine="openpyxl")
    finally:
        shutil.rmtree(out)


JOBS = [
    Job(
        name="collection_metrics",
        rows=lambda copies: copies,
        prepare=prepare,
        count=lambda given: given["items"].height + given["circulation"].height,
        fast=metrics,
        alternative=pandas_row_logic,
        sample=first_schools,
        sample_count=lambda given: given[3],
        alternative_name="pandas apply per copy",
        sample_rows=100_000,
        repeats=3,
    ),
    Job(
        name="report",
        rows=lambda copies: copies,
        prepare=prepare_report,
        count=lambda given: given["health"].copies.height,
        fast=write,
        alternative=report_with_pandas,
        sample=lambda given, n: given["health"].copies.head(n).to_pandas(),
        alternative_name="pandas to_excel (openpyxl), copies sheet only",
        sample_rows=10_000,
        repeats=2,
        alternative_repeats=1,
    ),
]
