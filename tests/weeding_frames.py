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
    frame = pl.DataFrame(rows, infer_schema_length=None)
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
