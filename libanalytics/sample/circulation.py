"""Checkouts on the school calendar, and the copy statuses they leave behind.

A long tail: each title has a popularity (most near zero, a few very high), so many
copies are never checked out. Loans last a week or two, some run overdue, a few are never
returned (the copy becomes lost). The library closes circulation for its inventory in the
last school days before ``as_of``. Whole-array operations only: a district has 20 million.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from .calendar import INVENTORY_DAYS, Calendar

US_PER_DAY = 86_400_000_000
US_PER_MIN = 60_000_000
LOST_AFTER_DAYS = 45


def _day_us(days: np.ndarray) -> np.ndarray:
    return days.astype("datetime64[D]").astype(np.int64) * US_PER_DAY


def simulate_loans(
    rng: np.random.Generator,
    copies: pl.DataFrame,
    cal: Calendar,
    *,
    enrollment: int,
    per_student: float = 30.0,
) -> pl.DataFrame:
    """Checkouts of ``copies`` (by row number ``copy``): ``checkout_at``, ``returned_at``.

    ``returned_at`` is null while a copy is out. Returns also fall on school days before
    the inventory closes circulation.
    """
    circ_days = cal.days[:-INVENTORY_DAYS] if len(cal.days) > INVENTORY_DAYS else cal.days[:0]
    weights = cal.weight[: len(circ_days)]
    if len(circ_days) == 0 or copies.height == 0:
        return _empty_loans()
    cum = np.concatenate([[0.0], np.cumsum(weights)])
    total = cum[-1]
    n_loans = int(round(enrollment * per_student * total / 150.0))

    popularity = copies["popularity"].to_numpy()
    physical = copies["material_type"].to_numpy() != "ebook"
    w = np.where(physical, popularity, 0.0)
    if w.sum() <= 0 or n_loans == 0:
        return _empty_loans()
    copy = rng.choice(copies.height, size=n_loans, p=w / w.sum())

    # A copy circulates only after it arrived: a checkout drawn before that is dropped.
    day = np.clip(
        np.searchsorted(cum, rng.uniform(0, total, n_loans), side="right") - 1,
        0,
        len(circ_days) - 1,
    )
    acquired = copies["acquired"].to_numpy().astype("datetime64[D]")
    keep = acquired[copy] <= circ_days[day]
    copy, day = copy[keep], day[keep]
    n = len(copy)
    minute = rng.integers(7 * 60 + 50, 15 * 60 + 20, n)
    checkout = _day_us(circ_days[day]) + minute * US_PER_MIN + rng.integers(0, 60, n) * 1_000_000

    # Most loans come back in one to three weeks; a tail runs overdue, some over summer.
    length = np.exp(rng.normal(np.log(9.0), 0.45, n))
    overdue = rng.random(n) < 0.06
    length = np.where(overdue, length + rng.exponential(35.0, n), length)
    # Books are called back before the inventory: most loans of the last weeks end by then.
    left = (len(circ_days) - 1 - day).astype(np.float64) * 7 / 5
    called_back = (left < 21) & (rng.random(n) < 0.85)
    length = np.where(called_back, np.minimum(length, left * rng.uniform(0.3, 1.0, n)), length)
    due_day = circ_days[day] + np.ceil(length).astype("timedelta64[D]")
    back = np.searchsorted(circ_days, due_day, side="left")
    out = back >= len(circ_days)
    back_minute = rng.integers(7 * 60 + 30, 15 * 60 + 30, n)
    returned = np.where(
        out,
        np.iinfo(np.int64).min,
        _day_us(circ_days[np.minimum(back, len(circ_days) - 1)]) + back_minute * US_PER_MIN,
    )

    loans = pl.DataFrame(
        {"copy": copy.astype(np.int64), "checkout_at": checkout, "returned_us": returned}
    ).sort("copy", "checkout_at")
    loans = _drop_overlaps(loans)

    # A copy goes out again only after it came back; a few never come back at all.
    same = pl.col("copy") == pl.col("copy").shift(-1)
    nxt = pl.col("checkout_at").shift(-1)
    closed_at = _day_us(circ_days[-1:])[0]
    never = rng.random(loans.height) < 0.012
    loans = loans.with_columns(
        pl.when(pl.col("returned_us") == np.iinfo(np.int64).min)
        .then(None)
        .otherwise(pl.col("returned_us"))
        .alias("returned_us"),
        pl.Series("never", never),
    ).with_columns(
        pl.when(same)
        .then(pl.min_horizontal(pl.col("returned_us").fill_null(nxt), nxt - 10 * US_PER_MIN))
        .when(pl.col("never") & (pl.col("checkout_at") < closed_at - 60 * US_PER_DAY))
        .then(None)
        .otherwise(pl.col("returned_us"))
        .alias("returned_us")
    )
    return loans.select(
        "copy",
        pl.col("checkout_at").cast(pl.Datetime("us")),
        pl.col("returned_us").cast(pl.Datetime("us")).alias("returned_at"),
    )


def _drop_overlaps(loans: pl.DataFrame) -> pl.DataFrame:
    """Drop a checkout that starts within two hours of the same copy's previous one."""
    for _ in range(20):
        too_soon = (pl.col("copy") == pl.col("copy").shift(1)) & (
            pl.col("checkout_at") < pl.col("checkout_at").shift(1) + 120 * US_PER_MIN
        )
        flagged = loans.select(too_soon.fill_null(False)).to_series()
        if not flagged.any():
            break
        # Dropping every flagged row at once could drop a loan whose predecessor goes
        # too; dropping only the first of each run converges in a few rounds.
        first = flagged & ~flagged.shift(1, fill_value=False)
        loans = loans.filter(~first)
    return loans


def _empty_loans() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "copy": pl.Int64,
            "checkout_at": pl.Datetime("us"),
            "returned_at": pl.Datetime("us"),
        }
    )


def apply_circulation(
    rng: np.random.Generator,
    copies: pl.DataFrame,
    loans: pl.DataFrame,
    cal: Calendar,
    as_of: dt.date,
) -> pl.DataFrame:
    """Lifetime checkouts, last checkout and status (checked out, lost, ...) for each copy.

    A copy whose last loan is still open is checked out, or lost when it has been out more
    than `LOST_AFTER_DAYS` days. Some other copies are missing, withdrawn, damaged, in
    transit or on order (those have no acquired date yet).
    """
    n = copies.height
    per_copy = loans.group_by("copy").agg(
        pl.len().cast(pl.Int32).alias("total_checkouts"),
        pl.col("checkout_at").max().dt.date().alias("last_checkout"),
        pl.col("returned_at").sort_by("checkout_at").last().is_null().alias("open"),
        pl.col("checkout_at").max().alias("last_out_at"),
    )
    close = cal.days[-INVENTORY_DAYS - 1] if len(cal.days) > INVENTORY_DAYS else cal.days[0]
    lost_before = dt.datetime.combine(
        close.astype(dt.date) - dt.timedelta(days=LOST_AFTER_DAYS), dt.time()
    )
    out = copies.with_row_index("copy").with_columns(pl.col("copy").cast(pl.Int64))
    out = out.join(per_copy, on="copy", how="left").with_columns(
        pl.col("total_checkouts").fill_null(0)
    )
    status = (
        pl.when(pl.col("open") & (pl.col("last_out_at") < lost_before))
        .then(pl.lit("lost"))
        .when(pl.col("open"))
        .then(pl.lit("checked_out"))
        .otherwise(pl.lit("available"))
    )
    out = out.with_columns(status.alias("status"))

    physical = out["material_type"].to_numpy() != "ebook"
    free = (out["status"].to_numpy() == "available") & physical
    never_out = out["total_checkouts"].to_numpy() == 0
    recent = out["pub_year"].to_numpy() >= as_of.year - 1
    status_arr = out["status"].to_numpy().astype(object)
    rules = [
        ("on_order", free & never_out & recent, 0.12),
        ("missing", free, 0.006),
        ("withdrawn", free & (out["pub_year"].to_numpy() < 2005), 0.008),
        ("damaged", free, 0.005),
        ("in_transit", free, 0.0015),
    ]
    taken = np.zeros(n, dtype=bool)
    for name, eligible, share in rules:
        pick = eligible & ~taken & (rng.random(n) < share)
        status_arr[pick] = name
        taken |= pick
    out = out.with_columns(pl.Series("status", status_arr, dtype=pl.String)).with_columns(
        pl.when(pl.col("status") == "on_order")
        .then(None)
        .otherwise(pl.col("acquired"))
        .alias("acquired"),
    )
    return out.drop("open", "last_out_at")


def add_late_returns(
    copies: pl.DataFrame,
    loans: pl.DataFrame,
    returned: list[tuple[str, dt.datetime]],
    checkout_at: dt.datetime,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Loans of copies that were out while their shelf was read, and came back after.

    Each copy in ``returned`` (barcode, when it came back) gets one more loan, from
    ``checkout_at`` (after the copy's other loans ended: the day circulation closed for
    the inventory, after the last return) to its return; its lifetime checkouts, last
    checkout and due date follow. ``loans`` are the loans with the copies' columns joined.
    """
    if not returned:
        return copies, loans
    back = pl.DataFrame(
        {"barcode": [b for b, _ in returned], "returned_at": [r for _, r in returned]},
        schema={"barcode": pl.String, "returned_at": pl.Datetime("us")},
    )
    added = (
        back.join(copies.select("copy", "barcode"), on="barcode")
        .join(copies.select(pl.exclude("barcode", "returned_at")), on="copy")
        .with_columns(pl.lit(checkout_at, dtype=pl.Datetime("us")).alias("checkout_at"))
        .select(loans.columns)
    )
    loans = pl.concat([loans, added]).sort("checkout_at", "barcode")
    late = pl.col("copy").is_in(added["copy"].implode())
    copies = copies.with_columns(
        pl.when(late)
        .then(pl.col("total_checkouts") + 1)
        .otherwise(pl.col("total_checkouts"))
        .alias("total_checkouts"),
        pl.when(late)
        .then(checkout_at.date())
        .otherwise(pl.col("last_checkout"))
        .alias("last_checkout"),
        pl.when(late)
        .then(checkout_at.date() + dt.timedelta(days=14))
        .otherwise(pl.col("due"))
        .alias("due"),
    )
    return copies, loans
