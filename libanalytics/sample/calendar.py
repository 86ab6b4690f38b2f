"""A US school calendar: school days, holidays, and how busy the library is each day.

>>> import datetime as dt
>>> cal = school_calendar(dt.date(2025, 5, 30), years=1)
>>> str(cal.days[0]), str(cal.days[-1])
('2024-08-19', '2025-05-30')
>>> bool((cal.days == np.datetime64("2024-12-25")).any())
False
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

INVENTORY_DAYS = 8  # the library closes circulation for its inventory at the end


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The n-th given weekday of a month (n = -1 for the last)."""
    if n > 0:
        first = dt.date(year, month, 1)
        return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    nxt = dt.date(year + month // 12, month % 12 + 1, 1)
    last = nxt - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - weekday) % 7)


def school_year_start(year: int) -> dt.date:
    """The first day of school: the Monday on or after 15 August."""
    day = dt.date(year, 8, 15)
    return day + dt.timedelta(days=(0 - day.weekday()) % 7)


def school_year_end(year: int) -> dt.date:
    """The last day of the school year that starts in ``year``: the first Friday of June."""
    return _nth_weekday(year + 1, 6, 4, 1)


@dataclass(frozen=True)
class Calendar:
    days: np.ndarray  # datetime64[D], school days in order
    weight: np.ndarray  # how busy the library is that day (1 = an ordinary day)
    first_year: int  # the year the first school year starts


def _holidays(year: int) -> set[dt.date]:
    """Days without school in the school year that starts in ``year``."""
    out: set[dt.date] = set()

    def week(monday: dt.date) -> None:
        out.update(monday + dt.timedelta(days=i) for i in range(5))

    out.add(_nth_weekday(year, 9, 0, 1))  # Labor Day
    thanksgiving = _nth_weekday(year, 11, 3, 4)
    week(thanksgiving - dt.timedelta(days=3))
    day = dt.date(year, 12, 22)
    while day <= dt.date(year + 1, 1, 2):
        out.add(day)
        day += dt.timedelta(days=1)
    out.add(_nth_weekday(year + 1, 1, 0, 3))  # Martin Luther King Jr. Day
    out.add(_nth_weekday(year + 1, 2, 0, 3))  # Presidents' Day
    week(_nth_weekday(year + 1, 3, 0, 3))  # spring break
    out.add(_nth_weekday(year + 1, 5, 0, -1))  # Memorial Day
    return out


def school_calendar(as_of: dt.date, *, years: int = 5) -> Calendar:
    """The school days of the ``years`` school years up to ``as_of`` (inclusive), weighted.

    Weights dip in the first two weeks (orientation), before holidays, and in the last
    three weeks, when books are called back.
    """
    last = as_of.year if as_of >= school_year_start(as_of.year) else as_of.year - 1
    first = last - years + 1
    days: list[dt.date] = []
    weights: list[float] = []
    for year in range(first, last + 1):
        start, end = school_year_start(year), school_year_end(year)
        off = _holidays(year)
        day = start
        while day <= min(end, as_of):
            if day.weekday() < 5 and day not in off:
                w = 1.0
                if (day - start).days < 14:
                    w = 0.45
                elif (end - day).days < 21:
                    w = 0.35
                elif (day + dt.timedelta(days=3)) in off or (day + dt.timedelta(days=1)) in off:
                    w = 0.7
                w *= (1.05, 1.1, 1.0, 1.0, 0.8)[day.weekday()]
                days.append(day)
                weights.append(w)
            day += dt.timedelta(days=1)
    return Calendar(np.array(days, dtype="datetime64[D]"), np.array(weights), first)


def migration_date(cal: Calendar) -> dt.date:
    """When the library system was migrated: the summer before the first school year."""
    return dt.date(cal.first_year, 7, 14)
