"""The migration date and the evidence of use: from the history and from acquired dates."""

from __future__ import annotations

import datetime as dt

import polars as pl
from weeding_frames import TODAY, checkouts, item, items, one

from libanalytics.weeding import detect_migration, score_weeding
from libanalytics.weeding.evidence import acquired_pile, history_start

MIGRATED = dt.date(2019, 8, 26)


def busy_history(n_copies: int = 20) -> pl.DataFrame:
    """Copies T0001..T00nn each checked out every 50 days from the migration on, plus a
    stray test loan in 2011 typed into the old system."""
    pairs = [("T0001", dt.date(2011, 2, 3))]
    for n in range(1, n_copies + 1):
        day = MIGRATED + dt.timedelta(days=n % 7)
        while day < TODAY:
            pairs.append((f"T{n:04d}", day))
            day += dt.timedelta(days=50)
    return checkouts(*pairs)


def test_the_history_starts_after_stray_early_checkouts():
    assert history_start(busy_history()) == MIGRATED
    assert history_start(None) is None


def test_migration_from_where_the_first_checkouts_pile_up():
    catalog = items(*(item(n, section="Fiction") for n in range(1, 23)))
    found = detect_migration(catalog, busy_history())
    assert found.date == MIGRATED
    assert found.from_history == MIGRATED and found.from_acquired is None


def test_no_checkout_since_the_migration_is_never_called_never_checked_out():
    catalog = items(
        *(item(n, section="Fiction") for n in range(1, 21)),
        # on the shelf since 2012, no checkout in the history
        item(21, section="Fiction", acquired=dt.date(2012, 4, 2)),
        # the old system counted 14 checkouts, the history holds none
        item(22, section="Fiction", acquired=dt.date(2013, 4, 2), total_checkouts=14),
        # the old system's last checkout is older than the history
        item(23, section="Fiction", last_checkout=dt.date(2018, 5, 2), total_checkouts=3),
        # acquired after the migration, never checked out since
        item(24, section="Fiction", acquired=dt.date(2022, 10, 3)),
    )
    result = score_weeding(catalog, busy_history(), today=TODAY)
    assert result.migration_date == MIGRATED
    since_migration = (
        "no checkout recorded since the migration in August 2019; "
        "the fiction rule allows 2 years unused"
    )
    for barcode in ("T0021", "T0022"):
        row = one(result, barcode)
        assert row["reasons"] == [since_migration]
        assert row["last_used"] is None
        assert row["years_unused"] == (TODAY - MIGRATED).days / 365.25
        assert row["decision"] == "candidate"
    older = one(result, "T0023")
    assert older["last_used"] == dt.date(2018, 5, 2)
    assert older["reasons"] == [
        "not checked out since May 2018; the fiction rule allows 2 years unused"
    ]
    newer = one(result, "T0024")
    assert newer["reasons"] == [
        "not checked out since it was acquired in October 2022; the fiction rule allows 2 years unused"
    ]
    busy = one(result, "T0005")
    assert busy["decision"] == "keep" and busy["reasons"][0].startswith("last checked out ")
    assert not result.copies["reasons"].list.join(" ").str.contains("never").any()


def test_migration_from_where_acquired_dates_pile_up():
    migrated = dt.date(2019, 8, 2)
    catalog = items(
        *(
            item(n, section="Fiction", acquired=migrated, total_checkouts=n % 3)
            for n in range(1, 11)
        ),
        item(11, section="Fiction", acquired=dt.date(2020, 5, 1)),
        item(12, section="Fiction", acquired=dt.date(2020, 11, 20)),
    )
    assert acquired_pile(catalog) == migrated
    # Without a history, the library system's own counts start at the migration.
    result = score_weeding(catalog, today=dt.date(2021, 1, 10))
    assert result.migration_date == migrated
    assert result.migration.from_acquired == migrated and result.migration.from_history is None
    row = one(result, "T0001")
    assert row["reasons"] == [
        "no checkout recorded since the migration in August 2019; "
        "the fiction rule allows 2 years unused"
    ]
    # Acquired on the migration day is not "recently acquired"; acquired after it is.
    assert row["protected"] is None
    assert one(result, "T0011")["protected"] == "recently acquired"
    assert one(result, "T0011")["reasons"][-1] == (
        "protected: acquired May 2020, within the last 2 years"
    )


def test_no_acquired_pile_among_ordinary_purchases():
    catalog = items(*(item(n) for n in range(1, 30)))
    assert acquired_pile(catalog) is None
    # one big order is not a migration when others are as big
    same = [item(n, acquired=dt.date(2015, 9, 1)) for n in range(1, 7)]
    other = [item(n, acquired=dt.date(2016, 9, 1)) for n in range(7, 13)]
    assert acquired_pile(items(*same, *other)) is None


def test_a_history_without_a_pile_is_only_the_start_of_the_history():
    # Forty copies whose first checkouts spread over five years: the history is whole
    # from its first day, not cut off by a migration.
    start = dt.date(2020, 3, 2)
    pairs = [(f"T{n:04d}", start + dt.timedelta(days=45 * n)) for n in range(40)]
    pairs.append(("T0000", start + dt.timedelta(days=3)))
    catalog = items(
        *(
            item(n, section="Fiction", acquired=start + dt.timedelta(days=45 * n - 30))
            for n in range(40)
        ),
        item(50, section="Fiction", acquired=dt.date(2015, 1, 5)),
    )
    result = score_weeding(catalog, checkouts(*pairs), today=TODAY)
    assert result.migration_date is None
    assert result.migration.history_start == start
    assert one(result, "T0050")["reasons"] == [
        "no checkout recorded since the checkout history begins in March 2020; "
        "the fiction rule allows 2 years unused"
    ]


def test_circulation_joins_on_site_when_barcodes_repeat_across_schools():
    catalog = items(
        item(1, site="North", barcode="100", section="Fiction", acquired=dt.date(2015, 1, 1)),
        item(2, site="South", barcode="100", section="Fiction", acquired=dt.date(2015, 2, 1)),
    )
    history = checkouts(("100", dt.date(2026, 3, 1))).with_columns(site=pl.lit("South"))
    result = score_weeding(catalog, history, today=TODAY)
    by_site = dict(result.copies.select("site", "last_used").iter_rows())
    assert by_site == {"North": None, "South": dt.date(2026, 3, 1)}


def test_copy_usage_matches_the_exact_grouping_even_when_hashes_collide(monkeypatch):
    from libanalytics.weeding import evidence

    history = busy_history(6).with_columns(site=pl.lit("North"))
    exact = (
        history.group_by("barcode")
        .agg(
            pl.len().cast(pl.Int32).alias("checkouts_recorded"),
            pl.col("checkout_at").max().dt.date().alias("last_recorded"),
        )
        .sort("barcode")
    )
    since = dt.date(2024, 6, 1)

    def usage():
        return (
            evidence.copy_usage(history, ["barcode"], recent_since=since)
            .select(exact.columns)
            .sort("barcode")
        )

    assert usage().equals(exact)
    # Every barcode given the same hash: the exact grouping is used instead.
    monkeypatch.setattr(evidence, "_hash", lambda keys: pl.lit(7, pl.UInt64))
    assert usage().equals(exact)


def test_without_an_acquired_date_a_newer_book_is_unused_only_since_publication():
    catalog = items(
        *(item(n, section="Fiction") for n in range(1, 21)),
        item(21, section="Fiction", acquired=None, pub_year=2025),
        item(22, section="Fiction", acquired=None, pub_year=2010),
    )
    result = score_weeding(catalog, busy_history(), today=TODAY)
    new = one(result, "T0021")
    assert new["reasons"] == [
        "no checkout recorded since it was published in 2025; the fiction rule allows 2 years unused"
    ]
    assert new["years_unused"] == (TODAY - dt.date(2025, 1, 1)).days / 365.25
    assert new["decision"] == "keep"
    old = one(result, "T0022")
    assert old["reasons"][0].startswith("no checkout recorded since the migration in August 2019")
    assert old["decision"] == "candidate"
