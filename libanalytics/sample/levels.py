"""School levels: what a sample school of each level enrolls, holds and checks out.

A school is ``elementary`` (K-5), ``middle`` (6-8), ``k8`` (K-8) or ``high`` (9-12). The
level sets the mix of sections (`titles.LEVEL_SHARES`), the grades of patrons
(`patrons.LEVEL_GRADES`), copies and checkouts per student and the school's name.

>>> default_level(2_500), default_level(15_000), default_level(46_000)
('k8', 'k8', 'high')
>>> district_levels(5)
['elementary', 'elementary', 'elementary', 'middle', 'high']
"""

from __future__ import annotations

LEVELS = ("elementary", "middle", "k8", "high")

NAMES = {
    "elementary": "Elm Creek Elementary School",
    "middle": "Elm Creek Middle School",
    "k8": "Elm Creek K-8 School",
    "high": "Elm Creek High School",
}
GRADES = {"elementary": "K-5", "middle": "6-8", "k8": "K-8", "high": "9-12"}
# Copies per student: elementary libraries hold the most per child, high schools the fewest.
COPIES_PER_STUDENT = {"elementary": 25, "middle": 19, "k8": 23, "high": 15}
# Checkouts per student per school year (the simulator's ``per_student``): young children
# borrow weekly, high-school students a few times a year.
CHECKOUTS_PER_STUDENT = {"elementary": 40.0, "middle": 22.0, "k8": 30.0, "high": 10.0}
# How a district's schools split by level, and how large each is against the average.
DISTRICT_SHARES = {"elementary": 0.55, "middle": 0.2, "k8": 0.05, "high": 0.2}
DISTRICT_SIZE = {"elementary": 0.7, "middle": 1.0, "k8": 1.0, "high": 1.8}
# From this many copies up, a school with no level given is a high school.
HIGH_SCHOOL_ITEMS = 25_000


def default_level(items: int) -> str:
    """The level of a school of ``items`` copies when none is asked for.

    A K-8 school, unless the collection is as large as only high schools' are; ask for
    ``elementary`` or ``middle`` by name.
    """
    return "high" if items >= HIGH_SCHOOL_ITEMS else "k8"


def district_levels(schools: int) -> list[str]:
    """The levels of a district's ``schools`` schools, in `LEVELS` order.

    Split by `DISTRICT_SHARES` (largest remainders); a district of three schools or more
    has at least one elementary, one middle and one high school.
    """
    exact = {level: schools * share for level, share in DISTRICT_SHARES.items()}
    counts = {level: int(value) for level, value in exact.items()}
    if schools >= 3:
        for level in ("elementary", "middle", "high"):
            counts[level] = max(counts[level], 1)
    by_remainder = sorted(exact, key=lambda level: counts[level] - exact[level])
    while sum(counts.values()) < schools:
        counts[by_remainder.pop(0) if by_remainder else "elementary"] += 1
    while sum(counts.values()) > schools:
        counts["elementary"] -= 1
    return [level for level in LEVELS for _ in range(counts[level])]
