"""The data every benchmark reads, generated once per scale and cached under benchmarks/cache/.

A scale is a number of copies. ``district(copies)`` is the sample generator's district
(`libanalytics.sample.generate_district`: Parquet items, circulation and scans, about
15,000 copies a school), and ``exports(copies)`` writes from it the files a library
system would give for the same copies: the Destiny copy report and checkout history as
CSV, and the inventory as scanner files. The district path writes Parquet only, so the
MARC exports and the XLSX copy report come from one school of 20,000 copies made by
`generate_school` (a district exports those one school at a time anyway).

Run ``python benchmarks/scale_data.py COPIES`` to build a scale's files without timing anything.
"""

from __future__ import annotations

import os
import shutil
import sys
import tomllib
from pathlib import Path

os.environ.setdefault("POLARS_MAX_THREADS", "1")

import polars as pl  # noqa: E402

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from libanalytics.sample import generate_district, generate_school  # noqa: E402
from libanalytics.sample.writers import (  # noqa: E402
    circulation_report_columns,
    copy_report_columns,
)

CACHE = HERE / "cache"
COPIES_PER_SCHOOL = 15_000
SCHOOL_SAMPLE = 20_000  # copies in the one school whose MARC and XLSX exports are timed
SEED = 7


def district(copies: int) -> Path:
    """The folder holding ``items``, ``circulation`` and ``scans`` Parquet for ``copies``."""
    folder = CACHE / f"district_{copies}"
    if (folder / "district.toml").is_file():
        return folder
    schools = max(1, round(copies / COPIES_PER_SCHOOL))
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    generate_district(partial, schools=schools, items=copies // schools, seed=SEED)
    partial.replace(folder)
    return folder


def enrollment(copies: int) -> dict[str, int]:
    """Students at each school of the district, from its district.toml."""
    text = (district(copies) / "district.toml").read_text(encoding="utf-8")
    return {s["site"]: s["enrollment"] for s in tomllib.loads(text)["school"]}


def school(copies: int = SCHOOL_SAMPLE) -> Path:
    """One school's real-format exports: 852 and 952 MARC, XLSX copy report, CSV history."""
    folder = CACHE / f"school_{copies}"
    if (folder / "school.toml").is_file():
        return folder
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    generate_school(partial, seed=SEED, items=copies)
    partial.replace(folder)
    return folder


def exports(copies: int) -> Path:
    """The district as a library system exports it: CSV reports and scanner files."""
    folder = district(copies)
    out = folder / "exports"
    if (out / "done").is_file():
        return out
    out.mkdir(exist_ok=True)
    _copy_report_csv(folder, out / "copies.csv")
    _circulation_csv(folder, out / "circulation.csv")
    _scanner_files(folder, out / "scans")
    (out / "done").write_text("")
    return out


def _copy_report_csv(folder: Path, path: Path) -> None:
    """Destiny's copy report, as the sample writes it, dates M/D/YYYY."""
    items = pl.scan_parquet(folder / "items.parquet")
    items.select(copy_report_columns("%-m/%-d/%Y")).sink_csv(path, line_terminator="\r\n")


def _circulation_csv(folder: Path, path: Path) -> None:
    """Destiny's checkout history, with made-up patron columns as a real report has them."""
    items = pl.scan_parquet(folder / "items.parquet").select(
        "site", "barcode", "title", "call_number"
    )
    patron = (pl.int_range(pl.len()) * 7919 % 600).cast(pl.String)
    (
        pl.scan_parquet(folder / "circulation.parquet")
        .join(items, on=["site", "barcode"], how="left")
        .select(
            *circulation_report_columns(),
            pl.concat_str(pl.lit("Reader "), patron).alias("Patron Name"),
            pl.concat_str(pl.lit("P"), patron.str.zfill(6)).alias("Patron Barcode"),
            (patron.cast(pl.Int32) % 9).cast(pl.String).alias("Grade Level"),
            pl.concat_str(pl.lit("Room "), (patron.cast(pl.Int32) % 30).cast(pl.String)).alias(
                "Homeroom"
            ),
        )
        .sink_csv(path, line_terminator="\r\n")
    )


def _scanner_files(folder: Path, out: Path) -> None:
    """One file per session in the three scanner layouts, taking turns: plain barcodes,
    ``n:``-prefixed lines and ``barcode,serial,hh:mm:ss,dd/mm/yyyy`` CSV."""
    out.mkdir(exist_ok=True)
    scans = pl.read_parquet(folder / "scans.parquet").sort("session", "seq")
    for number, (session, reads) in enumerate(scans.group_by("session", maintain_order=True)):
        layout = number % 3
        if layout == 0:
            lines = reads["barcode"]
        elif layout == 1:
            lines = "n:" + reads["barcode"]
        else:
            lines = reads.select(
                pl.format(
                    "{},{},{},{}",
                    "barcode",
                    pl.lit("SN4711"),
                    pl.format(
                        "{}:{}:{}",
                        (8 + pl.col("seq") // 3600 % 8).cast(pl.String).str.zfill(2),
                        (pl.col("seq") // 60 % 60).cast(pl.String).str.zfill(2),
                        (pl.col("seq") % 60).cast(pl.String).str.zfill(2),
                    ),
                    pl.lit("27/05/2025"),
                )
            ).to_series()
        suffix = ".csv" if layout == 2 else ".txt"
        (out / f"{session[0]}{suffix}").write_text("\n".join(lines.to_list()) + "\n")


if __name__ == "__main__":
    copies = int(sys.argv[1].replace("_", "")) if len(sys.argv) > 1 else 20_000
    print(district(copies), exports(copies), school())
