"""Call numbers: what section a copy belongs to, and where it goes on the shelf.

A spine label such as ``"J FIC SMI"``, ``"REF SPA 463 LAR"``, ``"599.75 .S65 2001"``
or ``"QA76.73 .P98 2010"`` is split into its parts (`parse_call_numbers`) and turned into
a text key that sorts in shelf order (`shelf_key`). Both work on a whole column at once
(polars string expressions, each distinct label worked out once), so a district's million
call numbers take about a second on one core; `benchmarks/run.py` measures it.

How labels are read
-------------------
- Case, repeated spaces and diacritics do not matter: ``"fic  smi"`` is ``"FIC SMI"``
  and ``"FIC MÜL"`` files as ``"FIC MUL"``.
- Dewey numbers compare as decimals (599.75 before 599.756 before 599.8), Cutters and
  work marks as decimals too (``100 A11`` before ``100 A2``), a class number alone
  comes before the same number with a Cutter, and years, volumes and copies compare as
  numbers (``v.2`` before ``v.10``).
- Prefixes: E, EASY, E FIC, PIC (Easy); FIC, F (Fiction); SC (Story Collection); B, BIO,
  92, 921 (Biography, by the subject's name); GN and Dewey 741.5 (Graphic Novel); REF, R
  (Reference, Dewey order inside); PROF (Professional); AV, DVD, CD (Audiovisual).
  J, JUV, YA and language words (SPA, ESP, FRE, CHI, ...) say who the shelf is for; they
  stay in ``prefix`` and the section is the one underneath (``"SPA FIC ALV"`` is
  Fiction). Within a section, copies without such a word come first, then each such
  shelf (``"J"``, ``"SPA"``, ``"YA"``) in alphabetical order.
- Dewey 920 (collective biography) stays in the Dewey run (Nonfiction) unless you pass
  ``collective_biography="Biography"``.
- Library of Congress numbers (``QA76.73 .P98``) are Nonfiction with no Dewey class,
  shelved in LC order after the Dewey numbers. ``E``, ``F`` and ``B`` followed by a
  space are read as school prefixes unless a dotted Cutter follows (``E 185.86 .B37``).
- Anything else, and a missing call number, is kept as section ``"Other"`` and shelved
  after the known sections (count them with ``section == "Other"``).
- Numbers in the marks (years, volumes, copies) compare as numbers up to nine digits.

Changing the order of the sections
----------------------------------
The default order is ``DEFAULT_SECTION_ORDER`` (the order of `schema.SECTIONS`)::

    Easy, Fiction, Story Collection, Graphic Novel, Nonfiction, Biography,
    Reference, Professional, Audiovisual, Other

Pass your own order as a tuple of section names; sections you leave out follow in
the default order, and Other stays last unless you place it:

>>> import polars as pl
>>> labels = pl.Series(["FIC SMI", "599.75 SMI", "E ALV", "B LIN"])
>>> order = ("Nonfiction", "Biography", "Fiction", "Easy")
>>> labels.gather(shelf_key(labels, section_order=order).arg_sort()).to_list()
['599.75 SMI', 'B LIN', 'FIC SMI', 'E ALV']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import polars as pl

from .callnumber_parse import (
    _CUTTER,
    _KEY_PARTS,
    _check_collective_biography,
    _nonempty,
    _parsed,
    _replaced_where,
)
from .callnumber_sections import DEFAULT_COLLECTIVE_BIOGRAPHY_SECTION, DEFAULT_SECTION_ORDER
from .errors import LibAnalyticsError
from .schema import SECTIONS

__all__ = [
    "DEFAULT_SECTION_ORDER",
    "add_shelf_columns",
    "parse_call_numbers",
    "shelf_key",
    "unrecognised_count",
]


# Numbers in the rest of a label (years, volumes, copies) compare as numbers: padded to
# this many digits. A digit run right after a letter is a Cutter and compares as a decimal.
_NUMBER_WIDTH = 9


def _encode_marks(marks: pl.Expr) -> pl.Expr:
    """Cutters as decimals, other numbers padded so that they compare as numbers.

    A Cutter's digits end with "!" (below every digit), so that ``A32a`` files before
    ``A321`` as .32 comes before .321.
    """
    pad = "0" * (_NUMBER_WIDTH - 1)
    return (
        marks.str.replace_all(r"\.([A-Z])", "${1}")
        .str.replace_all(r"([A-Z])(\d+)", "${1}${2}!")
        .str.replace_all(r"(^|[^A-Z0-9])(\d+)", "${1}" + pad + "${2}")
        .str.replace_all(rf"0*(\d{{{_NUMBER_WIDTH},}})", "${1}")
    )


def _section_ranks(section_order: Sequence[str] | None) -> dict[str, str]:
    order = tuple(DEFAULT_SECTION_ORDER if section_order is None else section_order)
    unknown = [name for name in order if name not in SECTIONS]
    if unknown:
        raise LibAnalyticsError(
            f"section_order names sections that do not exist: {', '.join(map(repr, unknown))}",
            field="section_order",
            remedy="use only these section names: " + ", ".join(SECTIONS),
        )
    rest = [name for name in DEFAULT_SECTION_ORDER if name not in order and name != "Other"]
    full = list(dict.fromkeys(order)) + rest
    if "Other" not in full:
        full.append("Other")
    return {name: chr(ord("0") + rank) for rank, name in enumerate(full)}


def _shelf_keys(parsed: pl.DataFrame, section_order: Sequence[str] | None) -> pl.Series:
    ranks = _section_ranks(section_order)
    marks = parsed["marks"]
    # Only marks with a number or a dot need encoding; most ("SMI") have neither.
    marks = _replaced_where(marks, marks.str.contains(r"[0-9.]"), _encode_marks(pl.col("v")))
    # Unrecognised labels file as Koha and Evergreen file them: a space after letters.
    marks = _replaced_where(
        marks, parsed["section"] == "Other", pl.col("v").str.replace_all(" ", "~", literal=True)
    )
    return (
        parsed.with_columns(marks=marks)
        .select(
            pl.concat_str(
                pl.col("section").replace_strict(ranks, return_dtype=pl.String),
                pl.col("shelf").str.replace_all(" ", "!", literal=True).fill_null(""),
                pl.lit(" "),
                pl.concat_str(
                    "class_key", _nonempty(pl.col("marks")), separator=" ", ignore_nulls=True
                ).fill_null(""),
            ).alias("shelf_key")
        )
        .to_series()
    )


# A district's labels repeat (class sets, copies at several schools): below this share of
# distinct labels, each distinct label is worked out once and joined back.
_DISTINCT_SHARE = 0.6
_DISTINCT_MIN_ROWS = 10_000


def _by_distinct(calls: pl.Series, compute: Callable[[pl.Series], pl.DataFrame]) -> pl.DataFrame:
    """`compute` (one output row per call number) on the distinct call numbers only."""
    calls = calls.cast(pl.String).rename("s")
    if calls.len() < _DISTINCT_MIN_ROWS or calls.approx_n_unique() > _DISTINCT_SHARE * calls.len():
        return compute(calls)
    distinct = calls.unique()
    answers = compute(distinct).with_columns(s=distinct)
    joined = calls.to_frame().join(
        answers, on="s", how="left", nulls_equal=True, maintain_order="left"
    )
    return joined.drop("s")


_PARTS_DTYPE = pl.Struct(
    {
        "prefix": pl.String,
        "section": pl.String,
        "dewey": pl.String,
        "cutter": pl.String,
        "rest": pl.String,
        "report_class": pl.String,
        "lc_class": pl.String,
    }
)


def _public_parts(parsed: pl.DataFrame, report_level: str) -> pl.Series:
    digits = 1 if report_level == "hundreds" else 2
    dewey, marks = pl.col("dewey"), pl.col("marks")
    cut = marks.str.extract_groups(_CUTTER)
    known = pl.col("s").is_not_null()
    return parsed.select(
        pl.struct(
            prefix="prefix",
            section="section",
            dewey="dewey",
            cutter=pl.when(known).then(cut.struct.field("cut")),
            rest=pl.when(known).then(cut.struct.field("after").fill_null("")),
            report_class=pl.when((pl.col("section") == "Nonfiction") & dewey.is_not_null())
            .then(pl.concat_str(dewey.str.slice(0, digits), pl.lit("0" * (3 - digits) + "s")))
            .otherwise(pl.col("section")),
            lc_class="lc_class",
        )
    ).to_series()


def _as_series(x: object) -> pl.Series:
    # A list or a pandas column works too: notebooks hand over what they have.
    series = x if isinstance(x, pl.Series) else pl.Series("call_number", x)
    return series.cast(pl.String)


def parse_call_numbers(
    x: pl.Series | pl.Expr,
    *,
    collective_biography: str = DEFAULT_COLLECTIVE_BIOGRAPHY_SECTION,
    report_level: str = "hundreds",
) -> pl.Series | pl.Expr:
    """Split call numbers into prefix, section, Dewey class, Cutter and the rest.

    Parameters
    ----------
    x:
        A column of call numbers as on the spine label (a polars Series), or an
        expression such as ``pl.col("call_number")``.
    collective_biography:
        The section for Dewey 920 (collective biography): ``"Nonfiction"`` (the
        default, shelved in Dewey order) or ``"Biography"``.
    report_level:
        ``"hundreds"`` (the default) reports Dewey copies as ``"500s"``; ``"tens"``
        as ``"590s"``.

    Returns
    -------
    A struct Series (or expression) with the fields ``prefix`` (``"FIC"``, ``"REF SPA"``
    or null), ``section`` (one of `schema.SECTIONS`), ``dewey`` (``"599.75"`` or null),
    ``cutter`` (the first Cutter or author mark, or null), ``rest`` (what follows the
    Cutter, ``""`` if nothing), ``report_class`` (Dewey hundreds or tens for Nonfiction
    copies with a Dewey number, else the section name) and ``lc_class`` (the Library of
    Congress class, such as ``"QA76.73"``, or null).

    Examples
    --------
    >>> import polars as pl
    >>> parts = parse_call_numbers(pl.Series(["J FIC SMI", "599.75 .S65 2001", "B LIN"]))
    >>> parts.struct.unnest().select("prefix", "section", "dewey", "cutter", "rest")
    shape: (3, 5)
    ┌────────┬────────────┬────────┬────────┬──────┐
    │ prefix ┆ section    ┆ dewey  ┆ cutter ┆ rest │
    │ ---    ┆ ---        ┆ ---    ┆ ---    ┆ ---  │
    │ str    ┆ str        ┆ str    ┆ str    ┆ str  │
    ╞════════╪════════════╪════════╪════════╪══════╡
    │ J FIC  ┆ Fiction    ┆ null   ┆ SMI    ┆      │
    │ null   ┆ Nonfiction ┆ 599.75 ┆ S65    ┆ 2001 │
    │ B      ┆ Biography  ┆ null   ┆ LIN    ┆      │
    └────────┴────────────┴────────┴────────┴──────┘
    >>> parts.struct.field("report_class").to_list()
    ['Fiction', '500s', 'Biography']
    """
    if report_level not in ("hundreds", "tens"):
        raise LibAnalyticsError(
            f"report_level must be 'hundreds' or 'tens', not {report_level!r}",
            field="report_level",
            remedy="pass report_level='hundreds' or report_level='tens'",
        )
    _check_collective_biography(collective_biography)

    def parse(calls: pl.Series) -> pl.Series:
        def compute(distinct: pl.Series) -> pl.DataFrame:
            parsed = _parsed(distinct, collective_biography)
            return _public_parts(parsed, report_level).to_frame("parts")

        return _by_distinct(calls, compute).to_series().rename(calls.name)

    if isinstance(x, pl.Expr):
        return x.map_batches(parse, return_dtype=_PARTS_DTYPE, is_elementwise=True)
    return parse(_as_series(x))


def shelf_key(
    x: pl.Series | pl.Expr,
    *,
    section_order: Sequence[str] | None = None,
    collective_biography: str = DEFAULT_COLLECTIVE_BIOGRAPHY_SECTION,
) -> pl.Series | pl.Expr:
    """A text key that sorts call numbers in shelf order within a site.

    Parameters
    ----------
    x:
        A column of call numbers (Series) or an expression such as ``pl.col("call_number")``.
    section_order:
        The order of the sections on your shelves, as a tuple of names from
        `schema.SECTIONS`; None means `DEFAULT_SECTION_ORDER`.
    collective_biography:
        The section for Dewey 920, as in `parse_call_numbers`.

    Returns
    -------
    A String Series (or expression); sort by it to get shelf order. The key is only
    meant for sorting: its text may change between versions.

    Examples
    --------
    >>> import polars as pl
    >>> labels = pl.Series(["599.8 ABC", "FIC SMI v.10", "599.75", "FIC SMI v.2", "E ALV"])
    >>> labels.gather(shelf_key(labels).arg_sort()).to_list()
    ['E ALV', 'FIC SMI v.2', 'FIC SMI v.10', '599.75', '599.8 ABC']
    """
    _check_collective_biography(collective_biography)
    _section_ranks(section_order)

    def keys(calls: pl.Series) -> pl.Series:
        def compute(distinct: pl.Series) -> pl.DataFrame:
            parsed = _parsed(distinct, collective_biography, _KEY_PARTS)
            return _shelf_keys(parsed, section_order).to_frame()

        return _by_distinct(calls, compute).to_series()

    if isinstance(x, pl.Expr):
        return x.map_batches(keys, return_dtype=pl.String, is_elementwise=True)
    return keys(_as_series(x))


def add_shelf_columns(
    items: pl.DataFrame,
    *,
    section_order: Sequence[str] | None = None,
    collective_biography: str = DEFAULT_COLLECTIVE_BIOGRAPHY_SECTION,
) -> pl.DataFrame:
    """Fill `section`, `dewey` (where the source gave none) and `shelf_key` from `call_number`.

    Importers call this last, so every items table carries its shelf order. A section or
    Dewey number the source already gave is kept; the shelf key always comes from the
    call number.

    Examples
    --------
    >>> import polars as pl
    >>> items = pl.DataFrame({"call_number": ["FIC SMI", "REF 030 WOR"], "dewey": [None, None]})
    >>> add_shelf_columns(items).select("section", "dewey").rows()
    [('Fiction', None), ('Reference', '030')]
    """
    if "call_number" not in items.columns:
        return items

    def compute(distinct: pl.Series) -> pl.DataFrame:
        parsed = _parsed(distinct, collective_biography, (*_KEY_PARTS, "dewey"))
        return parsed.select("section", "dewey").with_columns(_shelf_keys(parsed, section_order))

    found = _by_distinct(items["call_number"], compute)
    filled = []
    for name in ("section", "dewey"):
        if name in items.columns:
            filled.append(pl.coalesce(pl.col(name), found[name]).alias(name))
        else:
            filled.append(found[name])
    return items.with_columns(*filled, found["shelf_key"])


def unrecognised_count(items: pl.DataFrame) -> int:
    """How many copies have a call number no section rule read (section ``Other``).

    Such copies are kept and shelved after the known sections; a copy with no call
    number at all is not counted. Run after `add_shelf_columns` (every loader does).

    Examples
    --------
    >>> import polars as pl
    >>> items = add_shelf_columns(pl.DataFrame({"call_number": ["FIC SMI", "??", None]}))
    >>> unrecognised_count(items)
    1
    """
    if "section" not in items.columns or "call_number" not in items.columns:
        return 0
    labelled = pl.col("call_number").str.strip_chars().fill_null("") != ""
    return int(items.select(((pl.col("section") == "Other") & labelled).sum()).item())
