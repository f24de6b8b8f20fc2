"""Days and working days in Vietnam: the calendar every legal period is counted on.

Vietnam's public holidays (Labour Code 2019 Art. 112: New Year, five days of Tết,
the Hùng Kings, 30 April, 1 May, two days of National Day) come from the `holidays`
package, with the days off the law moves when a holiday falls on a weekend and the
swaps the Government announces each year (a Monday off "substituted" by a working
Saturday). What the package does not know yet — a swap announced after its release, a
province's own day off (a city's liberation day, an ethnic traditional holiday) — the
caller adds with `days_off` and `days_on`, usually from the policy pack's
`procedure.deadlines.calendar`.

Counting follows the Civil Code 2015 (Art. 147(1): a period in days starts the day
after the event; Art. 148(5): a period whose last day is a weekend day or a holiday ends
at the end of the next working day). An administrative period is counted the same way
unless its text says otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum
from functools import lru_cache

import holidays

# Enough for any plan: a period longer than this is a mistyped number, not a deadline.
MAX_PERIOD_DAYS = 3650


class DayUnit(StrEnum):
    """How a period is counted."""

    CALENDAR = "calendar"
    WORKING = "working"


@lru_cache(maxsize=64)
def _national(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("VN", years=year)


class WorkCalendar:
    """Vietnam's working days, with a province's extra days off and announced days on.

    >>> cal = WorkCalendar()
    >>> cal.add(dt.date(2026, 2, 13), 1, DayUnit.WORKING)  # Tết Bính Ngọ: 16–20/02/2026
    datetime.date(2026, 2, 23)
    """

    def __init__(
        self, *, days_off: Iterable[dt.date] = (), days_on: Iterable[dt.date] = ()
    ) -> None:
        self.days_off = frozenset(days_off)
        self.days_on = frozenset(days_on)

    def holiday(self, day: dt.date) -> str | None:
        """The name of the public holiday on `day` (from the package), or None."""
        name = _national(day.year).get(day)
        return str(name) if name else None

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.days_on:
            return True
        if day in self.days_off:
            return False
        # The package knows weekends, holidays, observed days and the announced
        # working Saturdays (e.g. 22/08/2026 swapped for Monday 31/08/2026).
        return bool(_national(day.year).is_working_day(day))

    def next_working_day(self, day: dt.date) -> dt.date:
        """`day` itself if it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def add(self, start: dt.date, days: int, unit: DayUnit | str, *, roll: bool = True) -> dt.date:
        """The last day of a period of `days` days counted from `start`.

        Working days count only working days after `start`. Calendar days count every
        day; with `roll` (the default, Civil Code Art. 148(5)) a period ending on a day
        off ends on the next working day instead."""
        if not 0 <= days <= MAX_PERIOD_DAYS:
            raise ValueError(f"period of {days} days is out of range 0..{MAX_PERIOD_DAYS}")
        if DayUnit(unit) is DayUnit.CALENDAR:
            end = start + dt.timedelta(days=days)
            return self.next_working_day(end) if roll and days else end
        day = start
        left = days
        while left:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                left -= 1
        return day

    def tet_break(self, year: int) -> tuple[dt.date, dt.date] | None:
        """The Lunar New Year break of `year`: the days of Tết the holidays package names
        (Labour Code 2019 Art. 112(1)(b)) and the weekends and days off that join them,
        first and last day; None when the package does not know the year."""
        days = [
            d
            for d, name in _national(year).items()
            if "Lunar New Year" in str(name) and dt.date(year, 1, 10) <= d <= dt.date(year, 3, 10)
        ]
        if not days:
            return None
        start, end = min(days), max(days)
        while not self.is_working_day(start - dt.timedelta(days=1)):
            start -= dt.timedelta(days=1)
        while not self.is_working_day(end + dt.timedelta(days=1)):
            end += dt.timedelta(days=1)
        return start, end

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (0 if end ≤ start)."""
        count = 0
        day = start
        while day < end:
            day += dt.timedelta(days=1)
            count += self.is_working_day(day)
        return count
