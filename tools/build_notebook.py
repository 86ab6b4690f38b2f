"""Run notebooks top to bottom on the sample data and save them with their outputs.

    uv run python tools/build_notebook.py notebooks/00_start_here.ipynb [...]

The committed outputs are what `pytest --nbval` compares against. Widget state is never
stored (it could hold a user's data), and the parameters cell must hold the defaults.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def build(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        store_widget_state=False,
    )
    client.execute()
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nbformat.write(nb, path)
    print(f"ran and saved {path}")


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        build(Path(arg))
