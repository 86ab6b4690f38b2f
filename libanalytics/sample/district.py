"""A district: many schools sharing one pool of titles, streamed to Parquet school by school.

At district size (2 million copies, 20 million checkouts) MARC and spreadsheets are no
use; the canonical tables go to Parquet with a ``site`` column, written one school at a
time so memory stays at one school's worth. Every step is a whole-array operation.

>>> import tempfile, pathlib, polars as pl
>>> out = pathlib.Path(tempfile.mkdtemp())
>>> _ = generate_district(out, schools=2, items=200)
>>> sorted(pl.read_parquet(out / "items.parquet")["site"].unique())
['S001', 'S002']
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import polars as pl
import pyarrow.parquet as pq

from .. import callnumber
from ..report.files import atomic_path, write_text
from ..schema import ELECTRONIC_TYPES, SHELF_STATUSES, conform
from . import calendar, circulation, collection, levels, titles

DEFAULT_AS_OF = dt.date(2025, 5, 30)
DEFAULT_ITEMS = 15_000
# Districts check out more than the sample school, so that 2 million copies come with
# about 20 million checkouts (the scale the tools are measured at).
BUSY_DISTRICT = 2.7


def _school_sizes(rng: np.random.Generator, school_levels: list[str], items: int) -> np.ndarray:
    """Copies per school: small elementary schools to large high schools around ``items``."""
    spread = np.exp(rng.normal(0.0, 0.35, len(school_levels)))
    spread = spread * np.array([levels.DISTRICT_SIZE[level] for level in school_levels])
    sizes = np.round(items * spread / spread.mean()).astype(np.int64)
    return np.maximum(sizes, 50)


def _pool_counts(school_levels: list[str], sizes: np.ndarray) -> dict[str, int]:
    """Titles of each kind in the shared pool: three times what the largest school buying
    that kind wants, so schools of one level share many but not all of their titles."""
    counts: dict[str, int] = {kind: 0 for kind in titles.KINDS}
    for level in sorted(set(school_levels)):
        largest = int(max(s for s, lv in zip(sizes, school_levels, strict=True) if lv == level))
        for kind, n in titles.title_counts(largest * 3, level).items():
            counts[kind] = max(counts[kind], n)
    return counts


def generate_district(
    out_dir: str | Path,
    *,
    schools: int = 3,
    seed: int = 7,
    items: int | None = None,
    as_of: dt.date = DEFAULT_AS_OF,
    level: str | None = None,
) -> list[Path]:
    """Write ``schools`` schools to ``out_dir`` as Parquet: items, circulation, scans.

    The schools are of mixed levels, as a district's are: mostly elementary (K-5), some
    middle (6-8) and high (9-12) schools, larger by level, and now and then a K-8.

    Parameters
    ----------
    out_dir:
        The folder to write into.
    schools:
        How many schools (sites ``S001``, ``S002`` ...).
    seed:
        Any whole number; the same seed and date give the same tables.
    items:
        Copies per school on average (default 15,000); sizes vary around it.
    level:
        Make every school this level (one of `levels.LEVELS`) instead of a mix.
    as_of:
        The date the exports were taken.

    Returns
    -------
    list of Path
        ``items.parquet``, ``circulation.parquet`` (no patron columns), ``scans.parquet``
        (an inventory of every school: shelf order, some copies missing, some swapped) and
        ``district.toml`` (each school's site, level, grades, copies and enrollment).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    per_school = DEFAULT_ITEMS if items is None else int(items)
    rng = np.random.default_rng(seed)
    cal = calendar.school_calendar(as_of)
    migration = calendar.migration_date(cal)
    if level is None:
        school_levels = levels.district_levels(schools)
        school_levels = [school_levels[i] for i in rng.permutation(schools)]
    else:
        school_levels = [level] * schools
    sizes = _school_sizes(rng, school_levels, per_school)
    # One pool of titles for the district: schools buy many of the same books.
    pool = titles.make_title_pool(rng, _pool_counts(school_levels, sizes), as_of.year)
    shelving = _shelving_lookup(pool)
    paths = {name: out / f"{name}.parquet" for name in ("items", "circulation", "scans")}
    toml = [
        "# A generated district: written by `libanalytics sample --schools N`.",
        f"as_of = {as_of.isoformat()}",
        f"migration_date = {migration.isoformat()}",
        f"seed = {seed}",
        f"schools = {schools}",
        "",
    ]
    with (
        atomic_path(paths["items"]) as items_tmp,
        atomic_path(paths["circulation"]) as circ_tmp,
        atomic_path(paths["scans"]) as scans_tmp,
    ):
        writers: dict[str, pq.ParquetWriter] = {}
        try:
            for number, (size, school_level) in enumerate(
                zip(sizes, school_levels, strict=True), start=1
            ):
                site = f"S{number:03d}"
                school_rng = np.random.default_rng([seed, number])
                enrollment = max(40, int(size) // levels.COPIES_PER_STUDENT[school_level])
                chosen = collection.choose_titles(school_rng, pool, int(size), school_level)
                copies = collection.build_copies(
                    school_rng,
                    chosen,
                    site=site,
                    site_number=number,
                    as_of=as_of,
                    migration=migration,
                )
                # Elementary schools check out weekly; high schools far less.
                rate = float(school_rng.uniform(0.6, 1.4)) * (
                    levels.CHECKOUTS_PER_STUDENT[school_level] * BUSY_DISTRICT
                )
                loans = circulation.simulate_loans(
                    school_rng, copies, cal, enrollment=enrollment, per_student=rate
                )
                copies = circulation.apply_circulation(school_rng, copies, loans, cal, as_of)
                # Canonical: an unknown price or page count is null, not 0.
                items_frame = conform(
                    copies.drop("dewey")
                    .join(shelving, on="call_number", how="left")
                    .with_columns(
                        pl.when(pl.col("price") > 0).then(pl.col("price")).alias("price"),
                        pl.when(pl.col("pages") > 0).then(pl.col("pages")).alias("pages"),
                    ),
                    "items",
                )
                circ_frame = conform(
                    loans.join(
                        copies.select("copy", "barcode", "site", "material_type"), on="copy"
                    ).sort("checkout_at", "barcode"),
                    "circulation",
                )
                scans_frame = _scans(school_rng, items_frame)
                for name, frame, tmp in (
                    ("items", items_frame, items_tmp),
                    ("circulation", circ_frame, circ_tmp),
                    ("scans", scans_frame, scans_tmp),
                ):
                    table = frame.to_arrow()
                    if name not in writers:
                        writers[name] = pq.ParquetWriter(tmp, table.schema, compression="zstd")
                    writers[name].write_table(table)
                toml += [
                    "[[school]]",
                    f'site = "{site}"',
                    f'level = "{school_level}"',
                    f'grades = "{levels.GRADES[school_level]}"',
                    f"copies = {items_frame.height}",
                    f"checkouts = {circ_frame.height}",
                    f"enrollment = {enrollment}",
                    "",
                ]
        finally:
            for writer in writers.values():
                writer.close()
    written = list(paths.values())
    written.append(write_text(out / "district.toml", "\n".join(toml)))
    return written


def _shelving_lookup(pool: pl.DataFrame) -> pl.DataFrame:
    """Section, Dewey class and shelf key of every call number a copy of the pool can carry.

    Computed once for the district: schools share titles, so this is far fewer call
    numbers than copies.
    """
    volumes = pool["volumes"].to_numpy()
    index = np.repeat(np.arange(pool.height), volumes)
    starts = np.repeat(np.cumsum(volumes) - volumes, volumes)
    volume = np.arange(len(index)) - starts + 1
    call_numbers = (
        pool[index]
        .select(
            pl.concat_str(
                [
                    pl.col("prefix").replace("", None),
                    pl.col("klass").replace("", None),
                    pl.col("cutter").replace("", None),
                    pl.when(pl.Series(np.repeat(volumes > 1, volumes)))
                    .then(pl.format("v.{}", pl.Series(volume)))
                    .otherwise(None),
                ],
                separator=" ",
                ignore_nulls=True,
            ).alias("call_number")
        )
        .unique(maintain_order=True)
    )
    shelved = callnumber.add_shelf_columns(conform(call_numbers, "items"))
    return shelved.select("call_number", "section", "dewey", "shelf_key")


def _scans(rng: np.random.Generator, items: pl.DataFrame) -> pl.DataFrame:
    """One inventory session per section, in shelf order: 1.5% missing, 0.5% swapped."""
    shelf = items.filter(
        pl.col("status").is_in(SHELF_STATUSES) & ~pl.col("material_type").is_in(ELECTRONIC_TYPES)
    ).sort("shelf_key", "barcode")
    n = shelf.height
    read = rng.random(n) >= 0.015
    position = np.arange(n, dtype=np.float64)
    swap = (rng.random(n) < 0.005) & (np.arange(n) < n - 1)
    position = np.where(swap, position + 1.5, position)
    reads = (
        shelf.with_columns(pl.Series("_pos", position))
        .filter(pl.Series(read))
        .sort("section", "_pos", maintain_order=True)
        .select(
            "barcode",
            pl.col("barcode").alias("raw"),
            "site",
            pl.concat_str([pl.col("site"), pl.col("section").fill_null("Other")], separator="_")
            .str.to_lowercase()
            .str.replace_all(" ", "_")
            .alias("session"),
            pl.lit(None, dtype=pl.Datetime("us")).alias("scanned_at"),
            pl.col("location"),
        )
        .with_columns(pl.int_range(1, pl.len() + 1).over("session").cast(pl.Int64).alias("seq"))
    )
    return conform(reads, "scans")
