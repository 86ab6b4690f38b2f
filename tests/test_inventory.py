"""Inventory reconciliation on small hand-made shelves: one test per rule."""

from __future__ import annotations

import datetime as dt
import itertools

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from libanalytics import LibAnalyticsError, SchemaError, reconcile
from libanalytics.inventory import InventoryResult, Scope, keep_in_shelf_order
from libanalytics.schema import conform

AUTHORS = ["ADA", "BAR", "CAR", "DOE", "EVA", "FOX", "GUY", "HAL", "IVY", "JON", "KAY", "LEE"]


def shelf(authors=AUTHORS, *, prefix="FIC", section="Fiction", start=1, **columns):
    """Copies of one section in shelf order, barcodes counting from ``start``.

    The shelf key is left empty: reconcile fills it from the call number.
    """
    n = len(authors)
    frame = {
        "barcode": [f"{start + i:07d}" for i in range(n)],
        "call_number": [f"{prefix} {a}" for a in authors],
        "section": [section] * n,
        "title": [f"Book by {a.title()}" for a in authors],
        "status": ["available"] * n,
        "material_type": ["book"] * n,
        "price": [10.0 + i for i in range(n)],
    }
    for key, value in columns.items():
        frame[key] = value if isinstance(value, list) else [value] * n
    return pl.DataFrame(frame)


def catalog(*shelves):
    return conform(pl.concat(shelves, how="diagonal_relaxed"), "items")


def reads(barcodes, session="shelf1", **columns):
    frame = {
        "barcode": barcodes,
        "raw": [b if b is not None else "\x07" for b in barcodes],
        "session": [session] * len(barcodes),
        "seq": list(range(1, len(barcodes) + 1)),
    }
    for key, value in columns.items():
        frame[key] = value if isinstance(value, list) else [value] * len(barcodes)
    return conform(pl.DataFrame(frame), "scans")


def outcomes(result: InventoryResult, outcome: str) -> list[str]:
    return result.items.filter(pl.col("outcome") == outcome)["barcode"].to_list()


def row(result: InventoryResult, barcode: str) -> dict:
    rows = result.items.filter(pl.col("barcode") == barcode).to_dicts()
    assert len(rows) == 1
    return rows[0]


def bc(i: int) -> str:
    return f"{i:07d}"


# -- misshelved: the longest run in shelf order ---------------------------------------------


def test_only_the_copy_out_of_place_is_misshelved_not_its_neighbours():
    items = catalog(shelf())
    order = [1, 2, 8, 3, 4, 5, 6, 7, 9, 10, 11, 12]  # HAL shelved five copies early
    inv = reconcile(items, reads([bc(i) for i in order]))
    assert outcomes(inv, "misshelved") == [bc(8)]
    hal = row(inv, bc(8))
    assert hal["displacement"] == 5
    assert hal["belongs_after"] == f"FIC GUY (barcode {bc(7)})"
    assert hal["belongs_before"] == f"FIC IVY (barcode {bc(9)})"
    assert hal["detail"] == f"Belongs after FIC GUY (barcode {bc(7)}), 5 copies away."
    assert len(outcomes(inv, "in_place")) == 11


def test_a_copy_shelved_late_is_found_behind_where_it_belongs():
    inv = reconcile(
        catalog(shelf()), reads([bc(i) for i in [1, 3, 4, 5, 6, 2, 7, 8, 9, 10, 11, 12]])
    )
    assert outcomes(inv, "misshelved") == [bc(2)]
    assert row(inv, bc(2))["displacement"] == 4
    assert row(inv, bc(2))["belongs_after"] == f"FIC ADA (barcode {bc(1)})"


def test_swapped_neighbours_keep_the_copy_read_first_and_flag_the_other():
    inv = reconcile(
        catalog(shelf()), reads([bc(i) for i in [1, 2, 4, 3, 5, 6, 7, 8, 9, 10, 11, 12]])
    )
    assert outcomes(inv, "misshelved") == [bc(3)]
    assert row(inv, bc(3))["displacement"] == 1
    assert row(inv, bc(3))["detail"] == f"Belongs after FIC BAR (barcode {bc(2)}), 1 copy away."


def test_a_misplaced_first_copy_belongs_before_the_next_kept_copy():
    inv = reconcile(catalog(shelf()), reads([bc(i) for i in [2, 3, 4, 1, 5, 6]]))
    assert outcomes(inv, "misshelved") == [bc(1)]
    ada = row(inv, bc(1))
    assert ada["belongs_after"] is None
    assert ada["detail"] == f"Belongs before FIC BAR (barcode {bc(2)}), 3 copies away."


def test_copies_of_one_title_are_in_order_either_way():
    items = catalog(shelf(["ADA", "BAR", "CAR"]).with_columns(shelf_key=pl.lit("FIC SAME")))
    inv = reconcile(items, reads([bc(3), bc(1), bc(2)]))
    assert outcomes(inv, "in_place") == [bc(1), bc(2), bc(3)]


def test_shelf_order_is_checked_per_session():
    # Session 2 scanned the first half after session 1 scanned the second: no one misshelved.
    inv = reconcile(
        catalog(shelf()),
        pl.concat(
            [
                reads([bc(i) for i in range(7, 13)], "day1"),
                reads([bc(i) for i in range(1, 7)], "day2"),
            ]
        ),
    )
    assert outcomes(inv, "misshelved") == []
    assert len(outcomes(inv, "in_place")) == 12


def test_copies_on_display_are_exempt_from_shelf_order():
    items = catalog(shelf(location=["Library"] * 11 + ["New Books Display"]))
    order = [12, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
    inv = reconcile(items, reads([bc(i) for i in order]))
    assert outcomes(inv, "misshelved") == []
    assert row(inv, bc(12))["detail"] == "On display: not checked for shelf order."
    # The scanner file may name the display instead of the catalog.
    marked = reads([bc(i) for i in order], location=["Display"] + ["Library"] * 11)
    assert outcomes(reconcile(catalog(shelf(location="Library")), marked), "misshelved") == []


# -- wrong location -------------------------------------------------------------------------


def test_a_copy_read_among_another_section_is_in_the_wrong_location():
    items = catalog(shelf(), shelf(["MO", "PIG"], prefix="E", section="Easy", start=100))
    order = [bc(i) for i in range(1, 6)] + [bc(101)] + [bc(i) for i in range(6, 13)] + [bc(100)]
    inv = reconcile(items, reads(order))
    assert outcomes(inv, "wrong_location") == [bc(101)]
    assert outcomes(inv, "misshelved") == []
    detail = row(inv, bc(101))["detail"]
    assert detail == "Found among Fiction (session shelf1, read 6); it belongs in Easy."
    # The Easy copy read after the last Fiction copy starts a new stretch: it is in place.
    assert row(inv, bc(100))["outcome"] == "in_place"


def test_a_copy_from_another_sublocation_under_a_location_line_is_in_the_wrong_location():
    items = catalog(shelf(location=["Reference"] * 6 + ["Library"] + ["Reference"] * 5))
    inv = reconcile(items, reads([bc(i) for i in range(1, 13)], location="Reference"))
    assert outcomes(inv, "wrong_location") == [bc(7)]


LONG_SHELF = [f"A{i:02d}" for i in range(24)]


def _fiction_and_easy():
    return catalog(shelf(LONG_SHELF), shelf(AUTHORS, prefix="E", section="Easy", start=100))


def test_four_copies_of_another_section_read_together_among_fiction_are_all_wrong_location():
    easy = [bc(i) for i in (103, 104, 105, 106)]
    order = [bc(i) for i in range(1, 11)] + easy + [bc(i) for i in range(11, 25)]
    inv = reconcile(_fiction_and_easy(), reads(order))
    assert outcomes(inv, "wrong_location") == easy
    assert "Found among Fiction" in row(inv, bc(104))["detail"]


def test_a_copy_of_another_section_read_first_in_a_session_is_wrong_location():
    inv = reconcile(_fiction_and_easy(), reads([bc(105)] + [bc(i) for i in range(1, 25)]))
    assert outcomes(inv, "wrong_location") == [bc(105)]
    last = reconcile(_fiction_and_easy(), reads([bc(i) for i in range(1, 25)] + [bc(105)]))
    assert outcomes(last, "wrong_location") == [bc(105)]


def test_a_session_running_over_a_section_boundary_or_half_and_half_is_in_place():
    # The last Easy copies, then Fiction: the scan crossed from one section into the next.
    crossing = [bc(i) for i in (111, 112)] + [bc(i) for i in range(1, 25)]
    assert outcomes(reconcile(_fiction_and_easy(), reads(crossing)), "wrong_location") == []
    # Fiction, a whole Easy shelf, Fiction again: not a few copies beside many.
    visit = [bc(i) for i in range(1, 11)] + [bc(i) for i in range(100, 112)]
    visit += [bc(i) for i in range(11, 25)]
    assert outcomes(reconcile(_fiction_and_easy(), reads(visit)), "wrong_location") == []


# -- missing and how likely it is gone ------------------------------------------------------


def times(n, start=dt.datetime(2025, 5, 6, 9, 0)):
    return [start + dt.timedelta(seconds=10 * i) for i in range(n)]


def test_missing_copies_get_their_likelihood():
    items = catalog(shelf([f"A{i:02d}" for i in range(30)]))
    absent = {4, 10, 16, 17, 18, 19, 20, 21, 25}  # 1-based; 16..21 a shelf nobody scanned
    read = [bc(i) for i in range(1, 31) if i not in absent]
    scans = reads(read, scanned_at=times(len(read)))
    circulation = conform(
        pl.DataFrame(
            {
                "barcode": [bc(4)],
                "checkout_at": [dt.datetime(2025, 5, 6, 13, 0)],
                "returned_at": [None],
            }
        ),
        "circulation",
    )
    last_year = reconcile(items, reads([bc(i) for i in range(1, 31) if i != 25]))
    inv = reconcile(items, scans, circulation=circulation, previous=last_year)
    likelihood = dict(
        inv.items.filter(pl.col("outcome") == "missing").select("barcode", "likelihood").rows()
    )
    assert likelihood == {
        bc(4): "fine",
        bc(10): "unexplained",
        **{bc(i): "skipped_shelf" for i in range(16, 22)},
        bc(25): "confirmed",
    }
    assert "neither were the 5 copies around it" in row(inv, bc(18))["detail"]
    assert "from FIC A15 to FIC A20" in row(inv, bc(18))["detail"]
    assert sorted(inv.mark_lost()) == [bc(10), bc(25)]


def test_a_return_after_the_shelf_was_read_is_fine_but_one_before_is_not():
    items = catalog(shelf())
    read = [bc(i) for i in range(1, 13) if i not in (3, 9)]
    scans = reads(read, scanned_at=times(len(read)))
    circulation = conform(
        pl.DataFrame(
            {
                "barcode": [bc(3), bc(9)],
                "checkout_at": [dt.datetime(2025, 4, 1, 10), dt.datetime(2025, 4, 1, 10)],
                "returned_at": [dt.datetime(2025, 5, 6, 15), dt.datetime(2025, 5, 5, 15)],
            }
        ),
        "circulation",
    )
    inv = reconcile(items, scans, circulation=circulation)
    assert row(inv, bc(3))["likelihood"] == "fine"
    assert row(inv, bc(9))["likelihood"] == "unexplained"


def test_without_circulation_the_catalogs_last_checkout_date_is_used():
    items = catalog(
        shelf(last_checkout=[dt.date(2025, 5, 6) if i == 2 else None for i in range(12)])
    )
    read = [bc(i) for i in range(1, 13) if i != 3]
    inv = reconcile(items, reads(read, scanned_at=times(len(read))))
    assert row(inv, bc(3))["likelihood"] == "fine"


# -- statuses -------------------------------------------------------------------------------


def test_status_outcomes():
    statuses = [
        "available",
        "lost",
        "missing",
        "checked_out",
        "withdrawn",
        "checked_out",
        "on_order",
        "in_transit",
        "available",
        "damaged",
        "available",
        "available",
    ]
    types = ["book"] * 10 + ["ebook", "book"]
    items = catalog(shelf(status=statuses, material_type=types))
    inv = reconcile(items, reads([bc(i) for i in (1, 2, 3, 4, 5, 10, 12)]))
    got = dict(inv.items.select("barcode", "outcome").rows())
    assert got == {
        bc(1): "in_place",
        bc(2): "found_lost",
        bc(3): "found_lost",
        bc(4): "on_shelf_but_checked_out",
        bc(5): "withdrawn_on_shelf",
        bc(6): "checked_out",
        bc(7): "not_expected",
        bc(8): "not_expected",
        bc(9): "missing",
        bc(10): "in_place",
        bc(11): "not_expected",
        bc(12): "in_place",
    }
    assert inv.mark_found() == [bc(2), bc(3)]
    assert inv.check_in() == [bc(4)]
    assert "check it in at the desk" in row(inv, bc(4))["detail"]


# -- reads ----------------------------------------------------------------------------------


def test_read_outcomes():
    items = catalog(shelf())
    barcodes = [bc(1), bc(2), bc(2), "9780306406157", "9780306406158", None, "X999", bc(3)]
    inv = reconcile(items, reads(barcodes))
    assert inv.scans["outcome"].to_list() == [
        "matched",
        "matched",
        "duplicate",
        "isbn",
        "unknown_barcode",
        "malformed",
        "unknown_barcode",
        "matched",
    ]
    assert inv.scans.columns[:5] == ["session", "seq", "site", "barcode", "raw"]
    assert (
        inv.scans["detail"][2] == "Read again: this copy was first read in session shelf1, read 2."
    )
    # A duplicate read does not make the copy look out of order.
    assert outcomes(inv, "misshelved") == []


def test_a_copy_read_in_two_sessions_counts_once():
    inv = reconcile(
        catalog(shelf()), pl.concat([reads([bc(1), bc(2)], "a"), reads([bc(2), bc(3)], "b")])
    )
    assert inv.scans["outcome"].to_list() == ["matched", "matched", "duplicate", "matched"]


def test_district_reads_match_only_their_own_school():
    a = shelf(["ADA", "BAR"], site="A")
    b = shelf(["CAR", "DOE"], site="B")  # the same barcodes at another school
    items = catalog(a, b)
    inv = reconcile(items, reads([bc(1), bc(2)], site="A"))
    assert inv.items.select("site", "barcode", "outcome").rows() == [
        ("A", bc(1), "in_place"),
        ("A", bc(2), "in_place"),
    ]
    inv = reconcile(items, reads([bc(1)], site="B"))
    assert inv.items.select("site", "barcode", "outcome").rows() == [
        ("B", bc(1), "in_place"),
        ("B", bc(2), "missing"),
    ]


def test_district_reads_without_a_school_are_refused_not_given_to_the_first_school():
    items = catalog(shelf(["ADA", "BAR"], site="A"), shelf(["CAR", "DOE"], site="B"))
    with pytest.raises(LibAnalyticsError) as err:
        reconcile(items, reads([bc(1)], session="shelf_b"))
    message = str(err.value)
    assert "2 schools (A, B)" in message and "shelf_b" in message and "--site" in message
    # Naming the school (as the scope's one school) matches the reads there.
    inv = reconcile(items, reads([bc(1)]), scope={"sites": ["B"]})
    assert inv.items.select("site", "barcode", "outcome").rows() == [
        ("B", bc(1), "in_place"),
        ("B", bc(2), "missing"),
    ]


def test_the_command_asks_which_school_and_takes_site(tmp_path, capsys):
    from libanalytics.cli import main

    catalog_csv = tmp_path / "district.csv"
    catalog_csv.write_text(
        "Site,Barcode,Call Number,Title,Status\n"
        "NORTH,0000001,FIC ADA,Book by Ada,available\n"
        "NORTH,0000002,FIC BAR,Book by Bar,available\n"
        "SOUTH,0000001,FIC CAR,Book by Car,available\n"
        "SOUTH,0000002,FIC DOE,Book by Doe,available\n",
        encoding="utf-8",
    )
    scans = tmp_path / "scans"
    scans.mkdir()
    (scans / "shelf.txt").write_text("0000001\n", encoding="utf-8")
    command = ["inventory", "--catalog", str(catalog_csv), "--scans", str(scans)]
    out = tmp_path / "out"
    assert main([*command, "--circulation", "--out", str(out)]) == 2
    assert "--site" in capsys.readouterr().err
    assert main([*command, "--site", "SOUTH", "--circulation", "--out", str(out)]) == 0
    assert (out / "mark_lost.txt").read_text(encoding="utf-8").split() == ["0000002"]


# -- scope ----------------------------------------------------------------------------------


def test_scope_limits_what_can_be_missing_but_reports_copies_read_outside_it():
    items = catalog(shelf(), shelf(["MO", "PIG"], prefix="E", section="Easy", start=100))
    scans = reads([bc(1), bc(2), bc(100)])
    inv = reconcile(items, scans, scope={"sections": ["Fiction"]})
    assert set(outcomes(inv, "missing")) == {bc(i) for i in range(3, 13)}
    assert row(inv, bc(100))["in_scope"] is False
    assert row(inv, bc(100))["outcome"] == "in_place"
    assert bc(101) not in inv.items["barcode"].to_list()


@pytest.mark.parametrize(
    ("scope", "said"),
    [
        (
            {"sections": ["Fiction", "Ficton"]},
            "'Ficton'. What to do: use sections as the catalog names them: Easy, Fiction",
        ),
        (
            {"locations": ["Annex"]},
            "'Annex'. What to do: use locations as the catalog names them: Library, Reference",
        ),
        ({"call_range": ("FIC M", "FIC A")}, "runs backwards"),
        ({"sites": ["NORTH"]}, "the catalog gives no site"),
    ],
)
def test_a_scope_that_covers_nothing_is_refused_naming_the_choices(scope, said):
    items = catalog(
        shelf(location="Library"),
        shelf(["MO", "PIG"], prefix="E", section="Easy", start=100, location="Reference"),
    )
    with pytest.raises(LibAnalyticsError) as err:
        reconcile(items, reads([bc(1)]), scope=scope)
    assert said in str(err.value)


def test_a_scope_in_other_letter_case_and_a_one_letter_range_are_fine():
    items = catalog(shelf(location="Library"))
    inv = reconcile(items, reads([bc(1)]), scope={"sections": "fiction", "locations": "LIBRARY"})
    assert len(outcomes(inv, "missing")) == 11
    inv = reconcile(items, reads([bc(1)]), scope={"call_range": ("FIC B", "FIC B")})
    assert outcomes(inv, "missing") == [bc(2)]


def test_reads_naming_a_school_against_a_one_school_catalog_still_count():
    inv = reconcile(catalog(shelf()), reads([bc(1)], site="NORTH"))
    assert len(outcomes(inv, "missing")) == 11


def test_scope_by_call_range_location_and_seen_since():
    items = catalog(
        shelf(
            location=["Library"] * 10 + ["Classroom"] * 2,
            last_checkout=[dt.date(2025, 4, 1) if i == 4 else None for i in range(12)],
        )
    )
    scans = reads([bc(1)])
    inv = reconcile(items, scans, scope=Scope(call_range=("FIC BAR", "FIC E")))
    assert outcomes(inv, "missing") == [bc(2), bc(3), bc(4), bc(5)]
    inv = reconcile(items, scans, scope={"locations": ["classroom"]})
    assert outcomes(inv, "missing") == [bc(11), bc(12)]
    inv = reconcile(items, scans, scope={"seen_since": "2025-03-01", "sections": "Fiction"})
    assert bc(5) not in outcomes(inv, "missing") and bc(4) in outcomes(inv, "missing")


def test_a_scope_with_an_unknown_setting_is_refused_with_what_to_write():
    with pytest.raises(LibAnalyticsError, match="no setting called 'shelves'.*use only"):
        reconcile(catalog(shelf()), reads([bc(1)]), scope={"shelves": ["A"]})
    with pytest.raises(LibAnalyticsError, match="YYYY-MM-DD"):
        Scope(seen_since="last spring")


def test_barcodes_as_numbers_are_refused():
    items = catalog(shelf())
    scans = pl.DataFrame({"barcode": [1], "session": ["x"], "seq": [1]})
    with pytest.raises(SchemaError, match="barcode"):
        reconcile(items, scans)


def test_pandas_tables_are_accepted():
    items = catalog(shelf())
    scans = reads([bc(1), bc(3), bc(2)])
    inv = reconcile(items.to_pandas(), scans.to_pandas())
    assert outcomes(inv, "misshelved") == [bc(2)]


# -- summary --------------------------------------------------------------------------------


def test_summary_counts_value_and_progress():
    items = catalog(shelf(price=[None] + [10.0] * 5 + [30.0] * 6))
    inv = reconcile(items, reads([bc(i) for i in range(2, 12)]))
    s = inv.summary
    counts = dict(s.outcomes.rows())
    assert counts["missing"] == 2 and counts["in_place"] == 10
    # ADA has no price: valued at the section's median (30.0 over 11 priced copies: 30).
    assert s.replacement_value == pytest.approx(30.0 + 30.0)
    assert s.sections.filter(pl.col("section") == "Fiction")["missing"].item() == 2
    assert s.progress.select("from_call_number", "to_call_number", "copies", "read").rows() == [
        ("FIC ADA", "FIC LEE", 12, 10)
    ]
    assert "12 copies reported from 10 reads" in repr(s)


# -- the longest run in order ----------------------------------------------------------------


def _best_by_brute_force(values):
    n = len(values)
    for size in range(n, 0, -1):
        for kept in itertools.combinations(range(n), size):  # lexicographic: earliest first
            seq = [values[i] for i in kept]
            if all(a <= b for a, b in itertools.pairwise(seq)):
                return [i in kept for i in range(n)]
    return [False] * n


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 6), max_size=9))
def test_the_kept_run_is_a_longest_in_order_run_keeping_the_earliest_reads(values):
    assert keep_in_shelf_order(values) == _best_by_brute_force(values)


# -- fine: the shelf's time comes from its own session ----------------------------------------


def _easy_and_fiction(easy_session, returned):
    """Easy read May 6 from a plain file (no times), Fiction read May 8 with times.

    Easy copy 3 is not read; it was returned at ``returned``.
    """
    items = catalog(
        shelf(["ADA", "BAR", "CAR", "DOE", "EVA"], prefix="E", section="Easy"),
        shelf(start=6),
    )
    easy = reads([bc(i) for i in (1, 2, 4, 5)], session=easy_session)
    fiction = reads(
        [bc(i) for i in range(6, 18)],
        session="fiction",
        scanned_at=times(12, start=dt.datetime(2025, 5, 8, 9, 0)),
    )
    circulation = conform(
        pl.DataFrame(
            {
                "barcode": [bc(3)],
                "checkout_at": [dt.datetime(2025, 4, 1, 10)],
                "returned_at": [returned],
            }
        ),
        "circulation",
    )
    return reconcile(items, pl.concat([easy, fiction]), circulation=circulation)


def test_a_session_without_times_does_not_borrow_another_sections_time():
    inv = _easy_and_fiction("easy", dt.datetime(2025, 5, 7, 15))
    assert row(inv, bc(3))["likelihood"] == "fine"
    assert bc(3) not in inv.mark_lost()
    detail = row(inv, bc(3))["detail"]
    assert "2025-05-07" in detail and "session easy" in detail and "no date" in detail


def test_a_session_date_in_the_file_name_is_the_shelf_date():
    after = _easy_and_fiction("2025-05-06_easy", dt.datetime(2025, 5, 7, 15))
    assert row(after, bc(3))["likelihood"] == "fine"
    assert "after its shelf was scanned" in row(after, bc(3))["detail"]
    before = _easy_and_fiction("2025-05-06_easy", dt.datetime(2025, 5, 5, 15))
    assert row(before, bc(3))["likelihood"] == "unexplained"
    assert before.mark_lost() == [bc(3)]
    same_day = _easy_and_fiction("2025-05-06_easy", dt.datetime(2025, 5, 6, 15))
    assert row(same_day, bc(3))["likelihood"] == "fine"
    assert "the day its shelf was scanned" in row(same_day, bc(3))["detail"]


def test_an_undated_session_still_loses_a_copy_not_seen_for_months():
    inv = _easy_and_fiction("easy", dt.datetime(2025, 1, 10, 15))
    assert row(inv, bc(3))["likelihood"] == "unexplained"
    assert inv.mark_lost() == [bc(3)]


def test_the_reshelving_note_names_a_column_the_sheet_has(tmp_path):
    import re

    import openpyxl

    from libanalytics.report.inventory_files import RESHELVE, write_inventory_files

    inv = reconcile(catalog(shelf()), reads([bc(i) for i in [1, 2, 8, 3, 4, 5, 6, 7, 9]]))
    write_inventory_files(inv, tmp_path)
    book = openpyxl.load_workbook(tmp_path / RESHELVE, read_only=True)
    header = next(book["Re-shelve"].iter_rows(values_only=True))
    notes = " ".join(str(r[0]) for r in book["Notes"].iter_rows(values_only=True))
    named = re.search(r"where the (\w+) column says", notes)
    assert named and named.group(1) in header


def test_the_inventory_notebook_uses_every_parameter_it_offers():
    import ast
    import json
    from pathlib import Path

    notebook = Path(__file__).parent.parent / "notebooks" / "02_inventory.ipynb"
    cells = [c for c in json.loads(notebook.read_text())["cells"] if c["cell_type"] == "code"]
    parameters = next(c for c in cells if "parameters" in c["metadata"].get("tags", []))
    offered = {t.id for node in ast.parse("".join(parameters["source"])).body for t in node.targets}
    assert {"SITE", "SCOPE"} <= offered
    used = {
        node.id
        for c in cells
        if c is not parameters
        for node in ast.walk(ast.parse("".join(c["source"])))
        if isinstance(node, ast.Name)
    }
    assert offered <= used
