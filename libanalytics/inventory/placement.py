"""Where each read copy stood: in its place, out of shelf order, or in the wrong place.

Works on the first read of each copy, session by session, in read order:

- a copy on a display (by its catalog location or the shelf the scanner file names) is
  exempt: displays are not in shelf order;
- a short stretch of copies from another section or location, read between copies of
  one section and location, is in the wrong location; so is a longer stretch read
  among the section most of its session read, when it is small beside that section's
  reads, and a short stretch at a session's start or end beside that section, unless
  its copies stand at the end of their own section (the scan ran over a section
  boundary); so is a copy whose catalog location differs from most copies read under
  the same ``# location:`` line;
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
# A longer stretch read among the section most of its session read is misplaced copies
# (a cart shelved in the wrong room) when that section has this many times its reads.
LONG_STRAY_RATIO = 4
# Shelving locations whose copies are exempt from shelf order (displays, new books).
DISPLAY_PATTERN = r"(?i)display|exhibit|new books|featured"

_SPREAD = 1 << 22  # room for a place within a stretch in a combined sort key


def is_display(location: pl.Expr) -> pl.Expr:
    """True where a shelving location is a display (its copies are not in shelf order)."""
    return location.str.contains(DISPLAY_PATTERN).fill_null(False)


def place_name(section: pl.Expr, location: pl.Expr) -> pl.Expr:
    """'Fiction', or 'Fiction, Young Adult' where the location says more than the section.

    >>> frame = pl.DataFrame({"s": ["Fiction", "Easy", None], "l": ["Young Adult", "easy", "AV"]})
    >>> frame.select(place_name(pl.col("s"), pl.col("l")))["s"].to_list()
    ['Fiction, Young Adult', 'Easy', 'AV']
    """
    same = location.is_null() | (location.str.to_lowercase() == section.str.to_lowercase())
    return (
        pl.when(same.fill_null(False))
        .then(section)
        .otherwise(pl.concat_str([section, location], separator=", ", ignore_nulls=True))
    )


def spread(values: pl.Series, rows: pl.Series, height: int, fill=None) -> pl.Series:
    """A column of ``height`` rows holding ``values`` at ``rows`` and ``fill`` elsewhere.

    The tables here are kept in one order and joined by row number, which is much
    cheaper than joining by key at district scale.

    >>> spread(pl.Series("x", [7, 9]), pl.Series([0, 2]), 4).to_list()
    [7, None, 9, None]
    """
    base = pl.repeat(fill, height, dtype=values.dtype, eager=True).alias(values.name)
    return base.scatter(rows, values) if len(rows) else base


def place_reads(first_reads: pl.DataFrame) -> pl.DataFrame:
    """Judge where each copy stood.

    ``first_reads`` holds one row per read copy (its first read), sorted in read order,
    with ``copy``, ``session``, ``read_location`` (the scanner file's ``# location:``),
    the copy's ``section``, ``location`` and ``pos`` (its place in shelf order, null
    without a call number), and optionally ``at_end`` (the copy is among the first or
    last `MAX_STRAY_RUN` copies of its section and location in shelf order).

    Returns a table with the same rows in the same order: ``exempt``,
    ``wrong_location``, ``found_among``, ``misshelved``, ``after_copy``,
    ``before_copy`` (the kept copies it belongs between) and ``displacement``.
    """
    n = first_reads.height
    reads = first_reads.select(
        "copy",
        "session",
        "section",
        "location",
        "read_location",
        "pos",
        at_end=pl.col("at_end") if "at_end" in first_reads.columns else pl.lit(False),
        exempt=is_display(pl.col("location")) | is_display(pl.col("read_location")),
    ).with_row_index("row")
    judged = reads.filter(~pl.col("exempt") & pl.col("pos").is_not_null())
    judged = _location_strays(_strays(judged))
    found_among = (
        pl.when(pl.col("stray_location"))
        .then(pl.col("read_location"))
        .when(pl.col("stray"))
        .then(place_name(pl.col("context_section"), pl.col("context_location")))
    )
    judged = judged.with_columns(
        wrong_location=pl.col("stray") | pl.col("stray_location"), found_among=found_among
    )
    ordered = _misshelved(judged.filter(~pl.col("wrong_location")))
    rows = judged["row"]
    columns = [
        reads["exempt"],
        spread(judged["wrong_location"], rows, n, False),
        spread(judged["found_among"], rows, n),
        spread(ordered["misshelved"], ordered["row"], n, False),
    ]
    flagged = ordered.filter(pl.col("misshelved"))
    for name in ("after_copy", "before_copy", "displacement"):
        columns.append(spread(flagged[name], flagged["row"], n))
    return pl.DataFrame(columns)


def _changes(*columns: str) -> pl.Expr:
    """True where a new run starts: the session or any of ``columns`` changes."""
    change = pl.col("session").ne_missing(pl.col("session").shift(1))
    for c in columns:
        change = change | pl.col(c).ne_missing(pl.col(c).shift(1))
    return change.fill_null(True)


def _strays(judged: pl.DataFrame) -> pl.DataFrame:
    judged = judged.with_columns(run=_changes("section", "location").cum_sum() - 1)
    runs = (
        judged.group_by("run", maintain_order=True)
        .agg(
            pl.col("session").first(),
            pl.col("section").first(),
            pl.col("location").first(),
            pl.len().alias("size"),
            pl.col("at_end").all(),
        )
        .with_columns(
            [
                pl.col(c).shift(n).over("session").alias(f"{c}_{name}")
                for c in ("section", "location", "size")
                for name, n in (("before", 1), ("after", -1))
            ]
        )
    )
    # The section (and location) most of each session's reads are from.
    usual = (
        runs.group_by("session", "section", "location")
        .agg(pl.col("size").sum().alias("usual_reads"))
        .sort("usual_reads", "section", "location", descending=[True, False, False])
        .group_by("session", maintain_order=True)
        .agg(
            pl.col("section").first().alias("usual_section"),
            pl.col("location").first().alias("usual_location"),
            pl.col("usual_reads").first(),
        )
    )
    runs = runs.join(usual, on="session", how="left", nulls_equal=True, maintain_order="left")

    def is_usual(side: str) -> pl.Expr:
        return pl.col(f"section{side}").eq_missing(pl.col("usual_section")) & pl.col(
            f"location{side}"
        ).eq_missing(pl.col("usual_location"))

    has_before, has_after = pl.col("size_before").is_not_null(), pl.col("size_after").is_not_null()
    same_around = pl.col("section_before").eq_missing(pl.col("section_after")) & pl.col(
        "location_before"
    ).eq_missing(pl.col("location_after"))
    small = pl.col("size") * LONG_STRAY_RATIO <= pl.col("usual_reads")
    among_usual = ~is_usual("") & small
    surrounded = has_before & has_after & same_around
    at_edge = has_before ^ has_after
    beside_usual = pl.when(has_before).then(is_usual("_before")).otherwise(is_usual("_after"))
    runs = runs.select(
        stray=(
            (surrounded & ((pl.col("size") <= MAX_STRAY_RUN) | (among_usual & is_usual("_before"))))
            | (
                at_edge
                & (pl.col("size") <= MAX_STRAY_RUN)
                & among_usual
                & beside_usual
                & ~pl.col("at_end")
            )
        ).fill_null(False),
        context_section=pl.coalesce("section_before", "section_after"),
        context_location=pl.when(has_before)
        .then(pl.col("location_before"))
        .otherwise(pl.col("location_after")),
    )
    # Runs are numbered from 0 in order, so a run's row in `runs` is its number.
    return judged.with_columns([col.gather(judged["run"]) for col in runs.get_columns()])


def _location_strays(judged: pl.DataFrame) -> pl.DataFrame:
    marked = judged.filter(pl.col("read_location").is_not_null() & pl.col("location").is_not_null())
    if marked.height == 0:
        return judged.with_columns(stray_location=pl.lit(False))
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
    strays = marked.join(
        usual, on=["session", "read_location"], how="left", maintain_order="left"
    ).select(
        "row",
        stray_location=(
            pl.col("clear")
            & (pl.col("location").str.to_lowercase() != pl.col("usual").str.to_lowercase())
        ).fill_null(False),
    )
    return judged.join(strays, on="row", how="left", maintain_order="left").with_columns(
        pl.col("stray_location").fill_null(False)
    )


def _misshelved(placed: pl.DataFrame) -> pl.DataFrame:
    """Longest run in shelf order per session stretch of one section; the rest misshelved."""
    placed = placed.select("row", "copy", "pos", stretch=_changes("section", "location").cum_sum())
    placed = placed.with_columns(
        misshelved=flag_out_of_order(placed, by="stretch", position="pos"),
        at=pl.int_range(pl.len()).over("stretch"),
    )
    flagged = placed.filter(pl.col("misshelved"))
    if flagged.height == 0:
        return placed.select(
            "row",
            "misshelved",
            pl.lit(None, pl.UInt32).alias("after_copy"),
            pl.lit(None, pl.UInt32).alias("before_copy"),
            pl.lit(None, pl.Int64).alias("displacement"),
        )
    key = pl.col("pos").cast(pl.Int64) * _SPREAD
    kept = (
        placed.filter(~pl.col("misshelved"))
        .select("stretch", "copy", "at", key=key + pl.col("at"))
        .sort("key")
    )
    after = (
        flagged.select("row", "stretch", "at", key=key + (_SPREAD - 1))
        .sort("key")
        .join_asof(
            kept.select(
                "stretch", "key", pl.col("at").alias("after_at"), pl.col("copy").alias("after_copy")
            ),
            on="key",
            by="stretch",
            strategy="backward",
            check_sortedness=False,
        )
    )
    before = (
        flagged.select("row", "stretch", key=key)
        .sort("key")
        .join_asof(
            kept.select(
                "stretch",
                "key",
                pl.col("at").alias("before_at"),
                pl.col("copy").alias("before_copy"),
            ),
            on="key",
            by="stretch",
            strategy="forward",
            check_sortedness=False,
        )
    )
    where = after.select("row", "at", "after_at", "after_copy").join(
        before.select("row", "before_at", "before_copy"), on="row"
    )
    stood, a, b = (pl.col(c).cast(pl.Int64) for c in ("at", "after_at", "before_at"))
    displacement = (
        pl.when(a.is_not_null() & (stood > a))
        .then(stood - a - 1)
        .when(a.is_not_null())
        .then(a - stood)
        .when(stood < b)
        .then(b - stood - 1)
        .otherwise(stood - b)
    )
    where = where.select("row", "after_copy", "before_copy", displacement.alias("displacement"))
    return placed.select("row", "misshelved").join(
        where, on="row", how="left", maintain_order="left"
    )
