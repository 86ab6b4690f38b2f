"""Koha's status flags give the same status whether a Koha catalog comes as MARC or as CSV."""

from __future__ import annotations

import csv
import io
import itertools

import pytest
from pymarc import Field, Leader, Record, Subfield

import libanalytics as la
from libanalytics.ingest import cache as parquet_cache
from libanalytics.ingest.marc import load_marc

WITHDRAWN = ("0", "1")
LOST = ("0", "1", "2", "3", "4", "5")
DAMAGED = ("0", "1")
NOT_FOR_LOAN = ("0", "-1", "1", "")
ON_LOAN = ("", "2024-05-01")
COMBINATIONS = list(itertools.product(WITHDRAWN, LOST, DAMAGED, NOT_FOR_LOAN, ON_LOAN))


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv(parquet_cache.ENV, str(tmp_path_factory.mktemp("cache")))


def barcode(i: int) -> str:
    return f"3100{i:05d}"


def marc_statuses(tmp_path) -> dict[str, str]:
    record = Record(leader=Leader("00000cam a2200000 a 4500"), force_utf8=True)
    record.add_field(Field(tag="001", data="bib-1"))
    record.add_field(Field("245", ["1", "0"], [Subfield("a", "Frogs and toads")]))
    for i, (withdrawn, lost, damaged, not_for_loan, on_loan) in enumerate(COMBINATIONS):
        codes = {"p": barcode(i), "a": "MAIN", "o": "597 GIB", "0": withdrawn, "1": lost}
        codes |= {"4": damaged, "7": not_for_loan, "q": on_loan}
        subfields = [Subfield(code, value) for code, value in codes.items() if value]
        record.add_field(Field("952", [" ", " "], subfields))
    path = tmp_path / "koha.mrc"
    path.write_bytes(record.as_marc())
    frame = load_marc(path, cache=False).frame
    return dict(zip(frame["barcode"], frame["status"], strict=True))


def csv_statuses(tmp_path) -> dict[str, str]:
    header = ["biblionumber", "barcode", "homebranch", "itemcallnumber", "withdrawn"]
    header += ["itemlost", "damaged", "notforloan", "onloan"]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for i, flags in enumerate(COMBINATIONS):
        writer.writerow(["1", barcode(i), "MAIN", "597 GIB", *flags])
    path = tmp_path / "items.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    loaded = la.load_catalog(path)
    assert loaded.source.profile == "koha"
    return dict(zip(loaded.frame["barcode"], loaded.frame["status"], strict=True))


def test_marc_and_items_report_give_the_same_status_for_every_flag_combination(tmp_path):
    from_marc, from_csv = marc_statuses(tmp_path), csv_statuses(tmp_path)
    assert len(from_marc) == len(from_csv) == len(COMBINATIONS)
    different = {
        COMBINATIONS[i]: (from_marc[barcode(i)], from_csv[barcode(i)])
        for i in range(len(COMBINATIONS))
        if from_marc[barcode(i)] != from_csv[barcode(i)]
    }
    assert different == {}
    # And what they agree on is Koha's meaning of the flags.
    expected = {
        ("0", "0", "0", "0", ""): "available",
        ("0", "0", "0", "1", ""): "available",  # reference: still on the shelf
        ("0", "0", "0", "-1", ""): "on_order",
        ("0", "4", "0", "0", ""): "missing",
        ("0", "5", "1", "0", ""): "missing",
        ("0", "1", "0", "0", "2024-05-01"): "lost",
        ("0", "3", "0", "0", ""): "lost",
        ("1", "4", "1", "-1", "2024-05-01"): "withdrawn",
        ("0", "0", "1", "0", ""): "damaged",
        ("0", "0", "1", "0", "2024-05-01"): "checked_out",
        ("0", "0", "0", "-1", "2024-05-01"): "checked_out",
        ("0", "0", "1", "-1", ""): "on_order",
    }
    for flags, status in expected.items():
        assert from_csv[barcode(COMBINATIONS.index(flags))] == status, flags
