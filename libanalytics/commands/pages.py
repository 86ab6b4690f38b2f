"""`libanalytics pages`: the weeding what-if and the inventory as web pages without code.

Starts Voilà on this computer only (127.0.0.1) serving two notebooks as pages: their
tables, charts and sliders, never their code. Whoever never wants to see Python opens the
address it prints in a browser; Ctrl+C in the terminal stops it. Each page runs its
notebook afresh on the parameters cell's exports (the sample school as committed).
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import webbrowser
from pathlib import Path

from .. import paths
from ..errors import InputFormatError

NOTEBOOKS_DIR = paths.PROJECT_ROOT / "notebooks"
# The pages, in the order they are listed: what a specialist opens without code.
PAGES = {
    "03_weeding.ipynb": "Weeding: pull lists and what-if sliders",
    "02_inventory.ipynb": "Inventory: missing, misplaced, wrong in the catalog",
}
DEFAULT_PORT = 8866
# What Jupyter hides anyway, then every notebook that is not one of the pages.
ALWAYS_HIDDEN = ["__pycache__", "*.pyc", "*.pyo", ".DS_Store", "*~", ".ipynb_checkpoints"]


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "pages",
        help="serve the weeding what-if and the inventory as web pages without code",
        description="Serve the weeding what-if (03) and inventory (02) notebooks as web "
        "pages without code, on this computer only (127.0.0.1). Open the address printed "
        "in a browser; press Ctrl+C here to stop.",
    )
    p.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port to serve on (default: {DEFAULT_PORT})"
    )
    p.add_argument(
        "--no-browser", action="store_true", help="do not open a browser, only print the address"
    )
    p.add_argument(
        "--notebooks",
        type=Path,
        default=NOTEBOOKS_DIR,
        help="folder holding the notebooks (default: notebooks/)",
    )
    p.set_defaults(run=run)


def pages_in(folder: Path) -> list[str]:
    """The page notebooks present in ``folder``; an error naming them if none is."""
    present = [name for name in PAGES if (folder / name).is_file()]
    if not present:
        raise InputFormatError(
            f"none of the page notebooks ({', '.join(PAGES)}) is in this folder",
            file=folder,
            remedy="run the command from the libanalytics folder, or give --notebooks",
        )
    return present


def hidden_globs(folder: Path) -> list[str]:
    """Every notebook in ``folder`` that is not a page: the page list shows only the pages."""
    others = sorted(p.name for p in folder.glob("*.ipynb") if p.name not in PAGES)
    return ALWAYS_HIDDEN + others


def voila_command(folder: Path, port: int) -> list[str]:
    """The Voilà command line serving ``folder``'s pages on 127.0.0.1 at ``port``.

    >>> cmd = voila_command(Path("notebooks"), 8866)
    >>> cmd[1:4], "--Voila.ip=127.0.0.1" in cmd, "--port=8866" in cmd
    (['-m', 'voila', 'notebooks'], True, True)
    """
    return [
        sys.executable,
        "-m",
        "voila",
        str(folder),
        "--no-browser",
        "--Voila.ip=127.0.0.1",
        f"--port={port}",
        # A user sees a plain message, not a Python traceback, if a page fails.
        "--VoilaConfiguration.show_tracebacks=False",
        # Repeated, one pattern each: Voilà's command line reads a list that way.
        *(f"--LargeFileManager.hide_globs={pattern}" for pattern in hidden_globs(folder)),
    ]


def page_urls(base: str, names: list[str]) -> dict[str, str]:
    """Each page's address under Voilà's base address.

    >>> page_urls("http://127.0.0.1:8866", ["03_weeding.ipynb"])
    {'03_weeding.ipynb': 'http://127.0.0.1:8866/voila/render/03_weeding.ipynb'}
    """
    return {name: f"{base.rstrip('/')}/voila/render/{name}" for name in names}


def _answers(url: str, proc: subprocess.Popen, timeout: float = 60) -> bool:
    """Wait until Voilà answers at ``url`` (so the browser does not open on an error)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return True
        except urllib.error.HTTPError:
            return True
        except OSError:
            time.sleep(0.5)
    return False


def run(args: argparse.Namespace) -> int:
    folder = args.notebooks.resolve()
    names = pages_in(folder)
    base = f"http://127.0.0.1:{args.port}"
    print("Pages without code, on this computer only:")
    for name, url in page_urls(base, names).items():
        print(f"  {PAGES[name]}\n    {url}")
    print(f"All pages: {base}/\nEach page takes a few seconds to run its notebook. Ctrl+C stops.")
    proc = subprocess.Popen(voila_command(folder, args.port), cwd=folder)
    # Stopped by Ctrl+C or by a kill: either way Voilà and its kernels stop with us.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        if not args.no_browser and _answers(base + "/", proc):
            webbrowser.open(base + "/")
        return proc.wait()
    except KeyboardInterrupt:
        print("libanalytics: pages stopped.")
        return 0
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
