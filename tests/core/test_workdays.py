"""Working days across Tết and compensatory days (gpmb.core.workdays).

Hand-checked against the official calendar:
- Tết Bính Ngọ 2026: the schedule the Prime Minister approved for public servants is
  nine days off, Saturday 14/02 to Sunday 22/02/2026 (weekdays 16–20/02 off), announced
  by the Ministry of Home Affairs in 2025; Labour Code 2019 Art. 112(1)(b) gives five
  days of Tết.
- Hùng Kings' day 2026 (10/3 lunar) is Sunday 26/04/2026, so Monday 27/04/2026 is the
  compensatory day off (Labour Code 2019 Art. 111(3)).
- Tết Đinh Mùi 2027 (New Year's day Saturday 06/02/2027): the five Tết days fall on
  weekdays 04, 05, 08, 09 and 10/02/2027 as the `holidays` package (0.109) lays them out;
  if the Government's 2027 schedule differs, the pack's `calendar.days_off`/`days_on`
  correct it (tested below with a swap).
- National Day 2026: the package records the announced swap, Monday 31/08/2026 off and
  Saturday 22/08/2026 worked.
"""

from __future__ import annotations

import datetime as dt

import pytest

from gpmb.core.workdays import DayUnit, WorkCalendar

D = dt.date
cal = WorkCalendar()


def test_one_working_day_after_the_friday_before_tet_2026_is_the_monday_after():
    assert cal.add(D(2026, 2, 13), 1, DayUnit.WORKING) == D(2026, 2, 23)
    # Five working days from the Friday before Tết: 23, 24, 25, 26, 27/02.
    assert cal.add(D(2026, 2, 13), 5, DayUnit.WORKING) == D(2026, 2, 27)
    assert cal.working_days_between(D(2026, 2, 13), D(2026, 2, 23)) == 1


def test_tet_2027_days_are_not_working_days():
    for day in (4, 5, 8, 9, 10):
        assert not cal.is_working_day(D(2027, 2, day)), day
    assert cal.add(D(2027, 2, 3), 1, DayUnit.WORKING) == D(2027, 2, 11)
    # 02, 03, 11, 12, 15–19 and 22/02: ten working days.
    assert cal.add(D(2027, 2, 1), 10, DayUnit.WORKING) == D(2027, 2, 22)


def test_compensatory_monday_after_hung_kings_day_on_a_sunday():
    assert cal.holiday(D(2026, 4, 26))
    assert not cal.is_working_day(D(2026, 4, 27))
    assert cal.add(D(2026, 4, 24), 1, DayUnit.WORKING) == D(2026, 4, 28)
    # 28 and 29/04 work, 30/04 and 01/05 are holidays, then the weekend.
    assert cal.add(D(2026, 4, 24), 3, DayUnit.WORKING) == D(2026, 5, 4)


def test_an_announced_working_saturday_counts():
    assert cal.is_working_day(D(2026, 8, 22))
    assert not cal.is_working_day(D(2026, 8, 31))
    assert cal.add(D(2026, 8, 21), 1, DayUnit.WORKING) == D(2026, 8, 22)


def test_calendar_days_ending_on_a_day_off_end_on_the_next_working_day():
    # Civil Code 2015 Art. 148(5): 30 days from Friday 16/01/2026 end on Sunday 15/02,
    # which is followed by Tết; the period ends on Monday 23/02/2026.
    assert cal.add(D(2026, 1, 16), 30, DayUnit.CALENDAR) == D(2026, 2, 23)
    assert cal.add(D(2026, 1, 16), 30, DayUnit.CALENDAR, roll=False) == D(2026, 2, 15)
    # 10 calendar days from Monday 02/03/2026 end on Thursday 12/03: no roll needed.
    assert cal.add(D(2026, 3, 2), 10, "calendar") == D(2026, 3, 12)


def test_the_pack_adds_a_province_day_off_and_an_announced_day_on():
    local = WorkCalendar(days_off=[D(2026, 3, 3)], days_on=[D(2027, 2, 10), D(2027, 2, 20)])
    assert not local.is_working_day(D(2026, 3, 3))
    assert local.add(D(2026, 3, 2), 1, DayUnit.WORKING) == D(2026, 3, 4)
    # A swap the package does not know: 10/02/2027 worked, Saturday 20/02/2027 worked.
    assert local.add(D(2027, 2, 3), 1, DayUnit.WORKING) == D(2027, 2, 10)
    assert local.is_working_day(D(2027, 2, 20))


def test_a_period_out_of_range_is_refused():
    with pytest.raises(ValueError):
        cal.add(D(2026, 1, 1), -1, DayUnit.WORKING)
