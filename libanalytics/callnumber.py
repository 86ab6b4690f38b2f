"""Call numbers: what section a copy belongs to, and where it goes on the shelf.

A spine label such as ``"J FIC SMI"``, ``"REF SPA 463 LAR"``, ``"599.75 .S65 2001"``
or ``"QA76.73 .P98 2010"`` is split into its parts (`parse_call_numbers`) and turned into
a text key that sorts in shelf order (`shelf_key`). Both work on a whole column at once
with polars expressions, so a district's two million copies take about a second.

How labels are read
-------------------
- Case and repeated spaces do not matter: ``"fic  smi"`` is ``"FIC SMI"``.
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
- Anything else is kept as section ``"Other"`` and shelved after the known sections.

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

from collections.abc import Sequence

import polars as pl

from .callnumber_sections import (
    AUDIOVISUAL_WORDS,
    COLLECTION_WORDS,
    COLLECTIVE_BIOGRAPHY_DEWEY,
    DEFAULT_COLLECTIVE_BIOGRAPHY_SECTION,
    DEFAULT_SECTION_ORDER,
    GRAPHIC_NOVEL_DEWEY,
    LC_CLASS_LETTERS,
    PROFESSIONAL_WORDS,
    REFERENCE_WORDS,
    SECTION_PRIORITY,
    SECTION_WORDS,
    SECTION_WORDS_WITH_DEWEY,
)
from .errors import LibAnalyticsError
from .schema import SECTIONS

__all__ = [
    "DEFAULT_SECTION_ORDER",
    "add_shelf_columns",
    "parse_call_numbers",
    "shelf_key",
]


def _alternatives(words: Sequence[str]) -> str:
    # Longest first, so "EASY" is tried before "E" and "921" before "92".
    return "|".join(sorted(words, key=len, reverse=True))


# One pass reads the prefix words, a section word, and a Dewey number with any unknown
# collection words before it ("YR DVD 800.1"); the rest is the author or subject mark.
_LABEL = (
    rf"^(?P<coll>(?:(?:{_alternatives(COLLECTION_WORDS)})(?: |$))*)"
    rf"(?:(?P<term>{_alternatives(SECTION_WORDS)})(?: |$))?"
    r"(?:(?P<unk>(?:[A-Z]{1,5} )*)(?P<dtok>(?P<dint>\d{1,3})(?:\.(?P<dfrac>\d*))?)(?: |$)|)"
    r"(?P<rest>.*)$"
)
_LC = (
    rf"^(?P<lcl>[{LC_CLASS_LETTERS}][A-Z]{{0,2}})(?P<lsp> ?)(?P<lint>\d{{1,4}})"
    r"(?:\.(?P<lfrac>\d+))? ?(?P<ldot>\.?)(?P<lrest>[A-Z]\d.*)$"
)
_CUTTER = r"^(?:\.?(?P<cut>[A-Z][A-Z0-9']*)(?: |$))?(?P<after>.*)$"
# Numbers in the rest of a label (years, volumes, copies) compare as numbers: padded to
# this many digits. A digit run right after a letter is a Cutter and compares as a decimal.
_NUMBER_WIDTH = 9
# School prefixes that are also LC class letters when written "E 185.86 .B37".
_LC_IF_DOTTED = ("E", "F", "B")
_SECTION_CODES = {  # for words in SECTION_PRIORITY, the section each word names
    word: section for section, words in SECTION_PRIORITY for word in words
}


def _normalized(x: pl.Expr) -> pl.Expr:
    return (
        x.str.to_uppercase()
        .str.replace_all(r"[\s\x00-\x1f]+", " ")
        .str.strip_chars(" ")
        # A Dewey prime mark ("599'.75") is a segmentation hint, not part of the number.
        .str.replace_all(r"(\d)'", "${1}")
    )


def _nonempty(x: pl.Expr) -> pl.Expr:
    return pl.when(x != "").then(x)


def _parts(
    x: pl.Expr, *, collective_biography: str = DEFAULT_COLLECTIVE_BIOGRAPHY_SECTION
) -> dict[str, pl.Expr]:
    """Expressions for every part of a call number, public and internal."""
    if collective_biography not in SECTIONS:
        raise LibAnalyticsError(
            f"collective_biography must be a section name, not {collective_biography!r}",
            field="collective_biography",
            remedy="use one of: " + ", ".join(SECTIONS),
        )
    s = _normalized(x)
    label = s.str.extract_groups(_LABEL)
    lc = s.str.extract_groups(_LC)
    coll = label.struct.field("coll").str.strip_chars(" ")
    term = label.struct.field("term")
    unk = label.struct.field("unk").str.strip_chars(" ")
    dtok = label.struct.field("dtok")
    rest = label.struct.field("rest")

    lcl = lc.struct.field("lcl")
    is_lc = lc.struct.field("lint").is_not_null() & ~(
        (lc.struct.field("lsp") == " ")
        & lcl.is_in(COLLECTION_WORDS + SECTION_WORDS)
        & ~(lcl.is_in(_LC_IF_DOTTED) & (lc.struct.field("ldot") == "."))
    ).fill_null(False)

    has_dewey = dtok.is_not_null() & (term.is_null() | term.is_in(SECTION_WORDS_WITH_DEWEY))
    frac = label.struct.field("dfrac").str.strip_chars_end("0")
    dewey = pl.when(has_dewey).then(
        pl.concat_str(
            label.struct.field("dint").str.zfill(3),
            pl.when(frac != "").then(pl.lit(".") + frac).otherwise(pl.lit("")),
        )
    )
    # A number after FIC, SC or B is part of the author or title mark, not a class.
    rest_after = (
        pl.when(dtok.is_not_null() & ~has_dewey)
        .then(
            pl.concat_str(_nonempty(unk), dtok, _nonempty(rest), separator=" ", ignore_nulls=True)
        )
        .otherwise(rest)
    )
    # Collection words, and unknown words before a Dewey number ("YR DVD 800.1").
    words = _nonempty(
        pl.concat_str(
            _nonempty(coll),
            pl.when(has_dewey).then(_nonempty(unk)),
            separator=" ",
            ignore_nulls=True,
        )
    )
    prefix = _nonempty(pl.concat_str(words, term, separator=" ", ignore_nulls=True))

    coll_section = (
        pl.when(words.str.contains(rf"\b(?:{_alternatives(PROFESSIONAL_WORDS)})\b"))
        .then(pl.lit("Professional"))
        .when(words.str.contains(rf"\b(?:{_alternatives(AUDIOVISUAL_WORDS)})\b"))
        .then(pl.lit("Audiovisual"))
        .when(words.str.contains(rf"\b(?:{_alternatives(REFERENCE_WORDS)})\b"))
        .then(pl.lit("Reference"))
    )
    section = (
        pl.when(s.is_null())
        .then(pl.lit("Other"))
        .when(is_lc)
        .then(pl.lit("Nonfiction"))
        .otherwise(
            pl.coalesce(
                coll_section,
                term.replace_strict(_SECTION_CODES, default=None, return_dtype=pl.String),
                pl.when(dewey.str.starts_with(GRAPHIC_NOVEL_DEWEY))
                .then(pl.lit("Graphic Novel"))
                .when(dewey.str.starts_with(COLLECTIVE_BIOGRAPHY_DEWEY))
                .then(pl.lit(collective_biography))
                .when(dewey.is_not_null())
                .then(pl.lit("Nonfiction")),
                pl.lit("Other"),
            )
        )
    )
    lfrac = lc.struct.field("lfrac").str.strip_chars_end("0")
    lc_fraction = pl.when(lfrac != "").then(pl.lit(".") + lfrac).otherwise(pl.lit(""))
    lc_number = pl.concat_str(lc.struct.field("lint"), lc_fraction)
    marks = pl.when(is_lc).then(lc.struct.field("lrest")).otherwise(rest_after)
    # Shelves within a section: "J", "YA", "SPA" and unknown words, not the section words.
    located = _alternatives(REFERENCE_WORDS + PROFESSIONAL_WORDS + AUDIOVISUAL_WORDS)
    shelf = pl.when(~is_lc).then(
        _nonempty(
            words.str.replace_all(rf"\b(?:{located})\b", "").str.strip_chars(" ")
        ).str.replace_all(" +", " ")
    )
    class_key = (
        pl.when(is_lc)
        .then(pl.concat_str(lcl, pl.lit(" "), lc.struct.field("lint").str.zfill(4), lc_fraction))
        .otherwise(dewey)
    )
    return {
        "s": s,
        "prefix": pl.when(~is_lc).then(prefix),
        "section": section,
        "dewey": pl.when(~is_lc).then(dewey),
        "marks": marks,
        "class_key": class_key,
        "shelf": shelf,
        "lc_class": pl.when(is_lc).then(pl.concat_str(lcl, lc_number)),
    }


def _encode_marks(marks: pl.Expr) -> pl.Expr:
    """Cutters as decimals, other numbers padded so that they compare as numbers."""
    pad = "0" * (_NUMBER_WIDTH - 1)
    return (
        marks.str.replace_all(r"\.([A-Z])", "${1}")
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


def _key(parts: dict[str, pl.Expr], section_order: Sequence[str] | None) -> pl.Expr:
    ranks = _section_ranks(section_order)
    marks = _encode_marks(parts["marks"])
    # Unrecognised labels file as Koha and Evergreen file them: a space after letters.
    marks = (
        pl.when(parts["section"] == "Other")
        .then(marks.str.replace_all(" ", "~", literal=True))
        .otherwise(marks)
    )
    body = pl.concat_str(parts["class_key"], _nonempty(marks), separator=" ", ignore_nulls=True)
    return pl.concat_str(
        parts["section"].replace_strict(ranks, return_dtype=pl.String),
        parts["shelf"].str.replace_all(" ", "!", literal=True).fill_null(""),
        pl.lit(" "),
        body.fill_null(""),
    )


def _as_expr(x: pl.Series | pl.Expr | str) -> tuple[pl.Expr, pl.Series | None]:
    if isinstance(x, pl.Series):
        return pl.col("call_number"), x.cast(pl.String).rename("call_number")
    if isinstance(x, str):
        return pl.col(x), None
    return x, None


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
    expr, series = _as_expr(x)
    parts = _parts(expr, collective_biography=collective_biography)
    cut = parts["marks"].str.extract_groups(_CUTTER)
    digits = 1 if report_level == "hundreds" else 2
    dewey_class = pl.concat_str(
        parts["dewey"].str.slice(0, digits), pl.lit("0" * (3 - digits) + "s")
    )
    out = pl.struct(
        prefix=parts["prefix"],
        section=parts["section"],
        dewey=parts["dewey"],
        cutter=pl.when(parts["s"].is_not_null()).then(cut.struct.field("cut")),
        rest=pl.when(parts["s"].is_not_null()).then(cut.struct.field("after").fill_null("")),
        report_class=pl.when((parts["section"] == "Nonfiction") & parts["dewey"].is_not_null())
        .then(dewey_class)
        .otherwise(parts["section"]),
        lc_class=parts["lc_class"],
    )
    if series is None:
        return out
    return series.to_frame().select(out.alias(series.name or "call_number")).to_series()


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
    expr, series = _as_expr(x)
    key = _key(_parts(expr, collective_biography=collective_biography), section_order)
    if series is None:
        return key
    return series.to_frame().select(key.alias("shelf_key")).to_series()


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
    parts = _parts(pl.col("call_number").cast(pl.String), collective_biography=collective_biography)
    filled = []
    for name in ("section", "dewey"):
        if name in items.columns:
            filled.append(pl.coalesce(pl.col(name), parts[name]).alias(name))
        else:
            filled.append(parts[name].alias(name))
    return items.with_columns(*filled, _key(parts, section_order).alias("shelf_key"))
