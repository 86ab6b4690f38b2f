"""One look for every table a notebook or report shows: sorted, rounded, with a total row.

>>> import polars as pl
>>> frame = pl.DataFrame({"section": ["Fiction", "Easy"], "copies": [120, 80], "average_age": [9.444, 12.06]})
>>> for_display(frame, sort="section", total={"copies": "sum"})
shape: (3, 3)
┌─────────┬────────┬─────────────┐
│ section ┆ copies ┆ average_age │
│ ---     ┆ ---    ┆ ---         │
│ str     ┆ i64    ┆ f64         │
╞═════════╪════════╪═════════════╡
│ Easy    ┆ 80     ┆ 12.1        │
│ Fiction ┆ 120    ┆ 9.4         │
│ Total   ┆ 200    ┆ null        │
└─────────┴────────┴─────────────┘
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import polars as pl

TOTAL_LABEL = "Total"


def for_display(
    frame: pl.DataFrame,
    *,
    sort: str | Sequence[str] | None = None,
    total: Mapping[str, str] | None = None,
    decimals: int = 1,
    label_column: str | None = None,
) -> pl.DataFrame:
    """A table ready to show a person: sorted, decimals rounded, and a total row.

    Parameters
    ----------
    frame:
        The figures, one row per section, school, outcome...
    sort:
        Column(s) to sort by; None keeps the order given (shelf order, say).
    total:
        ``{column: "sum" | "mean" | "median"}`` for the total row; columns not named
        are left empty there. None: no total row.
    decimals:
        Decimal places kept for every decimal column.
    label_column:
        Where the word "Total" goes; by default the first text column.
    """
    out = frame.sort(sort, maintain_order=True) if sort is not None else frame
    if total:
        label = label_column or next((c for c, t in out.schema.items() if t == pl.String), None)
        aggs = {"sum": pl.sum, "mean": pl.mean, "median": pl.median}
        exprs = []
        for col, dtype in out.schema.items():
            if col == label:
                exprs.append(pl.lit(TOTAL_LABEL).alias(col))
            elif col in total:
                # A column with rows but no figure in any (not given) totals to nothing,
                # not 0; an empty table totals to 0.
                not_given = (pl.len() > 0) & pl.col(col).is_null().all()
                exprs.append(
                    pl.when(not_given)
                    .then(None)
                    .otherwise(aggs[total[col]](col))
                    .cast(dtype if total[col] == "sum" else pl.Float64)
                    .alias(col)
                )
            else:
                exprs.append(pl.lit(None, dtype=dtype).alias(col))
        totals = out.select(exprs)
        out = pl.concat([out, totals], how="vertical_relaxed")
    floats = [c for c, t in out.schema.items() if t in (pl.Float32, pl.Float64)]
    return out.with_columns(pl.col(floats).round(decimals)) if floats else out


def with_total(
    frame: pl.DataFrame,
    columns: Sequence[str] | None = None,
    *,
    decimals: int = 2,
) -> pl.DataFrame:
    """A table of counts and money with a "Total" row that sums them, in the order given.

    Only for figures that add up (copies, checkouts, dollars): a ratio or an average
    summed over rows means nothing, so name the columns to sum when the table has any;
    the others are left empty in the total row.

    >>> frame = pl.DataFrame({"section": ["Easy", "Fiction"], "missing": [7, 8], "value": [104.3, 123.78]})
    >>> with_total(frame)["value"].to_list()
    [104.3, 123.78, 228.08]
    >>> with_total(frame, ["missing"])["section"].to_list()[-1]
    'Total'
    """
    if columns is None:
        columns = [c for c, t in frame.schema.items() if t.is_numeric()]
    return for_display(frame, total={c: "sum" for c in columns}, decimals=decimals)


def preview(
    frame: pl.DataFrame,
    where: str | Path,
    rows: int = 20,
    *,
    sheet: str | None = None,
) -> tuple[pl.DataFrame, str]:
    """The first rows of a long table to show in a notebook, and a sentence on the rest.

    A page of a thousand rows is read by nobody: every notebook of the suite shows the
    first ``rows`` of a list that can run long and says how many more there are, and in
    which file (and sheet) all of them are. A total row that `for_display` added stays at
    the bottom and is not counted.

    Parameters
    ----------
    frame:
        The whole table, in the order it is read (shelf order, say).
    where:
        The file that holds every row; the sentence gives its name only.
    rows:
        How many rows to show at most (20 throughout the suite).
    sheet:
        The workbook sheet(s) that hold them, said after the file's name.

    Returns
    -------
    (polars.DataFrame, str)
        The rows to show, and the sentence to print above them.

    >>> shown, said = preview(pl.DataFrame({"n": range(25)}), "out/weeding/pull_list.xlsx")
    >>> shown.height, said
    (20, 'The first 20 of 25 rows; all 25 are in pull_list.xlsx.')
    >>> preview(pl.DataFrame({"n": range(3)}), "x.xlsx")[1]
    'All 3 rows.'
    >>> preview(pl.DataFrame({"n": []}), "x.xlsx")[1]
    'No rows.'
    >>> copies = pl.DataFrame({"section": [f"S{i:02}" for i in range(30)], "copies": [1] * 30})
    >>> shown, said = preview(for_display(copies, total={"copies": "sum"}), "report.xlsx", sheet="By section")
    >>> shown.height, shown["section"][-1], said
    (21, 'Total', 'The first 20 of 30 rows and the total; all 30 are in report.xlsx (sheet By section).')
    """
    label = next((c for c, t in frame.schema.items() if t == pl.String), None)
    has_total = label is not None and frame.height > 0 and frame[label][-1] == TOTAL_LABEL
    body = frame.head(frame.height - 1) if has_total else frame
    if body.height == 0:
        return frame, "No rows."
    if body.height <= rows:
        return frame, f"All {body.height:,} row{'' if body.height == 1 else 's'}."
    shown = pl.concat([body.head(rows), frame.tail(1)]) if has_total else body.head(rows)
    place = Path(where).name + (f" (sheet {sheet})" if sheet else "")
    return (
        shown,
        f"The first {rows:,} of {body.height:,} rows{' and the total' if has_total else ''}; "
        f"all {body.height:,} are in {place}.",
    )
