"""The reasons for each weeding decision, as plain sentences a specialist can defend.

"published 1987, 39 years old; the 500s science rule allows 5", "no checkout recorded
since the migration in August 2019; ..." - never "never checked out" where the history
does not reach back. Built as polars string expressions over the scored copies.
"""

from __future__ import annotations

import polars as pl

from .rules import Rules

SEPARATOR = "\x1f"

# Copies not on the shelf cannot be pulled: at most "review", with this reason.
OFF_SHELF = {
    "lost": "marked lost: not on the shelf to pull",
    "missing": "marked missing: not on the shelf to pull",
    "checked_out": "checked out now: not on the shelf to pull",
    "withdrawn": "already withdrawn",
    "on_order": "on order: not yet on the shelf",
}


def reasons_text(column: str = "reasons") -> pl.Expr:
    """The reasons as one line of text for a spreadsheet cell or the weeding log.

    >>> frame = pl.DataFrame({"reasons": [["published 1987, 39 years old", "condition: damaged"]]})
    >>> frame.select(reasons_text())["reasons"][0]
    'Published 1987, 39 years old. Condition: damaged.'
    """
    sentence = pl.element().str.slice(0, 1).str.to_uppercase() + pl.element().str.slice(1)
    joined = pl.col(column).list.eval(sentence).list.join(". ")
    return pl.when(joined != "").then(joined + ".").otherwise(pl.lit("")).alias(column)


def reason_sentences(rules: Rules, recent_years: int) -> pl.Expr:
    """The ``reasons`` column: a list of sentences per copy, in a fixed order.

    Reads the working columns `score_weeding` builds (rule, limits, evidence, status,
    extra copy, protections); the order is rule, age, use, condition and status, extra
    copy, protections.
    """
    rule = pl.col("rule")
    age_limit = pl.col("max_age_years")
    use_limit = pl.col("max_unused_years")
    kind = pl.col("_since_kind")
    # The words about the rule depend on the rule only: looked up, not built per copy.
    number = pl.col("_rule_no")
    allows_age = number.replace_strict(
        {
            n: f"; the {r.name} rule allows {r.max_age_years}"
            for n, r in enumerate(rules.entries)
            if r.max_age_years is not None
        },
        default=None,
        return_dtype=pl.String,
    )
    allows_use = number.replace_strict(
        {
            n: f"; the {r.name} rule allows {r.max_unused_years} "
            f"year{'' if r.max_unused_years == 1 else 's'} unused"
            for n, r in enumerate(rules.entries)
            if r.max_unused_years is not None
        },
        default=None,
        return_dtype=pl.String,
    )
    since_month = (
        pl.when(kind == "published")
        .then(pl.col("pub_year").cast(pl.String))
        .otherwise(pl.col("_since").dt.strftime("%B %Y"))
    )
    # One concatenation per copy: the opening words depend on what the evidence is.
    opening = (
        pl.when((kind == "last") & pl.col("_past_unused"))
        .then(pl.lit("not checked out since "))
        .when(kind == "last")
        .then(pl.lit("last checked out "))
        .when(kind == "acquired")
        .then(pl.lit("not checked out since it was acquired in "))
        .when(kind == "published")
        .then(pl.lit("no checkout recorded since it was published in "))
        .when(kind == "migration")
        .then(pl.lit("no checkout recorded since the migration in "))
        .when(kind == "history")
        .then(pl.lit("no checkout recorded since the checkout history begins in "))
    )
    # Without dates, the use cannot be judged; a count in the catalog is still evidence of
    # use, never "no record" (that would read as unused).
    counted = pl.col("total_checkouts").fill_null(0)
    what_to_do = (
        pl.when(pl.col("_history_loaded"))
        .then(pl.lit("; the checkout history holds none of them"))
        .otherwise(pl.lit("; load the checkout history"))
    )
    use_sentence = (
        pl.when(opening.is_not_null())
        .then(pl.concat_str([opening, since_month, allows_use]))
        .when(counted > 0)
        .then(
            pl.concat_str(
                [
                    pl.lit("the catalog counts "),
                    _plural(counted, "checkout"),
                    pl.lit(" but not when, so its use cannot be judged"),
                    what_to_do,
                ]
            )
        )
        .otherwise(
            pl.lit(
                "no record of checkouts for this copy, so its use cannot be judged; "
                "load the checkout history"
            )
        )
    )
    rules_file = rules.path.name if rules.path else "these rules"
    status = pl.col("_status")
    sentences = [
        pl.when(pl.col("_rule_no").is_null()).then(
            pl.format(
                "no rule in {} covers this copy (section {})",
                pl.lit(rules_file),
                pl.col("section").fill_null("unknown"),
            )
        ),
        pl.when(pl.col("_unknown_section") & pl.col("_rule_no").is_not_null()).then(
            pl.format(
                "section unknown (call number {}), so the {} rule was used",
                pl.col("call_number")
                .fill_null("missing")
                .str.replace_all(SEPARATOR, " ", literal=True),
                rule,
            )
        ),
        pl.when(age_limit.is_not_null()).then(
            pl.when(pl.col("age_years").is_not_null())
            .then(
                pl.concat_str(
                    [
                        pl.lit("published "),
                        pl.col("pub_year").cast(pl.String),
                        pl.lit(", "),
                        pl.col("age_years").cast(pl.String),
                        pl.lit(" years old"),
                        allows_age,
                    ]
                )
            )
            .otherwise(pl.lit("no publication year in the catalog, so its age cannot be judged"))
        ),
        pl.when(use_limit.is_not_null() & (kind != "out").fill_null(True)).then(use_sentence),
        pl.when((pl.col("_applies") == 0) & rule.is_not_null()).then(
            pl.format("the {} rule sets no limits", rule)
        ),
        pl.when(status == "damaged").then(pl.lit("condition: marked damaged in the catalog")),
        status.replace_strict(OFF_SHELF, default=None, return_dtype=pl.String),
        pl.when(pl.col("_extra")).then(
            pl.format(
                "extra copy: the {} copies of this title were checked out {} in the last {} years; one copy is kept",
                pl.col("_title_copies"),
                _plural(pl.col("_title_recent"), "time"),
                pl.lit(recent_years),
            )
        ),
        pl.when(pl.col("_extra_unsure")).then(
            pl.format(
                "perhaps an extra copy: this title has {} copies, but the checkout records do "
                "not cover the last {} years, so whether one copy is enough cannot be judged",
                pl.col("_title_copies"),
                pl.lit(recent_years),
            )
        ),
        pl.when(pl.col("_keep").is_not_null()).then(pl.format("protected: {}", pl.col("_keep"))),
        pl.when(pl.col("_new")).then(
            pl.format(
                "protected: acquired {}, within the last {}",
                pl.col("_real_acquired").dt.strftime("%B %Y"),
                _plural(pl.lit(rules.protect_new_copies_years), "year"),
            )
        ),
        pl.when(pl.col("_last")).then(
            pl.lit("protected: the last copy of this title in the district")
        ),
    ]
    # One string split apart: ten times faster than concat_list over mostly-null columns.
    joined = pl.concat_str(sentences, separator=SEPARATOR, ignore_nulls=True)
    return (
        pl.when(joined == "")
        .then(pl.lit([], pl.List(pl.String)))
        .otherwise(joined.str.split(SEPARATOR))
        .alias("reasons")
    )


def _plural(count: pl.Expr, noun: str) -> pl.Expr:
    """``1 year``, ``3 years``."""
    word = pl.when(count == 1).then(pl.lit(noun)).otherwise(pl.lit(noun + "s"))
    return pl.format("{} {}", count, word)
