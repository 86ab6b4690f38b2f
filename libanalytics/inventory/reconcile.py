"""`reconcile`: shelf scans against the catalog — what is missing, misplaced or wrong.

>>> import polars as pl
>>> from libanalytics.schema import conform
>>> items = conform(pl.DataFrame({
...     "barcode": ["001", "002", "003", "004"],
...     "call_number": ["FIC ADA", "FIC BAR", "FIC CAR", "FIC DOE"],
...     "shelf_key": ["FIC ADA", "FIC BAR", "FIC CAR", "FIC DOE"],
...     "section": ["Fiction"] * 4, "status": ["available"] * 4,
... }), "items")
>>> scans = conform(pl.DataFrame({
...     "barcode": ["001", "003", "002"], "raw": ["001", "003", "002"],
...     "session": ["shelf1"] * 3, "seq": [1, 2, 3],
... }), "scans")
>>> inv = reconcile(items, scans)
>>> inv.items.select("barcode", "outcome").rows()
[('001', 'in_place'), ('002', 'misshelved'), ('003', 'in_place'), ('004', 'missing')]
>>> inv.items.filter(pl.col("barcode") == "002")["detail"][0]
'Belongs after FIC ADA (barcode 001), 1 copy away.'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import polars as pl

from ..callnumber import add_shelf_columns
from ..errors import LibAnalyticsError
from ..loaded import as_frame
from ..schema import (
    CHECKED_OUT,
    DUPLICATE,
    ELECTRONIC_TYPES,
    FOUND_LOST,
    IN_PLACE,
    MATCHED,
    MISSHELVED,
    MISSING,
    NOT_EXPECTED,
    ON_SHELF_BUT_CHECKED_OUT,
    SHELF_STATUSES,
    WITHDRAWN_ON_SHELF,
    WRONG_LOCATION,
    conform,
)
from .placement import MAX_STRAY_RUN, place_name, place_reads, spread
from .previous import previous_missing
from .reads import match_reads
from .result import InventoryResult
from .scope import Scope, as_scope, in_scope

# At least this many copies in a row, in shelf order, all unread: a shelf nobody scanned.
SKIPPED_SHELF_COPIES = 5
# A copy checked out or returned this many days before the inventory date, whose shelf was
# read in a session with neither times nor a date, may have come back after that read:
# it is not put on the mark-lost list on a guess.
UNDATED_SESSION_DAYS = 30
# A date in a scanner file's name (2025-05-20_easy.txt): the day that session was read.
SESSION_DATE = r"(?:^|\D)((?:19|20)\d{2})[-_.]?(\d{2})[-_.]?(\d{2})(?:\D|$)"

ITEM_COLUMNS = [
    "site",
    "barcode",
    "call_number",
    "title",
    "section",
    "location",
    "status",
    "material_type",
    "price",
    "replacement_price",
    "outcome",
    "likelihood",
    "detail",
    "belongs_after",
    "belongs_before",
    "displacement",
    "session",
    "seq",
    "in_scope",
    "shelf_key",
]
SCAN_COLUMNS = [
    "session",
    "seq",
    "site",
    "barcode",
    "raw",
    "location",
    "scanned_at",
    "outcome",
    "detail",
]


def reconcile(
    items: Any,
    scans: Any,
    *,
    scope: Scope | dict | None = None,
    circulation: Any = None,
    previous: Any = None,
    today: dt.date | str | None = None,
) -> InventoryResult:
    """Reconcile shelf scans with the catalog: every copy and every read gets an outcome.

    Parameters
    ----------
    items:
        The catalog (a `Loaded` from `load_catalog`, or a polars/pandas table of items).
    scans:
        The scanner reads (`load_scans`), one session per file, in the order read.
    scope:
        What this inventory covers: a `Scope` or a dict with ``locations``,
        ``sections``, ``call_range=(from, to)``, ``seen_since`` (and ``sites``).
        Only copies in scope can be missing. Default: the whole collection (of the
        schools the reads name, for a district). Reads that name no school, against a
        catalog of several, are taken as the scope's school when it names one, and
        refused otherwise.
    circulation:
        Checkouts (`load_circulation`), used to tell a copy checked out or returned
        after its shelf was scanned (``fine``) from a real loss. Without it, the
        catalog's last checkout date is used.
    previous:
        Last year's `InventoryResult`, or the workbook `libanalytics inventory` wrote:
        copies missing again are ``confirmed``.
    today:
        The date of the inventory; by default the newest date in the data.

    Returns
    -------
    InventoryResult
        ``.items`` (one row per copy in scope and per copy read, in shelf order),
        ``.scans`` (one row per read) and ``.summary``.
    """
    items = as_frame(items, "items")
    scans = as_frame(scans, "scans")
    circ = as_frame(circulation, "circulation") if circulation is not None else None
    scope = as_scope(scope)
    scans = _with_read_sites(items, scans, scope)
    if scope.sites is None and items["site"].drop_nulls().len():
        # A one-school catalog names no school: the reads' school then narrows nothing.
        read_sites = scans["site"].drop_nulls().unique().sort().to_list()
        if read_sites:
            scope = replace(scope, sites=tuple(read_sites))
    # Copies in shelf order once: a copy's row number is then its place on the shelves.
    items = (
        _with_shelf_keys(items)
        .sort(["site", "shelf_key", "barcode"], nulls_last=True, maintain_order=True)
        .with_row_index("copy")
    )
    today = _today(today, items, scans, circ)
    _check_scope(scope, items)

    reads = match_reads(items, scans)
    new_place = pl.col("shelf_key").ne_missing(pl.col("shelf_key").shift(1)) | pl.col(
        "site"
    ).ne_missing(pl.col("site").shift(1))
    place = ["site", "section", "location"]
    rank = pl.int_range(pl.len()).over(place)
    shelf = items.select(
        "section",
        "location",
        pos=pl.when(pl.col("shelf_key").is_not_null()).then(new_place.fill_null(True).cum_sum()),
        # Among the first or last copies of its section: where a scan crosses into another.
        at_end=(rank < MAX_STRAY_RUN) | (rank >= pl.len().over(place) - MAX_STRAY_RUN),
    )
    first = (
        reads.with_columns(_session_times())
        .filter(pl.col("outcome") == MATCHED)
        .select(
            "copy",
            "session",
            "seq",
            "scanned_at",
            "read_time",
            "read_day",
            pl.col("location").alias("read_location"),
        )
    )
    # A copy's number is its row in `items`: look its shelf up by position, not by a join.
    first = first.with_columns([c.gather(first["copy"]) for c in shelf.get_columns()])
    first = pl.concat([first, place_reads(first)], how="horizontal")
    first = first.with_columns(
        belongs_after=_names(items, first["after_copy"]),
        belongs_before=_names(items, first["before_copy"]),
    )
    at = first["copy"]
    n = items.height
    spread_columns = [
        "session",
        "seq",
        "scanned_at",
        "read_time",
        "read_day",
        "read_location",
        "exempt",
        "wrong_location",
        "found_among",
        "misshelved",
        "belongs_after",
        "belongs_before",
        "displacement",
    ]
    read_info = [spread(first[c], at, n) for c in spread_columns]

    missed_before = previous_missing(previous)
    range_keys = _range_keys(scope, items)
    copies = (
        items.with_columns(read_info)
        .with_columns(_activity(items, circ).get_columns())
        .with_columns(
            read=pl.col("session").is_not_null(),
            in_scope=in_scope(scope, call_range_keys=range_keys) & _not_seen_since(scope),
            replacement_price=pl.col("price").fill_null(pl.col("price").median().over("section")),
        )
        .with_columns(outcome=_copy_outcome())
        .filter(pl.col("in_scope") | pl.col("read"))
    )
    copies = _likelihood(copies, missed_before, today)
    copies = _with_details(copies).select(ITEM_COLUMNS)

    duplicates = reads.filter(pl.col("outcome") == DUPLICATE).select("order", "copy")
    first_read = first.select(
        "copy", pl.col("session").alias("first_session"), pl.col("seq").alias("first_seq")
    )
    duplicates = duplicates.join(first_read, on="copy", how="left", maintain_order="left")
    read_table = reads.with_columns(
        spread(duplicates["first_session"], duplicates["order"], reads.height),
        spread(duplicates["first_seq"], duplicates["order"], reads.height),
    )
    read_table = read_table.with_columns(detail=_read_detail()).select(SCAN_COLUMNS)
    return InventoryResult(
        items=copies,
        scans=read_table,
        scope=scope,
        today=today,
        previous_missing=missed_before,
    )


def _names(items: pl.DataFrame, copies: pl.Series) -> pl.Series:
    """'FIC ROW (barcode 0001234)' for each copy number given (null stays null)."""
    known = copies.drop_nulls()
    rows = copies.is_not_null().arg_true()
    named = (
        items.select("call_number", "barcode")[known]
        .select(pl.format("{} (barcode {})", pl.col("call_number"), pl.col("barcode")))
        .to_series()
    )
    return spread(named, rows, len(copies))


# -- inputs -------------------------------------------------------------------------------


def _with_shelf_keys(items: pl.DataFrame) -> pl.DataFrame:
    """Copies need a shelf key; fill it from the call number where the table has none."""
    lacking = items.filter(pl.col("shelf_key").is_null() & pl.col("call_number").is_not_null())
    if lacking.height:
        items = add_shelf_columns(items)
        # Without call-number parsing, the call number's own text order is the best guess.
        items = items.with_columns(
            pl.col("shelf_key").fill_null(
                pl.col("call_number")
                .str.to_uppercase()
                .str.replace_all(r"\s+", " ")
                .str.strip_chars()
            )
        )
    return items


def _with_read_sites(items: pl.DataFrame, scans: pl.DataFrame, scope: Scope) -> pl.DataFrame:
    """Reads without a school, against a district catalog: the scope's one school, or refuse.

    Barcodes are unique within a school, not across a district, so a read that names no
    school could be any school's copy; guessing would report the wrong school's copies.
    """
    schools = items["site"].drop_nulls().unique().sort().to_list()
    unsited = scans.filter(pl.col("site").is_null())
    if len(schools) < 2 or unsited.height == 0:
        return scans
    if scope.sites is not None and len(scope.sites) == 1:
        return scans.with_columns(pl.col("site").fill_null(scope.sites[0]))
    sessions = unsited["session"].drop_nulls().unique(maintain_order=True).to_list()
    named = ", ".join(sessions[:5]) + (
        f" and {len(sessions) - 5} more" if len(sessions) > 5 else ""
    )
    raise LibAnalyticsError(
        f"the catalog holds copies of {len(schools)} schools ({', '.join(schools[:10])}) "
        f"but {unsited.height:,} reads name no school" + (f" (sessions {named})" if named else ""),
        field="site",
        remedy="say which school was scanned: libanalytics inventory --site CODE, "
        'SITE = "CODE" in the notebook, load_scans(files, site="CODE"), '
        'or scope={"sites": ["CODE"]}',
    )


def _today(
    today: Any, items: pl.DataFrame, scans: pl.DataFrame, circ: pl.DataFrame | None
) -> dt.date | None:
    if today is not None:
        if isinstance(today, dt.datetime):
            return today.date()
        if isinstance(today, dt.date):
            return today
        try:
            return dt.date.fromisoformat(str(today))
        except ValueError:
            raise LibAnalyticsError(
                f"today must be a date, got {today!r}",
                field="today",
                remedy='write it as "YYYY-MM-DD"',
            ) from None
    dates = [
        scans["scanned_at"].max(),
        items["last_checkout"].max(),
        items["acquired"].max(),
    ]
    if circ is not None:
        dates += [circ["checkout_at"].max(), circ["returned_at"].max()]
    found = [d.date() if isinstance(d, dt.datetime) else d for d in dates if d is not None]
    return max(found) if found else None


def _activity(items: pl.DataFrame, circ: pl.DataFrame | None) -> pl.DataFrame:
    """Per copy: when the library system last saw it, and whether a loan is still open."""
    if circ is None or circ.height == 0:
        return items.select(
            "copy",
            pl.col("last_checkout").cast(pl.Datetime("us")).alias("last_seen_at"),
            pl.lit(False).alias("on_loan"),
        )
    per_copy = circ.group_by("barcode", "site").agg(
        pl.max_horizontal(pl.col("checkout_at").max(), pl.col("returned_at").max()).alias("seen"),
        pl.col("returned_at").is_null().any().alias("on_loan"),
    )
    by_site = items["site"].drop_nulls().n_unique() > 0 and circ["site"].drop_nulls().n_unique() > 0
    keys = ["barcode", "site"] if by_site else ["barcode"]
    if not by_site:
        per_copy = per_copy.group_by("barcode").agg(pl.col("seen").max(), pl.col("on_loan").any())
    return (
        items.select("copy", "barcode", "site", "last_checkout")
        .join(per_copy, on=keys, how="left", nulls_equal=True, maintain_order="left")
        .select(
            "copy",
            pl.max_horizontal(
                pl.col("seen"), pl.col("last_checkout").cast(pl.Datetime("us"))
            ).alias("last_seen_at"),
            pl.col("on_loan").fill_null(False),
        )
    )


def _session_times() -> list[pl.Expr]:
    """When each read's shelf was read, as its own session knows it (reads in read order).

    ``read_time``: the read's time stamp, else the nearest one of the same session; never
    another session's. ``read_day``: for a session with no time stamps at all, the date in
    its file name (``2025-05-20_easy``), if there is one.
    """
    read_time = pl.col("scanned_at").forward_fill().backward_fill().over("session")
    parts = pl.col("session").str.extract_groups(SESSION_DATE)
    named_day = pl.concat_str(
        [parts.struct.field(str(i)) for i in (1, 2, 3)], separator="-"
    ).str.to_date("%Y-%m-%d", strict=False)
    return [
        read_time.alias("read_time"),
        pl.when(read_time.is_null()).then(named_day).alias("read_day"),
    ]


def _check_scope(scope: Scope, items: pl.DataFrame) -> None:
    """Refuse a scope that would silently cover nothing: a name no copy has, a reversed range."""
    for name, column in (("sites", "site"), ("sections", "section"), ("locations", "location")):
        asked = getattr(scope, name)
        if asked is None:
            continue
        known = items[column].drop_nulls().unique().sort().to_list()
        have = {str(k).casefold().strip() for k in known}
        unknown = [a for a in asked if a.casefold().strip() not in have]
        if unknown:
            choices = ", ".join(known[:40]) + (" ..." if len(known) > 40 else "")
            raise LibAnalyticsError(
                f"no copy in the catalog has the {column} " + ", ".join(repr(u) for u in unknown),
                field=name,
                remedy=f"use {column}s as the catalog names them: {choices}"
                if known
                else f"the catalog gives no {column}: leave {name} out",
            )
    keys = _range_keys(scope, items)
    if keys is not None and keys[0] > keys[1] and not keys[0].startswith(keys[1]):
        low, high = scope.call_range
        raise LibAnalyticsError(
            f"call_range runs backwards: {low!r} comes after {high!r} in shelf order",
            field="call_range",
            remedy=f'put the first call number first: ("{high}", "{low}")',
        )


def _range_keys(scope: Scope, items: pl.DataFrame) -> tuple[str, str] | None:
    if scope.call_range is None:
        return None
    ends = _with_shelf_keys(conform(pl.DataFrame({"call_number": list(scope.call_range)}), "items"))
    low, high = ends["shelf_key"].to_list()
    return low, high


def _not_seen_since(scope: Scope) -> pl.Expr:
    if scope.seen_since is None:
        return pl.lit(True)
    since = dt.datetime.combine(scope.seen_since, dt.time())
    return ~(pl.col("last_seen_at") >= since).fill_null(False)


# -- outcomes -----------------------------------------------------------------------------


def _copy_outcome() -> pl.Expr:
    status = pl.col("status").fill_null("available")
    physical = ~pl.col("material_type").is_in(list(ELECTRONIC_TYPES)).fill_null(False)
    return (
        pl.when(pl.col("read") & (status == "withdrawn"))
        .then(pl.lit(WITHDRAWN_ON_SHELF))
        .when(pl.col("read") & status.is_in(["lost", "missing"]))
        .then(pl.lit(FOUND_LOST))
        .when(pl.col("read") & (status == "checked_out"))
        .then(pl.lit(ON_SHELF_BUT_CHECKED_OUT))
        .when(pl.col("read") & pl.col("wrong_location"))
        .then(pl.lit(WRONG_LOCATION))
        .when(pl.col("read") & pl.col("misshelved"))
        .then(pl.lit(MISSHELVED))
        .when(pl.col("read"))
        .then(pl.lit(IN_PLACE))
        .when(physical & (status == "checked_out"))
        .then(pl.lit(CHECKED_OUT))
        .when(physical & status.is_in(list(SHELF_STATUSES)))
        .then(pl.lit(MISSING))
        .otherwise(pl.lit(NOT_EXPECTED))
    )


def _likelihood(
    copies: pl.DataFrame, missed_before: pl.DataFrame | None, today: dt.date | None
) -> pl.DataFrame:
    """How likely a missing copy is really gone: fine, skipped_shelf, confirmed, unexplained.

    A missing copy's shelf was read when its nearest read neighbours in shelf order were,
    each as its own session tells (see `_session_times`): a session without times never
    borrows another section's time.
    """
    on_shelf = pl.col("outcome").is_in(
        [IN_PLACE, FOUND_LOST, ON_SHELF_BUT_CHECKED_OUT, WITHDRAWN_ON_SHELF]
    )
    # The shelf around a copy: copies in scope read in their place or missing, in shelf
    # order (a copy read elsewhere, checked out or not expected leaves no gap).
    shelf = (
        copies.select(
            "copy", "site", "outcome", "session", "read_time", "read_day", "call_number", "in_scope"
        )
        .filter(pl.col("in_scope") & (on_shelf | (pl.col("outcome") == MISSING)))
        .with_row_index("at")
    )
    new_site = pl.col("site").ne_missing(pl.col("site").shift(1)).fill_null(True)
    read_at = pl.when(on_shelf).then(pl.col("at"))
    shelf = shelf.with_columns(school=new_site.cum_sum()).with_columns(
        gap=(on_shelf.ne_missing(on_shelf.shift(1)).fill_null(True) | new_site).cum_sum(),
        before_at=read_at.forward_fill().over("school"),
        after_at=read_at.backward_fill().over("school"),
    )
    gaps = (
        shelf.filter(pl.col("outcome") == MISSING)
        .group_by("gap")
        .agg(
            pl.len().alias("gap_size"),
            pl.col("call_number").first().alias("gap_from"),
            pl.col("call_number").last().alias("gap_to"),
        )
    )
    neighbour = shelf.select("at", "session", "read_time", "read_day")
    shelf = shelf.join(gaps, on="gap", how="left", maintain_order="left").select(
        "copy", "before_at", "after_at", "gap_size", "gap_from", "gap_to"
    )
    for side in ("before", "after"):
        shelf = shelf.join(
            neighbour.rename(lambda c, side=side: f"{side}_{c}"),
            on=f"{side}_at",
            how="left",
            maintain_order="left",
        )
    copies = copies.join(shelf, on="copy", how="left", maintain_order="left")
    if missed_before is not None:
        keys = ["barcode", "site"] if missed_before["site"].drop_nulls().len() else ["barcode"]
        before = (
            missed_before.select(keys).unique().with_columns(pl.lit(True).alias("missed_before"))
        )
        copies = copies.join(before, on=keys, how="left", nulls_equal=True, maintain_order="left")
    else:
        copies = copies.with_columns(pl.lit(None, pl.Boolean).alias("missed_before"))
    recent = None
    if today is not None:
        recent = dt.datetime.combine(today - dt.timedelta(days=UNDATED_SESSION_DAYS), dt.time())
    before, after = _seen_after_read("before", recent), _seen_after_read("after", recent)
    sure = pl.col("on_loan") | before.fill_null(False) | after.fill_null(False)
    # Neither neighbour says so, but one's session cannot tell (same day, or no date).
    unsure = ~sure & (before.is_null() | after.is_null())
    unsure_side = pl.when(before.is_null()).then(pl.lit("before")).otherwise(pl.lit("after"))
    likelihood = (
        pl.when(pl.col("outcome") != MISSING)
        .then(pl.lit(None, pl.String))
        .when(sure | unsure)
        .then(pl.lit("fine"))
        .when(pl.col("gap_size") >= SKIPPED_SHELF_COPIES)
        .then(pl.lit("skipped_shelf"))
        .when(pl.col("missed_before").fill_null(False))
        .then(pl.lit("confirmed"))
        .otherwise(pl.lit("unexplained"))
    )
    unsure_session = (
        pl.when(unsure_side == "before")
        .then(pl.col("before_session"))
        .otherwise(pl.col("after_session"))
    )
    unsure_day = (
        pl.when(unsure_side == "before")
        .then(pl.col("before_read_day"))
        .otherwise(pl.col("after_read_day"))
    )
    return copies.with_columns(
        likelihood=likelihood,
        unsure_session=pl.when((pl.col("outcome") == MISSING) & unsure).then(unsure_session),
        unsure_dated=unsure_day.is_not_null(),
    )


def _seen_after_read(side: str, recent: dt.datetime | None) -> pl.Expr:
    """Was the copy checked out or returned after this neighbour's read? Null: cannot tell.

    A session with times answers; one with only a date answers unless it is the same day;
    one with neither cannot tell for a copy seen lately (since ``recent``) and says no for
    a copy not seen for longer than an inventory lasts.
    """
    seen = pl.col("last_seen_at")
    at, day = pl.col(f"{side}_read_time"), pl.col(f"{side}_read_day")
    # A catalog's last checkout is a date without a time: the same day counts as after.
    date_only = seen == seen.dt.truncate("1d")
    timed = (seen > at) | (date_only & (seen >= at.dt.truncate("1d")))
    seen_day = seen.dt.date()
    dated = pl.when(seen_day > day).then(True).when(seen_day < day).then(False).otherwise(None)
    lately = pl.lit(None, pl.Boolean) if recent is None else pl.when(seen < recent).then(False)
    return (
        pl.when(pl.col(f"{side}_at").is_null() | seen.is_null())
        .then(False)
        .when(at.is_not_null())
        .then(timed)
        .when(day.is_not_null())
        .then(dated)
        .otherwise(lately)
    )


# -- sentences ----------------------------------------------------------------------------


def _copies(n: pl.Expr) -> pl.Expr:
    return pl.when(n == 1).then(pl.lit("1 copy")).otherwise(pl.format("{} copies", n))


# Outcomes whose sentence is the same for every copy: no need to build it row by row.
_FIXED_DETAILS = {
    CHECKED_OUT: "Checked out: not on the shelf, as expected.",
}


def _with_details(copies: pl.DataFrame) -> pl.DataFrame:
    """Add ``detail``; copies in place are most of a collection, so they get a fixed text."""
    plain = (pl.col("outcome") == IN_PLACE) & ~pl.col("exempt").fill_null(False)
    fixed = (
        pl.when(plain)
        .then(pl.lit("On the shelf in its place."))
        .when(pl.col("outcome") == CHECKED_OUT)
        .then(pl.lit(_FIXED_DETAILS[CHECKED_OUT]))
    )
    copies = copies.with_columns(detail=fixed)
    rest = copies.with_row_index("row").filter(pl.col("detail").is_null())
    if rest.height:
        written = rest.select(_copy_detail().alias("detail"))["detail"]
        copies = copies.with_columns(copies["detail"].scatter(rest["row"], written))
    return copies


def _copy_detail() -> pl.Expr:
    where_read = pl.format("session {}, read {}", pl.col("session"), pl.col("seq"))
    belongs = (
        pl.when(pl.col("belongs_after").is_not_null())
        .then(pl.format("Belongs after {}", pl.col("belongs_after")))
        .otherwise(pl.format("Belongs before {}", pl.col("belongs_before")))
    )
    return (
        pl.when(pl.col("outcome") == MISSHELVED)
        .then(pl.format("{}, {} away.", belongs, _copies(pl.col("displacement"))))
        .when(pl.col("outcome") == WRONG_LOCATION)
        .then(
            pl.format(
                "Found among {} ({}); it belongs in {}.",
                pl.col("found_among").fill_null("other copies"),
                where_read,
                place_name(pl.col("section"), pl.col("location")).fill_null("its own section"),
            )
        )
        .when(pl.col("outcome") == IN_PLACE)
        .then(
            pl.when(pl.col("exempt").fill_null(False))
            .then(pl.lit("On display: not checked for shelf order."))
            .otherwise(pl.lit("On the shelf in its place."))
        )
        .when(pl.col("outcome") == FOUND_LOST)
        .then(
            pl.format(
                "On the shelf ({}) but marked {} in the library system: mark it found.",
                where_read,
                pl.col("status"),
            )
        )
        .when(pl.col("outcome") == ON_SHELF_BUT_CHECKED_OUT)
        .then(
            pl.format(
                "On the shelf ({}) but checked out in the library system: check it in at the desk.",
                where_read,
            )
        )
        .when(pl.col("outcome") == WITHDRAWN_ON_SHELF)
        .then(
            pl.format("On the shelf ({}) but withdrawn in the library system: pull it.", where_read)
        )
        .when(pl.col("outcome") == CHECKED_OUT)
        .then(pl.lit("Checked out: not on the shelf, as expected."))
        .when(pl.col("outcome") == NOT_EXPECTED)
        .then(
            pl.format(
                "Not expected on the shelf ({}).",
                pl.when(pl.col("material_type").is_in(list(ELECTRONIC_TYPES)))
                .then(pl.format("an {}", pl.col("material_type")))
                .otherwise(pl.col("status").fill_null("status unknown").str.replace("_", " ")),
            )
        )
        .when((pl.col("likelihood") == "fine") & pl.col("unsure_session").is_not_null())
        .then(
            pl.format(
                "Not read, but checked out or returned on {}, {} (session {}, which has no {}): "
                "it may have come back after its shelf was read. Look for it before marking it lost.",
                pl.col("last_seen_at").dt.date(),
                pl.when(pl.col("unsure_dated"))
                .then(pl.lit("the day its shelf was scanned"))
                .otherwise(pl.lit("and there is no telling when its shelf was scanned")),
                pl.col("unsure_session"),
                pl.when(pl.col("unsure_dated"))
                .then(pl.lit("times"))
                .otherwise(pl.lit("date or times")),
            )
        )
        .when(pl.col("likelihood") == "fine")
        .then(
            pl.lit(
                "Not read, but checked out or returned after its shelf was scanned: probably fine."
            )
        )
        .when(pl.col("likelihood") == "skipped_shelf")
        .then(
            pl.format(
                "Not read, and neither were the {} around it in shelf order, from {} to {}: "
                "that shelf was probably skipped. Scan it before marking any copy lost.",
                _copies(pl.col("gap_size") - 1),
                pl.col("gap_from"),
                pl.col("gap_to"),
            )
        )
        .when(pl.col("likelihood") == "confirmed")
        .then(pl.lit("Not read, and missing in last year's inventory too: mark it lost."))
        .when(pl.col("outcome") == MISSING)
        .then(pl.lit("Not read, though its shelf was scanned: look nearby, then mark it lost."))
    )


def _read_detail() -> pl.Expr:
    return (
        pl.when(pl.col("outcome") == MATCHED)
        .then(pl.lit("Read."))
        .when(pl.col("outcome") == "duplicate")
        .then(
            pl.format(
                "Read again: this copy was first read in session {}, read {}.",
                pl.col("first_session"),
                pl.col("first_seq"),
            )
        )
        .when(pl.col("outcome") == "unknown_barcode")
        .then(
            pl.lit(
                "No copy in the catalog has this barcode: check the label, then add or relabel the copy."
            )
        )
        .when(pl.col("outcome") == "isbn")
        .then(
            pl.lit(
                "This is the ISBN from the book's cover, not a copy barcode: scan the library barcode instead."
            )
        )
        .otherwise(pl.lit("Not a barcode: the scanner misread something. Scan this copy again."))
    )
