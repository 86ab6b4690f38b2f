"""Shelf order within a scan session: which copies stand out of place.

A volunteer scans a shelf from left to right, so the reads of a session should come in
shelf order. The copies out of place are the ones outside the longest run of reads that
is already in order (a longest non-decreasing subsequence of shelf positions): flagging
anything else would blame the neighbours of a stray copy, or everything after it.

>>> keep_in_shelf_order([1, 2, 3, 4])
[True, True, True, True]
>>> keep_in_shelf_order([1, 9, 2, 3, 4])     # one copy far out of place
[True, False, True, True, True]
>>> keep_in_shelf_order([1, 3, 2, 4])        # two neighbours swapped: keep the one read first
[True, True, False, True]
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

import polars as pl


def keep_in_shelf_order(positions: Sequence[int]) -> list[bool]:
    """Which reads to keep: the longest run already in shelf order, earliest reads on ties.

    ``positions`` are shelf positions in read order (equal positions, such as two copies
    of one title, are in order either way). Of all the longest runs in order, the one
    keeping the earliest reads wins, so of two swapped neighbours the one read first is
    kept and the other flagged. O(n log n): one pass from the end works out, for every
    read, the longest run in order that starts with it; one pass from the start then
    picks the earliest reads that still complete a longest run.

    Parameters
    ----------
    positions:
        Whole numbers, one per read, in the order the reads were made.

    Returns
    -------
    list of bool
        True for the reads in the kept run, False for the copies out of place.
    """
    n = len(positions)
    run_from = [0] * n
    # tails[k]: among runs of length k+1 found so far (walking backwards), the largest
    # first position, negated so that the list ascends and bisect applies.
    tails: list[int] = []
    for i in range(n - 1, -1, -1):
        value = -positions[i]
        k = bisect_right(tails, value)
        if k == len(tails):
            tails.append(value)
        else:
            tails[k] = value
        run_from[i] = k + 1
    keep = [False] * n
    need = len(tails)
    last = None
    for i in range(n):
        if need == 0:
            break
        if run_from[i] == need and (last is None or positions[i] >= last):
            keep[i] = True
            last = positions[i]
            need -= 1
    return keep


def flag_out_of_order(reads: pl.DataFrame, *, by: str, position: str) -> pl.Series:
    """For reads sorted by ``by`` then read order, True where a copy stands out of place.

    The longest run in order is taken separately within each group of ``by`` (one
    section's stretch of a scan session). A read with no later read before it on the
    shelf and no earlier read after it is in every longest run, so only the stretches
    between such reads go through `keep_in_shelf_order`: on a tidy shelf, very few.

    >>> reads = pl.DataFrame({"stretch": [1, 1, 1, 1, 2, 2], "pos": [1, 3, 2, 4, 9, 8]})
    >>> flag_out_of_order(reads, by="stretch", position="pos").to_list()
    [False, False, True, False, False, True]
    """
    if reads.height == 0:
        return pl.Series("out_of_order", [], dtype=pl.Boolean)
    pos = pl.col(position)
    before = pos.cum_max().shift(1).over(by)
    after = pos.cum_min(reverse=True).shift(-1).over(by)
    forced = ((before <= pos) | before.is_null()) & ((pos <= after) | after.is_null())
    frame = reads.select(
        by, position, forced.alias("forced"), pl.int_range(pl.len()).alias("row")
    ).with_columns(part=pl.col("forced").cum_sum().over(by))
    open_ = frame.filter(~pl.col("forced"))
    flags = pl.Series("out_of_order", [False] * reads.height, dtype=pl.Boolean)
    if open_.height == 0:
        return flags
    sizes = open_.group_by(by, "part", maintain_order=True).len()["len"].to_list()
    values = open_[position].to_list()
    out: list[bool] = []
    start = 0
    for size in sizes:
        out.extend(not k for k in keep_in_shelf_order(values[start : start + size]))
        start += size
    return flags.scatter(open_["row"], pl.Series(out, dtype=pl.Boolean))
