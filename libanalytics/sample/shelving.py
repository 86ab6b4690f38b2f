"""Shelf order of generated copies: the call-number module's key, or a stand-in until it lands.

The scanner files must be in the order the inventory checks them against, so the
generator uses `libanalytics.callnumber.shelf_key` whenever it is available.
"""

from __future__ import annotations

import polars as pl

from .. import callnumber

# Section order on the shelves for the stand-in key.
_KIND_RANK = {
    "easy": 0,
    "fiction": 1,
    "story": 2,
    "ya": 1,
    "graphic": 3,
    "graphic741": 4,
    "nonfiction": 4,
    "biography": 5,
    "collective": 4,
    "reference": 6,
    "professional": 7,
    "dvd": 8,
    "spanish": 9,
    "ebook": 10,
}


def shelf_keys(copies: pl.DataFrame) -> pl.Series:
    """A text key per copy that sorts in shelf order (needs ``call_number``)."""
    try:
        return callnumber.shelf_key(copies["call_number"]).alias("shelf")
    except NotImplementedError:
        return copies.select(_fallback_key()).to_series().alias("shelf")


def _fallback_key() -> pl.Expr:
    dewey = pl.col("klass").str.extract(r"^(\d{3})(\.\d+)?", 1)
    decimals = pl.col("klass").str.extract(r"^\d{3}\.(\d+)", 1).fill_null("")
    volume = pl.col("call_number").str.extract(r"v\.(\d+)$", 1).fill_null("0").str.zfill(4)
    return pl.concat_str(
        [
            pl.col("kind").replace_strict(_KIND_RANK, return_dtype=pl.String).str.zfill(2),
            pl.col("prefix").fill_null(""),
            dewey.fill_null("   "),
            decimals.str.pad_end(8, "0"),
            pl.col("cutter").fill_null(""),
            volume,
        ],
        separator="|",
    )
