"""Every committed notebook follows the suite's conventions (DESIGN.md, issue 2)."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from libanalytics.params import NOTEBOOK_PARAMETERS

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))


def _cells(nb):
    return [c for c in nb["cells"] if "".join(c.get("source", [])).strip()]


@pytest.fixture(params=NOTEBOOKS, ids=lambda p: p.name)
def notebook(request):
    return request.param, json.loads(request.param.read_text(encoding="utf-8"))


def test_there_is_a_start_here_notebook():
    assert any(p.name == "00_start_here.ipynb" for p in NOTEBOOKS)


def test_opens_with_a_markdown_cell_that_says_what_it_is_for(notebook):
    _, nb = notebook
    first = _cells(nb)[0]
    assert first["cell_type"] == "markdown"
    assert "".join(first["source"]).lstrip().startswith("# ")


def test_parameters_cell_holds_the_shared_defaults(notebook):
    path, nb = notebook
    tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, f"{path.name} needs exactly one cell tagged 'parameters'"
    tree = ast.parse("".join(tagged[0]["source"]))
    for node in tree.body:
        assert isinstance(node, ast.Assign), (
            f"{path.name}: the parameters cell holds only assignments"
        )
        name = node.targets[0].id
        assert name in NOTEBOOK_PARAMETERS, f"{path.name}: '{name}' is not a shared parameter name"
        assert ast.literal_eval(node.value) == NOTEBOOK_PARAMETERS[name], (
            f"{path.name}: parameter {name} was committed changed from its default"
        )


def test_no_widget_state_and_every_code_cell_ran(notebook):
    path, nb = notebook
    assert "widgets" not in nb.get("metadata", {}), f"{path.name} carries saved widget state"
    code = [c for c in _cells(nb) if c["cell_type"] == "code"]
    assert code and all(c.get("execution_count") for c in code), (
        f"{path.name} was not run top to bottom"
    )
    assert any(c.get("outputs") for c in code), (
        f"{path.name} has no outputs: nbval would check nothing"
    )


def test_a_sentence_before_each_step(notebook):
    path, nb = notebook
    cells = _cells(nb)
    for before, cell in zip(cells, cells[1:], strict=False):
        if cell["cell_type"] == "code" and before["cell_type"] == "code":
            pytest.fail(
                f"{path.name}: two code cells in a row, no sentence before: {''.join(cell['source'])[:60]!r}"
            )


def test_no_error_outputs(notebook):
    path, nb = notebook
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            assert out.get("output_type") != "error", f"{path.name} was committed with an error"


# The tables of counts each notebook shows, by the expression that makes them: every one
# ends with a "Total" row (issue 11: one look for every table).
COUNT_TABLES = {
    "02_inventory.ipynb": ["inventory.summary.sections", "inventory.summary.missing_value"],
    "04_admin_report.ipynb": ["health.by_section", "health.by_dewey", "health.by_year"],
}


def _last_row_label(text: str) -> str | None:
    rows = [line for line in text.splitlines() if line.startswith("│")]
    return rows[-1].strip("│").split("┆")[0].strip() if rows else None


@pytest.mark.parametrize(
    ("name", "table"), [(n, t) for n, tables in COUNT_TABLES.items() for t in tables]
)
def test_tables_of_counts_end_with_a_total_row(name, table):
    path = next(p for p in NOTEBOOKS if p.name == name)
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = [c for c in nb["cells"] if c["cell_type"] == "code" and table in "".join(c["source"])]
    shown = [
        "".join(out["data"]["text/plain"])
        for c in cells
        for out in c.get("outputs", [])
        if "text/plain" in out.get("data", {})
    ]
    assert shown, f"{name}: no table shown for {table}"
    assert _last_row_label(shown[-1]) == "Total", f"{name}: {table} has no total row"


# Issue 11: a long list shows its first 20 copies and says where the rest are
# (libanalytics.tables.preview); a total row may follow them.
MAX_SHOWN_ROWS = 20


def _shown_tables(output: dict) -> list[tuple[int, bool]]:
    """(rows, ends with a total row) of each table an output displays."""
    import re

    data = output.get("data", {})
    text = "".join(data.get("text/plain", ""))
    html = "".join(data.get("text/html", ""))
    tables = []
    for rows in re.findall(r"shape: \((\d+), \d+\)", text):
        tables.append((int(rows), _last_row_label(text) == "Total"))
    if not tables and "<table" in html:
        for body in re.findall(r"<tbody>(.*?)</tbody>", html, flags=re.S):
            cells = re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)
            last = re.findall(r"<td>(.*?)</td>", cells[-1], flags=re.S) if cells else []
            tables.append(
                (len(cells), bool(last) and last[0].replace("&quot;", "").strip() == "Total")
            )
    return tables


def test_shown_tables_parse_from_text_and_html():
    import polars as pl

    from libanalytics.tables import for_display

    frame = for_display(pl.DataFrame({"s": ["a", "b"], "n": [1, 2]}), total={"n": "sum"})
    text = {"data": {"text/plain": repr(frame)}}
    html = {"data": {"text/html": frame._repr_html_()}}
    assert _shown_tables(text) == [(3, True)]
    assert _shown_tables(html) == [(3, True)]
    assert _shown_tables({"data": {"text/plain": repr(frame.head(2))}}) == [(2, False)]


def test_no_table_shown_runs_past_twenty_rows_and_a_total(notebook):
    path, nb = notebook
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            for rows, has_total in _shown_tables(output):
                assert rows - has_total <= MAX_SHOWN_ROWS, (
                    f"{path.name}: a table of {rows} rows is shown in full; show its first "
                    f"{MAX_SHOWN_ROWS} with libanalytics.tables.preview: "
                    f"{''.join(cell['source'])[:80]!r}"
                )


def _page_notebooks() -> list[Path]:
    from libanalytics.commands.pages import PAGES

    return [p for p in NOTEBOOKS if p.name in PAGES]


@pytest.mark.parametrize("path", _page_notebooks(), ids=lambda p: p.name)
def test_page_notebooks_say_what_to_do_in_jupyterlab_and_on_the_page(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    opening = "".join(_cells(nb)[0]["source"])
    assert "**In JupyterLab:**" in opening and "**On the page without code**" in opening, (
        f"{path.name} is served as a page: its opening says what to do in both places"
    )
    assert path.name in opening, f"{path.name}: the page says which notebook's parameters to change"
    for cell in nb["cells"]:
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and (
            "Run All Cells" in text or "parameters cell" in text
        ):
            assert "page without code" in text, (
                f"{path.name}: {text[:60]!r} speaks of JupyterLab only; the page has no cells"
            )


@pytest.mark.parametrize(
    "path", [p for p in NOTEBOOKS if p.name[:2] in {"01", "02", "03", "04"}], ids=lambda p: p.name
)
def test_the_suite_opens_the_same_way(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    cells = _cells(nb)
    opening = " ".join("".join(cells[0]["source"]).split())
    assert "on the sample school as it is" in opening
    assert "**In JupyterLab:** to use your own exports," in opening
    assert "change the parameters cell below" in opening and "Run All Cells" in opening
    assert "".join(cells[1]["source"]).startswith("The parameters cell")
    assert "parameters" in cells[2].get("metadata", {}).get("tags", [])
    last_output = "".join(
        "".join(o.get("text", ""))
        for o in [c for c in cells if c["cell_type"] == "code"][-1]["outputs"]
    )
    assert last_output.startswith("Wrote "), f"{path.name}: the last cell lists the files it wrote"
