"""Deterministic sample schools and districts, in real export formats, with answer keys.

>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> written = generate_school(out, seed=3, items=300)
>>> sorted(p.name for p in written if p.parent == out)  # doctest: +NORMALIZE_WHITESPACE
['answer_key.csv', 'circulation.csv', 'copies.xlsx', 'destiny_catalog.mrc',
 'koha_catalog.mrc', 'school.toml']

The same seed and date give the same bytes, so the committed sample in ``data/sample``
can be rebuilt by anyone with ``libanalytics sample data/sample --items 2500``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl

from ..errors import InputFormatError
from ..report.files import atomic_path
from . import calendar, circulation, collection, inventory, levels, patrons, titles, writers
from .district import generate_district
from .shelving import shelf_keys

DEFAULT_AS_OF = dt.date(2025, 5, 30)
DEFAULT_ITEMS = 15_000
COPIES_PER_STUDENT = levels.COPIES_PER_STUDENT["k8"]  # a US school library's typical ratio
SCHOOL_NAME = levels.NAMES["k8"]
LEVELS = levels.LEVELS
SCHOOL_SITE = "ELM"

__all__ = ["DEFAULT_AS_OF", "LEVELS", "build_school", "generate_district", "generate_school"]


def build_school(
    *,
    seed: int = 7,
    items: int | None = None,
    as_of: dt.date = DEFAULT_AS_OF,
    site: str = SCHOOL_SITE,
    site_number: int = 101,
    level: str | None = None,
) -> dict:
    """Everything about one school, in memory: copies (shelf order), loans, calendar.

    ``level`` is one of `LEVELS` (default: `levels.default_level` of the size).
    Returns a dict with ``copies`` (internal columns plus the canonical items columns),
    ``loans`` (canonical circulation plus ``copy``), ``calendar``, ``migration``,
    ``enrollment``, ``level`` and ``rng`` (the generator, to continue drawing from).
    """
    n = DEFAULT_ITEMS if items is None else int(items)
    level = _check_level(level, n)
    rng = np.random.default_rng(seed)
    cal = calendar.school_calendar(as_of)
    migration = calendar.migration_date(cal)
    enrollment = max(40, n // levels.COPIES_PER_STUDENT[level])
    pool = titles.make_title_pool(rng, titles.title_counts(n, level), as_of.year)
    copies = collection.build_copies(
        rng, pool, site=site, site_number=site_number, as_of=as_of, migration=migration
    )
    loans = circulation.simulate_loans(
        rng, copies, cal, enrollment=enrollment, per_student=levels.CHECKOUTS_PER_STUDENT[level]
    )
    copies = circulation.apply_circulation(rng, copies, loans, cal, as_of)
    copies = copies.with_columns(
        shelf_keys(copies).alias("shelf"),
        pl.col("bib_id").cast(pl.Int64).alias("bib_id_num"),
    )
    order = copies.select(pl.arg_sort_by("shelf", "barcode")).to_series()
    copies = copies.with_columns(
        pl.Series("shelf_order", np.argsort(order.to_numpy()).astype(np.int64))
    )
    loans = loans.join(
        copies.select("copy", "barcode", "site", "title", "call_number", "material_type", "kind"),
        on="copy",
        how="left",
    ).sort("checkout_at", "barcode")
    due = loans.group_by("copy").agg(pl.col("checkout_at").max().dt.date().alias("due"))
    copies = copies.join(due, on="copy", how="left").with_columns(
        (pl.col("due") + pl.duration(days=14)).alias("due")
    )
    return {
        "copies": copies.sort("copy"),
        "loans": loans,
        "calendar": cal,
        "migration": migration,
        "enrollment": enrollment,
        "level": level,
        "rng": rng,
    }


def _check_level(level: str | None, items: int) -> str:
    if level is None:
        return levels.default_level(items)
    if level not in LEVELS:
        raise InputFormatError(
            f"{level!r} is not a school level",
            field="level",
            remedy="use one of " + ", ".join(LEVELS),
        )
    return level


def generate_school(
    out_dir: str | Path,
    *,
    seed: int = 7,
    items: int | None = None,
    as_of: dt.date = DEFAULT_AS_OF,
    name: str | None = None,
    site: str = SCHOOL_SITE,
    level: str | None = None,
) -> list[Path]:
    """Write one made-up school library's exports, inventory and answer key to ``out_dir``.

    Parameters
    ----------
    out_dir:
        The folder to write into (created if needed). Files of the same names are replaced.
    seed:
        Any whole number; the same seed and date give the same bytes.
    items:
        About how many copies (default 15,000, a K-8 school of about 650 students).
    name:
        The school's name (default "Elm Creek K-8 School", or the level's: "Elm Creek
        High School" ...).
    level:
        ``"elementary"`` (K-5), ``"middle"`` (6-8), ``"k8"`` or ``"high"`` (9-12): the mix
        of sections, the grades of patrons, enrollment and checkouts follow it. Default
        ``"k8"``, or ``"high"`` from 25,000 copies up.
    as_of:
        The date the exports were taken; the inventory was read in the last school days
        before it, and five school years of circulation end there.

    Returns
    -------
    list of Path
        Every file written: ``destiny_catalog.mrc`` (852 holdings), ``koha_catalog.mrc``
        (952 items), ``copies.xlsx``, ``circulation.csv`` (with patron columns),
        ``school.toml``, ``scans/*`` and ``answer_key.csv``.
    """
    out = Path(out_dir)
    school = build_school(seed=seed, items=items, as_of=as_of, site=site, level=level)
    level = school["level"]
    rng: np.random.Generator = school["rng"]
    copies: pl.DataFrame = school["copies"]
    cal = school["calendar"]
    migration = school["migration"]

    people = patrons.make_patrons(rng, school["enrollment"], level)
    days = [d.astype(dt.date) for d in cal.days[-calendar.INVENTORY_DAYS :]]
    plan = inventory.plan_inventory(rng, copies.sort("shelf_order"), days)
    # A few copies were out while their shelf was read and came back that afternoon: on
    # loan from the last day before circulation closed, after that day's last return.
    closed = cal.days[-calendar.INVENTORY_DAYS - 1].astype(dt.date)
    copies, loans = circulation.add_late_returns(
        copies, school["loans"], plan.returned, dt.datetime.combine(closed, dt.time(15, 45))
    )
    who = patrons.assign_patrons(rng, loans["kind"].to_numpy().astype(str), people, level)
    loans = pl.concat([loans, people[who].drop("band")], how="horizontal")

    written = [
        writers.write_marc(out / "destiny_catalog.mrc", copies, migration, holdings="852"),
        writers.write_marc(out / "koha_catalog.mrc", copies, migration, holdings="952"),
        writers.write_copy_report(out / "copies.xlsx", copies),
        writers.write_circulation_csv(out / "circulation.csv", loans),
    ]
    scans = out / "scans"
    if scans.is_dir():
        for old in sorted(scans.iterdir()):
            if old.suffix in (".txt", ".csv"):
                old.unlink()
    written += inventory.write_scans(scans, plan)
    with atomic_path(out / "answer_key.csv") as tmp:
        plan.key.write_csv(tmp)
    written.append(out / "answer_key.csv")
    info = {
        "name": name or levels.NAMES[level],
        "site": site,
        "enrollment": school["enrollment"],
        "as_of": as_of,
        "migration_date": migration,
        "seed": seed,
        "copies": copies.height,
        "checkouts": loans.height,
        "grades": levels.GRADES[level],
    }
    if level != "k8":  # a file with no level is a K-8 school (as data/sample was written)
        info["level"] = level
    written.append(writers.write_school_toml(out / "school.toml", info))
    return written
