"""A real browser: the weeding what-if in JupyterLab and as a Voilà page.

Debian's Chromium (/usr/bin/chromium) is driven by the playwright package; nothing is
downloaded. Each test opens notebooks/03_weeding.ipynb, lets it run, moves the "fiction"
rule's longest-unused slider to *off*, and checks that the candidates shown change to what the
package computes for the same setting. Screenshots go to out/screenshots/ for a person.

The notebooks are copied into a temporary folder first (with ``data`` linked), so
JupyterLab's autosave can never write outputs or widget state into the committed ones.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
from browser import CHROMIUM, _server, chromium_page, explained, jupyterlab

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = "03_weeding.ipynb"
SHOTS = ROOT / "out" / "screenshots"
# The largest rule of the sample school; its "longest unused" limit is the second slider of
# its row, and turning it off takes a third of the candidates away.
RULE = "fiction"
WAIT_MS = 180_000
# Run All on a machine shared by many: generous, as a slow run is not a failure.
RUN_ALL_MS = 300_000
# True once every code cell of the open notebook has run and its kernel is idle. The
# notebook is copied without outputs, so a cell that has not run yet has no count.
ALL_RAN = """() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  if (!panel || !panel.content || !panel.sessionContext) return false;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  if (!kernel || kernel.status !== 'idle') return false;
  const code = Array.from(panel.content.model.cells).filter(c => c.type === 'code');
  return code.length > 0 && code.every(c => c.executionCount !== null);
}"""

# Some cell has started: Run All was taken.
STARTED = """() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  if (!panel || !panel.content || !panel.sessionContext) return false;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  const code = Array.from(panel.content.model.cells).filter(c => c.type === 'code');
  return (kernel && kernel.status === 'busy') || code.some(c => c.executionCount !== null);
}"""

try:
    import playwright.sync_api  # noqa: F401

    HAVE_PLAYWRIGHT = True
except ImportError:
    HAVE_PLAYWRIGHT = False

pytestmark = [
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason=f"no browser at {CHROMIUM}: install Debian's chromium (apt-get install -y "
        "chromium; .ci/run does) to run the real-browser tests",
    ),
    pytest.mark.skipif(
        not HAVE_PLAYWRIGHT,
        reason="the playwright package is missing: run `uv sync` (never `playwright install`)",
    ),
    pytest.mark.skipif(
        not (ROOT / "notebooks" / NOTEBOOK).exists(), reason=f"notebooks/{NOTEBOOK} is not here yet"
    ),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """A copy of the notebooks beside a link to the real data, so ../data resolves."""
    import nbformat

    root = tmp_path_factory.mktemp("site")
    shutil.copytree(ROOT / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns(".*"))
    # Without the committed outputs, so "every cell has a count" means "every cell ran".
    copy = root / "notebooks" / NOTEBOOK
    nb = nbformat.read(copy, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nbformat.write(nb, copy)
    (root / "data").symlink_to(ROOT / "data", target_is_directory=True)
    return root


@pytest.fixture(scope="module")
def expected_candidates() -> tuple[int, int]:
    """Candidates as the notebook's what-if starts, and with the rule's unused limit off.

    Computed by the same widget class the notebook shows, on the same exports.
    """
    import libanalytics as la
    from libanalytics.params import NOTEBOOK_PARAMETERS as P
    from libanalytics.weeding import load_rules
    from libanalytics.widgets import WeedingWhatIf

    def here(p: str) -> Path:
        return ROOT / "notebooks" / p

    items = la.load_catalog([here(p) for p in P["CATALOG_FILES"]])
    circulation = la.load_circulation([here(p) for p in P["CIRCULATION_FILES"]])
    whatif = WeedingWhatIf(items, circulation, rules=load_rules(here(P["RULES_FILE"])))
    before = whatif.current.figures()["candidates"]
    whatif.unused_sliders[RULE].value = 0
    return before, whatif.current.figures()["candidates"]


def _candidates(text: str) -> int:
    match = re.search(r"Candidates[^\d]*([\d,]+)", text)
    assert match, f"no candidates figure in the what-if numbers: {text!r}"
    return int(match.group(1).replace(",", ""))


def _decline_news(page) -> None:
    """JupyterLab asks once whether to fetch Jupyter news: say no (it would cover the page)."""
    from playwright.sync_api import TimeoutError as NotAsked

    try:
        page.locator(".jp-toast-button", has_text="No").first.click(timeout=3_000)
    except NotAsked:
        pass


def _run_all_cells(page) -> None:
    """Run → Run All Cells, as a person would; again if no cell has started.

    On a loaded machine the first click has been seen to land before the kernel could
    take it (kernel idle, not one cell run after five minutes).
    """
    from playwright.sync_api import TimeoutError as NotYet

    for attempt in range(3):
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_text("Run All Cells", exact=True).click()
        try:
            page.wait_for_function(STARTED, timeout=60_000, polling=500)
            return
        except NotYet:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")


def _open_page_list(page, url: str) -> None:
    """Open Voila's list of pages; its list is fetched once by script, so reload if empty.

    On a busy machine the first fetch has been seen to come back empty after a minute.
    """
    from playwright.sync_api import TimeoutError as NotYet

    for attempt in range(3):
        page.goto(url)
        try:
            page.wait_for_selector(f"text={NOTEBOOK}", timeout=60_000 * (attempt + 1))
            return
        except NotYet:
            if attempt == 2:
                raise


def _move_slider_and_check(page, expected: tuple[int, int], shot: Path) -> dict[str, float]:
    """Turn the rule's unused limit off with the keyboard; the numbers must follow."""
    timings = {}
    numbers = page.locator(".la-whatif").first
    numbers.wait_for(timeout=WAIT_MS)
    before = numbers.inner_text()
    assert _candidates(before) == expected[0]
    row = page.locator(".widget-hbox").filter(has=page.get_by_text(RULE, exact=True))
    handle = row.locator(".widget-slider .noUi-handle").nth(1)
    handle.scroll_into_view_if_needed()
    start = time.monotonic()
    handle.focus()
    page.keyboard.press("Home")
    page.wait_for_function(
        "([el, old]) => el.innerText !== old",
        arg=[numbers.element_handle(), before],
        timeout=60_000,
    )
    timings["slider to new numbers (s)"] = round(time.monotonic() - start, 1)
    after = numbers.inner_text()
    assert after != before
    assert _candidates(after) == expected[1]
    assert "off" in row.inner_text()
    numbers.scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shot))
    return timings


def test_jupyterlab_runs_the_weeding_notebook_and_the_slider_moves_the_numbers(
    site, expected_candidates, record_property
):
    assert expected_candidates[0] != expected_candidates[1], "the chosen slider must matter"
    start = time.monotonic()
    with jupyterlab(site) as (base, token), chromium_page() as page:
        with explained(page, base, SHOTS / "jupyterlab_weeding_failure.png"):
            page.goto(f"{base}/lab/tree/notebooks/{NOTEBOOK}?token={token}")
            idle = ".jp-Notebook-ExecutionIndicator[data-status='idle']"
            page.wait_for_selector(idle, timeout=WAIT_MS)
            _decline_news(page)
            _run_all_cells(page)
            page.wait_for_function(ALL_RAN, timeout=RUN_ALL_MS, polling=500)
            page.wait_for_selector(".widget-slider .noUi-handle", timeout=WAIT_MS)
            ran = time.monotonic() - start
            timings = _move_slider_and_check(
                page, expected_candidates, SHOTS / "jupyterlab_weeding.png"
            )
            errors = page.locator(
                ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"
            )
            assert "Traceback" not in " ".join(errors.all_inner_texts())
    record_property("timings", {"start and run all (s)": round(ran, 1), **timings})


def test_voila_page_shows_no_code_and_the_slider_moves_the_numbers(
    site, expected_candidates, record_property
):
    from libanalytics.commands.pages import voila_command

    folder = site / "notebooks"
    start = time.monotonic()
    # The command `libanalytics pages` runs, on the copied notebooks.
    args = voila_command(folder, 0)[2:]
    args = [a if not a.startswith("--port=") else "--port={port}" for a in args]
    with _server(args, folder, "/favicon.ico") as base, chromium_page() as page:
        with explained(page, base, SHOTS / "voila_weeding_failure.png"):
            _open_page_list(page, base + "/")
            listed = set(re.findall(r"\d\d_\w+\.ipynb", page.inner_text("body")))
            names = {p.name for p in folder.glob("*.ipynb")}
            assert listed == {NOTEBOOK, "02_inventory.ipynb"} & names
            page.goto(f"{base}/voila/render/{NOTEBOOK}")
            page.wait_for_selector(".widget-slider .noUi-handle", timeout=RUN_ALL_MS)
            ran = time.monotonic() - start
            body = page.inner_text("body")
            assert "import libanalytics" not in body and "WeedingWhatIf(" not in body
            timings = _move_slider_and_check(page, expected_candidates, SHOTS / "voila_weeding.png")
    record_property("timings", {"start and render (s)": round(ran, 1), **timings})
