"""The weeding rules file: the CREW defaults, which rule a copy gets, and broken files."""

from __future__ import annotations

import dataclasses

import pytest
from weeding_frames import TODAY, item, items, one

from libanalytics import paths
from libanalytics.errors import RulesError
from libanalytics.weeding import load_rules, score_weeding

CREW = "CREW, Texas State Library 2012"

# The defaults exactly as issue 8 lists them: (rule, max_age_years, max_unused_years).
DEFAULTS = [
    ("004 computers", 3, None),
    ("500s science", 5, 3),
    ("507 experiments", 10, 3),
    ("510 mathematics", 10, 3),
    ("520 astronomy", 5, 3),
    ("610 medicine", 5, 3),
    ("640 home economics", 5, 3),
    ("biography", None, 3),
    ("930-990 history", 15, 3),
    ("398 folklore", None, 3),
    ("fiction", None, 2),
    ("easy and picture books", None, 3),
    ("graphic novels", None, 2),
    ("encyclopedias", 5, None),
    ("almanacs", 3, None),
    ("reference", None, None),
    ("professional", 10, 5),
    ("anything else", 10, 5),
]


def test_the_default_file_holds_every_crew_row_with_its_source():
    rules = load_rules()
    assert rules.path == paths.DEFAULT_RULES
    held = {r.name: (r.max_age_years, r.max_unused_years) for r in rules}
    assert held == {name: (age, unused) for name, age, unused in DEFAULTS}
    assert len(rules.entries) == len(DEFAULTS)
    assert all(r.source == CREW for r in rules)
    assert rules.protect_new_copies_years == 2
    assert rules.protect_last_copy_in_district is False
    assert len(rules.sha256) == 64


def test_the_default_file_says_how_to_use_your_own_copy():
    text = paths.DEFAULT_RULES.read_text()
    assert "data/local/" in text and "RULES_FILE" in text


# (section, dewey, call number, rule the copy gets)
MATCHES = [
    ("Nonfiction", "004.6", "004.6 LEE", "004 computers"),
    ("Nonfiction", "005.133", "005.133 PYT", "004 computers"),
    ("Nonfiction", "552.1", "552.1 ROC", "500s science"),
    ("Nonfiction", "507.8", "507.8 SCI", "507 experiments"),
    ("Nonfiction", "516.15", "516.15 SHA", "510 mathematics"),
    ("Nonfiction", "523.4", "523.4 PLA", "520 astronomy"),
    ("Nonfiction", "612.8", "612.8 BRA", "610 medicine"),
    ("Nonfiction", "641.5", "641.5 COO", "640 home economics"),
    ("Biography", "921", "921 LIN", "biography"),
    ("Biography", None, "B LIN", "biography"),
    ("Nonfiction", "973.7", "973.7 CIV", "930-990 history"),
    ("Nonfiction", "994", "994 AUS", "930-990 history"),
    ("Nonfiction", "398.2", "398.2 GRI", "398 folklore"),
    ("Reference", "031", "REF 031 WOR", "encyclopedias"),
    ("Reference", "031.02", "REF 031.02 WOR", "almanacs"),
    ("Reference", "317.3", "REF 317.3 WOR", "almanacs"),
    ("Fiction", None, "FIC ROW", "fiction"),
    ("Story Collection", None, "SC SCI", "fiction"),
    ("Easy", None, "E SEU", "easy and picture books"),
    ("Graphic Novel", "741.5", "GN 741.5 SMI", "graphic novels"),
    ("Reference", None, "REF ATL", "reference"),
    ("Professional", "370.1", "PROF 370.1 DEW", "professional"),
    ("Nonfiction", "796.33", "796.33 SOC", "anything else"),
    # Language sections follow their Dewey or fiction rule.
    ("Fiction", None, "SPA FIC ALV", "fiction"),
    ("Nonfiction", "597.8", "SPA 597.8 RAN", "500s science"),
    ("Easy", None, "SPA E CAR", "easy and picture books"),
]


@pytest.mark.parametrize(("section", "dewey", "call_number", "rule"), MATCHES)
def test_each_copy_gets_its_most_specific_rule(section, dewey, call_number, rule):
    frame = items(item(1, section=section, dewey=dewey, call_number=call_number))
    assert one(score_weeding(frame, today=TODAY), "T0001")["rule"] == rule


@pytest.mark.parametrize(("rule", "age", "unused"), DEFAULTS)
def test_every_default_row_decides_by_its_own_limits(rule, age, unused):
    """A copy past every limit of its row is a candidate, with one sentence per limit."""
    section, dewey, call_number, _ = next(m for m in MATCHES if m[3] == rule)
    old = item(
        1,
        section=section,
        dewey=dewey,
        call_number=call_number,
        pub_year=1987,
        last_checkout=TODAY.replace(year=2016, month=3, day=10),
        total_checkouts=3,
    )
    result = one(score_weeding(items(old), today=TODAY), "T0001")
    assert (result["max_age_years"], result["max_unused_years"]) == (age, unused)
    expected = []
    if age is not None:
        expected.append(f"published 1987, 39 years old; the {rule} rule allows {age}")
    if unused is not None:
        expected.append(
            f"not checked out since March 2016; the {rule} rule allows {unused} years unused"
        )
    if age is None and unused is None:
        expected.append(f"the {rule} rule sets no limits")
        assert result["decision"] == "keep"
    else:
        assert result["decision"] == "candidate"
    assert result["reasons"] == expected


@pytest.mark.parametrize(("rule", "age", "unused"), DEFAULTS)
def test_a_copy_at_its_limits_is_kept(rule, age, unused):
    section, dewey, call_number, _ = next(m for m in MATCHES if m[3] == rule)
    fresh = item(
        1,
        section=section,
        dewey=dewey,
        call_number=call_number,
        pub_year=TODAY.year - (age or 0),
        last_checkout=TODAY.replace(year=TODAY.year - 1),
        total_checkouts=3,
    )
    result = one(score_weeding(items(fresh), today=TODAY), "T0001")
    assert result["decision"] == "keep"
    assert result["score"] == 0.0


def test_reference_copies_with_a_dewey_rule_are_judged_by_age_only():
    frame = items(
        item(1, section="Reference", dewey="551.2", call_number="REF 551.2 VOL", pub_year=2018)
    )
    row = one(score_weeding(frame, today=TODAY), "T0001")
    assert (row["rule"], row["max_age_years"], row["max_unused_years"]) == ("500s science", 5, None)
    assert row["decision"] == "candidate"
    assert row["reasons"] == ["published 2018, 8 years old; the 500s science rule allows 5"]


def test_a_file_without_a_default_row_leaves_unmatched_copies_for_review(tmp_path):
    path = tmp_path / "short.toml"
    path.write_text('[[rule]]\nname = "fiction"\nsections = ["Fiction"]\nmax_unused_years = 2\n')
    frame = items(item(1, section="Nonfiction", dewey="796.3"))
    row = one(score_weeding(frame, rules=path, today=TODAY), "T0001")
    assert row["rule"] is None and row["decision"] == "review"
    assert row["reasons"] == ["no rule in short.toml covers this copy (section Nonfiction)"]


def test_with_limits_changes_one_rule_and_round_trips_through_toml(tmp_path):
    rules = load_rules()
    changed = rules.with_limits("fiction", max_unused_years=4).with_limits(
        "004 computers", max_age_years=None
    )
    assert changed.rule("fiction").max_unused_years == 4
    assert changed.rule("004 computers").max_age_years is None
    assert rules.rule("fiction").max_unused_years == 2
    assert changed.path is None and changed.sha256 != rules.sha256
    back = load_rules(changed.to_toml(tmp_path / "what_if.toml"))
    assert [dataclasses.replace(r, line=None) for r in back] == [
        dataclasses.replace(r, line=None) for r in changed
    ]
    assert back.name == rules.name


def test_with_limits_refuses_an_unknown_rule_and_a_bad_limit():
    rules = load_rules()
    with pytest.raises(RulesError, match="no rule called 'poetry'"):
        rules.with_limits("poetry", max_age_years=3)
    with pytest.raises(RulesError, match="whole number of years"):
        rules.with_limits("fiction", max_age_years=-1)


# -- broken files: every message names the line -----------------------------------------

GOOD = """name = "test"

[[rule]]
name = "fiction"
sections = ["Fiction"]
max_unused_years = 2
"""


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (GOOD + "max_unsued_years = 3\n", 7, "unknown setting 'max_unsued_years'"),
        (GOOD.replace("max_unused_years = 2", "max_unused_years = two"), 6, "not valid TOML"),
        (GOOD.replace("max_unused_years = 2", 'max_unused_years = "2"'), 6, "whole number"),
        (GOOD.replace("max_unused_years = 2", "max_unused_years = 2.5"), 6, "whole number"),
        (GOOD.replace('["Fiction"]', '["Fictoin"]'), 5, "no section called 'Fictoin'"),
        (GOOD + '\n[[rule]]\nname = "x"\ndewey = "5OO"\n', 10, "'5OO' is not a Dewey"),
        (GOOD + '\n[[rule]]\nname = "x"\ndewey = "599-500"\n', 10, "not a Dewey"),
        (GOOD + '\n[[rule]]\nname = "fiction"\nsections = ["Easy"]\n', 8, "two rules"),
        (GOOD + '\n[[rule]]\ndewey = "500"\n', 8, "has no name"),
        ('colour = "blue"\n' + GOOD, 1, "unknown setting 'colour'"),
        (GOOD + '\n[[rule]]\nname = "a"\n\n[[rule]]\nname = "b"\n', 11, "both match anything"),
        ("protect_new_copies_years = true\n" + GOOD, 1, "protect_new_copies_years"),
        (
            GOOD.replace('name = "fiction"', 'name = "fiction"\ncirculates = "no"'),
            5,
            "true or false",
        ),
    ],
)
def test_a_broken_rules_file_names_the_line(tmp_path, text, line, words):
    path = tmp_path / "my_rules.toml"
    path.write_text(text)
    with pytest.raises(RulesError) as caught:
        load_rules(path)
    err = caught.value
    assert err.line == line, str(err)
    assert words in str(err)
    assert str(err).startswith(f"my_rules.toml, line {line}: ")
    assert err.remedy


def test_a_missing_rules_file_says_where_the_defaults_are(tmp_path):
    with pytest.raises(RulesError, match="crew_school.toml"):
        load_rules(tmp_path / "nope.toml")


@pytest.mark.parametrize(("section", "dewey", "call_number", "rule"), MATCHES)
def test_rules_match_sections_read_from_the_call_number(section, dewey, call_number, rule):
    """Only the spine label given: call-number parsing fills section and Dewey class."""
    from libanalytics.callnumber import add_shelf_columns

    frame = add_shelf_columns(items(item(1, section=None, dewey=None, call_number=call_number)))
    assert frame["section"][0] == section
    assert one(score_weeding(frame, today=TODAY), "T0001")["rule"] == rule


def test_a_rules_file_saved_with_a_byte_order_mark_reads_like_the_original(tmp_path):
    # Notepad's "UTF-8" puts a byte-order mark before the first line.
    copy = tmp_path / "my_rules.toml"
    copy.write_bytes(b"\xef\xbb\xbf" + paths.DEFAULT_RULES.read_bytes())
    assert load_rules(copy).entries == load_rules().entries
    broken = tmp_path / "broken.toml"
    broken.write_bytes(b"\xef\xbb\xbf" + b'[[rule]]\nname = "fiction"\nmax_unsued_years = 2\n')
    with pytest.raises(RulesError, match="line 3: rule 'fiction' has an unknown setting"):
        load_rules(broken)
