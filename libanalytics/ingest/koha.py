"""Koha's copy status, from the flags Koha keeps instead of one status.

Koha records a copy's state as independent flags: ``withdrawn``, ``itemlost``,
``damaged``, ``notforloan`` and ``onloan`` (the due date while it is out). A Koha items
report has them as columns; a MARC export has them in the 952 field as $0, $1, $4, $7 and
$q. Both importers give the flags' text to `koha_status`, so a copy has the same status
whichever way it was exported.

>>> flags = pl.DataFrame(
...     {"_withdrawn": ["0", "0", "0", "1"], "_lost": ["4", "0", "0", "1"],
...      "_damaged": ["0", "1", "0", "0"], "_notforloan": ["0", "0", "-1", "0"],
...      "_onloan": [None, None, None, None]},
... )
>>> flags.select(koha_status()).to_series().to_list()
['missing', 'damaged', 'on_order', 'withdrawn']
"""

from __future__ import annotations

import polars as pl

# The flag columns, named as the importers name them, with the 952 subfield of each.
FLAG_SUBFIELDS = {
    "_withdrawn": "0",
    "_lost": "1",
    "_damaged": "4",
    "_notforloan": "7",
    "_onloan": "q",
}
FLAGS = tuple(FLAG_SUBFIELDS)

# Koha's LOST values: 1 lost, 2 long overdue, 3 lost and paid for, 4 missing, 5 missing
# from an inventory.
_MISSING = ("4", "5")


def koha_status(columns: list[str] | tuple[str, ...] = FLAGS) -> pl.Expr:
    """The canonical status of each copy from the text of Koha's flag columns.

    Parameters
    ----------
    columns:
        The flag columns present (``FLAGS`` or some of them); a missing one counts as
        Koha's default, 0. Blank and ``0`` mean the flag is not set.

    Returns
    -------
    polars.Expr
        ``status``: the flag that decides where the copy is wins, in this order:
        withdrawn; lost (``missing`` for Koha's lost values 4 and 5); on loan
        (``checked_out``); a negative not-for-loan value (``on_order``); damaged; else
        ``available`` (a positive not-for-loan value, such as reference, still stands on
        the shelf).
    """

    def text(col: str) -> pl.Expr:
        if col not in columns:
            return pl.lit(None, dtype=pl.String)
        value = pl.col(col).cast(pl.String).str.strip_chars()
        return pl.when(value.is_in(["", "0"])).then(None).otherwise(value)

    lost, not_for_loan = text("_lost"), text("_notforloan")
    return (
        pl.when(text("_withdrawn").is_not_null())
        .then(pl.lit("withdrawn"))
        .when(lost.is_in(_MISSING))
        .then(pl.lit("missing"))
        .when(lost.is_not_null())
        .then(pl.lit("lost"))
        .when(text("_onloan").is_not_null())
        .then(pl.lit("checked_out"))
        .when(not_for_loan.str.starts_with("-"))
        .then(pl.lit("on_order"))
        .when(text("_damaged").is_not_null())
        .then(pl.lit("damaged"))
        .otherwise(pl.lit("available"))
        .alias("status")
    )
