"""The main job end to end on the sample: every file it lists exists, and no patron
name, patron barcode or homeroom from the raw circulation export reaches any output,
notebook or message."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import polars as pl
import pytest
from pypdf import PdfReader

from libanalytics import cli
from libanalytics.sample import words

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    if not (PROJECT / "data" / "sample" / "school.toml").is_file():
        pytest.skip("the sample school in data/sample has not been generated yet")
    out = tmp_path_factory.mktemp("demo") / "out"
    import contextlib
    import io

    buffer, errors = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(errors):
        code = cli.main(["demo", "--out", str(out)])
    return code, buffer.getvalue() + errors.getvalue(), out


def _patron_values() -> set[str]:
    raw = pl.read_csv(PROJECT / "data" / "sample" / "circulation.csv", infer_schema=False)
    values: set[str] = set()
    for column in ("Patron Name", "Patron Barcode", "Homeroom"):
        values |= {v for v in raw[column].drop_nulls().unique().to_list() if v.strip()}
    assert len(values) > 50, "the sample's circulation export should name many patrons"
    return values


def _texts(path: Path) -> list[str]:
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as z:
            return [z.read(n).decode("utf-8", "ignore") for n in z.namelist()]
    if path.suffix == ".pdf":
        return [page.extract_text() or "" for page in PdfReader(path).pages]
    return [path.read_text(encoding="utf-8", errors="ignore")]


def test_demo_lists_every_file_it_wrote(demo_run):
    code, printed, out = demo_run
    assert code == 0
    listed = [line.strip() for line in printed.splitlines() if line.startswith("  out/")]
    on_disk = sorted(str(p.relative_to(out.parent)) for p in out.rglob("*") if p.is_file())
    assert listed == on_disk
    assert {
        "out/inventory/inventory.xlsx",
        "out/weeding/pull_list.pdf",
        "out/health_report.pdf",
    } <= set(listed)


def test_no_patron_data_in_any_output_or_notebook(demo_run):
    code, printed, out = demo_run
    patrons = _patron_values()
    places = {"demo output": [printed]}
    for path in out.rglob("*"):
        if path.is_file():
            places[str(path.relative_to(out))] = _texts(path)
    for nb in (PROJECT / "notebooks").glob("*.ipynb"):
        places[nb.name] = [json.dumps(json.load(nb.open())["cells"])]
    leaks = [
        (where, value)
        for where, texts in places.items()
        for text in texts
        for value in patrons
        if value in text
    ]
    assert not leaks, f"patron data found: {leaks[:5]}"


def test_patron_names_share_nothing_with_authors():
    # Otherwise an author named like a student would hide a real leak from the test above.
    assert not set(words.PATRON_SURNAMES) & set(words.SURNAMES)
    assert not set(words.PATRON_FIRST_NAMES) & set(words.FIRST_NAMES)
