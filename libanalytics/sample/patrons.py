"""Invented patrons for the raw circulation export (the importers drop these columns).

Students by grade and homeroom, plus staff; each checkout goes to a patron of a grade
that reads that kind of book (picture books to K-2, professional books to staff).
"""

from __future__ import annotations

import numpy as np
import polars as pl

from . import words

# Bands of patrons: K-2, 3-5, 6-8, staff.
BAND_GRADES = (("K", "1", "2"), ("3", "4", "5"), ("6", "7", "8"), ("Staff",))
BAND_BY_KIND = {
    "easy": (0.75, 0.2, 0.03, 0.02),
    "fiction": (0.1, 0.5, 0.38, 0.02),
    "story": (0.1, 0.5, 0.38, 0.02),
    "ya": (0.0, 0.05, 0.9, 0.05),
    "graphic": (0.15, 0.5, 0.34, 0.01),
    "graphic741": (0.15, 0.5, 0.34, 0.01),
    "professional": (0.0, 0.0, 0.0, 1.0),
    "dvd": (0.05, 0.05, 0.05, 0.85),
}
DEFAULT_BANDS = (0.3, 0.35, 0.3, 0.05)


def make_patrons(rng: np.random.Generator, enrollment: int) -> pl.DataFrame:
    """Students (grades K-8, homerooms of about 24) and staff, with made-up names."""
    staff = max(3, enrollment // 20)
    n = enrollment + staff
    grade_idx = np.minimum((np.arange(enrollment) * 9) // max(enrollment, 1), 8)
    grades = np.concatenate(
        [np.array(words.GRADES, dtype=object)[grade_idx], np.full(staff, "Staff", dtype=object)]
    )
    room_in_grade = (np.arange(enrollment) % max(1, enrollment // 9 // 24 + 1)).astype(np.int64)
    teacher = np.array(words.PATRON_SURNAMES, dtype=object)[
        (grade_idx * 7 + room_in_grade * 3) % len(words.PATRON_SURNAMES)
    ]
    room = (100 + grade_idx * 10 + room_in_grade).astype(str).astype(object)
    homeroom = np.concatenate([room + " " + teacher, np.full(staff, "", dtype=object)])
    name = (
        np.array(words.PATRON_SURNAMES, dtype=object)[
            rng.integers(0, len(words.PATRON_SURNAMES), n)
        ]
        + ", "
        + np.array(words.PATRON_FIRST_NAMES, dtype=object)[
            rng.integers(0, len(words.PATRON_FIRST_NAMES), n)
        ]
    )
    ids = rng.choice(900_000, n, replace=False) + 2_000_000
    band = np.concatenate([grade_idx // 3, np.full(staff, 3)])
    return pl.DataFrame(
        {
            "Patron Name": name.tolist(),
            "Patron Barcode": ids.astype(str).tolist(),
            "Grade Level": grades.tolist(),
            "Homeroom": homeroom.tolist(),
            "band": band.astype(np.int64),
        }
    )


def assign_patrons(
    rng: np.random.Generator, kinds: np.ndarray, patrons: pl.DataFrame
) -> np.ndarray:
    """A patron row for each checkout, by the kind of book checked out."""
    band = patrons["band"].to_numpy()
    order = np.argsort(band, kind="stable")
    counts = np.bincount(band, minlength=4)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    probs = np.array([BAND_BY_KIND.get(k, DEFAULT_BANDS) for k in KIND_LIST])
    kind_code = np.searchsorted(np.array(KIND_LIST), kinds)
    cum = np.cumsum(probs[kind_code], axis=1)
    chosen = (rng.random(len(kinds))[:, None] > cum).sum(axis=1)
    chosen = np.minimum(chosen, 3)
    chosen = np.where(counts[chosen] == 0, 3, chosen)
    within = np.floor(rng.random(len(kinds)) * counts[chosen]).astype(np.int64)
    return order[starts[chosen] + within]


KIND_LIST = tuple(
    sorted(
        (
            "easy",
            "fiction",
            "story",
            "ya",
            "graphic",
            "graphic741",
            "nonfiction",
            "biography",
            "collective",
            "reference",
            "professional",
            "dvd",
            "spanish",
            "ebook",
        )
    )
)
