"""Call numbers: parts, sections and shelf order.

Orderings come from three places: the vectors other library systems test themselves with
(../shared/realdata/callnumbers), our own cases for every school prefix, and a property
test that checks the shelf key against a plain-Python comparator of the parsed parts.
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from itertools import combinations

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import libanalytics as la
from libanalytics.callnumber import add_shelf_columns, parse_call_numbers, shelf_key
from libanalytics.callnumber_sections import (
    AUDIOVISUAL_WORDS,
    DEFAULT_SECTION_ORDER,
    PROFESSIONAL_WORDS,
    REFERENCE_WORDS,
    SECTION_WORDS,
)
from libanalytics.errors import LibAnalyticsError
from libanalytics.schema import SECTIONS


def keys(labels: list[str | None], **options) -> list[str]:
    return shelf_key(pl.Series(labels, dtype=pl.String), **options).to_list()


def shelved(labels: list[str | None], **options) -> list[str | None]:
    series = pl.Series(labels, dtype=pl.String)
    return series.gather(shelf_key(series, **options).arg_sort()).to_list()


def parts(labels: list[str | None], **options) -> list[dict]:
    return parse_call_numbers(pl.Series(labels, dtype=pl.String), **options).to_list()


# --- The orderings other systems test themselves with -------------------------------------


def vector_rows(realdata) -> list[dict[str, str]]:
    with open(realdata / "callnumbers" / "dewey_sort_vectors.csv", newline="") as f:
        return list(csv.DictReader(f))


def vector_value(text: str) -> str | None:
    """The label as we would see it: Koha's two arguments "class|item" are one label."""
    if text in ("<undef>|<undef>", "<NULL>"):
        return None
    return text.replace("|", " ")


def out_of_scope(row: dict[str, str]) -> bool:
    # Case-sensitive filing is a pycallnumber option; we ignore case by design.
    # Evergreen marks its last pair TODO: it fails there too and the behaviour is contested.
    return "sort_case" in row["group"] or "TODO" in row["note"]


def test_out_of_scope_vectors_are_the_ones_the_issue_names(realdata):
    rows = [row for row in vector_rows(realdata) if out_of_scope(row)]
    assert len(rows) == 7
    pytest.skip(
        "out of scope by issue 5: the 6 pycallnumber rows under sort_case options (they file "
        "by letter case; we ignore case) and Evergreen's pair marked TODO (known failing there)"
    )


def test_pairs_from_other_systems_sort_in_order(realdata):
    pairs = [
        (vector_value(row["value"]), vector_value(row["expected"]))
        for row in vector_rows(realdata)
        if row["kind"] == "pair_less_than" and not out_of_scope(row)
    ]
    assert len(pairs) == 15
    firsts = keys([a for a, _ in pairs])
    seconds = keys([b for _, b in pairs])
    wrong = [pair for pair, k1, k2 in zip(pairs, firsts, seconds, strict=True) if not k1 < k2]
    assert wrong == []


def test_ordered_lists_from_other_systems_stay_in_order(realdata):
    lists: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for row in vector_rows(realdata):
        if row["kind"] == "ordered_list":
            lists.setdefault((row["source"], row["group"]), []).append(
                (int(row["seq"]), row["value"])
            )
    assert len(lists) == 3
    for name, rows in lists.items():
        labels = [value for _, value in sorted(rows)]
        assert shelved(list(reversed(labels))) == labels, name
        found = keys(labels)
        assert all(a < b for a, b in zip(found, found[1:], strict=False)), name


def test_sort_keys_from_other_systems_imply_the_same_order(realdata):
    groups: dict[tuple[str, str], list[tuple[str | None, str]]] = {}
    for row in vector_rows(realdata):
        # An empty key is how Koha and Evergreen say "no call number"; we shelve those
        # with the unrecognised labels after the known sections (issue 5), so an empty
        # key implies no order for us to match.
        if row["kind"] == "sortkey" and row["expected"]:
            groups.setdefault((row["source"], row["group"]), []).append(
                (vector_value(row["value"]), row["expected"])
            )
    assert sum(len(rows) for rows in groups.values()) == 10
    checked = 0
    for name, rows in groups.items():
        ours = keys([value for value, _ in rows])
        for (a, theirs_a), (b, theirs_b), ours_a, ours_b in (
            (rows[i], rows[j], ours[i], ours[j]) for i, j in combinations(range(len(rows)), 2)
        ):
            if theirs_a != theirs_b:
                assert (ours_a < ours_b) == (theirs_a < theirs_b), (name, a, b)
                checked += 1
    assert checked == 12


# --- School labels: every prefix ----------------------------------------------------------

PREFIX_CASES = [
    # label, prefix, section, dewey, cutter, rest
    ("E ALV", "E", "Easy", None, "ALV", ""),
    ("EASY ALV", "EASY", "Easy", None, "ALV", ""),
    ("E FIC ALV", "E FIC", "Easy", None, "ALV", ""),
    ("PIC ALV", "PIC", "Easy", None, "ALV", ""),
    ("E 599.75 SMI", "E", "Easy", "599.75", "SMI", ""),
    ("FIC SMI", "FIC", "Fiction", None, "SMI", ""),
    ("F SMI", "F", "Fiction", None, "SMI", ""),
    ("FIC KOR", "FIC", "Fiction", None, "KOR", ""),  # Korman, not Korean
    ("FIC 1984 ORW", "FIC", "Fiction", None, None, "1984 ORW"),
    ("SC SMI", "SC", "Story Collection", None, "SMI", ""),
    ("B LIN", "B", "Biography", None, "LIN", ""),
    ("BIO LINCOLN", "BIO", "Biography", None, "LINCOLN", ""),
    ("92 LIN", "92", "Biography", None, "LIN", ""),
    ("921 LIN FRE", "921", "Biography", None, "LIN", "FRE"),
    ("920 SMI", None, "Nonfiction", "920", "SMI", ""),
    ("REF 030 WOR", "REF", "Reference", "030", "WOR", ""),
    ("R 599.75 ENC v.2", "R", "Reference", "599.75", "ENC", "V.2"),
    ("J FIC SMI", "J FIC", "Fiction", None, "SMI", ""),
    ("JUV 599 SMI", "JUV", "Nonfiction", "599", "SMI", ""),
    ("NF 599 .S65", "NF", "Nonfiction", "599", "S65", ""),
    ("J NF 599 SMI", "J NF", "Nonfiction", "599", "SMI", ""),
    ("YA FIC SMI", "YA FIC", "Fiction", None, "SMI", ""),
    ("YA 741.5 SMI", "YA", "Graphic Novel", "741.5", "SMI", ""),
    ("PROF 371.1 SMI", "PROF", "Professional", "371.1", "SMI", ""),
    ("AV 599 SMI", "AV", "Audiovisual", "599", "SMI", ""),
    ("DVD FIC SMI", "DVD FIC", "Audiovisual", None, "SMI", ""),
    ("GN SMI", "GN", "Graphic Novel", None, "SMI", ""),
    ("741.5973 SMI", None, "Graphic Novel", "741.5973", "SMI", ""),
    ("SPA FIC ALV", "SPA FIC", "Fiction", None, "ALV", ""),
    ("ESP E ALV", "ESP E", "Easy", None, "ALV", ""),
    ("FRE 843 HUG", "FRE", "Nonfiction", "843", "HUG", ""),
    ("CHI FIC WAN", "CHI FIC", "Fiction", None, "WAN", ""),
    ("REF SPA 463 LAR", "REF SPA", "Reference", "463", "LAR", ""),
    ("599.75 .S65 2001", None, "Nonfiction", "599.75", "S65", "2001"),
    ("599'.75 S65", None, "Nonfiction", "599.75", "S65", ""),
    ("599.75S65", None, "Nonfiction", "599.75", "S65", ""),
    ("J 599.75.S65 2001", "J", "Nonfiction", "599.75", "S65", "2001"),
    ("  fic   smi ", "FIC", "Fiction", None, "SMI", ""),
    ("QA76.73 .P98 2010", None, "Nonfiction", None, "P98", "2010"),
    ("E 185.86 .B37 1998", None, "Nonfiction", None, "B37", "1998"),
    ("LOST LABEL?", None, "Other", None, "LOST", "LABEL?"),
    ("", None, "Other", None, None, ""),
]


@pytest.mark.parametrize(("label", "prefix", "section", "dewey", "cutter", "rest"), PREFIX_CASES)
def test_every_school_prefix_is_read(label, prefix, section, dewey, cutter, rest):
    (found,) = parts([label])
    assert (found["prefix"], found["section"], found["dewey"]) == (prefix, section, dewey)
    assert (found["cutter"], found["rest"]) == (cutter, rest)


def test_sections_are_the_schema_words():
    found = {row["section"] for row in parts([case[0] for case in PREFIX_CASES] + [None])}
    assert found <= set(SECTIONS)
    assert found == set(SECTIONS)


def test_lc_numbers_keep_their_class_and_sort_in_lc_order():
    labels = [
        "E185.86 .B37 1998",
        "Q 100 .A5",
        "QA 76 .A5",
        "QA76.73 .P98 2010",
        "QA76.9 .D3",
        "QA100 .B2",
    ]
    assert shelved(list(reversed(labels))) == labels
    assert [row["lc_class"] for row in parts(labels)] == [
        "E185.86", "Q100", "QA76", "QA76.73", "QA76.9", "QA100",
    ]  # fmt: skip
    # LC numbers come after the Dewey numbers in the nonfiction section.
    assert shelved(["QA76 .A5", "999 ZZZ", "000 AAA"]) == ["000 AAA", "999 ZZZ", "QA76 .A5"]


def test_missing_and_unrecognised_call_numbers_are_kept_after_the_known_sections():
    labels = ["???", None, "FIC SMI", "599 SMI", "REF 030 WOR", "DVD 599 SMI"]
    found = shelved(labels)
    assert found[:4] == ["FIC SMI", "599 SMI", "REF 030 WOR", "DVD 599 SMI"]
    assert set(found[4:]) == {"???", None}
    assert [row["section"] for row in parts([None, "???"])] == ["Other", "Other"]
    assert parts([None])[0]["rest"] is None


def test_default_section_order_on_the_shelves():
    one_per_section = [
        "E ALV", "FIC SMI", "SC SMI", "GN SMI", "599 SMI", "B LIN", "REF 030 WOR",
        "PROF 370 SMI", "DVD 599 SMI", "???",
    ]  # fmt: skip
    assert [row["section"] for row in parts(one_per_section)] == list(DEFAULT_SECTION_ORDER)
    assert shelved(list(reversed(one_per_section))) == one_per_section


def test_section_order_is_a_setting():
    labels = ["E ALV", "FIC SMI", "599 SMI", "B LIN", "???"]
    order = ("Biography", "Nonfiction", "Fiction")
    assert shelved(labels, section_order=order) == ["B LIN", "599 SMI", "FIC SMI", "E ALV", "???"]
    assert shelved(labels, section_order=("Other", "Easy")) == [
        "???", "E ALV", "FIC SMI", "599 SMI", "B LIN",
    ]  # fmt: skip
    with pytest.raises(LibAnalyticsError, match="Picture Books"):
        shelf_key(pl.Series(["E ALV"]), section_order=("Picture Books",))


def test_collective_biography_is_nonfiction_by_default_and_configurable():
    labels = ["B LIN", "920 SMI", "919 ABC", "921 ADA"]
    assert shelved(labels) == ["919 ABC", "920 SMI", "921 ADA", "B LIN"]
    assert [row["section"] for row in parts(["920 SMI"])] == ["Nonfiction"]
    moved = parts(["920 SMI"], collective_biography="Biography")
    assert moved[0]["section"] == "Biography"
    assert shelved(labels, collective_biography="Biography") == [
        "919 ABC", "920 SMI", "921 ADA", "B LIN",
    ]  # fmt: skip
    assert keys(["920 SMI"], collective_biography="Biography")[0][0] == keys(["B LIN"])[0][0]
    with pytest.raises(LibAnalyticsError, match="collective_biography"):
        parts(["920"], collective_biography="Biographies")


def test_school_shelf_orders():
    cases = [
        # Dewey as decimals, class alone first, Cutters as decimals.
        ["005.133 ABC", "005.2 ABC", "599", "599 A11", "599 A2", "599.75", "599.756", "599.8"],
        ["741 A32", "741 A32a", "741 A321", "741 A33"],
        # Volumes, copies and years in number order.
        ["REF 030 WOR v.2", "REF 030 WOR v.10", "REF 030 WOR v.10 c.2", "REF 031 ABC"],
        ["FIC SMI 1999", "FIC SMI 2001", "FIC SMI 2001 c.2", "FIC SMI 2001 c.10"],
        # Easy words interfile; so do the biography words, by the subject's name.
        ["E ADA", "EASY BAR", "E FIC CAR", "PIC DAV"],
        ["B ADAMS", "921 BAR", "BIO CARSON", "92 DOUGLASS"],
        # Audience and language shelves follow the plain shelf within a section.
        ["FIC ZEB", "J FIC ABE", "SPA FIC ABE", "SPA YA FIC ABE", "YA FIC ABE"],
        # Graphic novels: GN and 741.5 together, in the graphic novel section.
        ["SC SMI", "GN 741.5 ABE", "741.5 SMI", "GN ABE", "000 ZZZ"],
        # Case and repeated spaces are ignored: same key.
    ]
    for labels in cases:
        assert shelved(list(reversed(labels))) == labels
    assert len(set(keys(["fic  smi", "FIC SMI", " Fic Smi "]))) == 1
    # Diacritics are ignored in filing.
    assert shelved(["FIC NUO", "FIC MZZ", "FIC MÜL", "FIC NÚÑ"]) == [
        "FIC MÜL", "FIC MZZ", "FIC NÚÑ", "FIC NUO",
    ]  # fmt: skip


def test_spaced_volume_copy_and_part_marks_file_as_numbers():
    # "v. 2" is "v.2" typed with a space; the space must not file it before "v.3".
    assert shelved(["FIC SMI v. 10", "FIC SMI v.3", "FIC SMI v. 2"]) == [
        "FIC SMI v. 2", "FIC SMI v.3", "FIC SMI v. 10",
    ]  # fmt: skip
    for mark in ("c", "no", "pt", "bk"):
        spaced, tight = f"REF 030 WOR {mark}. 2", f"REF 030 WOR {mark}.2"
        assert keys([spaced]) == keys([tight]), mark
        assert shelved([f"REF 030 WOR {mark}.10", spaced]) == [spaced, f"REF 030 WOR {mark}.10"]
    # Only a mark word with its number: a Cutter ending in C. keeps its space.
    assert keys(["599 ABC. 2"]) != keys(["599 ABC.2"])


def test_lists_pandas_and_numbers_are_accepted():
    import pandas as pd

    assert shelf_key(["FIC SMI", "E ALV"]).to_list() == keys(["FIC SMI", "E ALV"])
    from_pandas = parse_call_numbers(pd.Series(["921 LIN", None]))
    assert from_pandas.to_list() == parts(["921 LIN", None])
    # A spreadsheet may hand over call numbers as numbers.
    found = parse_call_numbers(pl.Series([921, 599])).to_list()
    assert [row["section"] for row in found] == ["Biography", "Nonfiction"]


def test_report_class_hundreds_and_tens():
    labels = ["599.75 SMI", "005.133 ABC", "FIC SMI", "REF 030 WOR", "QA76 .A5", "741.5 SMI", None]
    hundreds = [row["report_class"] for row in parts(labels)]
    assert hundreds == [
        "500s", "000s", "Fiction", "Reference", "Nonfiction", "Graphic Novel", "Other",
    ]  # fmt: skip
    tens = [row["report_class"] for row in parts(labels, report_level="tens")]
    assert tens[:2] == ["590s", "000s"]
    with pytest.raises(LibAnalyticsError, match="report_level"):
        parts(labels, report_level="ones")


def test_expressions_and_series_agree():
    labels = ["FIC SMI", "599.75 S65", None, "QA76 .A5", "B LIN"]
    frame = pl.DataFrame({"call_number": labels})
    by_expr = frame.select(
        key=shelf_key(pl.col("call_number")), parts=parse_call_numbers(pl.col("call_number"))
    )
    assert by_expr["key"].to_list() == keys(labels)
    assert by_expr["parts"].to_list() == parts(labels)
    lazy = frame.lazy().with_columns(key=shelf_key(pl.col("call_number"))).collect()
    assert lazy["key"].to_list() == keys(labels)
    assert la.shelf_key is shelf_key and la.parse_call_numbers is parse_call_numbers


def test_add_shelf_columns_fills_what_the_source_lacks():
    items = pl.DataFrame(
        {
            "barcode": ["0001", "0002", "0003"],
            "call_number": ["FIC SMI", "599.75 SMI", None],
            "section": [None, "Nonfiction", None],
            "dewey": [None, "599.7", None],
            "shelf_key": [None, None, None],
        },
        schema_overrides={"shelf_key": pl.String},
    )
    out = add_shelf_columns(items)
    assert out.columns == items.columns
    assert out["section"].to_list() == ["Fiction", "Nonfiction", "Other"]
    assert out["dewey"].to_list() == [None, "599.7", None]  # the source's own is kept
    assert out["shelf_key"].to_list() == keys(["FIC SMI", "599.75 SMI", None])
    assert out["barcode"].to_list() == ["0001", "0002", "0003"]
    assert add_shelf_columns(items.drop("call_number")).equals(items.drop("call_number"))


# --- Property: the key orders as the parsed parts say -------------------------------------

_LOCATED = set(REFERENCE_WORDS + PROFESSIONAL_WORDS + AUDIOVISUAL_WORDS + ("NF",))
_SECTION_WORDS = {word for words in SECTION_WORDS for word in words.split()}


def _pieces(token: str, *, space_last: bool = False) -> list[tuple]:
    """A mark compared piece by piece: each letter, each number, each other character.

    Digits right after a letter are a Cutter (compared digit by digit, as a decimal);
    other digits are a number. A dot before a letter is ignored.
    """
    token = re.sub(r"\.(?=[A-Z])", "", token)
    out: list[tuple] = []
    for run in re.findall(r"\d+|.", token):
        if run.isdigit():
            after_letter = bool(out) and out[-1][0] == 2
            out.append((1, run if after_letter else int(run)))
        elif run.isalpha():
            out.append((2, run))
        elif run == " ":
            out.append((3, "") if space_last else (-1, ""))
        else:  # other characters file where their code puts them: "-" before digits
            out.append((0 if run < "0" else 1.5 if run < "A" else 2.5, run))
    return out


def comparable(row: dict, order: tuple[str, ...] = DEFAULT_SECTION_ORDER) -> tuple:
    """Shelf position from the parsed parts, in plain Python."""
    words = (row["prefix"] or "").split()
    shelf = tuple(w for w in words if w not in _LOCATED and w not in _SECTION_WORDS)
    if row["dewey"] is not None:
        kind, number = 1, (Decimal(row["dewey"]),)
    elif row["lc_class"] is not None:
        letters, digits = re.fullmatch(r"([A-Z]+)([\d.]+)", row["lc_class"]).groups()
        kind, number = 2, (letters, Decimal(digits))
    else:
        kind, number = 3, ()
    marks = " ".join(part for part in (row["cutter"], row["rest"]) if part)
    if row["section"] == "Other":
        marks_key = [_pieces(marks, space_last=True)]
    else:
        marks_key = [_pieces(token) for token in marks.split(" ") if token]
    return (order.index(row["section"]), shelf, kind, number, marks_key)


# Small alphabets, so that labels often share everything up to one part: that is where
# the decimal, number and class-alone rules decide.
LETTERS = "ABMS"
cutter = st.builds(
    lambda dot, a, d, s: dot + a + d + s,
    st.sampled_from(["", "."]),
    st.text(LETTERS, min_size=1, max_size=2),
    st.sampled_from(["", "1", "11", "2", "32", "321", "5"]),
    st.sampled_from(["", "a"]),
)
number_mark = st.one_of(
    st.integers(1998, 2002).map(str),
    st.sampled_from([1, 2, 9, 10, 11, 100]).map(lambda n: f"v.{n}"),
    st.sampled_from([1, 2, 10]).map(lambda n: f"c.{n}"),
)
dewey = st.builds(
    lambda i, f: f"{i:03d}" + (f".{f}" if f else ""),
    st.sampled_from([5, 92, 100, 101, 599, 741, 920]),
    st.sampled_from(["", "1", "5", "75", "756", "8", "05", "133", "2"]),
)
prefix = st.sampled_from(
    ["", "J", "YA", "SPA", "REF", "R", "PROF", "DVD", "AV", "NF", "J NF", "J FIC", "FIC", "F", "E", "EASY",
     "E FIC", "PIC", "SC", "B", "BIO", "92", "921", "GN", "YA GN", "SPA FIC", "REF SPA"]
)  # fmt: skip
school_label = st.builds(
    lambda p, d, cs, ns: " ".join(x for x in [p, d, *cs, *ns] if x),
    prefix,
    st.one_of(st.just(""), dewey),
    st.lists(cutter, min_size=0, max_size=2),
    st.lists(number_mark, max_size=2),
)
lc_label = st.builds(
    lambda letters, n, f, c, y: f"{letters}{n}{f} .{c}" + (f" {y}" if y else ""),
    st.sampled_from(["Q", "QA", "E", "F", "BF"]),
    st.sampled_from([1, 9, 10, 76, 100, 1000]),
    st.sampled_from(["", ".5", ".73", ".9"]),
    st.sampled_from(["A1", "A11", "A2", "B3", "P98"]),
    st.sampled_from(["", "2001", "v.2", "v.10"]),
)
junk_label = st.text("ABXYZ0129 ?-", max_size=8)
any_label = st.one_of(school_label, school_label, lc_label, junk_label)


def messy(label: str, data) -> str:
    """The same label as people type it: any case, extra spaces."""
    lower = data.draw(st.booleans())
    spaced = data.draw(st.booleans())
    label = label.lower() if lower else label
    return "  " + label.replace(" ", "   ") + " " if spaced else label


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    bases=st.lists(any_label, min_size=1, max_size=6),
    tails=st.lists(st.one_of(cutter, number_mark), max_size=4),
    data=st.data(),
)
def test_shelf_key_orders_as_the_parsed_parts_do(bases, tails, data):
    # Each label also with marks added, so that many pairs differ only in their last part.
    labels = bases + [f"{base} {tail}" for base in bases for tail in tails]
    labels = [messy(label, data) for label in labels]
    found = keys(labels)
    positions = [comparable(row) for row in parts(labels)]
    for i, j in combinations(range(len(labels)), 2):
        a, b = positions[i], positions[j]
        assert (found[i] < found[j]) == (a < b), (labels[i], labels[j], a, b)
        assert (found[i] == found[j]) == (a == b), (labels[i], labels[j], a, b)


def test_repeated_labels_get_the_same_answers_as_single_ones():
    # Large columns with repeated labels are worked out once per distinct label.
    labels = [case[0] for case in PREFIX_CASES] + [None, "599.75 S65 v.10"]
    many = labels * 400
    assert len(many) > 10_000
    assert keys(many) == keys(labels) * 400
    assert parts(many) == parts(labels) * 400
    items = pl.DataFrame({"call_number": many, "dewey": ["999"] + [None] * (len(many) - 1)})
    out = add_shelf_columns(items)
    assert out["shelf_key"].to_list() == keys(labels) * 400
    assert out["dewey"][0] == "999"
    assert out["section"].to_list() == [row["section"] for row in parts(labels)] * 400


@pytest.mark.parametrize(
    "label",
    ["E 184 F8 M2", "E 61 B56", "B 2947 R7 1912", "F 15 F85 H2", "F 3423 M61 1909"],
)
def test_lc_numbers_with_school_letters_are_lc_not_easy_fiction_or_biography(label):
    # Real labels from lul_fre_100.mrc (a SirsiDynix export of an LC-classed library).
    parsed = la.parse_call_numbers(pl.Series([label])).struct.unnest()
    assert parsed["section"][0] == "Nonfiction" and parsed["dewey"][0] is None
    assert parsed["lc_class"][0] is not None


@pytest.mark.parametrize(
    ("label", "section"),
    [("E 591.4 SMI", "Easy"), ("E 599 S65", "Easy"), ("F SMI", "Fiction"), ("B LIN", "Biography")],
)
def test_school_labels_with_those_letters_stay_school_labels(label, section):
    parsed = la.parse_call_numbers(pl.Series([label])).struct.unnest()
    assert parsed["section"][0] == section and parsed["lc_class"][0] is None
