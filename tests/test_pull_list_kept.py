"""A pull list that holds a person's decisions is never written over (issue 9 review).

`weed pull`, `demo`, notebook 03 and its Voilà page all write out/weeding/pull_list.xlsx,
the file the person is told to fill in. Once it holds decisions, a new list goes under a
new name instead, and notebook 03 with PULL_LIST set applies that list and writes none.
"""

from __future__ import annotations

import openpyxl
import pytest
from workflow_frames import varied_catalog, weeding_result

from libanalytics import cli
from libanalytics.commands import weed
from libanalytics.commands.weed_workflow import pull_list_message, write_pull_lists
from libanalytics.errors import OutputError
from libanalytics.report.pull_list import (
    ABOUT_SHEET,
    decisions_on,
    free_pull_list_path,
    write_pull_list,
)
from libanalytics.weeding import score_weeding


def _decide(path, how_many, decision="withdraw"):
    """Choose a decision for the first ``how_many`` copies, as a person would in Excel."""
    wb = openpyxl.load_workbook(path)
    done = 0
    for ws in wb.worksheets:
        if ws.title == ABOUT_SHEET:
            continue
        column = [c.value for c in ws[1]].index("Decision") + 1
        for row in range(2, ws.max_row + 1):
            if done < how_many:
                ws.cell(row, column).value = decision
                done += 1
    wb.save(path)
    assert done == how_many
    return {p.name: p.read_bytes() for p in [path]}


def test_a_list_with_decisions_is_refused_and_an_empty_one_is_rewritten(tmp_path):
    path = write_pull_list(weeding_result(), tmp_path / "pull_list.xlsx")
    assert decisions_on(path) == 0
    # Nobody has written on it yet: writing it again is fine.
    assert write_pull_list(weeding_result(), path) == path
    _decide(path, 2)
    before = path.read_bytes()
    assert decisions_on(path) == 2
    with pytest.raises(OutputError, match="already holds 2 decisions") as err:
        write_pull_list(weeding_result(), path)
    assert "pull_list.xlsx" in str(err.value)
    assert path.read_bytes() == before
    # Asked for in so many words, it is replaced.
    write_pull_list(weeding_result(), path, replace_decisions=True)
    assert decisions_on(path) == 0


def test_something_unreadable_at_the_list_name_is_not_written_over(tmp_path):
    path = tmp_path / "pull_list.xlsx"
    path.write_text("my notes, saved under the wrong name")
    assert decisions_on(path) is None
    with pytest.raises(OutputError):
        write_pull_list(weeding_result(), path)
    assert free_pull_list_path(path).name == "pull_list-2.xlsx"


def test_the_commands_write_a_new_list_beside_one_that_holds_decisions(tmp_path):
    first = write_pull_lists(weeding_result(), tmp_path)
    book = tmp_path / "weeding" / "pull_list.xlsx"
    assert first[0] == book and pull_list_message(first, tmp_path).startswith("Fill in")
    _decide(book, 5)
    filled = book.read_bytes()

    second = write_pull_lists(weeding_result(), tmp_path)
    assert [p.name for p in second] == ["pull_list-2.xlsx", "pull_list-2.pdf"]
    assert book.read_bytes() == filled
    said = pull_list_message(second, tmp_path)
    assert said.startswith("pull_list.xlsx holds 5 decisions, so it was left as it is")
    assert "The new pull list is pull_list-2.xlsx" in said
    assert f"weed apply {second[0]}" in said
    # pull_list-2 holds no decisions yet: the next list rewrites it, not a third name.
    third = write_pull_lists(weeding_result(), tmp_path)
    assert third[0].name == "pull_list-2.xlsx"


def test_weed_pull_keeps_the_list_being_filled_in(tmp_path, monkeypatch, capsys):
    items = varied_catalog(120)
    monkeypatch.setattr(weed, "score_from_args", lambda args: score_weeding(items))
    assert cli.main(["weed", "pull", "--out", str(tmp_path)]) == 0
    book = tmp_path / "weeding" / "pull_list.xlsx"
    _decide(book, 3)
    filled = book.read_bytes()
    capsys.readouterr()
    assert cli.main(["weed", "pull", "--out", str(tmp_path)]) == 0
    said = capsys.readouterr().out
    assert book.read_bytes() == filled
    assert "pull_list.xlsx holds 3 decisions" in said
    assert "weed apply " + str(tmp_path / "weeding" / "pull_list-2.xlsx") in said


def test_notebook_03_applies_the_list_named_in_pull_list_and_writes_none(sample, tmp_path):
    """Run notebook 03 up to its apply step with PULL_LIST set to a filled-in list."""
    import nbformat
    from nbclient import NotebookClient

    from libanalytics.paths import PROJECT_ROOT

    notebooks = PROJECT_ROOT / "notebooks"
    nb = nbformat.read(notebooks / "03_weeding.ipynb", as_version=4)
    params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    out = tmp_path / "out"
    # A first run writes the list; the person fills five decisions in.
    cells = nb.cells
    apply_at = next(i for i, c in enumerate(cells) if "apply_decisions(" in c.source)
    nb.cells = cells[: apply_at + 1]
    params.source += f"\nOUT_DIR = {str(out)!r}"
    NotebookClient(nb, timeout=600, resources={"metadata": {"path": str(notebooks)}}).execute()
    book = out / "weeding" / "pull_list.xlsx"
    _decide(book, 5)
    filled = book.read_bytes()
    (out / "weeding" / "pull_list.pdf").unlink()

    params.source += f"\nPULL_LIST = {str(book)!r}"
    NotebookClient(nb, timeout=600, resources={"metadata": {"path": str(notebooks)}}).execute()
    said = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    assert "PULL_LIST is set: no new list written" in said
    assert "pull_list.xlsx: 5 decisions applied (5 withdraw)" in said
    assert book.read_bytes() == filled
    assert not (out / "weeding" / "pull_list.pdf").exists()
    assert not (out / "weeding" / "pull_list-2.xlsx").exists()
    assert len((out / "weeding" / "pull_list-withdraw.txt").read_text().split()) == 5


def test_notebook_03_reads_right_in_jupyterlab_and_as_a_page_and_caps_its_tables():
    """Voilà shows the markdown but not the code: no instruction may assume either."""
    import json
    import re

    from libanalytics.paths import PROJECT_ROOT

    nb = json.loads((PROJECT_ROOT / "notebooks" / "03_weeding.ipynb").read_text())
    for cell in nb["cells"]:
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and re.search(r"Run All|change the parameters", text):
            assert "In JupyterLab" in text and "On the page without code" in text, text
    opening = "".join(nb["cells"][0]["source"])
    assert "libanalytics pages" in opening and "reload the page" in opening
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            shown = out.get("text") or out.get("data", {}).get("text/plain", "")
            shown = "".join(shown) if isinstance(shown, list) else shown
            for rows in re.findall(r"shape: \((\d+),", shown):
                assert int(rows) <= 20, shown[:200]
    said = "".join("".join(o.get("text", "")) for c in nb["cells"] for o in c.get("outputs", []))
    assert "The first 20 of 998 rows; all 998 are in pull_list-problems.xlsx." in said
