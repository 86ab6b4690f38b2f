"""Shelf keys for a district's call numbers, beside pycallnumber.

The labels are generated the way a district's holdings look: titles with several copies
(so labels repeat), sections in school proportions, author marks from a pool of
surnames, Dewey numbers clustered in the classes schools buy, and a few LC numbers and
unreadable labels.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from run import Job

from libanalytics.callnumber import shelf_key

_SECTIONS = [
    # share, how the label starts
    (0.22, ["FIC", "FIC", "J FIC", "YA FIC", "F", "SPA FIC"]),
    (0.18, ["E", "E", "EASY", "E FIC", "PIC", "SPA E"]),
    (0.38, [""] * 6 + ["J", "REF", "YA", "SPA", "PROF", "DVD"]),
    (0.08, ["B", "921", "BIO", "92"]),
    (0.06, ["GN", "741.5", "YA GN"]),
    (0.03, ["SC"]),
    (0.03, ["LC"]),
    (0.02, ["?"]),
]
_HUNDREDS_WEIGHTS = [0.03, 0.02, 0.03, 0.16, 0.02, 0.22, 0.12, 0.14, 0.10, 0.16]


def _titles(count: int, rng: np.random.Generator) -> list[str]:
    letters = np.array(list("ABCDEFGHIJKLMNOPRSTWY"))
    marks = ["".join(rng.choice(letters, 3)) for _ in range(3000)]
    shares = np.array([share for share, _ in _SECTIONS])
    kinds = rng.choice(len(_SECTIONS), size=count, p=shares / shares.sum())
    titles = []
    for kind in kinds:
        start = str(rng.choice(_SECTIONS[kind][1]))
        mark = marks[int(rng.integers(len(marks)))]
        if start == "LC":
            titles.append(
                f"{rng.choice(['QA', 'PS', 'E', 'F', 'QH', 'BF'])}{rng.integers(1, 9999)}"
                f".{rng.integers(1, 99)} .{mark[0]}{rng.integers(10, 999)} {rng.integers(1950, 2025)}"
            )
        elif start == "?":
            titles.append(str(rng.choice(["", "LOST", "SEE LIBRARIAN", "KIT 12", "MAG"])))
        elif start in ("", "J", "REF", "YA", "SPA", "PROF", "DVD"):
            hundreds = rng.choice(10, p=_HUNDREDS_WEIGHTS)
            dewey = f"{hundreds}{rng.integers(0, 100):02d}"
            if rng.random() < 0.7:
                dewey += "." + str(rng.integers(1, 9999)).rstrip("0")
            extra = str(rng.choice(["", "", "", " v.2", " 2010", " c.2"]))
            titles.append(f"{start} {dewey} {mark}{extra}".strip())
        else:
            titles.append(f"{start} {mark}")
    return titles


def prepare(rows: int) -> pl.Series:
    rng = np.random.default_rng(2024)
    titles = pl.Series("call_number", _titles(max(rows * 2 // 5, 1), rng))
    # Copies per title: most have one or two, a few class sets have many.
    copies = np.minimum(rng.zipf(2.5, size=len(titles)), 40)
    shelved = np.repeat(np.arange(len(titles)), copies)
    shelved = np.resize(rng.permutation(shelved), rows)
    return titles.gather(shelved)


def prepare_distinct(rows: int) -> pl.Series:
    """The worst case: every label different (a copy number on every spine)."""
    calls = prepare(rows)
    return calls + pl.Series([f" c.{i}" for i in range(1, rows + 1)])


def keys_with_pycallnumber(calls: pl.Series) -> list[str]:
    import pycallnumber

    keys = []
    for label in calls.to_list():
        try:
            keys.append(pycallnumber.callnumber(label).for_sort())
        except Exception:  # pycallnumber refuses some labels: keep them, as we do
            keys.append(label.lower())
    return keys


JOBS = [
    Job(
        name="shelf_keys",
        rows=lambda copies: min(copies, 1_000_000),
        prepare=prepare,
        fast=shelf_key,
        alternative=keys_with_pycallnumber,
        sample=lambda calls, n: calls.head(n),
        alternative_name="pycallnumber",
        sample_rows=500,
    ),
    Job(
        name="shelf_keys_all_distinct",
        rows=lambda copies: min(copies, 1_000_000),
        prepare=prepare_distinct,
        fast=shelf_key,
        alternative=keys_with_pycallnumber,
        sample=lambda calls, n: calls.head(n),
        alternative_name="pycallnumber",
        sample_rows=500,
    ),
]
