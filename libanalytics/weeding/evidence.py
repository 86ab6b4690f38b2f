"""Evidence of use: when the library system was migrated, and when each copy was last used.

A migration leaves two marks. The checkout history starts there, so the first recorded
checkout of every copy that circulates piles up in its first weeks; and the new system
stamps the copies it received with the migration day as their acquired date, so older
copies' ``acquired`` dates pile up on one day. Before that date "no checkout recorded"
means "we do not know", never "never checked out".

>>> import datetime as dt, polars as pl
>>> items = pl.DataFrame({"barcode": [str(n) for n in range(10)],
...                       "acquired": [dt.date(2019, 8, 2)] * 8 + [dt.date(2021, 3, 1), None]})
>>> detect_migration(items).date
datetime.date(2019, 8, 2)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

# A checkout more than this far before the rest of the history is a stray (a test loan,
# a date typed wrong), not the start of the history.
STRAY_GAP_DAYS = 90
STRAY_SHARE = 0.01
STRAY_COPIES = 2  # in a small collection, one or two copies are strays whatever their share
# The first recorded checkouts "pile up" when this share of circulating copies has its
# first recorded checkout within PILE_DAYS of the start of the history.
PILE_DAYS = 61
PILE_SHARE = 0.10
# Acquired dates "pile up" when one day holds this share of the dated copies, at least
# PILE_MIN copies, and PILE_RATIO times as many as the next busiest day.
ACQUIRED_SHARE = 0.10
PILE_MIN = 5
PILE_RATIO = 3
# A migration and a history start this close are the same event.
SAME_EVENT_DAYS = 120


@dataclass(frozen=True)
class Migration:
    """What the data says about the library-system migration.

    ``date`` is the migration day (None if neither mark is found); ``from_acquired`` and
    ``from_history`` are the two marks; ``history_start`` is the first day of the
    checkout history (None without one).
    """

    date: dt.date | None
    from_acquired: dt.date | None = None
    from_history: dt.date | None = None
    history_start: dt.date | None = None


def history_start(
    circulation: pl.DataFrame | None, usage: pl.DataFrame | None = None
) -> dt.date | None:
    """The first day of the checkout history, ignoring a few stray early checkouts.

    Read from each copy's first recorded checkout (``usage``, from `copy_usage`, when
    already computed): a day more than STRAY_GAP_DAYS after the one before it, with
    fewer than STRAY_SHARE of the copies (or at most STRAY_COPIES) starting earlier, is
    where the history begins.

    >>> import polars as pl, datetime as dt
    >>> days = [dt.datetime(2012, 1, 5)] + [dt.datetime(2019, 8, 20) + dt.timedelta(d) for d in range(200)]
    >>> history_start(pl.DataFrame({"barcode": [str(n) for n in range(201)], "checkout_at": days}))
    datetime.date(2019, 8, 20)
    """
    if usage is None:
        if circulation is None or circulation.height == 0:
            return None
        usage = circulation.group_by("barcode").agg(
            first_recorded=pl.col("checkout_at").min().dt.date()
        )
    days = (
        usage.lazy()
        .select(pl.col("first_recorded").alias("day"))
        .drop_nulls()
        .group_by("day")
        .len()
        .sort("day")
        .with_columns(
            gap=(pl.col("day") - pl.col("day").shift(1)).dt.total_days(),
            before=pl.col("len").cum_sum().shift(1, fill_value=0),
        )
        .collect()
    )
    if days.height == 0:
        return None
    few = (pl.col("before") < STRAY_SHARE * days["len"].sum()) | (pl.col("before") <= STRAY_COPIES)
    starts = days.filter((pl.col("gap") > STRAY_GAP_DAYS) & few)["day"]
    return starts.max() if starts.len() else days["day"].min()


def acquired_pile(items: pl.DataFrame) -> dt.date | None:
    """The day on which many copies' ``acquired`` dates pile up (a migration), or None."""
    if "acquired" not in items.columns:
        return None
    counts = (
        items.lazy()
        .select(pl.col("acquired").drop_nulls())
        .group_by("acquired")
        .len()
        .sort(["len", "acquired"], descending=[True, False])
        .head(2)
        .collect()
    )
    if counts.height == 0:
        return None
    dated = items["acquired"].count()
    top = counts["len"][0]
    runner_up = counts["len"][1] if counts.height > 1 else 0
    if top >= PILE_MIN and top >= ACQUIRED_SHARE * dated and top >= PILE_RATIO * runner_up:
        return counts["acquired"][0]
    return None


def detect_migration(
    items: pl.DataFrame, circulation: pl.DataFrame | None = None, usage: pl.DataFrame | None = None
) -> Migration:
    """Find the migration date from the acquired dates and the checkout history.

    The acquired-date pile gives the exact day; without it, the start of the history is
    the migration when the first recorded checkouts of many copies pile up there.
    ``usage`` is `copy_usage`'s table, when already computed.
    """
    from_acquired = acquired_pile(items)
    if usage is None and circulation is not None and circulation.height:
        usage = circulation.group_by("barcode").agg(
            first_recorded=pl.col("checkout_at").min().dt.date()
        )
    start = history_start(circulation, usage)
    from_history = None
    if start is not None:
        first = usage["first_recorded"].drop_nulls()
        if first.len():
            near = (first <= start + dt.timedelta(days=PILE_DAYS)).sum()
            if near >= PILE_SHARE * first.len():
                from_history = start
    return Migration(
        date=from_acquired or from_history,
        from_acquired=from_acquired,
        from_history=from_history,
        history_start=start,
    )


def newest_date(items: pl.DataFrame, circulation: pl.DataFrame | None = None) -> dt.date | None:
    """The date of the newest data: the default ``today`` of every analysis."""
    candidates = []
    for col in ("last_checkout", "acquired"):
        if col in items.columns and items.schema[col] == pl.Date:
            candidates.append(items[col].max())
    if circulation is not None and circulation.height:
        for col in ("checkout_at", "returned_at"):
            if col in circulation.columns:
                value = circulation[col].max()
                candidates.append(value.date() if isinstance(value, dt.datetime) else value)
    candidates = [c for c in candidates if c is not None]
    return max(candidates) if candidates else None


def copy_usage(
    circulation: pl.DataFrame, keys: list[str], *, recent_since: dt.date
) -> pl.DataFrame:
    """Per copy (by ``keys``): checkouts recorded, first and last, and recent checkouts.

    The checkouts are grouped by a 64-bit hash of the keys, which is twice as fast as
    grouping the barcode text itself over twenty million checkouts; every group is then
    checked to hold one barcode only, and if two barcodes ever shared a hash the exact
    (slower) grouping is used instead.
    """
    since = pl.lit(recent_since).cast(pl.Datetime("us"))
    stats = {
        "checkouts_recorded": pl.len().cast(pl.Int32),
        "first_recorded": pl.col("checkout_at").min().dt.date(),
        "last_recorded": pl.col("checkout_at").max().dt.date(),
        "recent_checkouts": (pl.col("checkout_at") >= since).sum().cast(pl.Int32),
    }
    hashed = (
        circulation.lazy()
        .group_by(_hash(keys).alias("_hash"))
        .agg(
            **{f"_{k}": pl.col(k).min() for k in keys},
            **{f"_{k}_max": pl.col(k).max() for k in keys},
            **{f"_{k}_nulls": pl.col(k).null_count() for k in keys},
            _n=pl.len(),
            **stats,
        )
        .collect()
    )
    # One key value per group (all null, or all equal) or the hash put two copies together.
    one_copy = pl.all_horizontal(
        (pl.col(f"_{k}_nulls") == pl.col("_n"))
        | ((pl.col(f"_{k}_nulls") == 0) & (pl.col(f"_{k}") == pl.col(f"_{k}_max")))
        for k in keys
    )
    if hashed.select(one_copy.all()).item():
        return hashed.select(*(pl.col(f"_{k}").alias(k) for k in keys), *stats)
    return circulation.lazy().group_by(keys).agg(**stats).collect()


def _hash(keys: list[str]) -> pl.Expr:
    return pl.col(keys[0]).hash() if len(keys) == 1 else pl.struct(keys).hash()
