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
