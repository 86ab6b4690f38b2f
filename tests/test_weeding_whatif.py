"""The weeding what-if: its figures, and the widget driven as a person would (issue 9).

Every number the widget shows is checked against `score_weeding` called directly with the
same rules, so the sliders cannot drift from the library.
"""

from __future__ import annotations

import io
import statistics

import polars as pl
import pytest
from PIL import Image
from workflow_frames import TODAY, varied_catalog

from libanalytics.weeding import load_rules, score_weeding
from libanalytics.weeding_whatif import on_shelf, rules_with, summarise, what_if
from libanalytics.widgets import WeedingWhatIf


@pytest.fixture(scope="module")
def items():
    return varied_catalog()


@pytest.fixture
def widget(items, tmp_path):
    return WeedingWhatIf(items, today=TODAY, save_to=tmp_path / "my_rules.toml")


def _direct(items, rules, keep=None):
    """The figures, computed here from score_weeding without the what-if module."""
    copies = score_weeding(items, rules=rules, keep=keep, today=TODAY).copies
    shelf = copies.filter(~pl.col("status").is_in(["withdrawn", "lost", "missing", "on_order"]))
    candidates = shelf.filter(pl.col("decision") == "candidate")
    rest = shelf.filter(pl.col("decision") != "candidate")["age_years"].drop_nulls().to_list()
    return {
        "candidates": candidates.height,
        "average_age_after": round(statistics.fmean(rest), 1),
        "median_age_after": round(statistics.median(rest), 1),
        "by_rule": dict(
            copies.filter(pl.col("decision") == "candidate").group_by("rule").len().iter_rows()
        ),
    }


def _shown_by_rule(widget):
    return {
        r["rule"]: r["candidate"]
        for r in widget.current.by_rule.iter_rows(named=True)
        if r["candidate"]
    }


def test_the_widget_opens_with_the_rules_file_numbers(widget, items):
    expected = _direct(items, load_rules())
    shown = widget.current.figures()
    assert shown["candidates"] == expected["candidates"]
    assert shown["average_age_after"] == expected["average_age_after"]
    assert shown["median_age_after"] == expected["median_age_after"]
    assert _shown_by_rule(widget) == expected["by_rule"]
    assert f"<td>{expected['candidates']:,}</td>" in widget.numbers.value


def test_moving_a_slider_rescores_at_once(widget, items):
    before = widget.current.figures()["candidates"]
    updates = widget.updates
    widget.age_sliders["500s science"].value = 30
    widget.unused_sliders["500s science"].value = 10
    assert widget.updates == updates + 2
    rules = load_rules().with_limits("500s science", max_age_years=30, max_unused_years=10)
    expected = _direct(items, rules)
    shown = widget.current.figures()
    assert shown["candidates"] == expected["candidates"] < before
    assert shown["average_age_after"] == expected["average_age_after"]
    assert _shown_by_rule(widget) == expected["by_rule"]
    assert f"<td>{expected['candidates']:,}</td>" in widget.numbers.value
    assert widget.limits() == {"500s science": {"max_age_years": 30, "max_unused_years": 10}}


def test_off_makes_a_criterion_not_apply(widget, items):
    widget.unused_sliders["fiction"].value = 0
    rules = load_rules().with_limits("fiction", max_unused_years=None)
    assert widget.current.figures()["candidates"] == _direct(items, rules)["candidates"]
    assert widget.rules().rule("fiction").max_unused_years is None


def test_protection_switches(items, tmp_path):
    keep = items.filter(pl.col("section") == "Fiction")["isbn"].to_list()
    widget = WeedingWhatIf(items, rules=load_rules(), keep=keep, today=TODAY)
    protected = widget.current.figures()["candidates"]
    assert protected == _direct(items, load_rules(), keep=keep)["candidates"]
    widget.use_keep_list.value = False
    unprotected = widget.current.figures()["candidates"]
    assert unprotected == _direct(items, load_rules())["candidates"] > protected
    widget.protect_new_years.value = 0
    rules = rules_with(load_rules(), protect_new_copies_years=0)
    assert widget.current.figures()["candidates"] == _direct(items, rules)["candidates"]
    assert widget.current.figures()["candidates"] >= unprotected


def test_the_save_button_writes_rules_that_read_back(widget, items, tmp_path):
    widget.age_sliders["fiction"].value = 12
    widget.protect_new_years.value = 3
    widget.save_button.click()
    saved = load_rules(tmp_path / "my_rules.toml")
    assert saved.rule("fiction").max_age_years == 12
    assert saved.protect_new_copies_years == 3
    assert "Saved to" in widget.message.value
    assert _direct(items, saved)["candidates"] == widget.current.figures()["candidates"]


def test_the_chart_shows_every_section(widget):
    image = Image.open(io.BytesIO(widget.chart.value))
    assert image.format == "PNG" and image.size[0] > 400
    sections = widget.current.by_section["section"].to_list()
    assert sections == ["Easy", "Fiction", "Nonfiction", "Biography", "Graphic Novel"]


def test_shelf_space_and_replacement_cost(items):
    result = score_weeding(items, today=TODAY)
    figures = summarise(result)
    shelf = on_shelf(result.copies)
    candidates = shelf.filter(pl.col("decision") == "candidate")
    # Copies with pages: a quarter inch of binding and 0.0025 inch a page.
    with_pages = candidates.filter(pl.col("pages").is_not_null())
    assert figures.shelf_from_pages == with_pages.height
    measured = (0.25 + with_pages["pages"].cast(pl.Float64) * 0.0025).sum()
    assert figures.shelf_feet * 12 > measured
    # Copies without a price cost their section's median price.
    priced = candidates.filter(pl.col("price").is_not_null())["price"].sum()
    medians = dict(
        shelf.filter(pl.col("price").is_not_null())
        .group_by("section")
        .agg(pl.col("price").median())
        .iter_rows()
    )
    estimated = sum(
        medians[s] for s in candidates.filter(pl.col("price").is_null())["section"].to_list()
    )
    assert figures.replacement_cost == pytest.approx(priced + estimated, abs=0.05)
    assert figures.priced_by_median == candidates["price"].null_count()


def test_what_if_equals_scoring_with_changed_rules(items):
    limits = {"easy and picture books": {"max_age_years": 40, "max_unused_years": 8}}
    got = what_if(items, today=TODAY, limits=limits)
    rules = load_rules().with_limits("easy and picture books", max_age_years=40, max_unused_years=8)
    assert got.result.copies.equals(score_weeding(items, rules=rules, today=TODAY).copies)
    assert got.result.rules.sha256 == rules.sha256 != load_rules().sha256


@pytest.mark.parametrize("years", [10, 2])
def test_a_new_copy_protection_outside_the_slider_opens_as_the_rules_file_says(items, years):
    """A rules file may protect new copies for longer than the slider's 0-5 years."""
    rules = rules_with(load_rules(), protect_new_copies_years=years)
    widget = WeedingWhatIf(items, rules=rules, today=TODAY)
    assert widget.protect_new_years.value == years
    assert widget.protect_new_years.label == str(years)
    labels = [label for label, _ in widget.protect_new_years.options]
    assert labels[0] == "off" and labels.count(str(years)) == 1
    direct = summarise(score_weeding(items, rules=rules, today=TODAY)).candidates
    assert widget.current.figures()["candidates"] == direct
    assert widget.rules().protect_new_copies_years == years
    if years == 10:
        unprotected = _direct(items, rules_with(load_rules(), protect_new_copies_years=0))
        assert direct < unprotected["candidates"], "the protection must matter here"


def _widths_by_hand(shelf: pl.DataFrame, typical: dict[str, float]) -> dict[str, tuple]:
    """Each on-shelf copy's width and its source, computed here row by row."""
    by_pages = {}
    for row in shelf.iter_rows(named=True):
        if row["pages"]:
            by_pages.setdefault(row["section"], []).append(0.25 + 0.0025 * row["pages"])
    widths = {}
    for row in shelf.iter_rows(named=True):
        if row["pages"]:
            widths[row["barcode"]] = (round(0.25 + 0.0025 * row["pages"], 3), "pages")
        elif row["section"] in by_pages:
            average = statistics.fmean(by_pages[row["section"]])
            widths[row["barcode"]] = (round(average, 3), "section average")
        else:
            widths[row["barcode"]] = (typical[row["section"]], "typical for section")
    return widths


TYPICAL = {"Easy": 0.35, "Fiction": 1.0, "Nonfiction": 0.6, "Biography": 0.75, "Graphic Novel": 0.6}


@pytest.mark.parametrize("pages", ["some", "none"])
def test_shelf_space_and_its_note_say_where_each_width_came_from(items, pages):
    if pages == "none":  # a sample without page counts: a typical width per section
        items = items.with_columns(pl.lit(None, dtype=pl.Int32).alias("pages"))
    result = score_weeding(items, today=TODAY)
    shown = summarise(result)
    shelf = on_shelf(result.copies)
    widths = _widths_by_hand(shelf, TYPICAL)
    candidates = shelf.filter(pl.col("decision") == "candidate")["barcode"].to_list()
    inches = sum(widths[b][0] for b in candidates)
    assert shown.shelf_feet == round(inches / 12, 1)
    sources = [widths[b][1] for b in candidates]
    counts = {s: sources.count(s) for s in ("pages", "section average", "typical for section")}
    assert shown.shelf_from == counts
    note = WeedingWhatIf(items, today=TODAY).numbers.value
    if pages == "none":
        assert counts == {"pages": 0, "section average": 0, "typical for section": len(candidates)}
        assert shown.shelf_note() == (
            f"{len(candidates):,} candidates at a typical width for their section, "
            "as no copy there has a page count"
        )
        assert "average" not in note and "typical width" in note
    else:
        assert counts["pages"] and counts["section average"], "both paths must be taken"
        assert shown.shelf_note().startswith(
            f"{counts['pages']:,} candidates measured from their page counts, "
            f"{counts['section average']:,} candidates at the average width of their section's"
        )
        assert "page counts" in note and "average width" in note
