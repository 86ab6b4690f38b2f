"""Reads: which copy each scanner read belongs to, and what became of the rest.

Every read gets one outcome: ``matched`` (the first read of a copy), ``duplicate`` (the
same copy read again), ``unknown_barcode`` (no copy has it), ``isbn`` (the ISBN from a
book's cover, not a copy barcode) or ``malformed`` (nothing a barcode could be).
"""

from __future__ import annotations

import polars as pl

from ..schema import DUPLICATE, ISBN_READ, MALFORMED, MATCHED, UNKNOWN_BARCODE


def is_isbn13(barcode: pl.Expr) -> pl.Expr:
    """True where a barcode is a 13-digit ISBN (978/979 with a valid check digit).

    >>> frame = pl.DataFrame({"b": ["9780306406157", "9780306406158", "0001234"]})
    >>> frame.select(is_isbn13(pl.col("b")))["b"].to_list()
    [True, False, False]
    """
    digits = [barcode.str.slice(i, 1).cast(pl.Int32, strict=False) for i in range(13)]
    weighted = sum(d * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits))
    return barcode.str.contains(r"^97[89]\d{10}$").fill_null(False) & (
        weighted % 10 == 0
    ).fill_null(False)


def match_reads(items: pl.DataFrame, scans: pl.DataFrame) -> pl.DataFrame:
    """The reads in read order, each with the copy it matched (``copy``) and its outcome.

    ``items`` carries a ``copy`` row number; ``scans`` is the canonical scans table. A
    read that carries a ``site`` only matches a copy of that school (barcodes are unique
    within a school, not across a district). Sessions are taken in the order they began
    (by their first time stamp, else by name), reads within a session by ``seq``; the
    first read of a copy is ``matched``, later ones are ``duplicate``.
    """
    reads = scans.with_row_index("read")
    copies = items.select("copy", "barcode", pl.col("site").alias("copy_site"))
    candidates = reads.select("read", "barcode", "site").join(
        copies, on="barcode", how="inner", maintain_order="left"
    )
    if items["site"].null_count() < items.height:
        candidates = candidates.filter(
            pl.col("site").is_null()
            | pl.col("copy_site").is_null()
            | (pl.col("site") == pl.col("copy_site"))
        )
    if candidates["read"].n_unique() < candidates.height:
        # The same barcode at two schools, read without a site: take the first school.
        candidates = candidates.unique("read", keep="first", maintain_order=True)
    reads = reads.join(
        candidates.select("read", "copy"), on="read", how="left", maintain_order="left"
    )
    reads = reads.with_columns(session_rank=_session_rank(reads)).sort(
        "session_rank", "seq", "read", nulls_last=True
    )
    reads = reads.with_row_index("order")
    outcome = (
        pl.when(pl.col("barcode").is_null())
        .then(pl.lit(MALFORMED))
        .when(pl.col("copy").is_null())
        .then(pl.lit(UNKNOWN_BARCODE))
        .when(pl.col("copy").is_first_distinct())
        .then(pl.lit(MATCHED))
        .otherwise(pl.lit(DUPLICATE))
    )
    reads = reads.with_columns(outcome.alias("outcome")).drop("session_rank")
    unknown = reads.filter(pl.col("outcome") == UNKNOWN_BARCODE).select("order", "barcode")
    isbn = unknown.filter(is_isbn13(pl.col("barcode")))["order"]
    if len(isbn):
        reads = reads.with_columns(
            reads["outcome"].scatter(isbn, pl.repeat(ISBN_READ, len(isbn), eager=True))
        )
    return reads


def _session_rank(reads: pl.DataFrame) -> pl.Series:
    """Each read's session number, sessions ordered by when they began, then by name.

    Works on runs of one session (reads arrive file by file), so the sort of sessions
    happens on a table with one row per run rather than one per read.
    """
    run = (pl.col("session").ne_missing(pl.col("session").shift(1))).fill_null(True).cum_sum()
    runs = reads.select(run.alias("run"), "session", "scanned_at")
    per_run = runs.group_by("run", maintain_order=True).agg(
        pl.col("session").first(), pl.col("scanned_at").min()
    )
    per_session = (
        per_run.group_by("session", maintain_order=True)
        .agg(pl.col("scanned_at").min().alias("start"))
        .sort("start", "session", nulls_last=True)
        .with_row_index("session_rank")
    )
    per_run = per_run.join(
        per_session.select("session", "session_rank"), on="session", how="left", nulls_equal=True
    )
    return runs.select("run").join(
        per_run.select("run", "session_rank"), on="run", how="left", maintain_order="left"
    )["session_rank"]
