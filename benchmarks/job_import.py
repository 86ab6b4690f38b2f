"""Import of each export format, timed apart, beside what a first version would write.

The CSV copy report, the checkout history and the scanner files are the whole scale's
district (written by `scale_data.exports`). The MARC exports and the XLSX copy report are one
school of 20,000 copies at every scale (the district generator writes Parquet only, and a
district exports those one school at a time): their time grows with the number of
schools, file by file.

The alternatives are the straightforward way: pymarc records walked field by field, the
csv module with a Python function per row (``datetime.strptime``, ``float``, a status
dictionary), pandas ``read_excel`` then a Python function per row, and scanner files
read line by line. Each is timed on the first rows of the same file and extrapolated.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import polars as pl
import scale_data as data
from run import Job

from libanalytics.ingest import load_scans
from libanalytics.ingest.marc import load_marc
from libanalytics.ingest.tabular import load_table

STATUS = {
    "Available": "available",
    "Checked Out": "checked_out",
    "Lost": "lost",
    "Missing": "missing",
    "Withdrawn": "withdrawn",
    "Damaged": "damaged",
    "In Transit": "in_transit",
    "On Order": "on_order",
}


# -- inputs: (path or paths, rows); an alternative is given (input, rows to read) ---------


def _marc(copies: int, name: str) -> tuple[Path, int]:
    path = data.school() / name
    return path, load_marc(path, cache=False).frame.height


def _school_file(copies: int, name: str) -> tuple[Path, int]:
    path = data.school() / name
    return path, load_table(path, "items").frame.height


def _district_file(copies: int, name: str, table: str) -> tuple[Path, int]:
    rows = pl.scan_parquet(data.district(copies) / f"{table}.parquet").select(pl.len()).collect()
    return data.exports(copies) / name, rows.item()


def _scan_files(copies: int) -> tuple[list[Path], int]:
    files = sorted((data.exports(copies) / "scans").iterdir())
    rows = pl.scan_parquet(data.district(copies) / "scans.parquet").select(pl.len()).collect()
    return files, rows.item()


def _first(prepared: tuple, n: int) -> tuple:
    return prepared[0], n


# -- the straightforward alternatives ------------------------------------------------------


def _day(text: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(text, "%m/%d/%Y").date() if text else None
    except ValueError:
        return None


def marc_with_pymarc(given: tuple[Path, int], tag: str) -> list[dict]:
    """pymarc: every record, every holdings field, a dict per copy."""
    import pymarc

    path, wanted = given
    rows: list[dict] = []
    with open(path, "rb") as fh:
        for record in pymarc.MARCReader(fh, to_unicode=True, force_utf8=True):
            if record is None:
                continue
            # The title-level columns the importer fills too, so both do the same work.
            title = (
                " ".join(record.get("245").get_subfields("a", "b")) if record.get("245") else None
            )
            author = record.get("100")["a"] if record.get("100") else None
            isbn = record.get("020")["a"] if record.get("020") else None
            fixed = record.get("008").data if record.get("008") else ""
            year = int(fixed[7:11]) if fixed[7:11].isdigit() else None
            extent = record.get("300")["a"] if record.get("300") else None
            pages = re.search(r"(\d+) p", extent or "")
            common = {
                "bib_id": record.get("001").data if record.get("001") else None,
                "title": title,
                "author": author,
                "isbn": isbn.replace("-", "") if isbn else None,
                "pub_year": year,
                "pages": int(pages.group(1)) if pages else None,
            }
            for field in record.get_fields(tag):
                if tag == "852":
                    call = " ".join(field.get_subfields("k", "h", "i"))
                    cents = field.get("9")
                    price = int(cents) / 100 if cents and cents.isdigit() else None
                    row = {"barcode": field.get("p"), "location": field.get("b"), "price": price}
                else:
                    call = field.get("o")
                    acquired = field.get("d")
                    row = {
                        "barcode": field.get("p"),
                        "location": field.get("c"),
                        "acquired": dt.date.fromisoformat(acquired) if acquired else None,
                        "price": float(field.get("g")) if field.get("g") else None,
                        "total_checkouts": int(field.get("l") or 0),
                    }
                row.update(common, call_number=call)
                rows.append(row)
            if len(rows) >= wanted:
                break
    return rows


def copies_with_csv_module(given: tuple[Path, int]) -> list[dict]:
    """csv.DictReader and a Python function per copy."""
    path, wanted = given
    rows = []
    with open(path, newline="", encoding="utf-8") as fh:
        for n, row in enumerate(csv.DictReader(fh)):
            if n >= wanted:
                break
            price = row["Price"]
            year = row["Copyright Year"]
            rows.append(
                {
                    "site": row["Site"],
                    "barcode": row["Barcode"].strip(),
                    "title": row["Title"],
                    "author": row["Author"],
                    "call_number": row["Call Number"],
                    "isbn": row["ISBN"],
                    "pub_year": int(year) if year.isdigit() else None,
                    "acquired": _day(row["Date Acquired"]),
                    "price": float(price) if price else None,
                    "status": STATUS.get(row["Status"], "other"),
                    "location": row["Sublocation"],
                    "total_checkouts": int(row["Lifetime Circs"] or 0),
                    "last_checkout": _day(row["Last Checkout Date"]),
                }
            )
    return rows


def circulation_with_csv_module(given: tuple[Path, int]) -> list[dict]:
    """csv.DictReader, the patron columns left out, a strptime per date."""
    path, wanted = given
    stamp = "%m/%d/%Y %I:%M %p"
    rows = []
    with open(path, newline="", encoding="utf-8") as fh:
        for n, row in enumerate(csv.DictReader(fh)):
            if n >= wanted:
                break
            back = row["Returned"]
            rows.append(
                {
                    "site": row["Site"],
                    "barcode": row["Copy Barcode"].strip(),
                    "checkout_at": dt.datetime.strptime(row["Checked Out"], stamp),
                    "returned_at": dt.datetime.strptime(back, stamp) if back else None,
                    "material_type": row["Material Type"].lower(),
                }
            )
    return rows


def xlsx_with_pandas(given: tuple[Path, int]) -> list[dict]:
    """pandas.read_excel, then a Python function per copy."""
    import pandas as pd

    path, wanted = given
    sheet = pd.read_excel(path, dtype=str, nrows=wanted)
    rows = []
    for row in sheet.itertuples(index=False):
        rows.append(
            {
                "barcode": str(row.Barcode).strip(),
                "call_number": row._4,
                "status": STATUS.get(row.Status, "other"),
                "acquired": pd.to_datetime(row._7, errors="coerce"),
                "price": float(row.Price) if row.Price == row.Price else None,
            }
        )
    return rows


_GOOD = re.compile(r"^[A-Za-z0-9\-]{1,40}$")


def scans_line_by_line(given: tuple[list[Path], int]) -> list[dict]:
    """Each file opened and read a line at a time."""
    files, wanted = given
    rows: list[dict] = []
    for path in files:
        location = None
        seq = 0
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if not line:
                continue
            if line.startswith("#"):
                if line.lower().startswith("# location:"):
                    location = line.split(":", 1)[1].strip()
                continue
            when = None
            if "," in line:
                barcode, _, clock, day = line.split(",")[:4]
                when = dt.datetime.strptime(f"{day} {clock}", "%d/%m/%Y %H:%M:%S")
            elif line.startswith("n:"):
                barcode = line[2:]
            else:
                barcode = line
            seq += 1
            rows.append(
                {
                    "barcode": barcode if _GOOD.match(barcode) else None,
                    "raw": barcode,
                    "session": path.stem,
                    "seq": seq,
                    "scanned_at": when,
                    "location": location,
                }
            )
            if len(rows) >= wanted:
                return rows
    return rows


def _rows(prepared: tuple) -> int:
    return prepared[1]


JOBS = [
    Job(
        name="import_marc_852",
        rows=lambda copies: copies,
        prepare=lambda copies: _marc(copies, "destiny_catalog.mrc"),
        count=_rows,
        fast=lambda given: load_marc(given[0], cache=False),
        alternative=lambda given: marc_with_pymarc(given, "852"),
        sample=_first,
        alternative_name="pymarc loop (school file)",
        sample_rows=5_000,
        repeats=3,
    ),
    Job(
        name="import_marc_952",
        rows=lambda copies: copies,
        prepare=lambda copies: _marc(copies, "koha_catalog.mrc"),
        count=_rows,
        fast=lambda given: load_marc(given[0], cache=False),
        alternative=lambda given: marc_with_pymarc(given, "952"),
        sample=_first,
        alternative_name="pymarc loop (school file)",
        sample_rows=5_000,
        repeats=3,
    ),
    Job(
        name="import_copies_xlsx",
        rows=lambda copies: copies,
        prepare=lambda copies: _school_file(copies, "copies.xlsx"),
        count=_rows,
        fast=lambda given: load_table(given[0], "items"),
        alternative=xlsx_with_pandas,
        sample=_first,
        alternative_name="pandas read_excel + row function (school file)",
        sample_rows=5_000,
        repeats=3,
        alternative_repeats=1,
    ),
    Job(
        name="import_copies_csv",
        rows=lambda copies: copies,
        prepare=lambda copies: _district_file(copies, "copies.csv", "items"),
        count=_rows,
        fast=lambda given: load_table(given[0], "items"),
        alternative=copies_with_csv_module,
        sample=_first,
        alternative_name="csv module + row function",
        sample_rows=20_000,
    ),
    Job(
        name="import_circulation_csv",
        rows=lambda copies: copies,
        prepare=lambda copies: _district_file(copies, "circulation.csv", "circulation"),
        count=_rows,
        fast=lambda given: load_table(given[0], "circulation"),
        alternative=circulation_with_csv_module,
        sample=_first,
        alternative_name="csv module + row function",
        sample_rows=50_000,
        repeats=3,
    ),
    Job(
        name="import_scans",
        rows=lambda copies: copies,
        prepare=_scan_files,
        count=_rows,
        fast=lambda given: load_scans(given[0]),
        alternative=scans_line_by_line,
        sample=_first,
        alternative_name="files read line by line",
        sample_rows=20_000,
    ),
]
