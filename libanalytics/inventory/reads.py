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
    (by their first time stamp, else by name), reads within a session by ``seq``.
    """
    reads = scans.with_row_index("read")
    copies = items.select("copy", "barcode", pl.col("site").alias("copy_site"))
    candidates = (
        reads.select("read", "barcode", "site")
        .join(copies, on="barcode", how="inner")
        .filter(
            pl.col("site").is_null()
            | pl.col("copy_site").is_null()
            | (pl.col("site") == pl.col("copy_site"))
        )
        .sort("read", "copy")
        .unique("read", keep="first", maintain_order=True)
        .select("read", "copy")
    )
    starts = reads.group_by("session").agg(pl.col("scanned_at").min().alias("session_start"))
    reads = (
        reads.join(candidates, on="read", how="left")
        .join(starts, on="session", how="left", nulls_equal=True)
        .sort(["session_start", "session", "seq", "read"], nulls_last=True)
        .with_row_index("order")
    )
    first = pl.col("order") == pl.col("order").min().over("copy")
    outcome = (
        pl.when(pl.col("barcode").is_null())
        .then(pl.lit(MALFORMED))
        .when(pl.col("copy").is_null() & is_isbn13(pl.col("barcode")))
        .then(pl.lit(ISBN_READ))
        .when(pl.col("copy").is_null())
        .then(pl.lit(UNKNOWN_BARCODE))
        .when(first)
        .then(pl.lit(MATCHED))
        .otherwise(pl.lit(DUPLICATE))
    )
    return reads.with_columns(outcome.alias("outcome")).drop("session_start")
