"""Invented patrons for the raw circulation export (the importers drop these columns).

Students by grade and homeroom, plus staff; each checkout goes to a patron of a grade
that reads that kind of book (at a K-8 school picture books to K-2, professional books to
staff). The grades follow the school's level: K-5, 6-8, K-8 or 9-12.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from . import words

# Grades enrolled at each school level (see `levels.LEVELS`).
LEVEL_GRADES = {
    "elementary": ("K", "1", "2", "3", "4", "5"),
    "middle": ("6", "7", "8"),
    "k8": words.GRADES,
    "high": ("9", "10", "11", "12"),
}
# Each level's students fall in three bands, youngest first; band 3 is staff.
# K-8: K-2, 3-5, 6-8. Elementary: K-1, 2-3, 4-5. Middle: 6, 7, 8. High: 9, 10, 11-12.
LEVEL_BAND_OF_GRADE = {
    "elementary": (0, 0, 1, 1, 2, 2),
    "middle": (0, 1, 2),
    "k8": (0, 0, 0, 1, 1, 1, 2, 2, 2),
    "high": (0, 1, 2, 2),
}
# Which band borrows each kind of book (youngest, middle, oldest, staff).
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
LEVEL_BAND_BY_KIND = {
    "elementary": {
        "easy": (0.6, 0.3, 0.08, 0.02),
        "fiction": (0.1, 0.4, 0.48, 0.02),
        "story": (0.1, 0.4, 0.48, 0.02),
        "graphic": (0.2, 0.4, 0.39, 0.01),
        "graphic741": (0.2, 0.4, 0.39, 0.01),
        "professional": (0.0, 0.0, 0.0, 1.0),
        "dvd": (0.05, 0.05, 0.05, 0.85),
    },
    "middle": {
        "easy": (0.3, 0.3, 0.3, 0.1),
        "ya": (0.25, 0.3, 0.4, 0.05),
        "professional": (0.0, 0.0, 0.0, 1.0),
        "dvd": (0.05, 0.05, 0.05, 0.85),
    },
    "k8": BAND_BY_KIND,
    "high": {
        "easy": (0.2, 0.2, 0.2, 0.4),
        "professional": (0.0, 0.0, 0.0, 1.0),
        "dvd": (0.05, 0.05, 0.05, 0.85),
    },
}
LEVEL_DEFAULT_BANDS = {
    "elementary": (0.3, 0.35, 0.3, 0.05),
    "middle": (0.32, 0.32, 0.32, 0.04),
    "k8": DEFAULT_BANDS,
    "high": (0.28, 0.26, 0.4, 0.06),
}


def make_patrons(rng: np.random.Generator, enrollment: int, level: str = "k8") -> pl.DataFrame:
    """Students (the grades of ``level``, homerooms of about 24) and staff, with made-up names.

    >>> people = make_patrons(np.random.default_rng(1), 200, "high")
    >>> sorted(set(people["Grade Level"]))
    ['10', '11', '12', '9', 'Staff']
    """
    level_grades = LEVEL_GRADES[level]
    n_grades = len(level_grades)
    staff = max(3, enrollment // 20)
    n = enrollment + staff
    grade_idx = np.minimum((np.arange(enrollment) * n_grades) // max(enrollment, 1), n_grades - 1)
    grades = np.concatenate(
        [np.array(level_grades, dtype=object)[grade_idx], np.full(staff, "Staff", dtype=object)]
    )
    per_grade = enrollment // n_grades // 24 + 1
    room_in_grade = (np.arange(enrollment) % max(1, per_grade)).astype(np.int64)
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
    band = np.concatenate([np.array(LEVEL_BAND_OF_GRADE[level])[grade_idx], np.full(staff, 3)])
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
    rng: np.random.Generator, kinds: np.ndarray, patrons: pl.DataFrame, level: str = "k8"
) -> np.ndarray:
    """A patron row for each checkout, by the kind of book checked out and the school level."""
    band = patrons["band"].to_numpy()
    order = np.argsort(band, kind="stable")
    counts = np.bincount(band, minlength=4)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    by_kind, default = LEVEL_BAND_BY_KIND[level], LEVEL_DEFAULT_BANDS[level]
    probs = np.array([by_kind.get(k, default) for k in KIND_LIST])
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
