"""Titles: real-looking titles, authors, call numbers and years for each section.

A title pool is built with numpy operations on whole arrays (no Python call per title), so
a district's shared pool costs no more than a school's. Call numbers follow what school
spine labels carry: ``E SEU``, ``FIC RIO``, ``SC SCH``, ``GN PIL``, ``741.5 TEL``,
``599.75 HAR``, ``B LIN``, ``92 LIN``, ``920 COL``, ``REF 031 WOR v.2``,
``PROF 372.4 FOU``, ``DVD 591.5 PLA``, ``SPA E CAR``, ``YA FIC GRE``, ``EBOOK 597.3 SHA``.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from . import words

# kind: (share of copies, location, material type, list price, price spread)
KINDS: dict[str, tuple[float, str, str, float, float]] = {
    "easy": (0.21, "Easy", "book", 17.99, 3.0),
    "fiction": (0.23, "Fiction", "book", 16.99, 3.0),
    "story": (0.01, "Fiction", "book", 17.99, 3.0),
    "ya": (0.03, "Young Adult", "book", 18.99, 2.5),
    "graphic": (0.04, "Graphic Novels", "book", 12.99, 2.0),
    "graphic741": (0.01, "Graphic Novels", "book", 14.99, 2.0),
    "nonfiction": (0.27, "Nonfiction", "book", 28.50, 6.0),
    "biography": (0.04, "Biography", "book", 27.00, 5.0),
    "collective": (0.005, "Nonfiction", "book", 29.95, 5.0),
    "reference": (0.03, "Reference", "book", 69.00, 25.0),
    "professional": (0.01, "Professional", "book", 32.00, 6.0),
    "dvd": (0.015, "AV", "DVD", 19.98, 4.0),
    "spanish": (0.03, "Spanish", "book", 15.99, 3.0),
    "ebook": (0.02, "Online", "ebook", 19.99, 5.0),
}
KIND_NAMES = tuple(KINDS)

# Share of copies by kind at each level of `levels.LEVELS` (any scale; ``k8`` is `KINDS`). An elementary school (K-5) is mostly
# picture books and juvenile fiction and nonfiction, with no young-adult shelf; a middle
# school (6-8) is mostly fiction, graphic novels and nonfiction, some YA, few picture
# books; a high school (9-12) has a large YA and general fiction shelf, more nonfiction,
# reference and professional books, and no picture books.
LEVEL_SHARES: dict[str, dict[str, float]] = {
    "elementary": {
        "easy": 0.36, "fiction": 0.19, "story": 0.005, "ya": 0.0, "graphic": 0.05,
        "graphic741": 0.01, "nonfiction": 0.24, "biography": 0.04, "collective": 0.005,
        "reference": 0.02, "professional": 0.01, "dvd": 0.015, "spanish": 0.04, "ebook": 0.015,
    },
    "middle": {
        "easy": 0.01, "fiction": 0.29, "story": 0.015, "ya": 0.11, "graphic": 0.07,
        "graphic741": 0.01, "nonfiction": 0.28, "biography": 0.06, "collective": 0.01,
        "reference": 0.035, "professional": 0.015, "dvd": 0.015, "spanish": 0.03, "ebook": 0.03,
    },
    "k8": {kind: values[0] for kind, values in KINDS.items()},
    "high": {
        "easy": 0.0, "fiction": 0.2, "story": 0.02, "ya": 0.19, "graphic": 0.05,
        "graphic741": 0.01, "nonfiction": 0.3, "biography": 0.05, "collective": 0.01,
        "reference": 0.06, "professional": 0.03, "dvd": 0.02, "spanish": 0.025, "ebook": 0.035,
    },
}  # fmt: skip

# How much a title of each kind circulates, before its own luck and age.
CIRCULATION_FACTOR = {
    "easy": 1.6,
    "fiction": 1.4,
    "story": 0.6,
    "ya": 1.0,
    "graphic": 3.0,
    "graphic741": 1.5,
    "nonfiction": 0.55,
    "biography": 0.6,
    "collective": 0.3,
    "reference": 0.0,
    "professional": 0.05,
    "dvd": 0.15,
    "spanish": 0.4,
    "ebook": 0.0,
}
# Mean copies per title beyond the first (popular fiction gets more).
EXTRA_COPIES = {
    "easy": 0.2,
    "fiction": 0.45,
    "story": 0.05,
    "ya": 0.3,
    "graphic": 0.8,
    "graphic741": 0.3,
    "nonfiction": 0.1,
    "biography": 0.15,
    "collective": 0.0,
    "reference": 0.0,
    "professional": 0.0,
    "dvd": 0.0,
    "spanish": 0.1,
    "ebook": 0.0,
}


def _arr(values) -> np.ndarray:
    return np.array(values, dtype=object)


def _pick(rng: np.random.Generator, values, n: int) -> np.ndarray:
    return _arr(values)[rng.integers(0, len(values), n)]


def _cutter(names: np.ndarray) -> np.ndarray:
    """First three letters of a name, upper case, as school spine labels carry them."""
    s = pl.Series(names.astype(str)).str.replace_all(r"[^A-Za-z]", "").str.slice(0, 3)
    return s.str.to_uppercase().to_numpy().astype(object)


def _split_patterns(patterns, slot: str) -> tuple[np.ndarray, np.ndarray]:
    before, after = zip(
        *(p.split(slot, 1) if slot in p else (p, "") for p in patterns), strict=True
    )
    return _arr(before), _arr(after)


def _fill(rng, patterns, slot: str, values: np.ndarray) -> np.ndarray:
    before, after = _split_patterns(patterns, slot)
    k = rng.integers(0, len(patterns), len(values))
    has_slot = np.array([slot in p for p in patterns])[k]
    return np.where(has_slot, before[k] + values + after[k], before[k])


def _years(rng, kind: str, n: int, year: int) -> np.ndarray:
    """Copyright years: fiction mostly recent; nonfiction with the old tail of the 1970s-1990s."""
    recent = year - np.floor(rng.gamma(1.6, 6.0, n)).astype(np.int64)
    if kind in ("nonfiction", "biography", "collective", "reference", "spanish", "graphic741"):
        old = rng.integers(1968, 2000, n)
        share_old = {"reference": 0.15, "spanish": 0.1, "graphic741": 0.0}.get(kind, 0.32)
        recent = np.where(rng.random(n) < share_old, old, recent)
    if kind in ("easy", "fiction"):
        classic = rng.integers(1955, 1995, n)
        recent = np.where(rng.random(n) < 0.08, classic, recent)
    if kind == "ebook":
        recent = year - rng.integers(0, 8, n)
    return np.clip(recent, 1950, year)


def _isbn13(rng, n: int) -> np.ndarray:
    body = np.concatenate(
        [
            np.tile([9, 7, 8], (n, 1)),
            rng.integers(0, 2, (n, 1)),
            rng.integers(0, 10, (n, 8)),
        ],
        axis=1,
    )
    weights = np.tile([1, 3], 6)
    check = (10 - (body @ weights) % 10) % 10
    digits = np.concatenate([body, check[:, None]], axis=1).astype(np.uint8) + ord("0")
    return np.frombuffer(digits.tobytes(), dtype="S13").astype(str).astype(object)


def make_title_pool(rng: np.random.Generator, counts: dict[str, int], year: int) -> pl.DataFrame:
    """Titles of each kind: ``counts`` maps a kind of `KINDS` to how many titles to make.

    Columns: ``kind``, ``title``, ``author`` (inverted, "Surname, First"), ``prefix``,
    ``klass`` (Dewey or ``92``), ``cutter``, ``dewey``, ``subject``, ``pub_year``,
    ``isbn``, ``pages``, ``volumes``, ``location``, ``material_type``, ``list_price``,
    ``popularity``.
    """
    parts = [_make_kind(rng, kind, n, year) for kind, n in counts.items() if n > 0]
    pool = pl.concat(parts, how="vertical")
    return pool.with_row_index("title_no")


def _make_kind(rng: np.random.Generator, kind: str, n: int, year: int) -> pl.DataFrame:
    first = _pick(rng, words.FIRST_NAMES, n)
    last = _pick(rng, words.SURNAMES, n)
    author = last + ", " + first
    cutter = _cutter(last)
    prefix = np.full(n, "", dtype=object)
    klass = np.full(n, "", dtype=object)
    dewey = np.full(n, None, dtype=object)
    volumes = np.ones(n, dtype=np.int32)
    pages = rng.integers(120, 360, n)
    subject = _pick(rng, words.FIC_GENRES, n)
    if kind == "easy":
        name = _pick(rng, words.FIRST_NAMES, n)
        animal = _pick(rng, words.ANIMALS, n)
        ending = _pick(rng, words.EASY_ENDINGS, n)
        style = rng.integers(0, 4, n)
        title = np.select(
            [style == 0, style == 1, style == 2],
            [
                animal + " " + ending,
                name + " the " + animal,
                "The Very " + _pick(rng, words.ADJECTIVES, n) + " " + animal,
            ],
            "Good Night, " + _pick(rng, words.PLACES, n),
        )
        prefix[:] = "E"
        pages = np.where(rng.random(n) < 0.8, 32, 40)
        subject = _pick(rng, words.EASY_SUBJECTS, n)
    elif kind in ("fiction", "ya", "story", "spanish", "graphic", "graphic741"):
        adj = _pick(rng, words.ADJECTIVES, n)
        noun = _pick(rng, words.NOUNS, n)
        place = _pick(rng, words.PLACES, n)
        style = rng.integers(0, 4, n)
        title = np.select(
            [style == 0, style == 1, style == 2],
            [
                "The " + adj + " " + noun,
                "The " + noun + " of " + place,
                _pick(rng, words.FIRST_NAMES, n) + " and the " + adj + " " + noun,
            ],
            _pick(rng, words.SERIES, n)
            + " #"
            + rng.integers(1, 15, n).astype(str)
            + ": The "
            + adj
            + " "
            + noun,
        )
        prefix[:] = "FIC"
        if kind == "ya":
            title = _pick(rng, words.YA_PATTERNS, n)
            prefix[:] = "YA FIC"
            pages = rng.integers(250, 480, n)
        elif kind == "story":
            title = _fill(rng, words.SC_PATTERNS, "{place}", place)
            prefix[:] = "SC"
            subject = np.full(n, "Short stories.", dtype=object)
        elif kind in ("graphic", "graphic741"):
            title = _pick(rng, words.GN_SERIES, n) + ": Book " + rng.integers(1, 12, n).astype(str)
            subject = np.full(n, "Graphic novels.", dtype=object)
            pages = rng.integers(140, 260, n)
            if kind == "graphic":
                prefix[:] = "GN"
            else:
                prefix[:] = ""
                klass[:] = "741.5"
                dewey[:] = "741.5"
        elif kind == "spanish":
            is_topic = rng.random(n) < 0.3
            topic = rng.integers(0, len(words.SPANISH_TOPICS), n)
            topic_class = _arr([t[0] for t in words.SPANISH_TOPICS])[topic]
            topic_title = _arr([t[1] for t in words.SPANISH_TOPICS])[topic]
            title = np.where(is_topic, topic_title, _pick(rng, words.SPANISH_TITLES, n))
            easy = rng.random(n) < 0.5
            prefix[:] = np.where(is_topic, "SPA", np.where(easy, "SPA E", "SPA FIC"))
            klass[:] = np.where(is_topic, topic_class, "")
            dewey[:] = np.where(is_topic, topic_class, None)
            subject = np.full(n, "Spanish language materials.", dtype=object)
            pages = np.where(easy & ~is_topic, 32, rng.integers(48, 200, n))
    elif kind in ("nonfiction", "ebook"):
        topic = rng.integers(0, len(words.TOPICS), n)
        klass[:] = _arr([t[0] for t in words.TOPICS])[topic]
        dewey[:] = klass
        subject = _arr([t[2] for t in words.TOPICS])[topic]
        title = _fill(rng, words.TOPIC_PATTERNS, "{t}", _arr([t[1] for t in words.TOPICS])[topic])
        title = (
            pl.Series(title.astype(str))
            .str.replace_all(" The ", " the ", literal=True)
            .str.replace_all(": the ", ": The ", literal=True)
            .to_numpy()
            .astype(object)
        )
        pages = np.where(
            rng.random(n) < 0.7, rng.choice([24, 32, 48, 64], n), rng.integers(64, 240, n)
        )
        if kind == "ebook":
            fiction = rng.random(n) < 0.5
            fic_title = "The " + _pick(rng, words.ADJECTIVES, n) + " " + _pick(rng, words.NOUNS, n)
            title = np.where(fiction, fic_title, title)
            klass[:] = np.where(fiction, "", klass)
            dewey[:] = np.where(fiction, None, dewey)
            prefix[:] = np.where(fiction, "EBOOK FIC", "EBOOK")
    elif kind == "biography":
        who = rng.integers(0, len(words.BIO_SUBJECTS), n)
        person = _arr([b[0] for b in words.BIO_SUBJECTS])[who]
        title = _fill(rng, words.BIO_PATTERNS, "{n}", person)
        cutter = _cutter(_arr([b[1] for b in words.BIO_SUBJECTS])[who])
        # Older labels carry 92 (shelved with B by the call-number rules).
        old_label = rng.random(n) < 0.2
        prefix[:] = np.where(old_label, "", "B")
        klass[:] = np.where(old_label, "92", "")
        subject = person + " -- Juvenile literature."
        pages = rng.integers(32, 128, n)
    elif kind == "collective":
        title = _pick(rng, words.COLLECTIVE_BIO, n)
        klass[:] = "920"
        dewey[:] = "920"
        subject = np.full(n, "Biography -- Juvenile literature.", dtype=object)
    elif kind == "reference":
        which = rng.integers(0, len(words.REFERENCE), n)
        title = _arr([r[1] for r in words.REFERENCE])[which]
        klass[:] = _arr([r[0] for r in words.REFERENCE])[which]
        dewey[:] = klass
        volumes = np.array([r[2] for r in words.REFERENCE], dtype=np.int32)[which]
        title_words = pl.Series(title.astype(str)).str.replace(r"^(The|A|An) ", "")
        cutter = _cutter(title_words.to_numpy().astype(object))
        prefix[:] = "REF"
        subject = np.full(n, "Encyclopedias and dictionaries.", dtype=object)
        pages = rng.integers(300, 1000, n)
    elif kind == "professional":
        which = rng.integers(0, len(words.PROFESSIONAL), n)
        title = _arr([r[1] for r in words.PROFESSIONAL])[which]
        klass[:] = _arr([r[0] for r in words.PROFESSIONAL])[which]
        dewey[:] = klass
        prefix[:] = "PROF"
        subject = np.full(n, "Teaching.", dtype=object)
    elif kind == "dvd":
        which = rng.integers(0, len(words.DVD_TITLES), n)
        klass[:] = _arr([r[0] for r in words.DVD_TITLES])[which]
        dewey[:] = np.where(klass == "", None, klass)
        title = _arr([r[1] for r in words.DVD_TITLES])[which]
        cutter = _cutter(pl.Series(title.astype(str)).str.replace(r"^(The|A|An) ", "").to_numpy())
        prefix[:] = "DVD"
        subject = np.full(n, "Video recordings for children.", dtype=object)
        pages = np.zeros(n, dtype=np.int64)
    else:
        raise ValueError(f"unknown kind {kind}")

    pub_year = _years(rng, kind, n, year)
    isbn = np.where((pub_year >= 1972) & (kind != "dvd"), _isbn13(rng, n), None)
    share, location, material, price, spread = KINDS[kind]
    list_price = np.round(np.maximum(price + rng.normal(0, spread, n), 4.0), 0) - 0.01
    age = year - pub_year
    luck = rng.lognormal(0.0, 1.1, n)
    never = rng.random(n) < (0.45 if kind in ("nonfiction", "biography", "spanish") else 0.2)
    popularity = np.where(never, 0.0, luck * CIRCULATION_FACTOR[kind] * np.exp(-age / 18.0))
    columns = {
        "kind": np.full(n, kind, dtype=object),
        "title": title,
        "author": np.full(n, None, dtype=object) if kind in ("reference", "dvd") else author,
        "prefix": prefix,
        "klass": klass,
        "cutter": cutter,
        "dewey": dewey,
        "subject": subject,
        "pub_year": pub_year.astype(np.int32),
        "isbn": isbn,
        "pages": np.asarray(pages).astype(np.int32),
        "volumes": volumes,
        "location": np.full(n, location, dtype=object),
        "material_type": np.full(n, material, dtype=object),
        "list_price": list_price,
        "popularity": popularity,
    }
    return pl.DataFrame(
        {
            k: v.tolist() if isinstance(v, np.ndarray) and v.dtype.kind == "O" else v
            for k, v in columns.items()
        },
        schema_overrides={
            "kind": pl.String,
            "title": pl.String,
            "author": pl.String,
            "prefix": pl.String,
            "klass": pl.String,
            "cutter": pl.String,
            "dewey": pl.String,
            "subject": pl.String,
            "isbn": pl.String,
            "location": pl.String,
            "material_type": pl.String,
        },
    )


def title_counts(copies: int, level: str = "k8") -> dict[str, int]:
    """How many titles of each kind give about ``copies`` copies at a school of ``level``.

    A kind a level does not buy (picture books at a high school) gets no titles; every
    other kind gets at least one.

    >>> counts = title_counts(10_000, "high")
    >>> counts["easy"], counts["ya"] > counts["fiction"] // 2
    (0, True)
    >>> title_counts(10_000, "elementary")["ya"]
    0
    """
    shares = LEVEL_SHARES[level]
    total = sum(shares.values())
    out = {}
    for kind, share in shares.items():
        per_title = 1.0 + EXTRA_COPIES[kind]
        if kind == "reference":
            per_title = 2.5  # encyclopedia sets
        out[kind] = max(1, int(round(copies * share / total / per_title))) if share > 0 else 0
    return out
