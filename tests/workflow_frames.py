"""Hand-built frames shaped like the catalog and like `WeedingResult.copies`.

The pull list and its read-back are tested on these, so their expectations are written
out here rather than computed by the code under test.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import polars as pl

from libanalytics.schema import conform

TODAY = dt.date(2024, 6, 1)

CATALOG_ROWS = [
    # barcode, title, author, call number, section, shelf key, year, price, isbn, pages
    (
        "0001234",
        "Big Cat Little Cat",
        "Cooper, E.",
        "E COO",
        "Easy",
        "0E COO",
        1990,
        16.99,
        "9780000000011",
        32,
    ),
    (
        "0001240",
        "The Snowy Day",
        "Keats, E.",
        "E KEA",
        "Easy",
        "0E KEA",
        1962,
        None,
        "9780000000028",
        40,
    ),
    (
        "T0042",
        "Holes",
        "Sachar, L.",
        "FIC SAC",
        "Fiction",
        "1FIC SAC",
        1998,
        7.99,
        "9780000000035",
        233,
    ),
    (
        "31234000000001",
        "Hatchet",
        "Paulsen, G.",
        "FIC PAU",
        "Fiction",
        "1FIC PAU",
        1987,
        8.5,
        "9780000000042",
        195,
    ),
    (
        "0005555",
        "Space Shuttles Today",
        "Ode, B.",
        "629.44 ODE",
        "Nonfiction",
        "2629.44 ODE",
        1983,
        21.0,
        "9780000000059",
        48,
    ),
    (
        "0005556",
        "Dinosaurs",
        "Lee, A.",
        "567.9 LEE",
        "Nonfiction",
        "2567.9 LEE",
        1988,
        None,
        "9780000000066",
        64,
    ),
    (
        "0005557",
        "Computers for Kids",
        "Ray, C.",
        "004 RAY",
        "Nonfiction",
        "2004 RAY",
        1995,
        18.0,
        "9780000000073",
        96,
    ),
]


def catalog() -> pl.DataFrame:
    rows = [
        {
            "barcode": b,
            "title": t,
            "author": a,
            "call_number": c,
            "section": s,
            "shelf_key": k,
            "pub_year": y,
            "price": p,
            "isbn": i,
            "pages": n,
            "material_type": "book",
            "status": "available",
            "total_checkouts": 3,
            "last_checkout": dt.date(2015, 3, 2),
        }
        for b, t, a, c, s, k, y, p, i, n in CATALOG_ROWS
    ]
    frame = pl.DataFrame(rows, infer_schema_length=None).with_columns(
        pl.col("call_number").str.extract(r"^(\d{3}(?:\.\d+)?)").alias("dewey"),
        pl.lit(dt.date(2005, 8, 1)).alias("acquired"),
    )
    return conform(frame.with_columns(pl.col("pub_year").cast(pl.Int32)), "items").sort("shelf_key")


def weeding_copies() -> pl.DataFrame:
    """Like `WeedingResult.copies`: every copy proposed for the pull list, in shelf order."""
    items = catalog()
    decisions = {"0001234": "candidate", "0001240": "keep", "T0042": "review"}
    return items.with_columns(
        pl.lit("CREW").alias("rule"),
        pl.lit(10, dtype=pl.Int32).alias("max_age_years"),
        pl.lit(3, dtype=pl.Int32).alias("max_unused_years"),
        (TODAY.year - pl.col("pub_year")).cast(pl.Int32).alias("age_years"),
        pl.col("last_checkout").alias("last_used"),
        pl.lit(9.2).alias("years_unused"),
        pl.lit(None, dtype=pl.String).alias("protected"),
        (pl.col("pub_year").cast(pl.Float64) / 25.0).alias("score"),
        pl.col("barcode").replace_strict(decisions, default="candidate").alias("decision"),
        pl.concat_list(pl.format("{} years old", TODAY.year - pl.col("pub_year"))).alias("reasons"),
    )


def weeding_result(tmp: Path | None = None) -> SimpleNamespace:
    rules = SimpleNamespace(
        name="CREW for schools", path=Path("crew_school.toml"), sha256="ab" * 32
    )
    return SimpleNamespace(copies=weeding_copies(), rules=rules, today=TODAY, migration_date=None)


def varied_catalog(n: int = 400, seed: int = 7) -> pl.DataFrame:
    """A made-up collection with every section, ages from new to 50 years, some copies
    never used and some used last month, some without pages or price: enough variety
    that moving a limit moves the numbers."""
    import random

    rng = random.Random(seed)
    sections = [
        ("Easy", None, "E"),
        ("Fiction", None, "FIC"),
        ("Nonfiction", "500-599", None),
        ("Nonfiction", "000-099", None),
        ("Nonfiction", "900-999", None),
        ("Biography", None, "B"),
        ("Graphic Novel", None, "GN"),
    ]
    rows = []
    for i in range(n):
        section, dewey_range, prefix = rng.choice(sections)
        if dewey_range:
            low = int(dewey_range[:3])
            dewey = f"{rng.randint(low, low + 99):03d}.{rng.randint(0, 99):02d}"
            call = f"{dewey} {rng.choice('ABCDEFGH')}{rng.choice('aeiou')}{rng.choice('klmnr')}"
        else:
            dewey = None
            call = f"{prefix} {rng.choice('ABCDEFGH')}{rng.choice('aeiou')}{rng.choice('klmnr')}"
        year = rng.randint(1975, 2023)
        acquired = dt.date(max(year, 2000), rng.randint(1, 12), rng.randint(1, 28))
        used = rng.random()
        last = (
            None
            if used < 0.25
            else TODAY - dt.timedelta(days=int(rng.random() * 365 * (12 if used < 0.7 else 1)))
        )
        rows.append(
            {
                "barcode": f"{i:07d}",
                "title": f"Title {i}",
                "author": f"Author {i % 37}",
                "isbn": f"978{i:010d}",
                "bib_id": f"b{i}",
                "call_number": call,
                "section": section,
                "dewey": dewey,
                "shelf_key": f"{sections.index((section, dewey_range, prefix))}{call}",
                "pub_year": year,
                "acquired": acquired,
                "price": None if rng.random() < 0.2 else round(rng.uniform(8, 30), 2),
                "pages": None if rng.random() < 0.3 else rng.randint(24, 420),
                "material_type": "book",
                "status": rng.choice(["available"] * 9 + ["checked_out"]),
                "total_checkouts": rng.randint(0, 60),
                "last_checkout": last,
            }
        )
    frame = pl.DataFrame(rows, infer_schema_length=None).with_columns(
        pl.col("pub_year").cast(pl.Int32),
        pl.col("pages").cast(pl.Int32),
        pl.col("total_checkouts").cast(pl.Int32),
    )
    return conform(frame, "items").sort("shelf_key")
