"""Protections: copies the program never proposes to withdraw outright.

A protected copy is at most ``review``, and its reasons name the protection:

- the keep list: ISBNs or bib ids of award winners, classics, local history, curriculum
  titles (a list, or a file with one a line and an optional ``# note`` after it);
- copies acquired in the last two years (``protect_new_copies_years`` in the rules file),
  except copies whose acquired date is the migration day: that date is when the new
  system received them, not when the library bought them;
- in a district file, optionally the last copy of a title in the district
  (``protect_last_copy_in_district = true``).

>>> keep = read_keep_list(["0-306-40615-2", "bib42"])
>>> keep.sort("id").rows()
[('9780306406157', 'on the keep list', None), ('bib42', 'on the keep list', None)]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import polars as pl

from ..errors import RulesError

KEEP_COLUMNS = {"id": pl.String, "protection": pl.String, "note": pl.String}
_SPLIT = re.compile(r"[\s,;\t]+")


def normalise_id(text: str) -> str:
    """An ISBN as 13 digits (ISBN-10 converted, hyphens dropped); other ids trimmed.

    >>> normalise_id("0-306-40615-2"), normalise_id("978-0-306-40615-7"), normalise_id(" 12345 ")
    ('9780306406157', '9780306406157', '12345')
    """
    text = text.strip()
    compact = re.sub(r"[\s-]", "", text).upper()
    if re.fullmatch(r"\d{9}[\dX]", compact) and _isbn10_ok(compact):
        core = "978" + compact[:9]
        total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(core))
        return core + str((10 - total % 10) % 10)
    if re.fullmatch(r"97[89]\d{10}", compact):
        return compact
    return text


def _isbn10_ok(isbn: str) -> bool:
    total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(isbn))
    return total % 11 == 0


def read_keep_list(keep: str | Path | Iterable[str] | pl.Series | None) -> pl.DataFrame:
    """The keep list as a table of ``id`` (ISBN-13 or bib id), ``protection``, ``note``.

    Parameters
    ----------
    keep:
        A file (one ISBN or bib id a line; ``#`` starts a note or a comment line), or a
        list of ISBNs and bib ids, or None for no keep list.
    """
    if keep is None:
        return pl.DataFrame(schema=KEEP_COLUMNS)
    if isinstance(keep, str | Path) and _looks_like_file(keep):
        return _read_file(Path(keep))
    if isinstance(keep, str):
        keep = [keep]
    values = keep.to_list() if isinstance(keep, pl.Series) else list(keep)
    rows = [(normalise_id(str(v)), "on the keep list", None) for v in values if str(v).strip()]
    return pl.DataFrame(rows, schema=KEEP_COLUMNS, orient="row").unique("id", keep="first")


def _looks_like_file(keep: str | Path) -> bool:
    if isinstance(keep, Path):
        return True
    return Path(keep).is_file() or bool(re.search(r"[/\\]|\.(txt|csv|tsv)$", keep, re.I))


def _read_file(path: Path) -> pl.DataFrame:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_text(encoding="cp1252")
    except OSError as exc:
        raise RulesError(
            f"cannot read the keep list ({exc.strerror or exc})",
            file=path,
            remedy="check the path in KEEP_LIST, or set it to None",
        ) from None
    rows = []
    for line in text.splitlines():
        body, _, note = line.partition("#")
        body = body.strip()
        if not body:
            continue
        first = _SPLIT.split(body)[0].strip("\"'")
        if first.lower() in ("isbn", "bib_id", "id"):
            continue
        rows.append((normalise_id(first), f"on the keep list ({path.name})", note.strip() or None))
    return pl.DataFrame(rows, schema=KEEP_COLUMNS, orient="row").unique("id", keep="first")
