"""Where each read copy stood: in its place, out of shelf order, or in the wrong place.

Works on the first read of each copy, session by session, in read order:

- a copy on a display (by its catalog location or the shelf the scanner file names) is
  exempt: displays are not in shelf order;
- a short stretch of copies from another section or location, read between copies of
  one section or location, is in the wrong location; so is a copy whose catalog
  location differs from most copies read under the same ``# location:`` line;
- within each session's stretch of one section, the copies outside the longest run
  already in shelf order are misshelved, each with the kept copies it belongs between
  and how many copies away it stood.
"""

from __future__ import annotations

import polars as pl

from .shelf_order import flag_out_of_order

# A stretch of at most this many copies from another section, read between copies of one
# section, is taken as copies left in the wrong place rather than a section boundary.
MAX_STRAY_RUN = 3
# Shelving locations whose copies are exempt from shelf order (displays, new books).
DISPLAY_PATTERN = r"(?i)display|exhibit|new books|featured"

_SPREAD = 1 << 22  # room for a position within a stretch in a combined sort key


def is_display(location: pl.Expr) -> pl.Expr:
    """True where a shelving location is a display (its copies are not in shelf order)."""
    return location.str.contains(DISPLAY_PATTERN).fill_null(False)


def place_reads(first_reads: pl.DataFrame) -> pl.DataFrame:
    """Judge where each copy stood.

    ``first_reads`` holds one row per read copy (its first read), sorted in read order,
    with ``copy``, ``session``, ``order``, ``read_location`` (the scanner file's
    ``# location:``), the copy's ``section``, ``location``, ``call_number``,
    ``barcode`` and ``pos`` (its rank in shelf order, null without a call number).

    Returns ``copy`` with ``exempt``, ``wrong_location``, ``found_among``,
    ``misshelved``, ``belongs_after``, ``belongs_before``, ``displacement``.
    """
    reads = first_reads.with_columns(
        exempt=is_display(pl.col("location")) | is_display(pl.col("read_location")),
        label=pl.concat_str(
            [pl.col("section").fill_null(""), pl.col("location").fill_null("")],
            separator=" / ",
        ),
    )
    judged = reads.filter(~pl.col("exempt") & pl.col("pos").is_not_null())
    judged = judged.join(_strays(judged), on="copy", how="left").with_columns(
        pl.col("stray").fill_null(False)
    )
    judged = judged.join(_location_strays(judged), on="copy", how="left").with_columns(
        pl.col("stray_location").fill_null(False)
    )
    wrong = pl.col("stray") | pl.col("stray_location")
    found_among = (
        pl.when(pl.col("stray_location"))
        .then(pl.col("read_location"))
        .when(pl.col("stray"))
        .then(pl.col("context_section").fill_null(pl.col("context_label")))
    )
    judged = judged.with_columns(wrong_location=wrong, found_among=found_among)
    ordered = _misshelved(judged.filter(~pl.col("wrong_location")))
    out = judged.select("copy", "wrong_location", "found_among").join(
        ordered, on="copy", how="left"
    )
    return (
        reads.select("copy", "exempt")
        .join(out, on="copy", how="left")
        .with_columns(
            pl.col("wrong_location").fill_null(False), pl.col("misshelved").fill_null(False)
        )
    )


def _runs(frame: pl.DataFrame, label: str) -> pl.Expr:
    """Run numbers: a new run where the session or the label changes (frame in read order)."""
    change = (pl.col(label) != pl.col(label).shift(1)) | (
        pl.col("session") != pl.col("session").shift(1)
    )
    return change.fill_null(True).cum_sum()


def _strays(judged: pl.DataFrame) -> pl.DataFrame:
    runs = judged.with_columns(run=_runs(judged, "label"))
    table = (
        runs.group_by("run", maintain_order=True)
        .agg(
            pl.col("session").first(),
            pl.col("label").first(),
            pl.col("section").first(),
            pl.len().alias("size"),
        )
        .with_columns(
            before=pl.col("label").shift(1).over("session"),
            after=pl.col("label").shift(-1).over("session"),
            context_section=pl.col("section").shift(1).over("session"),
        )
        .with_columns(
            stray=(pl.col("size") <= MAX_STRAY_RUN)
            & (pl.col("before") == pl.col("after"))
            & (pl.col("before") != pl.col("label"))
        )
        .select(
            "run",
            pl.col("stray").fill_null(False),
            "context_section",
            pl.col("before").alias("context_label"),
        )
    )
    return runs.join(table, on="run", how="left").select(
        "copy", "stray", "context_section", "context_label"
    )


def _location_strays(judged: pl.DataFrame) -> pl.DataFrame:
    marked = judged.filter(pl.col("read_location").is_not_null() & pl.col("location").is_not_null())
    if marked.height == 0:
        return pl.DataFrame(schema={"copy": pl.UInt32, "stray_location": pl.Boolean})
    usual = (
        marked.group_by("session", "read_location", "location")
        .len()
        .sort("len", "location", descending=[True, False])
        .group_by("session", "read_location", maintain_order=True)
        .agg(
            pl.col("location").first().alias("usual"),
            (pl.col("len").first() * 2 > pl.col("len").sum()).alias("clear"),
        )
    )
    return (
        marked.join(usual, on=["session", "read_location"], how="left")
        .with_columns(
            stray_location=pl.col("clear")
            & (pl.col("location").str.to_lowercase() != pl.col("usual").str.to_lowercase())
        )
        .select("copy", "stray_location")
    )


def _misshelved(placed: pl.DataFrame) -> pl.DataFrame:
    """Longest run in shelf order per session stretch of one section; the rest misshelved."""
    placed = placed.with_columns(stretch=_runs(placed, "label"))
    placed = placed.with_columns(
        misshelved=flag_out_of_order(placed, by=["stretch"], position="pos"),
        at=pl.int_range(pl.len()).over("stretch"),
    )
    name = pl.format("{} (barcode {})", pl.col("call_number"), pl.col("barcode"))
    kept = (
        placed.filter(~pl.col("misshelved"))
        .select("stretch", "pos", "at", name.alias("name"))
        .with_columns(key=pl.col("pos").cast(pl.Int64) * _SPREAD + pl.col("at"))
        .sort("key")
    )
    flagged = placed.filter(pl.col("misshelved")).select(
        "copy", "stretch", "pos", "at", "misshelved"
    )
    if flagged.height == 0:
        return placed.select(
            "copy",
            "misshelved",
            pl.lit(None, pl.String).alias("belongs_after"),
            pl.lit(None, pl.String).alias("belongs_before"),
            pl.lit(None, pl.Int64).alias("displacement"),
        )
    after = (
        flagged.with_columns(key=pl.col("pos").cast(pl.Int64) * _SPREAD + (_SPREAD - 1))
        .sort("key")
        .join_asof(
            kept.select(
                "stretch",
                "key",
                pl.col("at").alias("after_at"),
                pl.col("name").alias("belongs_after"),
            ),
            on="key",
            by="stretch",
            strategy="backward",
            check_sortedness=False,
        )
    )
    before = (
        flagged.with_columns(key=pl.col("pos").cast(pl.Int64) * _SPREAD)
        .sort("key")
        .join_asof(
            kept.select(
                "stretch",
                "key",
                pl.col("at").alias("before_at"),
                pl.col("name").alias("belongs_before"),
            ),
            on="key",
            by="stretch",
            strategy="forward",
            check_sortedness=False,
        )
    )
    where = after.select("copy", "at", "after_at", "belongs_after").join(
        before.select("copy", "before_at", "belongs_before"), on="copy"
    )
    stood, a, b = (
        pl.col("at").cast(pl.Int64),
        pl.col("after_at").cast(pl.Int64),
        pl.col("before_at").cast(pl.Int64),
    )
    displacement = (
        pl.when(a.is_not_null() & (stood > a))
        .then(stood - a - 1)
        .when(a.is_not_null())
        .then(a - stood)
        .when(stood < b)
        .then(b - stood - 1)
        .otherwise(stood - b)
    )
    where = where.select(
        "copy", "belongs_after", "belongs_before", displacement.alias("displacement")
    )
    return placed.select("copy", "misshelved").join(where, on="copy", how="left")
