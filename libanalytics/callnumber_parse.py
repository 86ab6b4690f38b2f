"""Reading a spine label: prefix words, section word, Dewey or LC class, and the marks.

The regular expressions run once per column (see `_parsed`); everything after them is
plain polars column arithmetic. `libanalytics.callnumber` is the public face.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from .callnumber_sections import (
    AUDIOVISUAL_WORDS,
    COLLECTION_WORDS,
    COLLECTIVE_BIOGRAPHY_DEWEY,
    GRAPHIC_NOVEL_DEWEY,
    LC_CLASS_LETTERS,
    PROFESSIONAL_WORDS,
    REFERENCE_WORDS,
    SECTION_NAMING_WORDS,
    SECTION_PRIORITY,
    SECTION_WORDS,
    SECTION_WORDS_WITH_DEWEY,
)
from .errors import LibAnalyticsError
from .schema import SECTIONS


def _alternatives(words: Sequence[str]) -> str:
    # Longest first, so "EASY" is tried before "E" and "921" before "92".
    return "|".join(sorted(words, key=len, reverse=True))


# One pass reads the prefix words, a section word, and a Dewey number with any unknown
# collection words before it ("YR DVD 800.1"); the rest is the author or subject mark.
_LABEL = (
    rf"^(?P<coll>(?:(?:{_alternatives(COLLECTION_WORDS)})(?: |$))*)"
    rf"(?:(?P<term>{_alternatives(SECTION_WORDS)})(?: |$))?"
    # "599.75S65" and "599.75.S65" are "599.75 S65" typed without the space.
    r"(?:(?P<unk>(?:[A-Z]{1,5} )*)(?P<dtok>(?P<dint>\d{1,3})(?:\.(?P<dfrac>\d*))?)"
    r"(?: |$|\.?(?P<dnext>[A-Z]))|)"
    r"(?P<rest>.*)$"
)
_LC = (
    rf"^(?P<lcl>[{LC_CLASS_LETTERS}][A-Z]{{0,2}})(?P<lsp> ?)(?P<lint>\d{{1,4}})"
    r"(?:\.(?P<lfrac>\d+))? ?(?P<ldot>\.?)(?P<lrest>[A-Z]\d.*)$"
)
_CUTTER = r"^(?:\.?(?P<cut>[A-Z][A-Z0-9']*)(?: |$))?(?P<after>.*)$"
# School prefixes that are also LC class letters: "E 185.86 .B37", "F 15 F85 H2".
_LC_IF_DOTTED = ("E", "F", "B")


def _lc_not_school(lc: pl.Expr) -> pl.Expr:
    """Whether "E 184 ...", "F 15 ..." or "B 2947 ..." is an LC number, not a school label.

    A school writes a Dewey number with three digits before the point ("E 591.4 SMI"),
    never a number on a Fiction label, and one Cutter at most; an LC number shows a dotted
    Cutter, a class number of other than three digits, F with a number, or two Cutters
    (lul_fre_100.mrc: "E 184 F8 M2", "E 61 B56", "B 2947 R7 1912", "F 3423 M61 1909").
    """
    return (
        (lc.field("ldot") == ".")
        | (lc.field("lint").str.len_chars() != 3)
        | (lc.field("lcl") == "F")
        | lc.field("lrest").str.contains(r"^[A-Z]\d+ [A-Z]\d")
    )


_SECTION_CODES = {  # for words in SECTION_PRIORITY, the section each word names
    word: section for section, words in SECTION_PRIORITY for word in words
}


_SPACED_MARK = r"\b(V|VOL|C|COP|NO|PT|BK)\. +(\d)"


def _normalized(x: pl.Expr) -> pl.Expr:
    return (
        x.str.to_uppercase()
        # Only runs of two spaces or other white space need work: most labels have none.
        .str.replace_all(r"[\t-\r\x00-\x08\x0e-\x1f\xa0]+| {2,}", " ")
        .str.strip_chars(" ")
        # A Dewey prime mark ("599'.75") is a segmentation hint, not part of the number.
        .str.replace("'.", ".", literal=True)
        # "v. 2" is "v.2" typed with a space (so are copies, numbers, parts and books):
        # without this, "v. 10" would file before "v.3".
        .str.replace_all(_SPACED_MARK, "${1}.${2}")
    )


def _replaced_where(values: pl.Series, where: pl.Series, change: pl.Expr) -> pl.Series:
    """`values` with `change` (on column "v") applied to the rows where `where` is true."""
    rows = where.fill_null(False).arg_true()
    if rows.len() == 0:
        return values
    changed = values.gather(rows).to_frame("v").select(change).to_series()
    return values.scatter(rows, changed)


def _nonempty(x: pl.Expr) -> pl.Expr:
    return pl.when(x != "").then(x)


def _check_collective_biography(collective_biography: str) -> None:
    if collective_biography not in SECTIONS:
        raise LibAnalyticsError(
            f"collective_biography must be a section name, not {collective_biography!r}",
            field="collective_biography",
            remedy="use one of: " + ", ".join(SECTIONS),
        )


_KEY_PARTS = ("section", "marks", "class_key", "shelf")
_ALL_PARTS = ("s", "prefix", "section", "dewey", "marks", "class_key", "shelf", "lc_class")


def _parsed(
    calls: pl.Series, collective_biography: str, columns: Sequence[str] = _ALL_PARTS
) -> pl.DataFrame:
    """Every part of each call number, public and internal, one row per call number.

    Each step is a column computed once (polars would otherwise evaluate a regular
    expression again for every field taken from it).
    """
    _check_collective_biography(collective_biography)
    calls = calls.cast(pl.String)
    # Filing ignores diacritics ("MÜLLER" files as "MULLER"); only non-ASCII labels need it.
    calls = _replaced_where(
        calls,
        calls.str.len_bytes() != calls.str.len_chars(),
        pl.col("v").str.normalize("NFD").str.replace_all(r"\p{Mn}+", ""),
    )
    frame = pl.DataFrame({"s": calls}).lazy()
    frame = frame.with_columns(_normalized(pl.col("s")))
    frame = frame.with_columns(
        label=pl.col("s").str.extract_groups(_LABEL),
        lc=pl.col("s").str.extract_groups(_LC),
    )
    label, lc = pl.col("label").struct, pl.col("lc").struct
    frame = frame.with_columns(
        coll=label.field("coll").str.strip_chars(" "),
        term=label.field("term"),
        unk=label.field("unk").str.strip_chars(" "),
        dtok=label.field("dtok"),
        dint=label.field("dint"),
        dfrac=label.field("dfrac").str.strip_chars_end("0"),
        rest=pl.concat_str(label.field("dnext").fill_null(""), label.field("rest")),
        lcl=lc.field("lcl"),
        lint=lc.field("lint"),
        lfrac=lc.field("lfrac").str.strip_chars_end("0"),
        lrest=lc.field("lrest"),
        is_lc=(
            lc.field("lint").is_not_null()
            & ~(
                (lc.field("lsp") == " ")
                & lc.field("lcl").is_in(COLLECTION_WORDS + SECTION_WORDS)
                & ~(lc.field("lcl").is_in(_LC_IF_DOTTED) & _lc_not_school(lc))
            )
        ).fill_null(False),
    ).drop("label", "lc")
    term, unk, dtok = pl.col("term"), pl.col("unk"), pl.col("dtok")
    is_lc = pl.col("is_lc")
    frame = frame.with_columns(
        has_dewey=~is_lc
        & dtok.is_not_null()
        & (term.is_null() | term.is_in(SECTION_WORDS_WITH_DEWEY))
    )
    has_dewey = pl.col("has_dewey")
    frac = pl.col("dfrac")
    lfrac = pl.col("lfrac")
    lc_fraction = pl.when(lfrac != "").then(pl.lit(".") + lfrac).otherwise(pl.lit(""))
    frame = frame.with_columns(
        dewey=pl.when(has_dewey).then(
            pl.concat_str(
                pl.col("dint").str.zfill(3),
                pl.when(frac != "").then(pl.lit(".") + frac).otherwise(pl.lit("")),
            )
        ),
        # A number after FIC, SC or B is part of the author or title mark, not a class.
        marks=pl.when(is_lc)
        .then(pl.col("lrest"))
        .when(dtok.is_not_null() & ~has_dewey)
        .then(
            pl.concat_str(
                _nonempty(unk), dtok, _nonempty(pl.col("rest")), separator=" ", ignore_nulls=True
            )
        )
        .otherwise(pl.col("rest")),
        # Collection words, and unknown words before a Dewey number ("YR DVD 800.1").
        words=pl.when(~is_lc).then(
            _nonempty(
                pl.concat_str(
                    _nonempty(pl.col("coll")),
                    pl.when(has_dewey).then(_nonempty(unk)),
                    separator=" ",
                    ignore_nulls=True,
                )
            )
        ),
        # Within a shelf: Dewey numbers (1), then LC numbers (2), then labels with no class.
        class_key=pl.when(is_lc).then(
            pl.concat_str(
                pl.lit("2"), pl.col("lcl"), pl.lit(" "), pl.col("lint").str.zfill(4), lc_fraction
            )
        ),
        lc_class=pl.when(is_lc).then(pl.concat_str(pl.col("lcl"), pl.col("lint"), lc_fraction)),
    )
    words, dewey = pl.col("words"), pl.col("dewey")
    located = _alternatives(SECTION_NAMING_WORDS)
    frame = frame.with_columns(
        prefix=pl.when(~is_lc).then(
            _nonempty(pl.concat_str(words, term, separator=" ", ignore_nulls=True))
        ),
        class_key=pl.coalesce(pl.col("class_key"), pl.lit("1") + dewey, pl.lit("3")),
        section=pl.when(pl.col("s").is_null())
        .then(pl.lit("Other"))
        .when(is_lc)
        .then(pl.lit("Nonfiction"))
        .when(words.str.contains(rf"\b(?:{_alternatives(PROFESSIONAL_WORDS)})\b"))
        .then(pl.lit("Professional"))
        .when(words.str.contains(rf"\b(?:{_alternatives(AUDIOVISUAL_WORDS)})\b"))
        .then(pl.lit("Audiovisual"))
        .when(words.str.contains(rf"\b(?:{_alternatives(REFERENCE_WORDS)})\b"))
        .then(pl.lit("Reference"))
        .when(term.is_not_null())
        .then(term.replace_strict(_SECTION_CODES, default=None, return_dtype=pl.String))
        .when(dewey.str.starts_with(GRAPHIC_NOVEL_DEWEY))
        .then(pl.lit("Graphic Novel"))
        .when(dewey.str.starts_with(COLLECTIVE_BIOGRAPHY_DEWEY))
        .then(pl.lit(collective_biography))
        .when(dewey.is_not_null())
        .then(pl.lit("Nonfiction"))
        .otherwise(pl.lit("Other")),
        # Shelves within a section: "J", "YA", "SPA" and unknown words, not section words.
        shelf=_nonempty(
            words.str.replace_all(rf"\b(?:{located})\b", "")
            .str.strip_chars(" ")
            .str.replace_all(" {2,}", " ")
        ),
    )
    return frame.select(columns).collect()
