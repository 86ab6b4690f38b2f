"""A school's copies: which titles it holds, how many copies, barcodes, prices, dates.

All arrays, no Python call per copy, so the district path can build 2 million copies.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from .titles import EXTRA_COPIES, title_counts

EPOCH = np.datetime64("1970-01-01", "D")


def _days(day: dt.date) -> int:
    return int((np.datetime64(day, "D") - EPOCH).astype(np.int64))


def barcode_check_digit(numbers: np.ndarray) -> np.ndarray:
    """The mod-10 (Luhn) check digit of 13-digit numbers, as Codabar library barcodes use."""
    digits = (numbers[:, None] // (10 ** np.arange(12, -1, -1, dtype=np.int64))) % 10
    doubled = digits.copy()
    doubled[:, 0::2] *= (
        2  # 13 digits: the rightmost (index 12) is doubled, as are its odd-step neighbours
    )
    doubled = np.where(doubled > 9, doubled - 9, doubled)
    return (10 - doubled.sum(axis=1) % 10) % 10


def choose_titles(
    rng: np.random.Generator, pool: pl.DataFrame, copies: int, level: str = "k8"
) -> pl.DataFrame:
    """The titles one school of ``level`` holds, drawn from the pool kind by kind."""
    kinds = pool["kind"].to_numpy()
    chosen = []
    for kind, wanted in title_counts(copies, level).items():
        if wanted == 0:
            continue
        where = np.flatnonzero(kinds == kind)
        if len(where) == 0:
            continue
        take = min(wanted, len(where))
        chosen.append(np.sort(rng.choice(where, take, replace=False)))
    return pool[np.concatenate(chosen)]


def build_copies(
    rng: np.random.Generator,
    titles: pl.DataFrame,
    *,
    site: str,
    site_number: int,
    as_of: dt.date,
    migration: dt.date,
) -> pl.DataFrame:
    """One row per copy with barcode, call number, acquired date and price.

    Copies acquired before the library system's migration mostly carry the migration date
    as their acquired date, as real migrations leave them; a fifth of them keep the short
    barcodes of the older system (with their leading zeros).
    """
    n_titles = titles.height
    kind = titles["kind"].to_numpy()
    pop = titles["popularity"].to_numpy()
    extra_mean = np.array([EXTRA_COPIES[k] for k in kind]) * (0.5 + np.minimum(pop, 4.0) / 2)
    per_title = 1 + rng.poisson(extra_mean)
    volumes = titles["volumes"].to_numpy()
    per_title = np.where(volumes > 1, volumes, per_title)
    title_index = np.repeat(np.arange(n_titles), per_title)
    starts = np.repeat(np.cumsum(per_title) - per_title, per_title)
    copy_no = np.arange(len(title_index)) - starts + 1
    n = len(title_index)

    copies = titles[title_index].with_columns(
        pl.Series("copy_no", copy_no.astype(np.int32)),
        pl.Series("is_set", np.repeat(volumes > 1, per_title)),
    )
    # Older copies were bought a year or two after publication; added copies later still.
    pub_year = copies["pub_year"].to_numpy().astype(np.int64)
    # 1 January of the copyright year, in days since 1970 (a year is not 365.25 days
    # from 1970 on: that gave 31 December of the year before).
    pub_day = ((pub_year - 1970).astype("datetime64[Y]").astype("datetime64[D]") - EPOCH).astype(
        np.int64
    )
    lag = (
        rng.exponential(1.3 * 365, n)
        + rng.uniform(0, 365, n)
        + (copy_no - 1) * rng.exponential(400, n)
    )
    acquired = np.floor(pub_day + lag).astype(np.int64)
    limit = _days(as_of) - 10
    # A copy the lag puts after the export arrived at some day since its publication
    # (not piled up on one day: a clip to 1 January made a spike there).
    since = rng.random(n) * np.maximum(limit - pub_day, 1)
    acquired = np.where(acquired > limit, pub_day + np.floor(since).astype(np.int64), acquired)
    acquired = np.maximum(acquired, pub_day)
    mig = _days(migration)
    before = acquired < mig
    acquired_shown = np.where(before & (rng.random(n) < 0.75), mig, acquired)

    # Barcodes are handed out in the order copies arrived.
    order = np.lexsort((rng.random(n), acquired))
    seq = np.empty(n, dtype=np.int64)
    seq[order] = np.arange(n) + 1001
    number = 3 * 10**12 + site_number * 10**8 + seq
    full = number * 10 + barcode_check_digit(number)
    legacy = before & (rng.random(n) < 0.2)
    barcode = np.where(
        legacy,
        pl.Series(seq).cast(pl.String).str.zfill(6).to_numpy(),
        full.astype(str),
    )

    age = as_of.year - pub_year
    price = copies["list_price"].to_numpy() * np.clip(1 - 0.015 * age, 0.45, 1.0)
    price = np.round(price, 2)
    price = np.where(before & (rng.random(n) < 0.05), 0.0, price)

    volume = pl.when(pl.col("is_set")).then(pl.format("v.{}", pl.col("copy_no")))
    call_number = pl.concat_str(
        [
            pl.col("prefix").replace("", None),
            pl.col("klass").replace("", None),
            pl.col("cutter").replace("", None),
            volume,
        ],
        separator=" ",
        ignore_nulls=True,
    )
    return copies.with_columns(
        pl.Series("barcode", barcode.astype(str)).cast(pl.String),
        pl.lit(site, dtype=pl.String).alias("site"),
        call_number.alias("call_number"),
        (pl.col("title_no") + 1).cast(pl.String).alias("bib_id"),
        pl.Series("acquired", acquired_shown.astype("datetime64[D]")),
        pl.Series("price", price),
        pl.lit("available", dtype=pl.String).alias("status"),
    )
