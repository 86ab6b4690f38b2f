"""The sample generator: same seed, same bytes; exports that load; an answer key that agrees.

Generation is kept small (a few hundred to ~1,200 copies) so these tests stay quick.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from bisect import bisect_right
from pathlib import Path

import polars as pl
import pytest

import libanalytics as la
from libanalytics import schema
from libanalytics.cli import main
from libanalytics.sample import generate_district, generate_school

PATRON_HEADERS = ("Patron Name", "Patron Barcode", "Grade Level", "Homeroom")
READ_OUTCOMES_ON_SHELF = {
    schema.IN_PLACE,
    schema.MISSHELVED,
    schema.WRONG_LOCATION,
    schema.ON_SHELF_BUT_CHECKED_OUT,
    schema.FOUND_LOST,
    schema.WITHDRAWN_ON_SHELF,
}


@pytest.fixture(scope="module")
def school(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("school")
    generate_school(out, seed=11, items=1200)
    return out


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_same_seed_and_date_give_the_same_bytes(tmp_path):
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    generate_school(a, seed=5, items=300, as_of=dt.date(2024, 12, 13))
    generate_school(b, seed=5, items=300, as_of=dt.date(2024, 12, 13))
    generate_school(c, seed=6, items=300, as_of=dt.date(2024, 12, 13))
    first, second = _files(a), _files(b)
    assert len(first) >= 9 and "copies.xlsx" in first and "destiny_catalog.mrc" in first
    assert first.keys() == second.keys()
    for name in first:
        assert first[name] == second[name], f"{name} differs between two runs with one seed"
    assert _files(c)["destiny_catalog.mrc"] != first["destiny_catalog.mrc"]


def _load_all(folder: Path) -> dict[str, la.Loaded]:
    loaded = {
        name: la.load_catalog(folder / name, cache=False)
        for name in ("destiny_catalog.mrc", "koha_catalog.mrc", "copies.xlsx")
    }
    loaded["circulation"] = la.load_circulation(folder / "circulation.csv")
    loaded["scans"] = la.load_scans(sorted((folder / "scans").iterdir()))
    return loaded


def check_exports(folder: Path) -> None:
    loaded = _load_all(folder)
    for name, result in loaded.items():
        assert result.rejects.height == 0, f"{name}: {result.rejects}"
    barcodes = {
        name: set(loaded[name].frame["barcode"])
        for name in ("destiny_catalog.mrc", "koha_catalog.mrc", "copies.xlsx")
    }
    heights = {name: loaded[name].frame.height for name in barcodes}
    assert len(set(heights.values())) == 1, heights
    assert (
        barcodes["destiny_catalog.mrc"] == barcodes["koha_catalog.mrc"] == barcodes["copies.xlsx"]
    )
    info = tomllib.loads((folder / "school.toml").read_text())
    assert info["copies"] == heights["copies.xlsx"]
    assert isinstance(info["enrollment"], int) and info["enrollment"] > 0
    assert isinstance(info["as_of"], dt.date) and isinstance(info["migration_date"], dt.date)
    circ = loaded["circulation"].frame
    assert circ.height == info["checkouts"]
    assert set(circ["barcode"]) <= barcodes["copies.xlsx"]
    # The raw export carries patrons; nothing loaded does.
    header = (folder / "circulation.csv").read_text().splitlines()[0]
    assert all(h in header for h in PATRON_HEADERS)
    patron_ids = set(pl.read_csv(folder / "circulation.csv", infer_schema=False)["Patron Barcode"])
    assert not patron_ids & {str(v) for col in circ.columns for v in circ[col].drop_nulls()}
    # The same copies say the same things in the formats that carry them.
    koha = loaded["koha_catalog.mrc"].frame.sort("barcode")
    xlsx = loaded["copies.xlsx"].frame.sort("barcode")
    for col in ("call_number", "total_checkouts", "last_checkout", "acquired", "pub_year"):
        assert koha[col].to_list() == xlsx[col].to_list(), col
    assert (koha["status"] == xlsx["status"]).sum() >= xlsx.height - (
        xlsx["status"] == "in_transit"
    ).sum()


def _longest_non_decreasing(keys: list) -> int:
    tails: list = []
    for k in keys:
        i = bisect_right(tails, k)
        if i == len(tails):
            tails.append(k)
        else:
            tails[i] = k
    return len(tails)


def check_answer_key(folder: Path) -> dict[str, int]:
    key = pl.read_csv(folder / "answer_key.csv", infer_schema=False)
    assert key.columns == ["level", "key", "outcome", "detail"]
    items = la.load_catalog(folder / "copies.xlsx").frame
    scans = la.load_scans(sorted((folder / "scans").iterdir())).frame
    copy_rows = key.filter(pl.col("level") == "item")
    read_rows = key.filter(pl.col("level") == "read")
    assert copy_rows.height + read_rows.height == key.height

    # One row for every copy and every read, outcomes in the shared vocabularies.
    assert sorted(copy_rows["key"]) == sorted(items["barcode"])
    assert set(copy_rows["outcome"]) <= set(schema.COPY_OUTCOMES)
    assert set(read_rows["outcome"]) <= set(schema.READ_OUTCOMES)
    read_keys = scans.select(pl.format("{}:{}", "session", "seq")).to_series()
    assert read_rows["key"].to_list() == read_keys.to_list()

    # Read outcomes follow from what was read.
    reads = scans.with_columns(outcome=read_rows["outcome"], detail=read_rows["detail"])
    catalog = set(items["barcode"])
    seen: set[str] = set()
    for r in reads.iter_rows(named=True):
        code = r["barcode"]
        if code is None:
            expected = schema.MALFORMED
        elif code in catalog:
            expected = schema.DUPLICATE if code in seen else schema.MATCHED
            seen.add(code)
        elif len(code) == 13 and code[:3] in ("978", "979"):
            expected = schema.ISBN_READ
        else:
            expected = schema.UNKNOWN_BARCODE
        assert r["outcome"] == expected, r

    # Copy outcomes follow from the catalog status and whether the copy was read.
    status = dict(zip(items["barcode"], items["status"], strict=True))
    electronic = set(
        items.filter(pl.col("material_type").is_in(schema.ELECTRONIC_TYPES))["barcode"]
    )
    outcome = dict(zip(copy_rows["key"], copy_rows["outcome"], strict=True))
    detail = dict(zip(copy_rows["key"], copy_rows["detail"].fill_null(""), strict=True))
    for code, out in outcome.items():
        st = status[code]
        if code in seen:
            assert out in READ_OUTCOMES_ON_SHELF, (code, out)
            want = {
                "lost": schema.FOUND_LOST,
                "missing": schema.FOUND_LOST,
                "checked_out": schema.ON_SHELF_BUT_CHECKED_OUT,
                "withdrawn": schema.WITHDRAWN_ON_SHELF,
            }.get(st)
            if want:
                assert out == want, (code, st, out)
            else:
                assert st in schema.SHELF_STATUSES and out in (
                    schema.IN_PLACE,
                    schema.MISSHELVED,
                    schema.WRONG_LOCATION,
                ), (code, st, out)
        elif code in electronic or st not in (*schema.SHELF_STATUSES, "checked_out"):
            assert out == schema.NOT_EXPECTED, (code, st, out)
        elif st == "checked_out":
            assert out == schema.CHECKED_OUT, (code, out)
        else:
            assert out == schema.MISSING
            assert detail[code] in ("unexplained", "skipped_shelf", "fine")

    # Misshelving: per session, the copies not flagged are in shelf order, and flagging
    # fewer would be impossible (they are what a longest in-order run leaves out).
    shelf = dict(zip(items["barcode"], items["shelf_key"], strict=True))
    location = dict(zip(items["barcode"], items["location"], strict=True))
    matched = reads.filter(pl.col("outcome") == schema.MATCHED)
    for (session,), part in matched.group_by("session", maintain_order=True):
        codes = [c for c in part["barcode"] if outcome[c] != schema.WRONG_LOCATION]
        keys = [(shelf[c], c) for c in codes]
        flagged = [c for c in codes if outcome[c] == schema.MISSHELVED]
        kept = [k for k, c in zip(keys, codes, strict=True) if outcome[c] != schema.MISSHELVED]
        assert kept == sorted(kept), session
        assert len(codes) - _longest_non_decreasing(keys) == len(flagged), session
        # Tie rule: a copy swapped with its neighbour is the one read second.
        for i, c in enumerate(codes):
            if outcome[c] == schema.MISSHELVED and detail[c].startswith("swapped"):
                assert i > 0 and keys[i - 1] > keys[i], (session, c)
        # Wrong location: read among copies of another location.
        home = part.select(pl.col("barcode").replace_strict(location)).to_series().mode()[0]
        for c in part["barcode"]:
            if outcome[c] == schema.WRONG_LOCATION:
                assert location[c] != home, (session, c)
    return dict(key.group_by("outcome").len().iter_rows())


def test_every_export_loads_with_no_rejects_and_counts_agree(school):
    check_exports(school)


def test_answer_key_agrees_with_the_files(school):
    counts = check_answer_key(school)
    # Every kind of planted error is there.
    for outcome in (*schema.COPY_OUTCOMES, *schema.READ_OUTCOMES):
        assert counts.get(outcome, 0) > 0, outcome
    key = pl.read_csv(school / "answer_key.csv", infer_schema=False)
    details = key.filter(pl.col("outcome") == schema.MISSHELVED)["detail"]
    assert details.str.starts_with("one shelf away").any()
    assert details.str.starts_with("far away").any()
    assert details.str.starts_with("swapped").any()
    missing = key.filter(pl.col("outcome") == schema.MISSING)["detail"]
    assert set(missing) == {"unexplained", "skipped_shelf", "fine"}
    assert (missing == "skipped_shelf").sum() >= 10


def test_a_fine_missing_copy_was_out_while_its_timed_shelf_was_read(school):
    key = pl.read_csv(school / "answer_key.csv", infer_schema=False)
    fine = key.filter((pl.col("outcome") == schema.MISSING) & (pl.col("detail") == "fine"))
    assert fine.height >= 1
    items = la.load_catalog(school / "copies.xlsx").frame
    scans = la.load_scans(sorted((school / "scans").iterdir())).frame
    circ = la.load_circulation(school / "circulation.csv").frame
    for code in fine["key"]:
        copy = items.filter(pl.col("barcode") == code).row(0, named=True)
        assert copy["status"] in schema.SHELF_STATUSES and code not in set(scans["barcode"])
        # Its shelf: the session holding the copies next to it in shelf order, read with times.
        shelf = items.filter(
            pl.col("location") == copy["location"],
            pl.col("barcode").is_in(scans["barcode"].implode()),
        ).sort("shelf_key")
        before = shelf.filter(pl.col("shelf_key") < copy["shelf_key"])["barcode"][-1]
        session = scans.filter(pl.col("barcode") == before)["session"][0]
        read_at = scans.filter(pl.col("session") == session)["scanned_at"]
        assert read_at.null_count() == 0
        last = circ.filter(pl.col("barcode") == code).sort("checkout_at")[-1]
        assert last["checkout_at"][0] < read_at.min() < read_at.max() < last["returned_at"][0]
    # The inventory agrees: with the checkouts it calls them fine, and nothing else fine.
    result = la.reconcile(
        la.load_catalog(school / "copies.xlsx"),
        la.load_scans(sorted((school / "scans").iterdir())),
        circulation=la.load_circulation(school / "circulation.csv"),
    )
    found = result.items.filter(pl.col("likelihood") == "fine")["barcode"]
    assert sorted(found) == sorted(fine["key"])


def test_scanner_files_come_in_several_formats(school):
    names = sorted(p.name for p in (school / "scans").iterdir())
    texts = [(school / "scans" / n).read_text() for n in names]
    assert any(n.endswith(".csv") for n in names) and any(n.endswith(".txt") for n in names)
    assert any(t.splitlines()[1].startswith("1:") for t in texts if len(t.splitlines()) > 1)
    assert any(t.startswith("# location: ") for t in texts)
    assert any(t.startswith("Barcode,Serial,Time,Date") for t in texts)


def test_the_collection_looks_like_a_school_library(school):
    items = la.load_catalog(school / "copies.xlsx").frame
    info = tomllib.loads((school / "school.toml").read_text())
    circ = la.load_circulation(school / "circulation.csv").frame
    assert set(items["status"]) >= {
        "available", "checked_out", "lost", "missing", "withdrawn", "damaged", "on_order",
    }  # fmt: skip
    assert {"book", "ebook", "DVD"} <= set(items["material_type"])
    prefixes = ("E ", "FIC ", "SC ", "B ", "92 ", "920 ", "REF ", "PROF ", "DVD ", "GN ",
                "SPA ", "741.5 ", "YA ", "EBOOK ")  # fmt: skip
    for prefix in prefixes:
        assert items["call_number"].str.starts_with(prefix).any(), prefix
    assert items["call_number"].str.contains(r"^REF \d{3}.* v\.\d+$").any()
    assert items["barcode"].str.starts_with("0").any()  # leading zeros of the old system
    nonfiction = items.filter(pl.col("section") == "Nonfiction")
    assert (nonfiction["pub_year"] < 2000).mean() > 0.1  # the old tail
    age = info["as_of"].year - items["pub_year"].drop_nulls()
    assert 9 < age.mean() < 20
    # Acquired dates pile up at the migration, before which there is no history.
    assert items["acquired"].drop_nulls().mode()[0] == info["migration_date"]
    assert circ["checkout_at"].min().date() >= info["migration_date"]
    months = set(circ["checkout_at"].dt.month())
    assert 7 not in months and 12 in months
    assert circ["checkout_at"].dt.weekday().max() <= 5
    # A long tail: many copies never checked out, a few very often.
    per_copy = items["total_checkouts"]
    assert 0.2 < (per_copy == 0).mean() < 0.7
    assert per_copy.max() > 10 * per_copy.mean()
    # A copy goes out again only after it came back.
    ordered = circ.sort("barcode", "checkout_at")
    again = ordered.filter(pl.col("barcode") == pl.col("barcode").shift(-1))
    nxt = (
        ordered["checkout_at"].shift(-1).filter(ordered["barcode"] == ordered["barcode"].shift(-1))
    )
    assert (again["returned_at"] <= nxt).all()


def test_no_copy_arrives_before_its_copyright_year_or_piles_up_on_one_day(school):
    items = la.load_catalog(school / "copies.xlsx").frame.filter(pl.col("acquired").is_not_null())
    info = tomllib.loads((school / "school.toml").read_text())
    early = items.filter(pl.col("acquired") < pl.date(pl.col("pub_year"), 1, 1))
    assert early.height == 0, early.select("barcode", "pub_year", "acquired").head()
    # The migration is the one day copies pile up on; no other day holds 1% of them.
    others = items.filter(pl.col("acquired") != info["migration_date"])
    busiest = others["acquired"].value_counts(sort=True).row(0)
    assert busiest[1] <= max(3, others.height // 100), busiest


def test_committed_sample_is_consistent(sample):
    check_exports(sample)
    check_answer_key(sample)


def test_committed_sample_is_what_the_generator_writes(sample, tmp_path):
    # Anyone can rebuild data/sample: a stale or hand-edited file fails here.
    main(["sample", str(tmp_path), "--items", "2500"])
    fresh = _files(tmp_path)
    committed = {k: v for k, v in _files(sample).items() if k != "README.md"}
    assert committed.keys() == fresh.keys()
    for name in fresh:
        assert committed[name] == fresh[name], f"data/sample/{name} differs: regenerate it"


def test_a_small_district_is_byte_stable(tmp_path):
    generate_district(tmp_path / "a", schools=2, items=120, seed=9)
    generate_district(tmp_path / "b", schools=2, items=120, seed=9)
    first, second = _files(tmp_path / "a"), _files(tmp_path / "b")
    assert set(first) == {"items.parquet", "circulation.parquet", "scans.parquet", "district.toml"}
    assert first == second


def test_checkouts_dip_over_winter_and_spring_break(school):
    circ = la.load_circulation(school / "circulation.csv").frame
    day = circ["checkout_at"].dt.date()

    def week(start: dt.date) -> int:
        return int(((day >= start) & (day < start + dt.timedelta(days=7))).sum())

    for year in range(2020, 2025):
        busy = (week(dt.date(year, 12, 8)) + week(dt.date(year + 1, 1, 12))) / 2
        assert busy > 20, year
        assert week(dt.date(year, 12, 23)) < 0.25 * busy, year
        march = dt.date(year + 1, 3, 1)
        spring = march + dt.timedelta(days=(0 - march.weekday()) % 7 + 14)  # 3rd Monday
        around = (week(spring - dt.timedelta(days=14)) + week(spring + dt.timedelta(days=14))) / 2
        assert around > 20, year
        assert week(spring) < 0.25 * around, year


def test_a_district_has_a_site_everywhere(tmp_path):
    written = generate_district(tmp_path, schools=3, items=150, seed=2)
    assert {p.name for p in written} >= {"items.parquet", "circulation.parquet", "scans.parquet"}
    items = pl.read_parquet(tmp_path / "items.parquet")
    circ = pl.read_parquet(tmp_path / "circulation.parquet")
    scans = pl.read_parquet(tmp_path / "scans.parquet")
    schema.validate(items, "items")
    schema.validate(circ, "circulation")
    schema.validate(scans, "scans")
    sites = ["S001", "S002", "S003"]
    for frame in (items, circ, scans):
        assert frame["site"].null_count() == 0
        assert sorted(frame["site"].unique()) == sites
    assert items.select(pl.struct("site", "barcode").is_unique().all()).item()
    assert circ.join(items, on=["site", "barcode"], how="anti").height == 0
    assert scans.join(items, on=["site", "barcode"], how="anti").height == 0
    district = tomllib.loads((tmp_path / "district.toml").read_text())
    assert [s["site"] for s in district["school"]] == sites
    assert sum(s["copies"] for s in district["school"]) == items.height


def test_a_district_loads_through_the_public_loaders(tmp_path):
    generate_district(tmp_path, schools=2, items=150, seed=4)
    items = la.load_catalog(tmp_path / "items.parquet", cache=False)
    circ = la.load_circulation(tmp_path / "circulation.parquet")
    scans = la.load_scans(tmp_path / "scans.parquet")
    district = tomllib.loads((tmp_path / "district.toml").read_text())
    for loaded in (items, circ, scans):
        assert loaded.rejects.height == 0
        assert loaded.source.format == "Parquet"
    assert items.frame.height == sum(s["copies"] for s in district["school"])
    assert circ.frame.height == sum(s["checkouts"] for s in district["school"])
    assert scans.frame.height == pl.read_parquet(tmp_path / "scans.parquet").height
    assert items.frame.columns == list(schema.ITEMS)
    assert items.frame["shelf_key"].null_count() == 0
    assert "Parquet" in items.summary()
    # A Parquet file that is not a canonical table is refused, naming what is wrong.
    other = tmp_path / "other.parquet"
    pl.DataFrame({"Barcode": ["1"], "Patron": ["x"]}).write_parquet(other)
    with pytest.raises(la.InputFormatError, match="not a canonical items table.*'barcode'"):
        la.load_catalog(other)
    with pytest.raises(la.InputFormatError, match="'Patron'"):
        la.load_circulation(other)
    wrong_type = tmp_path / "wrong.parquet"
    pl.read_parquet(tmp_path / "scans.parquet").with_columns(
        pl.col("seq").cast(pl.String)
    ).write_parquet(wrong_type)
    with pytest.raises(la.InputFormatError, match="wrong.parquet, column 'seq'"):
        la.load_scans(wrong_type)


def test_load_catalog_counts_call_numbers_it_could_not_read(tmp_path):
    from libanalytics.callnumber import unrecognised_count

    path = tmp_path / "items.csv"
    path.write_text("Barcode,Call Number\n0001,FIC SMI\n0002,## 12\n0003,???\n0004,\n")
    loaded = la.load_catalog(path)
    assert unrecognised_count(loaded.frame) == 2
    assert "Note: 2 copies have call numbers we could not read (section Other)" in (
        loaded.summary()
    )
    path.write_text("Barcode,Call Number\n0001,FIC SMI\n0004,\n")
    assert "could not read" not in la.load_catalog(path).summary()


def test_sample_command(tmp_path, capsys):
    assert main(["sample", str(tmp_path / "s"), "--items", "120", "--as-of", "2024-06-07"]) == 0
    info = tomllib.loads((tmp_path / "s" / "school.toml").read_text())
    assert info["as_of"] == dt.date(2024, 6, 7)
    assert "school.toml" in capsys.readouterr().out
    assert main(["sample", str(tmp_path / "t"), "--items", "5"]) == 2
    assert "--items" in capsys.readouterr().err


def test_sample_command_refuses_a_negative_seed(tmp_path, capsys):
    # numpy's generators take only non-negative seeds; the user gets a message, not a traceback.
    assert main(["sample", str(tmp_path / "n"), "--items", "120", "--seed", "-3"]) == 2
    err = capsys.readouterr().err
    assert "--seed" in err and "Traceback" not in err
    assert not (tmp_path / "n").exists()


def _sections(folder: Path) -> pl.DataFrame:
    items = la.load_catalog(folder / "copies.xlsx").frame
    return items.group_by("section").agg(pl.len().alias("copies"), pl.col("location").first())


def test_a_high_school_has_young_adult_fiction_grades_9_to_12_and_few_picture_books(
    tmp_path, capsys
):
    assert main(["sample", str(tmp_path), "--items", "1500", "--level", "high"]) == 0
    info = tomllib.loads((tmp_path / "school.toml").read_text())
    assert (info["level"], info["grades"], info["name"]) == (
        "high",
        "9-12",
        "Elm Creek High School",
    )
    items = la.load_catalog(tmp_path / "copies.xlsx").frame
    ya = items.filter(pl.col("call_number").str.starts_with("YA "))
    assert ya.height > 0.1 * items.height
    assert set(ya["location"]) == {"Young Adult"}
    # No picture-book shelf: Easy is at most a sliver (Spanish easy readers), never the most.
    easy = items.filter(pl.col("section") == "Easy").height
    assert easy < 0.03 * items.height
    assert not items["call_number"].str.starts_with("E ").any()
    sections = items["section"].value_counts(sort=True)
    assert sections["section"][0] != "Easy"
    assert items.filter(pl.col("section") == "Reference").height > 0.03 * items.height
    # The raw circulation export's patrons are high-school students and staff.
    raw = pl.read_csv(tmp_path / "circulation.csv", infer_schema=False)
    assert set(raw["Grade Level"]) == {"9", "10", "11", "12", "Staff"}
    students = raw.filter(pl.col("Grade Level") != "Staff").height
    assert students > 0.8 * raw.height
    # A high school holds about 15 copies per student (a K-8 school 23).
    assert info["enrollment"] == 1500 // 15


def test_an_elementary_school_is_mostly_picture_books_and_juvenile_books(tmp_path):
    generate_school(tmp_path, seed=3, items=1500, level="elementary")
    info = tomllib.loads((tmp_path / "school.toml").read_text())
    assert (info["level"], info["grades"]) == ("elementary", "K-5")
    assert info["name"] == "Elm Creek Elementary School"
    items = la.load_catalog(tmp_path / "copies.xlsx").frame
    shares = items["section"].value_counts(normalize=True, sort=True)
    assert shares["section"][0] == "Easy"
    assert shares["proportion"][0] > 0.3
    # Easy, fiction and nonfiction together hold most of it; no young-adult shelf.
    main_shelves = shares.filter(pl.col("section").is_in(["Easy", "Fiction", "Nonfiction"]))
    assert main_shelves["proportion"].sum() > 0.75
    assert not items["call_number"].str.starts_with("YA ").any()
    raw = pl.read_csv(tmp_path / "circulation.csv", infer_schema=False)
    assert set(raw["Grade Level"]) == {"K", "1", "2", "3", "4", "5", "Staff"}
    check_exports(tmp_path)
    check_answer_key(tmp_path)


def test_a_middle_school_has_grades_6_to_8_and_fiction_before_picture_books(tmp_path):
    generate_school(tmp_path, seed=5, items=800, level="middle")
    info = tomllib.loads((tmp_path / "school.toml").read_text())
    assert (info["level"], info["grades"]) == ("middle", "6-8")
    items = la.load_catalog(tmp_path / "copies.xlsx").frame
    shares = dict(items["section"].value_counts(normalize=True).iter_rows())
    assert shares["Fiction"] > 0.3 > shares.get("Easy", 0.0) * 10
    raw = pl.read_csv(tmp_path / "circulation.csv", infer_schema=False)
    assert set(raw["Grade Level"]) == {"6", "7", "8", "Staff"}


def test_the_default_level_is_k8_and_a_very_large_school_is_a_high_school():
    from libanalytics.sample import levels

    # data/sample (2,500 copies) and the 15,000 default stay K-8 with no level in school.toml.
    assert levels.default_level(2500) == levels.default_level(15_000) == "k8"
    assert levels.default_level(46_000) == "high"
    with pytest.raises(la.errors.InputFormatError, match="school level"):
        generate_school(Path("unused"), items=100, level="college")


def test_a_small_district_mixes_elementary_middle_and_high_schools(tmp_path):
    generate_district(tmp_path, schools=4, items=400, seed=3)
    district = tomllib.loads((tmp_path / "district.toml").read_text())
    by_site = {s["site"]: s for s in district["school"]}
    assert sorted(s["level"] for s in by_site.values()) == [
        "elementary", "elementary", "high", "middle",
    ]  # fmt: skip
    grades = {s["level"]: s["grades"] for s in by_site.values()}
    assert grades == {"elementary": "K-5", "middle": "6-8", "high": "9-12"}
    items = pl.read_parquet(tmp_path / "items.parquet")
    easy = items.group_by("site").agg((pl.col("section") == "Easy").mean().alias("easy"))
    easy = dict(easy.iter_rows())
    for site, school in by_site.items():
        if school["level"] == "elementary":
            assert easy[site] > 0.25, (site, easy[site])
        if school["level"] == "high":
            assert easy[site] < 0.03, (site, easy[site])
    # High schools are the large ones.
    high = next(s for s in by_site.values() if s["level"] == "high")
    assert all(high["copies"] > s["copies"] for s in by_site.values() if s is not high)


def test_a_district_of_one_level(tmp_path):
    assert (
        main(["sample", str(tmp_path), "--schools", "2", "--items", "150", "--level", "high"]) == 0
    )
    district = tomllib.loads((tmp_path / "district.toml").read_text())
    assert [s["level"] for s in district["school"]] == ["high", "high"]
