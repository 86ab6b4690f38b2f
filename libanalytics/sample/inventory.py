"""The sample inventory: scanner files in shelf order with planted errors, and the answer key.

Each shelving location is read in its own session (the largest by two scanners), in
three scanner formats: one barcode a line, ``n:``-prefixed lines, and CSV with times.
The answer key has one row for every copy in scope (``level`` item, ``key`` barcode) and
every read (``level`` read, ``key`` session:seq), with the outcome the inventory must
find (the vocabularies of `libanalytics.schema`) and a short detail.

Planted: copies misshelved one shelf away and far away, adjacent copies swapped (the
copy read first stays in place, the other is misshelved), copies in the wrong location,
missing copies (``detail`` says ``unexplained``, ``skipped_shelf`` for the copies of a
shelf nobody read, or ``fine`` for a copy out on loan when its shelf was read and
returned later that day: see `Inventory.returned`), lost and missing copies found, checked-out copies absent and on the
shelf, withdrawn copies on the shelf, duplicate reads, unknown barcodes, an ISBN read
and a malformed read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from .. import schema
from ..report.files import write_text

# Shelving locations in the order they are read; "Online" has no shelf.
LOCATION_ORDER = (
    "Easy",
    "Fiction",
    "Young Adult",
    "Graphic Novels",
    "Nonfiction",
    "Biography",
    "Spanish",
    "Reference",
    "Professional",
    "AV",
)
FORMATS = ("plain", "prefixed", "csv", "csv_header")
TIMED_FORMATS = ("csv", "csv_header")  # scanner files that carry a time for every read
SHELF = 30  # copies on one shelf
FINE_COPIES = 2  # copies out on loan while their shelf was read, returned after
RETURN_TIME = dt.time(15, 40)  # when those came back: after their session's last read
FINE_SESSION_READS = 2000  # at most 7 s a read from 8:30, such a session ends by 12:30
MALFORMED_READ = "~" * 80
SERIALS = ("S3041", "S3042")


@dataclass
class Read:
    raw: str
    barcode: str | None
    outcome: str
    detail: str = ""


@dataclass
class Session:
    name: str
    location: str
    fmt: str
    day: dt.date
    reads: list[Read] = field(default_factory=list)


@dataclass
class Inventory:
    sessions: list[Session]
    key: pl.DataFrame  # level, key, outcome, detail
    # Copies planted as missing but ``fine``: (barcode, when it was returned). The caller
    # adds a loan that was open while the shelf was read and closed at that time.
    returned: list[tuple[str, dt.datetime]] = field(default_factory=list)


def _isbn(rng: np.random.Generator) -> str:
    body = [9, 7, 8, 1] + list(rng.integers(0, 10, 8))
    check = (10 - sum(d * (1 if i % 2 == 0 else 3) for i, d in enumerate(body)) % 10) % 10
    return "".join(str(int(d)) for d in body) + str(check)


def plan_inventory(
    rng: np.random.Generator, copies: pl.DataFrame, days: list[dt.date]
) -> Inventory:
    """Plan the reads and the answer key for ``copies`` (in shelf order, column ``shelf``).

    ``copies`` needs ``barcode``, ``location``, ``status``, ``material_type``, ``isbn``,
    ``shelf`` (a key that sorts in shelf order), ``call_number`` and ``acquired``.
    """
    outcome: dict[str, tuple[str, str]] = {}
    rows = copies.select(
        "barcode", "location", "status", "material_type", "shelf", "acquired"
    ).to_dicts()
    for c in rows:
        status = c["status"]
        if c["material_type"] in schema.ELECTRONIC_TYPES or c["location"] not in LOCATION_ORDER:
            outcome[c["barcode"]] = (schema.NOT_EXPECTED, "e-resource: no shelf")
        elif status in schema.SHELF_STATUSES:
            outcome[c["barcode"]] = (schema.IN_PLACE, "")
        elif status == "checked_out":
            outcome[c["barcode"]] = (schema.CHECKED_OUT, "on loan")
        else:
            outcome[c["barcode"]] = (
                schema.NOT_EXPECTED,
                f"status {status}: not expected on the shelf",
            )

    by_location: dict[str, list[dict]] = {loc: [] for loc in LOCATION_ORDER}
    for c in rows:
        if c["location"] in by_location and c["material_type"] not in schema.ELECTRONIC_TYPES:
            by_location[c["location"]].append(c)

    def present(c: dict) -> bool:
        return outcome[c["barcode"]][0] in (
            schema.IN_PLACE,
            schema.ON_SHELF_BUT_CHECKED_OUT,
            schema.FOUND_LOST,
            schema.WITHDRAWN_ON_SHELF,
        )

    # A shelf nobody read: its copies are missing, with their neighbours unread too.
    biggest = max(by_location, key=lambda loc: len(by_location[loc]))
    shelf_list = by_location[biggest]
    skipped: set[str] = set()
    if len(shelf_list) > 4 * SHELF:
        start = int(rng.integers(SHELF, len(shelf_list) - 2 * SHELF))
        for c in shelf_list[start : start + SHELF]:
            skipped.add(c["barcode"])
            if outcome[c["barcode"]][0] == schema.IN_PLACE:
                outcome[c["barcode"]] = (schema.MISSING, "skipped_shelf")

    # Copies whose catalog status is wrong, found on the shelf in their place.
    def plant_status(status: str, new: str, detail: str, count: int) -> None:
        pool = [c for c in rows if c["status"] == status and c["barcode"] not in skipped]
        pool = [
            c
            for c in pool
            if c["location"] in by_location and c["material_type"] not in schema.ELECTRONIC_TYPES
        ]
        for i in rng.permutation(len(pool))[:count]:
            outcome[pool[i]["barcode"]] = (new, detail)

    plant_status("lost", schema.FOUND_LOST, "marked lost, found on the shelf", 2)
    plant_status("missing", schema.FOUND_LOST, "marked missing, found on the shelf", 2)
    plant_status("checked_out", schema.ON_SHELF_BUT_CHECKED_OUT, "on loan, found on the shelf", 3)
    plant_status("withdrawn", schema.WITHDRAWN_ON_SHELF, "withdrawn, still on the shelf", 2)

    # Missing copies whose shelf neighbours were read (so nothing suggests a skipped shelf).
    expected = sum(1 for c in rows if outcome[c["barcode"]][0] == schema.IN_PLACE)
    wanted = max(3, expected // 80)
    for loc in LOCATION_ORDER:
        shelf = by_location[loc]
        n_here = max(1, round(wanted * len(shelf) / max(expected, 1))) if shelf else 0
        taken = 0
        for i in rng.permutation(len(shelf)):
            if taken >= n_here:
                break
            if i == 0 or i == len(shelf) - 1:
                continue
            trio = shelf[i - 1 : i + 2]
            if outcome[trio[1]["barcode"]] != (schema.IN_PLACE, ""):
                continue
            if not (present(trio[0]) and present(trio[2])):
                continue
            outcome[trio[1]["barcode"]] = (schema.MISSING, "unexplained")
            taken += 1

    # Sessions: what is on each shelf, in shelf order.
    sessions: list[Session] = []
    day_no = 0
    for loc in LOCATION_ORDER:
        shelf = [c for c in by_location[loc] if present(c)]
        if not shelf:
            continue
        parts = (
            [shelf[: len(shelf) // 2], shelf[len(shelf) // 2 :]] if len(shelf) > 600 else [shelf]
        )
        for p, part in enumerate(parts):
            slug = loc.lower().replace(" ", "_") + (f"_{p + 1}" if len(parts) > 1 else "")
            day = days[min(day_no, len(days) - 1)]
            fmt = FORMATS[len(sessions) % len(FORMATS)]
            name = f"{day.isoformat()}_{slug}"
            s = Session(name, loc, fmt, day)
            s.reads = [Read(c["barcode"], c["barcode"], schema.MATCHED) for c in part]
            s.keys = [c["shelf"] for c in part]  # type: ignore[attr-defined]
            sessions.append(s)
            day_no += 1 if len(sessions) % 2 == 0 else 0

    acquired = {c["barcode"]: c["acquired"] for c in rows}
    returned = _plant_fine(rng, sessions, outcome, acquired, days[0])
    _plant_order_errors(rng, sessions, outcome)
    _plant_wrong_locations(rng, sessions, outcome, by_location)
    _plant_bad_reads(rng, sessions, {c["barcode"] for c in rows})

    sessions.sort(key=lambda s: s.name)  # as the files list: by date, then shelves
    item_rows = [("item", c["barcode"], *outcome[c["barcode"]]) for c in rows]
    read_rows = [
        ("read", f"{s.name}:{seq}", r.outcome, r.detail)
        for s in sessions
        for seq, r in enumerate(s.reads, start=1)
    ]
    key = pl.DataFrame(
        item_rows + read_rows, schema=["level", "key", "outcome", "detail"], orient="row"
    )
    return Inventory(sessions, key, returned)


def _plant_fine(
    rng, sessions: list[Session], outcome: dict, acquired: dict, first_day: dt.date
) -> list[tuple[str, dt.datetime]]:
    """Copies out on loan while their shelf was read, returned the same afternoon.

    They are not read, so the inventory finds them missing; their loan ending after the
    shelf's reads makes them ``fine``. Planted in sessions whose files carry times, between
    two copies read in place, and only in copies that arrived well before the inventory
    (the loan that goes with them starts before circulation closed).
    """
    timed = [
        s for s in sessions if s.fmt in TIMED_FORMATS and 6 < len(s.reads) <= FINE_SESSION_READS
    ]
    returned = []
    for s in sorted(timed, key=lambda s: -len(s.reads))[:FINE_COPIES]:
        keys = s.keys  # type: ignore[attr-defined]
        for _ in range(200):
            i = int(rng.integers(1, len(s.reads) - 1))
            trio = [outcome[r.barcode] for r in s.reads[i - 1 : i + 2]]
            arrived = acquired[s.reads[i].barcode]
            if any(o != (schema.IN_PLACE, "") for o in trio):
                continue
            if arrived is None or arrived > first_day - dt.timedelta(days=30):
                continue
            barcode = s.reads[i].barcode
            del s.reads[i], keys[i]
            outcome[barcode] = (schema.MISSING, "fine")
            returned.append((barcode, dt.datetime.combine(s.day, RETURN_TIME)))
            break
    return returned


def _free(touched: set[int], *positions: int, margin: int = 3) -> bool:
    return all(abs(p - t) > margin for p in positions for t in touched)


def _plant_order_errors(rng, sessions: list[Session], outcome: dict) -> None:
    """Misshelve copies one shelf away and far away, and swap adjacent pairs."""
    plans = {"one_shelf": 4, "far": 3, "swap": 3}
    big = sorted(sessions, key=lambda s: -len(s.reads))[:4]
    for kind, count in plans.items():
        for k in range(count):
            s = big[k % len(big)]
            keys = s.keys  # type: ignore[attr-defined]
            touched = s.__dict__.setdefault("touched", set())
            moves = s.__dict__.setdefault("moves", {})
            n = len(keys)
            for _ in range(200):
                i = int(rng.integers(2, n - 3)) if n > 6 else None
                if i is None:
                    break
                barcode = s.reads[i].barcode
                if outcome[barcode][0] != schema.IN_PLACE or outcome[barcode][1]:
                    continue
                if kind == "swap":
                    j = i + 1
                    if not (keys[i - 1] < keys[i] < keys[j] < keys[j + 1]):
                        continue
                    if outcome[s.reads[j].barcode] != (schema.IN_PLACE, "") or not _free(
                        touched, i, j
                    ):
                        continue
                    # Read order j, i: the copy read first (j) stays, i is misshelved.
                    moves[i] = j + 0.5
                    touched.update((i, j))
                    outcome[barcode] = (schema.MISSHELVED, "swapped with the copy after it")
                    outcome[s.reads[j].barcode] = (
                        schema.IN_PLACE,
                        "swapped with the copy before it; read first, so it counts as in place",
                    )
                    break
                distance = (
                    int(rng.integers(SHELF - 5, SHELF + 10))
                    if kind == "one_shelf"
                    else int(rng.integers(n // 4, n // 2 + 1))
                )
                if distance < SHELF:
                    continue
                forward = rng.random() < 0.5
                if forward and i + distance < n - 1 and keys[i] < keys[i + 1]:
                    target = i + distance + 0.5
                elif not forward and i - distance > 0 and keys[i - 1] < keys[i]:
                    target = i - distance - 0.5
                else:
                    continue
                if not _free(touched, i, int(target), int(target) + 1):
                    continue
                moves[i] = target
                touched.update((i, int(target), int(target) + 1))
                shelves = max(1, round(distance / SHELF))
                where = "one shelf away" if kind == "one_shelf" else f"far away ({shelves} shelves)"
                outcome[barcode] = (schema.MISSHELVED, f"{where}: {distance} copies from its place")
                break
    for s in sessions:
        moves = s.__dict__.get("moves", {})
        if moves:
            order = sorted(range(len(s.reads)), key=lambda i: moves.get(i, i))
            s.reads = [s.reads[i] for i in order]


def _plant_wrong_locations(rng, sessions: list[Session], outcome: dict, by_location: dict) -> None:
    """A picture book read among fiction, a fiction book among picture books, and so on."""
    pairs = (("Easy", "Fiction"), ("Fiction", "Easy"), ("Nonfiction", "Biography"))
    named = {s.location: s for s in reversed(sessions)}
    for source, target in pairs:
        if source not in named or target not in named:
            continue
        from_sessions = [s for s in sessions if s.location == source]
        s = from_sessions[int(rng.integers(0, len(from_sessions)))]
        touched = s.__dict__.setdefault("touched", set())
        for _ in range(200):
            i = int(rng.integers(1, len(s.reads) - 1))
            read = s.reads[i]
            if (
                read.barcode is None
                or outcome[read.barcode] != (schema.IN_PLACE, "")
                or not _free(touched, i)
            ):
                continue
            del s.reads[i]
            touched_shifted = {t - 1 if t > i else t for t in touched}
            touched.clear()
            touched.update(touched_shifted)
            dest = named[target]
            at = int(rng.integers(1, len(dest.reads)))
            dest.reads.insert(at, read)
            outcome[read.barcode] = (schema.WRONG_LOCATION, f"{source} copy read among {target}")
            break


def _plant_bad_reads(rng, sessions: list[Session], known: set[str]) -> None:
    """Duplicate reads, barcodes of no copy, an ISBN and a garbled read."""

    def spot(s: Session) -> int:
        return int(rng.integers(1, max(2, len(s.reads))))

    for k in range(3):
        s = sessions[(k * 2) % len(sessions)]
        at = spot(s)
        prev = s.reads[at - 1]
        if prev.barcode is not None and prev.outcome == schema.MATCHED:
            s.reads.insert(
                at, Read(prev.raw, prev.barcode, schema.DUPLICATE, "read twice in a row")
            )
    unknown = ["30202000123459", "009999", "31010999999990"]
    for k, code in enumerate(c for c in unknown if c not in known):
        s = sessions[(k * 3 + 1) % len(sessions)]
        s.reads.insert(
            spot(s), Read(code, code, schema.UNKNOWN_BARCODE, "no copy has this barcode")
        )
    isbn = _isbn(rng)
    s = sessions[0]
    s.reads.insert(
        spot(s), Read(isbn, isbn, schema.ISBN_READ, "the ISBN on the back cover was scanned")
    )
    s = sessions[-1]
    s.reads.insert(spot(s), Read(MALFORMED_READ, None, schema.MALFORMED, "garbled read"))


def write_scans(folder: Path, inventory: Inventory) -> list[Path]:
    """One file per session, in the scanner formats `libanalytics.load_scans` reads."""
    written = []
    for s in inventory.sessions:
        if s.fmt in ("plain", "prefixed"):
            lines = [f"# location: {s.location}"]
            if s.fmt == "prefixed":
                # Batch scanners that number their reads: "1:31010000012345".
                lines += [f"{n}:{r.raw}" for n, r in enumerate(s.reads, start=1)]
            else:
                lines += [r.raw for r in s.reads]
            path = folder / f"{s.name}.txt"
        else:
            serial = SERIALS[len(written) % len(SERIALS)]
            lines = ["Barcode,Serial,Time,Date"] if s.fmt == "csv_header" else []
            clock = 8 * 3600 + 30 * 60
            for n, r in enumerate(s.reads):
                clock += 3 + (n * 7919) % 5
                hh, mm, ss = clock // 3600, clock // 60 % 60, clock % 60
                lines.append(f"{r.raw},{serial},{hh:02d}:{mm:02d}:{ss:02d},{s.day:%d/%m/%Y}")
            path = folder / f"{s.name}.csv"
        written.append(write_text(path, "\n".join(lines) + "\n"))
    return written
