"""The inventory on the generated sample school: every planted error found, nothing else."""

from __future__ import annotations

from types import SimpleNamespace

import polars as pl
import pytest

import libanalytics as la
from libanalytics.cli import main
from libanalytics.inventory import scan_files
from libanalytics.report.inventory_files import (
    CHECK_IN,
    MARK_FOUND,
    MARK_LOST,
    RESHELVE,
    WORKBOOK,
    write_inventory_files,
)
from libanalytics.schema import COPY_OUTCOMES, MISSING_LIKELIHOODS, READ_OUTCOMES


@pytest.fixture(scope="module")
def inventory():
    """The sample's inventory (catalog from the copy report, which carries statuses)."""
    from tests.conftest import SAMPLE

    if not (SAMPLE / "school.toml").is_file():
        pytest.skip("the sample school in data/sample has not been generated yet")
    items = la.load_catalog(SAMPLE / "copies.xlsx")
    scans = la.load_scans(scan_files(SAMPLE / "scans"))
    circulation = la.load_circulation(SAMPLE / "circulation.csv")
    key = pl.read_csv(SAMPLE / "answer_key.csv", infer_schema=False)
    result = la.reconcile(items, scans, circulation=circulation)
    return SimpleNamespace(
        result=result, key=key, items=items, scans=scans, circulation=circulation
    )


def _precision_recall(expected: pl.DataFrame, found: pl.DataFrame, category: str):
    want = set(expected.filter(pl.col("outcome") == category)["key"])
    got = set(found.filter(pl.col("outcome") == category)["key"])
    hits = len(want & got)
    precision = hits / len(got) if got else 1.0
    recall = hits / len(want) if want else 1.0
    return precision, recall, sorted(want - got), sorted(got - want)


@pytest.mark.parametrize("category", COPY_OUTCOMES)
def test_every_planted_copy_error_is_found_in_its_category_and_nothing_else(inventory, category):
    result, key = inventory.result, inventory.key
    expected = key.filter(pl.col("level") == "item")
    found = result.items.select(pl.col("barcode").alias("key"), "outcome")
    assert found.height == expected.height
    precision, recall, missed, extra = _precision_recall(expected, found, category)
    assert (precision, recall) == (1.0, 1.0), f"{category}: missed {missed[:5]}, extra {extra[:5]}"


@pytest.mark.parametrize("category", READ_OUTCOMES)
def test_every_planted_read_error_is_found_in_its_category_and_nothing_else(inventory, category):
    result, key = inventory.result, inventory.key
    expected = key.filter(pl.col("level") == "read")
    found = result.scans.select(
        pl.format("{}:{}", pl.col("session"), pl.col("seq")).alias("key"), "outcome"
    )
    assert found.height == expected.height
    precision, recall, missed, extra = _precision_recall(expected, found, category)
    assert (precision, recall) == (1.0, 1.0), f"{category}: missed {missed[:5]}, extra {extra[:5]}"


@pytest.mark.parametrize("likelihood", MISSING_LIKELIHOODS)
def test_missing_copies_get_the_likelihood_the_answer_key_gives(inventory, likelihood):
    result, key = inventory.result, inventory.key
    expected = key.filter((pl.col("level") == "item") & (pl.col("outcome") == "missing")).select(
        "key", pl.col("detail").alias("outcome")
    )
    found = result.items.filter(pl.col("outcome") == "missing").select(
        pl.col("barcode").alias("key"), pl.col("likelihood").alias("outcome")
    )
    precision, recall, missed, extra = _precision_recall(expected, found, likelihood)
    assert (precision, recall) == (1.0, 1.0), f"{likelihood}: missed {missed}, extra {extra}"


def test_the_sample_plants_every_kind_of_error(inventory):
    """Guards the tests above: a category the sample never plants would pass trivially."""
    key = inventory.key
    planted = set(key["outcome"])
    assert {
        "misshelved",
        "wrong_location",
        "missing",
        "found_lost",
        "on_shelf_but_checked_out",
        "withdrawn_on_shelf",
        "checked_out",
        "duplicate",
        "unknown_barcode",
        "isbn",
        "malformed",
    } <= planted
    assert {"skipped_shelf", "unexplained"} <= set(
        key.filter(pl.col("outcome") == "missing")["detail"]
    )


def test_every_sentence_is_written_and_misshelved_ones_say_where(inventory):
    result = inventory.result
    assert result.items["detail"].null_count() == 0
    assert result.scans["detail"].null_count() == 0
    for row in result.items.filter(pl.col("outcome") == "misshelved").iter_rows(named=True):
        assert row["detail"].startswith(("Belongs after ", "Belongs before "))
        assert row["detail"].endswith((" copies away.", " copy away."))
        assert str(row["displacement"]) in row["detail"]


def test_summary_adds_up(inventory):
    result = inventory.result
    s = result.summary
    assert s.outcomes["copies"].sum() == result.items.height
    assert s.reads["reads"].sum() == result.scans.height
    assert s.sections.select(COPY_OUTCOMES).sum_horizontal().sum() == result.items.height
    missing = result.items.filter(pl.col("outcome") == "missing")
    assert s.replacement_value == pytest.approx(missing["replacement_price"].sum())
    assert missing["replacement_price"].null_count() == 0
    shelf = result.items.filter(~pl.col("outcome").is_in(["checked_out", "not_expected"]))
    assert s.progress["copies"].sum() == shelf.height
    assert s.progress["read"].sum() == shelf.height - missing.height
    assert set(s.progress["state"]) <= {"done", "partly read", "not started"}


def test_files_are_written_and_last_years_workbook_confirms_repeat_losses(inventory, tmp_path):
    import openpyxl

    result = inventory.result
    written = write_inventory_files(result, tmp_path)
    assert sorted(p.name for p in written) == sorted(
        [WORKBOOK, MARK_LOST, MARK_FOUND, CHECK_IN, RESHELVE]
    )
    lost = (tmp_path / MARK_LOST).read_text().split()
    assert sorted(lost) == sorted(result.mark_lost())
    missing = result.items.filter(pl.col("outcome") == "missing")
    not_to_mark = set(
        missing.filter(pl.col("likelihood").is_in(["fine", "skipped_shelf"]))["barcode"]
    )
    assert lost and not (set(lost) & not_to_mark)
    assert sorted((tmp_path / MARK_FOUND).read_text().split()) == sorted(
        result.items.filter(pl.col("outcome") == "found_lost")["barcode"]
    )
    assert sorted((tmp_path / CHECK_IN).read_text().split()) == sorted(
        result.items.filter(pl.col("outcome") == "on_shelf_but_checked_out")["barcode"]
    )
    book = openpyxl.load_workbook(tmp_path / WORKBOOK, read_only=True)
    assert book.sheetnames[:3] == ["Summary", "By section", "Missing"]
    rows = list(book["Misshelved"].iter_rows(values_only=True))
    assert len(rows) - 1 == len(result.exceptions()["misshelved"])
    reshelve = list(
        openpyxl.load_workbook(tmp_path / RESHELVE, read_only=True)["Re-shelve"].iter_rows(
            values_only=True
        )
    )
    assert len(reshelve) - 1 == result.reshelve().height

    # Next year: the same inventory against this year's workbook confirms every repeat loss.
    items, scans = inventory.items, inventory.scans
    # With the same checkouts: a copy returned after its shelf was read is still fine.
    again = la.reconcile(
        items, scans, circulation=inventory.circulation, previous=tmp_path / WORKBOOK
    )
    likely = dict(
        again.items.filter(pl.col("outcome") == "missing").select("barcode", "likelihood").rows()
    )
    was = dict(missing.select("barcode", "likelihood").rows())
    for barcode, before in was.items():
        assert likely[barcode] == ("confirmed" if before == "unexplained" else before)
    loss = again.summary.loss_vs_previous
    assert loss["missing"].sum() == loss["missing_last_year"].sum() == missing.height
    assert (loss["change"] == 0).all()


def test_the_command_runs_on_the_sample_by_default(inventory, tmp_path, capsys):
    assert main(["inventory", "--out", str(tmp_path)]) == 0
    said = capsys.readouterr().out
    result = inventory.result
    counts = dict(result.summary.outcomes.rows())
    assert f"{counts['misshelved']} misshelved" in said
    assert f"{counts['missing']} missing" in said
    assert (tmp_path / WORKBOOK).is_file() and (tmp_path / MARK_LOST).is_file()


def test_the_command_says_what_is_wrong_with_a_missing_scan_folder(tmp_path, capsys):
    assert main(["inventory", "--scans", str(tmp_path / "nowhere"), "--out", str(tmp_path)]) == 2
    assert "libanalytics:" in capsys.readouterr().err


def test_the_demo_step_writes_the_inventory_files(inventory, tmp_path, capsys):
    from libanalytics.commands.demo import STEPS, step_inventory
    from tests.conftest import SAMPLE

    assert step_inventory in STEPS
    context: dict = {}
    written = step_inventory(SAMPLE, tmp_path, context)
    assert {p.name for p in written} == {WORKBOOK, MARK_LOST, MARK_FOUND, CHECK_IN, RESHELVE}
    assert context["inventory"].items.height == inventory.result.items.height
    assert "missing" in capsys.readouterr().out
