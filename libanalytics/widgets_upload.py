"""Pick exports in the browser: an upload button that saves them into ``data/local/``.

``data/local/`` is never committed (a circulation export can name students), so files
picked here stay on this computer. `save_uploads` does the saving and is what the tests
call; `ExportUpload` is the widget the import notebook shows.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> saved = save_uploads([{"name": "copies.csv", "content": b"Barcode\\n0042\\n"}], folder)
>>> [p.name for p in saved], saved[0].read_text()
(['copies.csv'], 'Barcode\\n0042\\n')
>>> [p.name for p in save_uploads([{"name": "copies.csv", "content": b"other"}], folder)]
['copies (2).csv']
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from . import paths
from .errors import InputFormatError, LibAnalyticsError
from .report.files import write_bytes

# What the importers read; the upload button offers these.
ACCEPTED = (".mrc", ".marc", ".xml", ".csv", ".tsv", ".txt", ".xlsx", ".dat")
KINDS = {
    "catalog": "catalog (copies)",
    "circulation": "checkout history",
    "scans": "scanner files",
}


def _safe_name(name: str) -> str:
    """The file's own name, without any folder a browser might send along."""
    plain = Path(str(name).replace("\\", "/")).name.strip()
    if not plain or plain.startswith("."):
        raise InputFormatError(
            f"cannot save an upload named {name!r}",
            remedy="rename the file to an ordinary name (letters, digits, a dot and its "
            "extension) and pick it again",
        )
    return plain


def _free_path(folder: Path, name: str, content: bytes) -> Path:
    """``name`` in ``folder``; if a different file has that name, ``name (2)`` and so on.

    An export is never overwritten by another with the same name; the same bytes again
    are the same file.
    """
    target = folder / name
    n = 2
    while target.exists() and target.read_bytes() != content:
        target = folder / f"{Path(name).stem} ({n}){Path(name).suffix}"
        n += 1
    return target


def save_uploads(
    uploads: Iterable[Mapping[str, Any]], folder: str | Path | None = None
) -> list[Path]:
    """Save uploaded files into ``folder`` (default ``data/local/``); return their paths.

    Parameters
    ----------
    uploads:
        What an ipywidgets ``FileUpload`` holds in ``.value``: one mapping per file
        with its ``name`` and ``content`` (bytes or a memoryview).
    folder:
        Where to save them; created if needed.

    Each file is written whole (a temporary file, then a rename). A file whose name is
    taken by a different file is saved as ``name (2).ext``: nothing already there is
    overwritten.
    """
    target_folder = Path(folder) if folder is not None else paths.LOCAL_DIR
    saved = []
    for upload in uploads:
        name = _safe_name(upload["name"])
        content = bytes(upload["content"])
        target = _free_path(target_folder, name, content)
        if not target.exists():
            write_bytes(target, content)
        saved.append(target)
    return saved


class ExportUpload:
    """An upload button for exports, and a choice of what the files are.

    .. code-block:: python

        upload = ExportUpload()
        upload                                   # in a notebook: the button
        catalog = upload.files("catalog", CATALOG_FILES)

    ``files(kind, default)`` gives the files picked as that kind, or ``default`` (the
    parameters cell's paths) when none was: the notebook reads the parameters until a
    person picks files, then re-runs the cells below.
    """

    def __init__(self, folder: str | Path | None = None) -> None:
        import ipywidgets as w

        self.folder = Path(folder) if folder is not None else paths.LOCAL_DIR
        self.kind = w.ToggleButtons(
            options=[(label, kind) for kind, label in KINDS.items()],
            value="catalog",
            description="These files are:",
            style={"description_width": "initial"},
        )
        self.button = w.FileUpload(
            accept=",".join(ACCEPTED), multiple=True, description="Pick exports"
        )
        self.message = w.HTML()
        self.picked: dict[str, list[Path]] = {kind: [] for kind in KINDS}
        self.button.observe(self._on_upload, names="value")
        self.widget = w.VBox([self.kind, self.button, self.message])

    def _on_upload(self, change: Any) -> None:
        if not change["new"]:
            return
        try:
            saved = save_uploads(change["new"], self.folder)
        except LibAnalyticsError as exc:
            self.message.value = f"<span style='color:#B00020'>{html.escape(str(exc))}</span>"
            return
        self.add(saved, self.kind.value)

    def add(self, saved: Sequence[Path], kind: str) -> None:
        """Record files saved as ``kind`` and say so under the button."""
        self.picked[kind] = list(dict.fromkeys([*self.picked[kind], *saved]))
        names = ", ".join(p.name for p in saved)
        self.message.value = html.escape(
            f"Saved {names} in {self.folder} as {KINDS[kind]}. Run the cells below again "
            "to read them."
        )

    def files(self, kind: str, default: Sequence[str | Path] | str | Path) -> list[Path]:
        """The files picked as ``kind``, or ``default`` when none was picked."""
        if self.picked[kind]:
            return list(self.picked[kind])
        if isinstance(default, str | Path):
            return [Path(default)]
        return [Path(p) for p in default]

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
