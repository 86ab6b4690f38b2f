"""Weeding scores: every copy's rule, how far past its limits, a decision and its reasons.

`score_weeding` is one pass of polars expressions over the copies (and one group-by over
the checkout history); the reasons are built as polars string expressions too, so a
district of two million copies is scored in seconds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from ..errors import SchemaError
from ..loaded import as_frame
from ..schema import CANDIDATE, DECISIONS, KEEP, REVIEW
from . import evidence
from .evidence import Migration
from .protect import read_keep_list, unmatched_entries
from .reasons import OFF_SHELF, reason_sentences
from .rules import Rules, load_rules

# Copies that count as copies of a title (for extra copies and the last copy).
NOT_HELD = ("lost", "missing", "withdrawn", "on_order")
# "Rarely circulates": the title's copies together were checked out fewer times in the
# last RECENT_YEARS than the title has copies, so one copy meets the demand.
RECENT_YEARS = 2
# Lifetime use lowers the score: a copy checked out LIFETIME_FULL times or more scores
# half what an unused copy as far past its limits scores.
LIFETIME_FULL = 100
LIFETIME_WEIGHT = 0.5
DAYS_PER_YEAR = 365.25
_RANK = {KEEP: 0, REVIEW: 1, CANDIDATE: 2}
RESULT_COLUMNS = {
    "rule": pl.String,
    "max_age_years": pl.Int32,
    "max_unused_years": pl.Int32,
    "age_years": pl.Int32,
    "last_used": pl.Date,
    "years_unused": pl.Float64,
    "protected": pl.String,
    "score": pl.Float64,
    "decision": pl.String,
    "reasons": pl.List(pl.String),
}


@dataclass
class WeedingResult:
    """What `score_weeding` returns.

    ``copies`` has one row per copy in shelf order: the items columns plus ``rule``,
    ``max_age_years``, ``max_unused_years``, ``age_years``, ``last_used``,
    ``years_unused``, ``protected``, ``score`` (0-100), ``decision`` and ``reasons``.
    ``migration_date`` is the detected library-system migration (or None) and ``today``
    the analysis date. ``notes`` are things a specialist should know about the evidence
    (keep-list entries that match no copy, statuses missing from the export).
    """

    copies: pl.DataFrame
    rules: Rules
    migration_date: dt.date | None
    today: dt.date
    migration: Migration = field(default_factory=lambda: Migration(None))
    notes: list[str] = field(default_factory=list)

    @property
    def candidates(self) -> pl.DataFrame:
        """The copies proposed for withdrawal, in shelf order."""
        return self.copies.filter(pl.col("decision") == CANDIDATE)

    def summary(self) -> pl.DataFrame:
        """Copies by rule and decision: one row per rule (in the rules file's order).

        Columns ``rule``, ``copies``, ``candidate``, ``review``, ``keep``.
        """
        order = {r.name: n for n, r in enumerate(self.rules.entries)}
        return (
            self.copies.group_by("rule", maintain_order=True)
            .agg(
                copies=pl.len().cast(pl.Int64),
                **{d: (pl.col("decision") == d).sum().cast(pl.Int64) for d in DECISIONS},
            )
            .with_columns(_order=pl.col("rule").replace_strict(order, default=len(order)))
            .sort(["_order", "rule"], nulls_last=True)
            .drop("_order")
        )

    def __repr__(self) -> str:
        counts = {d: int((self.copies["decision"] == d).sum()) for d in DECISIONS}
        when = f"; migration {self.migration_date:%B %Y}" if self.migration_date else ""
        head = (
            f"<WeedingResult {self.copies.height:,} copies scored with '{self.rules.name}' "
            f"as of {self.today}{when}: {counts[CANDIDATE]:,} candidates, "
            f"{counts[REVIEW]:,} to review, {counts[KEEP]:,} to keep>"
        )
        # The notes follow on their own lines, so a notebook shows them with the counts.
        return "\n".join([head, *(f"Note: {note}" for note in self.notes)])


def score_weeding(
    items: Any,
    circulation: Any = None,
    *,
    rules: Rules | str | Path | None = None,
    keep: Any = None,
    today: dt.date | str | None = None,
) -> WeedingResult:
    """Score every copy for weeding with CREW's X/Y/MUSTIE rules.

    Parameters
    ----------
    items:
        The catalog: a `Loaded` from `load_catalog`, or a polars/pandas items table.
        ``section`` and ``dewey`` choose each copy's rule.
    circulation:
        The checkout history (`load_circulation`), or None to rely on the copies'
        ``last_checkout`` and ``total_checkouts``.
    rules:
        A `Rules` (from `load_rules`) or a path to a rules file; None uses the CREW
        defaults in ``data/rules/crew_school.toml``.
    keep:
        ISBNs or bib ids never to propose outright, or a keep-list file (one a line).
    today:
        The analysis date (a date or ``"YYYY-MM-DD"``); None means the newest date in
        the data, so results reproduce.

    Returns
    -------
    WeedingResult
        ``.copies`` in shelf order with ``rule``, ``score``, ``decision``, ``reasons``...

    Examples
    --------
    >>> import datetime as dt, polars as pl
    >>> from libanalytics.schema import conform
    >>> items = conform(pl.DataFrame({
    ...     "barcode": ["001", "002"], "section": ["Nonfiction", "Fiction"],
    ...     "dewey": ["552.1", None], "pub_year": [1987, 2024],
    ...     "acquired": [dt.date(2010, 5, 1), dt.date(2024, 9, 1)],
    ...     "total_checkouts": [0, 4], "last_checkout": [None, dt.date(2026, 3, 2)],
    ... }), "items")
    >>> result = score_weeding(items, today=dt.date(2026, 6, 1))
    >>> result.copies.select("barcode", "rule", "decision").rows()
    [('001', '500s science', 'candidate'), ('002', 'fiction', 'keep')]
    >>> for reason in result.copies["reasons"][0]:
    ...     print(reason)
    published 1987, 39 years old; the 500s science rule allows 5
    not checked out since it was acquired in May 2010; the 500s science rule allows 3 years unused
    """
    frame = as_frame(items, "items")
    circ = as_frame(circulation, "circulation") if circulation is not None else None
    if circ is not None and circ.height == 0:
        circ = None
    if not isinstance(rules, Rules):
        rules = load_rules(rules)
    today = _today(today, frame, circ)
    keep_list = read_keep_list(keep)

    keys = ["barcode"] if frame["barcode"].n_unique() == frame.height else ["site", "barcode"]
    recent_since = _years_before(today, RECENT_YEARS)
    usage = evidence.copy_usage(circ, keys, recent_since=recent_since) if circ is not None else None
    migration = evidence.detect_migration(frame, circ, usage)
    has_use_fields = (
        frame["last_checkout"].null_count() < frame.height
        or frame["total_checkouts"].null_count() < frame.height
    )
    usage_known = circ is not None or has_use_fields
    # Where the evidence of use begins, and whether that is the migration.
    start = (
        migration.history_start if circ is not None else migration.date if has_use_fields else None
    )
    start_is_migration = (
        start is not None
        and migration.date is not None
        and abs((start - migration.date).days) <= evidence.SAME_EVENT_DAYS
    )
    if start_is_migration:
        start = min(start, migration.date)

    work = frame.with_row_index("_row")
    if usage is not None:
        work = work.join(usage, on=keys, how="left", nulls_equal=True)
    else:
        work = work.with_columns(
            checkouts_recorded=pl.lit(None, pl.Int32),
            first_recorded=pl.lit(None, pl.Date),
            last_recorded=pl.lit(None, pl.Date),
            recent_checkouts=pl.lit(None, pl.Int32),
        )
    work = work.with_columns(
        _dewey_number=pl.col("dewey").str.extract(r"^\s*(\d{3}(?:\.\d+)?)", 1).cast(pl.Float64)
    ).with_columns(_rule_columns(rules))
    work = work.with_columns(
        _evidence_columns(
            today,
            migration.date,
            start,
            start_is_migration,
            usage_known,
            recent_since,
            history_loaded=circ is not None,
        )
    )
    work = work.with_columns(_criteria_columns())
    work = _add_title_columns(work)
    work = work.with_columns(_protection_columns(rules, keep_list, today, work))
    work = work.with_columns(_decision_columns()).with_columns(
        reason_sentences(rules, RECENT_YEARS)
    )
    work = work.with_columns(_score())

    copies = (
        work.select([*frame.columns, *RESULT_COLUMNS])
        .cast(RESULT_COLUMNS)
        .sort(["site", "shelf_key", "call_number", "barcode"], nulls_last=True, maintain_order=True)
    )
    notes = _keep_notes(keep_list, frame)
    if frame.height and frame["status"].null_count() == frame.height:
        notes.append(NO_STATUSES)
    return WeedingResult(copies, rules, migration.date, today, migration, notes)


# -- the parts, each a list of polars expressions --------------------------------------


def _rule_columns(rules: Rules) -> list[pl.Expr]:
    """Each copy's rule: the first match in `Rules.matching_order`."""
    dewey = pl.col("_dewey_number")
    section = pl.col("section")
    index = {r.name: n for n, r in enumerate(rules.entries)}
    chain: Any = None
    for rule, kind, what in rules.matching_order():
        if kind == "dewey":
            cond = (dewey >= what[0]) & (dewey < what[1])
        elif kind == "sections":
            cond = section.is_in(list(what))
        else:
            cond = pl.lit(True)
        chain = (pl.when if chain is None else chain.when)(cond.fill_null(False)).then(
            pl.lit(index[rule.name], pl.Int32)
        )
    rule_no = chain.otherwise(None) if chain is not None else pl.lit(None, pl.Int32)
    names = {n: r.name for n, r in enumerate(rules.entries)}
    ages = {n: r.max_age_years for n, r in enumerate(rules.entries)}
    unused = {n: r.max_unused_years for n, r in enumerate(rules.entries)}
    quiet = [s for r in rules.entries if not r.circulates for s in r.sections]
    return [
        rule_no.alias("_rule_no"),
        rule_no.replace_strict(names, default=None, return_dtype=pl.String).alias("rule"),
        rule_no.replace_strict(ages, default=None, return_dtype=pl.Int32).alias("max_age_years"),
        pl.when(section.is_in(quiet).fill_null(False))
        .then(None)
        .otherwise(rule_no.replace_strict(unused, default=None, return_dtype=pl.Int32))
        .alias("max_unused_years"),
        (dewey.is_null() & (section.is_null() | (section == "Other"))).alias("_unknown_section"),
    ]


def _evidence_columns(
    today: dt.date,
    migration: dt.date | None,
    start: dt.date | None,
    start_is_migration: bool,
    usage_known: bool,
    recent_since: dt.date,
    history_loaded: bool,
) -> list[pl.Expr]:
    acquired = pl.col("acquired")
    real_acquired = (
        pl.when(acquired == migration).then(None).otherwise(acquired) if migration else acquired
    )
    last_used = pl.max_horizontal("last_recorded", "last_checkout")
    lifetime = pl.max_horizontal("checkouts_recorded", "total_checkouts")
    start_lit = pl.lit(start, pl.Date)
    acquired_after = (
        (real_acquired > start_lit) if start is not None else real_acquired.is_not_null()
    )
    # Without an acquired date, a copy published after the evidence starts has been on
    # the shelf at most since its publication year.
    published = pl.date(pl.col("pub_year"), 1, 1)
    published_after = acquired.is_null() & (
        (published > start_lit) if start is not None else published.is_not_null()
    )
    arrived_after = (acquired_after | published_after).fill_null(False)
    # Checkouts counted by the library system whose dates we do not have.
    undated = pl.col("total_checkouts").fill_null(0) > pl.col("checkouts_recorded").fill_null(0)
    if start is not None:
        undated = undated & arrived_after
    since_kind = (
        # A copy on loan now is in use today, whatever the history holds.
        pl.when(pl.col("status") == "checked_out")
        .then(pl.lit("out"))
        .when(last_used.is_not_null())
        .then(pl.lit("last"))
        .when(pl.lit(not usage_known) | undated)
        .then(None)
        .when(acquired_after.fill_null(False))
        .then(pl.lit("acquired"))
        .when(published_after.fill_null(False))
        .then(pl.lit("published"))
        .when(pl.lit(start is not None))
        .then(pl.lit("migration" if start_is_migration else "history"))
        .otherwise(None)
    )
    since = (
        pl.when(since_kind == "last")
        .then(last_used)
        .when(since_kind == "acquired")
        .then(real_acquired)
        .when(since_kind == "published")
        .then(published)
        .when(since_kind == "out")
        .then(pl.lit(today, pl.Date))
        .when(since_kind.is_in(["migration", "history"]))
        .then(start_lit)
        .otherwise(None)
    )
    today_lit = pl.lit(today, pl.Date)
    recent = pl.coalesce(
        "recent_checkouts", (last_used >= pl.lit(recent_since)).cast(pl.Int32)
    ).fill_null(0)
    # The recent count is known when the evidence covers the copy's whole window: a last
    # use (its date settles it), a copy on loan, a copy that arrived after the evidence
    # begins, or evidence that begins before the window. A history that starts inside
    # the window, or no evidence at all, says nothing about the years before it.
    recent_known = since_kind.is_in(["last", "out", "acquired", "published"]) | (
        since_kind.is_in(["migration", "history"]) & (since <= pl.lit(recent_since, pl.Date))
    )
    return [
        (pl.lit(today.year, pl.Int32) - pl.col("pub_year")).clip(lower_bound=0).alias("age_years"),
        last_used.alias("last_used"),
        since_kind.alias("_since_kind"),
        since.alias("_since"),
        ((today_lit - since).dt.total_days() / DAYS_PER_YEAR)
        .clip(lower_bound=0)
        .alias("years_unused"),
        lifetime.fill_null(0).alias("_lifetime"),
        real_acquired.alias("_real_acquired"),
        recent.alias("_recent"),
        recent_known.fill_null(False).alias("_recent_known"),
        pl.lit(history_loaded).alias("_history_loaded"),
        pl.col("status").fill_null("available").alias("_status"),
    ]


def _criteria_columns() -> list[pl.Expr]:
    age_applies = pl.col("max_age_years").is_not_null()
    unused_applies = pl.col("max_unused_years").is_not_null()
    past_age = age_applies & (pl.col("age_years") > pl.col("max_age_years"))
    past_unused = unused_applies & (pl.col("years_unused") > pl.col("max_unused_years"))
    missing = (
        (age_applies & pl.col("age_years").is_null())
        | (unused_applies & pl.col("years_unused").is_null())
        | pl.col("_unknown_section")
        | pl.col("_rule_no").is_null()
    )
    applies = age_applies.cast(pl.Int32) + unused_applies.cast(pl.Int32)
    return [
        past_age.fill_null(False).alias("_past_age"),
        past_unused.fill_null(False).alias("_past_unused"),
        missing.alias("_missing"),
        applies.alias("_applies"),
    ]


def _add_title_columns(work: pl.DataFrame) -> pl.DataFrame:
    """Which copies are extra copies of a rarely circulating title, and title counts."""
    title = pl.coalesce(
        "bib_id",
        "isbn",
        pl.concat_str(
            [pl.col("title").str.to_lowercase(), pl.col("author").str.to_lowercase()],
            separator="|",
        ),
    )
    held = ~pl.col("_status").is_in(NOT_HELD)
    work = work.with_columns(_title=title).with_columns(
        _district_copies=pl.when(held & pl.col("_title").is_not_null())
        .then(pl.len().over(pl.col("_title"), held))
        .otherwise(None),
    )
    # Only titles held in more than one copy at a site, under a rule that counts use.
    eligible = held & pl.col("_title").is_not_null() & pl.col("max_unused_years").is_not_null()
    group = ["site", "_title"]
    multi = work.filter(eligible).filter(pl.len().over(group) > 1)
    if multi.height == 0:
        return work.with_columns(
            _extra=pl.lit(False),
            _extra_unsure=pl.lit(False),
            _title_copies=pl.lit(None, pl.UInt32),
            _title_recent=pl.lit(None, pl.Int32),
        )
    ranked = (
        # The copy kept is a sound one, the most recently used, then the most used.
        multi.sort(
            [
                pl.col("site"),
                pl.col("_title"),
                pl.col("_status") == "damaged",
                pl.col("last_used"),
                pl.col("_lifetime"),
                pl.col("acquired"),
                pl.col("barcode"),
            ],
            descending=[False, False, False, True, True, True, False],
            nulls_last=True,
        )
        .with_columns(
            _pos=pl.int_range(pl.len()).over(group),
            _title_copies=pl.len().over(group),
            _title_recent=pl.col("_recent").sum().over(group).cast(pl.Int32),
            _title_known=pl.col("_recent_known").all().over(group),
        )
        .with_columns(
            _beyond_first=(pl.col("_pos") > 0) & (pl.col("_title_recent") < pl.col("_title_copies"))
        )
        .select(
            "_row",
            "_title_copies",
            "_title_recent",
            # Only a count that covers the whole window makes a copy extra; a count from
            # records that begin inside it (or no records) sends it to review instead.
            (pl.col("_beyond_first") & pl.col("_title_known")).alias("_extra"),
            (pl.col("_beyond_first") & ~pl.col("_title_known")).alias("_extra_unsure"),
        )
    )
    return work.join(ranked, on="_row", how="left").with_columns(
        pl.col("_extra").fill_null(False), pl.col("_extra_unsure").fill_null(False)
    )


def _protection_columns(
    rules: Rules, keep: pl.DataFrame, today: dt.date, work: pl.DataFrame
) -> list[pl.Expr]:
    mapping = dict(zip(keep["id"], keep["protection"], strict=True))
    notes = {k: n for k, n in zip(keep["id"], keep["note"], strict=True) if n}
    by_isbn = pl.col("isbn").replace_strict(mapping, default=None, return_dtype=pl.String)
    by_bib = (
        pl.col("bib_id")
        .str.strip_chars()
        .replace_strict(mapping, default=None, return_dtype=pl.String)
    )
    note = pl.coalesce(
        pl.col("isbn").replace_strict(notes, default=None, return_dtype=pl.String),
        pl.col("bib_id")
        .str.strip_chars()
        .replace_strict(notes, default=None, return_dtype=pl.String),
    )
    keep_text = pl.coalesce(by_isbn, by_bib)
    keep_text = (
        pl.when(note.is_not_null()).then(pl.format("{}: {}", keep_text, note)).otherwise(keep_text)
    )
    years = rules.protect_new_copies_years
    if years > 0:
        new = pl.col("_real_acquired") > pl.lit(_years_before(today, years))
    else:
        new = pl.lit(False)
    if rules.protect_last_copy_in_district and work["site"].n_unique() > 1:
        last = pl.col("_district_copies") == 1
    else:
        last = pl.lit(False)
    return [
        keep_text.alias("_keep"),
        new.fill_null(False).alias("_new"),
        last.fill_null(False).alias("_last"),
        pl.concat_str(
            [
                pl.when(keep_text.is_not_null()).then(pl.lit("keep list")),
                pl.when(new.fill_null(False)).then(pl.lit("recently acquired")),
                pl.when(last.fill_null(False)).then(pl.lit("last copy in the district")),
            ],
            separator="; ",
            ignore_nulls=True,
        )
        .replace("", None)
        .alias("protected"),
    ]


def _decision_columns() -> list[pl.Expr]:
    past_all = (
        (pl.col("_applies") > 0)
        & (pl.col("max_age_years").is_null() | pl.col("_past_age"))
        & (pl.col("max_unused_years").is_null() | pl.col("_past_unused"))
    )
    past_any = pl.col("_past_age") | pl.col("_past_unused")
    rank = (
        pl.when(past_all & ~pl.col("_missing"))
        .then(_RANK[CANDIDATE])
        .when(past_any | pl.col("_missing"))
        .then(_RANK[REVIEW])
        .otherwise(_RANK[KEEP])
    )
    damaged = pl.col("_status") == "damaged"
    rank = pl.when(damaged | pl.col("_extra")).then(_RANK[CANDIDATE]).otherwise(rank)
    rank = (
        pl.when(pl.col("_extra_unsure"))
        .then(pl.max_horizontal(rank, pl.lit(_RANK[REVIEW])))
        .otherwise(rank)
    )
    capped = pl.col("protected").is_not_null() | pl.col("_status").is_in(list(OFF_SHELF))
    rank = pl.when(capped).then(pl.min_horizontal(rank, pl.lit(_RANK[REVIEW]))).otherwise(rank)
    names = {v: k for k, v in _RANK.items()}
    return [rank.replace_strict(names, return_dtype=pl.String).alias("decision")]


def _score() -> pl.Expr:
    """0-100: the mean overshoot of the limits that apply, lowered by lifetime use.

    Each criterion contributes how far past its limit the copy is, as a share of the
    limit, capped at 1 (twice the limit or more counts fully).
    """

    def overshoot(value: str, limit: str, past: str) -> pl.Expr:
        share = (pl.col(value) - pl.col(limit)) / pl.max_horizontal(pl.col(limit), pl.lit(1))
        return pl.when(pl.col(past)).then(share.clip(0, 1)).otherwise(0.0)

    total = overshoot("age_years", "max_age_years", "_past_age") + overshoot(
        "years_unused", "max_unused_years", "_past_unused"
    )
    base = pl.when(pl.col("_applies") > 0).then(total / pl.col("_applies")).otherwise(0.0)
    use = (pl.col("_lifetime").cast(pl.Float64).log1p() / pl.lit(LIFETIME_FULL).log1p()).clip(0, 1)
    return (100 * base * (1 - LIFETIME_WEIGHT * use)).round(1).alias("score")


# -- helpers ---------------------------------------------------------------------------

NO_STATUSES = (
    "statuses are not in this export: lost, missing and checked-out copies cannot be told "
    "apart (every copy was scored as if on the shelf; load a copy report with statuses)"
)
# Keep-list entries that match no copy, shown by name up to this many.
SHOWN_UNMATCHED = 10


def _keep_notes(keep: pl.DataFrame, items: pl.DataFrame) -> list[str]:
    unmatched = unmatched_entries(keep, items)
    if not unmatched:
        return []
    shown = "; ".join(unmatched[:SHOWN_UNMATCHED])
    more = (
        f"; and {len(unmatched) - SHOWN_UNMATCHED:,} more"
        if len(unmatched) > SHOWN_UNMATCHED
        else ""
    )
    n = len(unmatched)
    return [
        f"{n:,} keep-list {'entry matches' if n == 1 else 'entries match'} no copy in the "
        f"catalog (check for typos, or the title is not held): {shown}{more}"
    ]


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _today(today: Any, items: pl.DataFrame, circ: pl.DataFrame | None) -> dt.date:
    if today is None:
        newest = evidence.newest_date(items, circ)
        if newest is None:
            raise SchemaError(
                "the data hold no dates (no acquired, last checkout or checkout dates), "
                "so the analysis date cannot be taken from them",
                remedy='pass today="YYYY-MM-DD" (or set TODAY in the notebook)',
            )
        return newest
    if isinstance(today, dt.datetime):
        return today.date()
    if isinstance(today, dt.date):
        return today
    try:
        return dt.date.fromisoformat(str(today).strip())
    except ValueError:
        raise SchemaError(
            f"'{today}' is not a date",
            field="today",
            remedy='write the date as "YYYY-MM-DD", e.g. "2026-06-01"',
        ) from None
