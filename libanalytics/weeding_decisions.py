"""Reading a filled-in pull list back: the specialist's decisions, checked and recorded.

The program proposes; the person decides at the shelf and writes the decision on the pull
list. `apply_decisions` reads that workbook, checks every row against the catalog and
writes what the decisions mean:

- ``<list>-withdraw.txt``: the barcodes to withdraw, one a line, to load into the
  library system;
- ``<list>-replacements.xlsx``: the copies to replace, with title, ISBN and price;
- ``weeding_log.xlsx``: the board's record (one row per decided copy), kept across
  pull lists;
- ``<list>-problems.xlsx``: the rows that could not be applied, and why.

Nothing is guessed: a barcode the catalog does not know, a call number that changed since
the list was printed, a row with no decision or a word that is not a decision is reported
and left out, to be fixed on the list and applied again. Applying the same workbook twice
changes nothing: the files come out byte for byte the same and the log gains no rows.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from .errors import InputFormatError, OutputError
from .loaded import as_frame
from .schema import PULL_DECISIONS

ABOUT_SHEET = "About this list"
SKIPPED_SHEETS = (ABOUT_SHEET, "Notes")
LOG_NAME = "weeding_log.xlsx"
LOG_SHEET = "Weeding log"

LOG_COLUMNS: dict[str, Any] = {
    "date": pl.Date,
    "barcode": pl.String,
    "site": pl.String,
    "title": pl.String,
    "call_number": pl.String,
    "section": pl.String,
    "reasons": pl.String,
    "decision": pl.String,
    "mustie": pl.String,
    "price": pl.Float64,
    "rules_file": pl.String,
    "rules_sha256": pl.String,
}
# A decision is recorded once per copy per pull list (its date): applying a corrected
# list again replaces that copy's row instead of adding a second one.
LOG_KEY = ["date", "site", "barcode"]

# Headers the pull list writes (report.pull_list.HEADERS), read case-blind.
LIST_COLUMNS = {
    "barcode": "barcode",
    "call number": "call_number",
    "title": "title",
    "reasons": "reasons",
    "decision": "decision",
    "mustie": "mustie",
    "site": "site",
}
REQUIRED = ("barcode", "call_number", "decision")

PROBLEM_COLUMNS: dict[str, Any] = {
    "sheet": pl.String,
    "row": pl.Int64,
    "barcode": pl.String,
    "call_number": pl.String,
    "kind": pl.String,
    "problem": pl.String,
}


@dataclass
class PullList:
    """A filled-in pull list as read: one row per listed copy, and its "About" sheet.

    ``rows`` has ``sheet`` and ``row`` (where the copy is in the workbook, the header
    being row 1), then ``barcode``, ``call_number``, ``title``, ``reasons``,
    ``decision``, ``mustie``, ``site`` as text, and ``cell_problem`` for a barcode cell
    that holds something other than a barcode.
    """

    path: Path
    rows: pl.DataFrame
    about: dict[str, str] = field(default_factory=dict)


def read_pull_list(path: str | Path) -> PullList:
    """Read a pull list workbook (as written by `write_pull_list`, filled in by a person).

    Raises `InputFormatError` when the file is not a workbook or a sheet lacks the
    Barcode, Call number or Decision column.
    """
    from openpyxl import load_workbook

    source = Path(path)
    if not source.is_file():
        raise InputFormatError(
            "there is no such file", file=source, remedy="check the pull list's file name"
        )
    try:
        wb = load_workbook(source, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise InputFormatError(
            f"this is not an Excel workbook ({exc.__class__.__name__})",
            file=source,
            remedy="give the .xlsx pull list that `libanalytics weed pull` wrote, saved from Excel as .xlsx",
        ) from exc
    records: list[tuple] = []
    about: dict[str, str] = {}
    try:
        for ws in wb.worksheets:
            if ws.title == ABOUT_SHEET:
                for row in ws.iter_rows(min_row=2, values_only=True):
                    if row and row[0] is not None:
                        about[str(row[0]).strip()] = "" if row[1] is None else str(row[1]).strip()
                continue
            if ws.title in SKIPPED_SHEETS:
                continue
            records.extend(_sheet_records(ws, source))
    finally:
        wb.close()
    rows = pl.DataFrame(
        records,
        schema={
            "sheet": pl.String,
            "row": pl.Int64,
            **{c: pl.String for c in LIST_COLUMNS.values()},
            "cell_problem": pl.String,
        },
        orient="row",
    )
    return PullList(path=source, rows=rows, about=about)


def _sheet_records(ws, source: Path) -> list[tuple]:
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        return []
    where: dict[str, int] = {}
    for i, name in enumerate(header):
        key = LIST_COLUMNS.get(str(name).strip().casefold()) if name is not None else None
        if key is not None and key not in where:
            where[key] = i
    missing = [c for c in REQUIRED if c not in where]
    if missing:
        names = {"barcode": "Barcode", "call_number": "Call number", "decision": "Decision"}
        raise InputFormatError(
            f"sheet '{ws.title}' has no {', '.join(names[c] for c in missing)} column",
            file=source,
            field=names[missing[0]],
            remedy="keep the pull list's columns as written (rename a column back if it was changed)",
        )
    out = []
    for number, row in enumerate(rows, start=2):
        values = {k: row[i] if i < len(row) else None for k, i in where.items()}
        if all(_blank(v) for v in values.values()):
            continue
        barcode, cell_problem = _barcode_cell(values.get("barcode"))
        out.append(
            (
                ws.title,
                number,
                barcode,
                *(_text(values.get(c)) for c in LIST_COLUMNS.values() if c != "barcode"),
                cell_problem,
            )
        )
    return out


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str | None:
    if _blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _barcode_cell(value: Any) -> tuple[str | None, str | None]:
    """A barcode as text, or a reason it cannot be one."""
    if _blank(value):
        return None, None
    if isinstance(value, bool) or isinstance(value, dt.date | dt.datetime):
        return None, f"the Barcode cell holds {value!r}, not a barcode"
    if isinstance(value, float):
        if not value.is_integer():
            return None, (
                f"the Barcode cell holds the number {value!r}: Excel changed the barcode; "
                "type it again as text"
            )
        value = int(value)
    return str(value).strip(), None


# -- checking against the catalog -------------------------------------------------------


def _shelf_text(expr: pl.Expr) -> pl.Expr:
    """A call number compared blind to spacing and letter case (labels vary in both)."""
    return expr.str.replace_all(r"\s+", " ").str.strip_chars().str.to_uppercase()


def check_decisions(pull: PullList, items: Any) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Check each row of a pull list against the catalog.

    Parameters
    ----------
    pull:
        The list as read by `read_pull_list`.
    items:
        The catalog now (items table, a `Loaded` or a DataFrame).

    Returns
    -------
    (decisions, problems)
        ``decisions``: the rows that can be applied, in list order, with the catalog's
        title, author, ISBN, call number, section and price. ``problems``: the rows that
        cannot (sheet, row, barcode, call number as on the list, the kind of problem and
        the problem in words).
    """
    catalog = as_frame(items, "items").select(
        "barcode", "site", "title", "author", "isbn", "call_number", "section", "price"
    )
    rows = pull.rows.with_row_index("order").with_columns(
        pl.col("decision").str.strip_chars().str.to_lowercase().alias("decision_word")
    )
    use_site = rows["site"].drop_nulls().len() > 0
    key = ["site", "barcode"] if use_site else ["barcode"]
    per_barcode = catalog.group_by(key).agg(
        pl.len().alias("copies"),
        pl.all().exclude("copies").first(),
    )
    joined = rows.join(
        per_barcode.rename({c: f"catalog_{c}" for c in per_barcode.columns if c not in key}),
        on=key,
        how="left",
        nulls_equal=False,
    )
    listed = pl.len().over(key)
    # In the order they are checked: a row is reported for its first problem only.
    checks = [
        (pl.col("cell_problem").is_not_null(), "barcode cell", pl.col("cell_problem")),
        (pl.col("barcode").is_null(), "no barcode", pl.lit("no barcode on this row")),
        (
            pl.col("catalog_copies").is_null(),
            "unknown barcode",
            pl.lit("the catalog has no copy with this barcode"),
        ),
        (
            pl.col("catalog_copies") > 1,
            "several schools",
            pl.lit("several schools have a copy with this barcode: fill in the Site column"),
        ),
        (
            listed > 1,
            "listed twice",
            pl.format("this barcode is on the list {} times: keep one row", listed),
        ),
        (
            _shelf_text(pl.col("call_number")).fill_null("")
            != _shelf_text(pl.col("catalog_call_number")).fill_null(""),
            "call number changed",
            pl.format(
                "the call number changed: the catalog now says '{}'; check the copy, "
                "correct the Call number on the list, and apply again",
                pl.col("catalog_call_number").fill_null("(none)"),
            ),
        ),
        (pl.col("decision_word").is_null(), "no decision", pl.lit("no decision")),
        (
            ~pl.col("decision_word").is_in(list(PULL_DECISIONS)),
            "not a decision",
            pl.format(
                "'{}' is not a decision: use one of " + ", ".join(PULL_DECISIONS),
                pl.col("decision"),
            ),
        ),
    ]
    kind = pl.when(checks[0][0]).then(pl.lit(checks[0][1]))
    problem = pl.when(checks[0][0]).then(checks[0][2])
    for condition, name, message in checks[1:]:
        kind = kind.when(condition).then(pl.lit(name))
        problem = problem.when(condition).then(message)
    kind = kind.otherwise(pl.lit(None, dtype=pl.String)).alias("kind")
    problem = problem.otherwise(pl.lit(None, dtype=pl.String)).alias("problem")
    checked = joined.with_columns(kind, problem).sort("order")
    problems = checked.filter(pl.col("problem").is_not_null()).select(list(PROBLEM_COLUMNS))
    decisions = checked.filter(pl.col("problem").is_null()).select(
        "sheet",
        "row",
        "barcode",
        pl.col("catalog_site" if not use_site else "site").alias("site"),
        pl.col("catalog_title").alias("title"),
        pl.col("catalog_author").alias("author"),
        pl.col("catalog_isbn").alias("isbn"),
        pl.col("catalog_call_number").alias("call_number"),
        pl.col("catalog_section").alias("section"),
        "reasons",
        pl.col("decision_word").alias("decision"),
        "mustie",
        pl.col("catalog_price").alias("price"),
    )
    return decisions, problems


# -- the weeding log --------------------------------------------------------------------


def read_weeding_log(path: str | Path) -> pl.DataFrame:
    """Read a weeding log (``weeding_log.xlsx``) into its canonical columns.

    Returns an empty log when the file does not exist yet.

    >>> read_weeding_log("no_such_log.xlsx").columns[:4]
    ['date', 'barcode', 'site', 'title']
    """
    from openpyxl import load_workbook

    source = Path(path)
    if not source.exists():
        return pl.DataFrame(schema=LOG_COLUMNS)
    try:
        wb = load_workbook(source, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise InputFormatError(
            f"the weeding log is not an Excel workbook ({exc.__class__.__name__})",
            file=source,
            remedy="move the damaged file aside; the next `weed apply` starts a new log",
        ) from exc
    try:
        ws = wb[LOG_SHEET] if LOG_SHEET in wb.sheetnames else wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
        missing = [c for c in LOG_COLUMNS if c not in header]
        if missing:
            raise InputFormatError(
                f"the weeding log has no '{missing[0]}' column",
                file=source,
                field=missing[0],
                remedy="keep the log's columns as libanalytics wrote them",
            )
        index = [header.index(c) for c in LOG_COLUMNS]
        data = [[row[i] if i < len(row) else None for i in index] for row in rows]
    finally:
        wb.close()
    data = [r for r in data if any(not _blank(v) for v in r)]
    columns = list(LOG_COLUMNS)
    records = []
    for number, r in enumerate(data, start=2):
        record = dict(zip(columns, r, strict=True))
        day = record["date"]
        if isinstance(day, dt.datetime):
            day = day.date()
        elif isinstance(day, str):
            try:
                day = dt.date.fromisoformat(day.strip())
            except ValueError:
                raise InputFormatError(
                    f"'{day}' is not a date",
                    file=source,
                    line=number,
                    field="date",
                    remedy="write dates as YYYY-MM-DD",
                ) from None
        record["date"] = day
        for c, dtype in LOG_COLUMNS.items():
            if dtype == pl.String:
                record[c] = _text(record[c]) if c != "barcode" else _barcode_cell(record[c])[0]
        price = record["price"]
        record["price"] = float(price) if isinstance(price, int | float) and price else None
        records.append(record)
    return pl.DataFrame(records, schema=LOG_COLUMNS)


def merge_log(log: pl.DataFrame, new: pl.DataFrame) -> pl.DataFrame:
    """The log with ``new``'s rows in it: a copy decided again on the same list replaces
    its row, so applying one list twice adds nothing.

    >>> day = dt.date(2024, 6, 1)
    >>> row = {c: None for c in LOG_COLUMNS} | {"date": day, "barcode": "01", "decision": "keep"}
    >>> first = pl.DataFrame([row], schema=LOG_COLUMNS)
    >>> again = merge_log(merge_log(first, first), first)
    >>> again.height, again.equals(first)
    (1, True)
    """
    kept = log.join(new.select(LOG_KEY).unique(), on=LOG_KEY, how="anti", nulls_equal=True)
    return pl.concat([kept, new.select(list(LOG_COLUMNS))]).sort("date", maintain_order=True)


# -- applying ---------------------------------------------------------------------------


@dataclass
class AppliedDecisions:
    """What applying a pull list did: the decisions taken, the rows reported, the files."""

    pull_list: Path
    decisions: pl.DataFrame
    problems: pl.DataFrame
    log: pl.DataFrame
    files: dict[str, Path]

    def counts(self) -> dict[str, int]:
        """Copies per decision, in the pull list's vocabulary order."""
        got = dict(self.decisions.group_by("decision").len().iter_rows())
        return {d: got.get(d, 0) for d in PULL_DECISIONS}

    def summary(self) -> str:
        """What was applied and what needs fixing, in words."""
        counts = ", ".join(f"{n:,} {d}" for d, n in self.counts().items() if n)
        lines = [
            f"{self.pull_list.name}: {self.decisions.height:,} decisions applied"
            + (f" ({counts})" if counts else "")
            + f"; {self.problems.height:,} row{'' if self.problems.height == 1 else 's'} not applied."
        ]
        if self.problems.height:
            by_kind = self.problems.group_by("kind", maintain_order=True).len()
            for kind, n in by_kind.iter_rows():
                lines.append(f"  {n:,} × {kind}")
            for r in self.problems.head(10).iter_rows(named=True):
                lines.append(
                    f"  {r['sheet']}, row {r['row']}, barcode {r['barcode'] or '(none)'}: {r['problem']}"
                )
            if self.problems.height > 10:
                lines.append(
                    f"  ... and {self.problems.height - 10:,} more (see the problems file)"
                )
        lines.append(f"The weeding log holds {self.log.height:,} decisions.")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.summary()


def _rules_info(pull: PullList, rules: Any) -> tuple[str, str]:
    if rules is not None:
        return Path(rules.path).name, rules.sha256
    name, sha = pull.about.get("Rules file"), pull.about.get("Rules SHA-256")
    if not name or not sha:
        raise InputFormatError(
            f"the pull list has no '{ABOUT_SHEET}' sheet saying which rules file made it",
            file=pull.path,
            remedy="make the pull list with `libanalytics weed pull`, or name the rules file (--rules)",
        )
    return name, sha


def _list_date(pull: PullList, date: dt.date | str | None) -> dt.date:
    if isinstance(date, dt.date):
        return date
    if date is not None:
        try:
            return dt.date.fromisoformat(str(date).strip())
        except ValueError:
            raise InputFormatError(
                f"'{date}' is not a date", remedy="write the date as YYYY-MM-DD"
            ) from None
    try:
        return dt.date.fromisoformat(pull.about.get("Analysis date", "").strip())
    except ValueError:
        raise InputFormatError(
            f"the pull list's '{ABOUT_SHEET}' sheet has no analysis date",
            file=pull.path,
            remedy="give the date of the decisions (--date YYYY-MM-DD)",
        ) from None


def replacement_prices(decisions: pl.DataFrame, catalog: pl.DataFrame) -> pl.DataFrame:
    """The copies to replace, priced from the catalog or, where it has no price, at the
    median price of their section (said in the ``price_from`` column)."""
    medians = (
        catalog.filter(pl.col("price") > 0)
        .group_by("section")
        .agg(pl.col("price").median().alias("section_median"))
    )
    return (
        decisions.filter(pl.col("decision") == "replace")
        .join(medians, on="section", how="left", nulls_equal=True)
        .select(
            pl.col("call_number").alias("Call number"),
            pl.col("title").alias("Title"),
            pl.col("author").alias("Author"),
            pl.col("isbn").alias("ISBN"),
            pl.coalesce("price", "section_median").round(2).alias("Price"),
            pl.when(pl.col("price").is_not_null())
            .then(pl.lit("catalog"))
            .when(pl.col("section_median").is_not_null())
            .then(pl.lit("section median"))
            .alias("Price from"),
            pl.col("barcode").alias("Barcode"),
            pl.col("site").alias("Site"),
            pl.col("section").alias("Section"),
        )
    )


def apply_decisions(
    pull_list: str | Path,
    items: Any,
    *,
    out_dir: str | Path | None = None,
    log_path: str | Path | None = None,
    rules: Any = None,
    date: dt.date | str | None = None,
) -> AppliedDecisions:
    """Apply a filled-in pull list: write the withdraw list, the replacement list and the
    weeding log, and report every row that could not be applied.

    Parameters
    ----------
    pull_list:
        The workbook as the specialist saved it.
    items:
        The catalog now (a `Loaded` or an items DataFrame).
    out_dir:
        Where to write (default: the pull list's folder).
    log_path:
        The weeding log to add to (default: ``weeding_log.xlsx`` in ``out_dir``).
    rules:
        The `Rules` that made the list, when the workbook lost its "About this list"
        sheet; otherwise its name and SHA-256 come from that sheet.
    date:
        The date recorded in the log (default: the list's analysis date).

    Returns
    -------
    AppliedDecisions
        Decisions, problems, the whole log, and the files written.
    """
    pull = read_pull_list(pull_list)
    rules_file, rules_sha = _rules_info(pull, rules)
    day = _list_date(pull, date)
    catalog = as_frame(items, "items")
    decisions, problems = check_decisions(pull, catalog)
    out = Path(out_dir) if out_dir is not None else pull.path.parent
    stem = pull.path.stem
    log_file = Path(log_path) if log_path is not None else out / LOG_NAME
    if log_file.resolve() == pull.path.resolve():
        raise OutputError(
            "the weeding log would overwrite the pull list",
            file=log_file,
            remedy="give the log another name",
        )
    new_rows = decisions.select(
        pl.lit(day).alias("date"),
        "barcode",
        "site",
        "title",
        "call_number",
        "section",
        "reasons",
        "decision",
        "mustie",
        "price",
        pl.lit(rules_file).alias("rules_file"),
        pl.lit(rules_sha).alias("rules_sha256"),
    ).cast(LOG_COLUMNS)
    log = merge_log(read_weeding_log(log_file), new_rows)

    from .report.excel import write_workbook
    from .report.files import write_barcode_list

    files: dict[str, Path] = {}
    withdraw = decisions.filter(pl.col("decision") == "withdraw")
    files["withdraw"] = write_barcode_list(out / f"{stem}-withdraw.txt", withdraw["barcode"])
    files["replacements"], _ = write_workbook(
        out / f"{stem}-replacements.xlsx",
        {"Replace": replacement_prices(decisions, catalog)},
        column_formats={"Price": "$#,##0.00"},
    )
    files["problems"], _ = write_workbook(
        out / f"{stem}-problems.xlsx",
        {
            "Not applied": problems.rename(
                {
                    "sheet": "Sheet",
                    "row": "Row",
                    "barcode": "Barcode",
                    "call_number": "Call number",
                    "kind": "Kind",
                    "problem": "Problem",
                }
            )
        },
    )
    files["log"], _ = write_workbook(log_file, {LOG_SHEET: log}, column_formats={"price": "0.00"})
    return AppliedDecisions(
        pull_list=pull.path, decisions=decisions, problems=problems, log=log, files=files
    )
