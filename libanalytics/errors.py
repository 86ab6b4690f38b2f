"""One exception hierarchy for everything a user can get wrong.

Every message is written for a school library specialist: it names the file, the line
or record, the column or field, and what to do about it.

>>> err = InputFormatError("this looks like a PDF, not a MARC export",
...                        file="catalog.mrc", remedy="export the catalog again as MARC 21")
>>> print(err)
catalog.mrc: this looks like a PDF, not a MARC export. What to do: export the catalog again as MARC 21.
"""

from __future__ import annotations

from pathlib import Path


class LibAnalyticsError(Exception):
    """Base class: a problem with the user's input, settings or output folder.

    Parameters
    ----------
    problem:
        What is wrong, in plain words.
    file, line, record, field:
        Where it is wrong. ``line`` is a line in a text file, ``record`` a record number
        in a MARC file (both counted from 1), ``field`` a column or MARC field.
    remedy:
        What the user can do about it.
    """

    def __init__(
        self,
        problem: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        record: int | None = None,
        field: str | None = None,
        remedy: str | None = None,
    ) -> None:
        self.problem = problem
        self.file = str(file) if file is not None else None
        self.line = line
        self.record = record
        self.field = field
        self.remedy = remedy
        super().__init__(self.message)

    @property
    def where(self) -> str:
        """Where the problem is, e.g. ``"items.csv, line 12, column 'Barcode'"``."""
        parts = []
        if self.file:
            parts.append(Path(self.file).name)
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.record is not None:
            parts.append(f"record {self.record}")
        if self.field:
            parts.append(
                f"column '{self.field}'" if not self.field[:3].isdigit() else f"field {self.field}"
            )
        return ", ".join(parts)

    @property
    def message(self) -> str:
        text = self.problem.rstrip(".")
        if self.where:
            text = f"{self.where}: {text}"
        text += "."
        if self.remedy:
            text += f" What to do: {self.remedy.rstrip('.')}."
        return text

    def __str__(self) -> str:
        return self.message


class InputFormatError(LibAnalyticsError):
    """A file is not what it should be: not MARC, not a spreadsheet, unreadable."""


class MangledBarcodeError(InputFormatError):
    """A spreadsheet turned barcodes into numbers and lost digits (``3.1234E+13``)."""


class ColumnMappingError(LibAnalyticsError):
    """An export's columns cannot be matched to what we need."""


class SchemaError(LibAnalyticsError):
    """A table handed to an analysis function lacks a column or has the wrong type."""


class RulesError(LibAnalyticsError):
    """A weeding rules file has a broken or unknown entry."""


class OutputError(LibAnalyticsError):
    """An output cannot be written (folder, permissions, Excel's row limit)."""
