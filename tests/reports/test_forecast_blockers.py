"""The forecast of a steady pace, and the blockers grouped by reason as the records say."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gpmb.cases.models import Step
from gpmb.parties.models import Tenure
from gpmb.parties.services import tenure_update
from gpmb.plans.models import CalculationLine, PlanVersion
from gpmb.plans.services import case_compute
from gpmb.reports.queries import BlockerReason, ScopeKind, blockers, forecast

TODAY = dt.date(2026, 12, 7)


def steady(per_week: int, weeks: int) -> list[dt.date]:
    """`per_week` handovers on a day of each of the last `weeks` weeks."""
    return [TODAY - dt.timedelta(days=7 * w + 1) for w in range(weeks) for _ in range(per_week)]


def test_a_steady_pace_of_5_a_week_clears_20_households_in_4_weeks_exactly():
    f = forecast(steady(5, 8), 20, TODAY, window_weeks=8, target=TODAY + dt.timedelta(days=21))
    assert f.pace == 5 and f.spread == 0
    assert f.clear_date == f.earliest == f.latest == TODAY + dt.timedelta(days=28)
    assert f.misses and f.late_by_days == 7
    on_time = forecast(steady(5, 8), 20, TODAY, target=TODAY + dt.timedelta(days=28))
    assert not on_time.misses


def test_an_uneven_pace_gives_a_range_around_the_date_and_no_pace_no_date():
    # 2, 8, 2, 8 … a week: mean 5, standard deviation 3.
    dates = [TODAY - dt.timedelta(days=7 * w + 1) for w in range(8) for _ in range(2 + 6 * (w % 2))]
    f = forecast(dates, 20, TODAY, window_weeks=8)
    assert f.pace == 5 and f.spread == 3
    assert f.earliest == TODAY + dt.timedelta(days=18)  # 20 / 8 a week = 17.5 days
    assert f.clear_date == TODAY + dt.timedelta(days=28)
    assert f.latest == TODAY + dt.timedelta(days=70)  # 20 / 2 a week
    idle = forecast([], 3, TODAY, target=TODAY + dt.timedelta(days=400))
    assert idle.clear_date is None and idle.misses
    done = forecast([], 0, TODAY, target=TODAY - dt.timedelta(days=1))
    assert done.done and not done.misses
    # Handovers before the window do not count.
    old = forecast(steady(5, 8), 20, TODAY, window_weeks=2)
    assert old.pace == 5 and forecast(steady(5, 1), 20, TODAY, window_weeks=4).pace == Decimal(
        "1.25"
    )


@pytest.mark.django_db
def test_blockers_grouped_by_reason_match_the_lines_and_the_records(city):
    ab = city["ab"]
    ab.impact.recovered_area += 20  # 30 m² remain, under the minimum: a decision
    ab.impact.save()
    version = case_compute(case=ab.case, actor=None)
    # Through the service (the dashboards' rows follow the services, not raw updates).
    for tenure in Tenure.objects.filter(household=ab.household):
        tenure_update(
            actor=city["people"]["officer"],
            tenure=tenure,
            data={"certificate_number": "", "stable_use_start_date": None},
            reason="Chưa có xác nhận của UBND phường",
        )
    groups = {g.reason: g for g in blockers(city["people"]["leadership"], ScopeKind.CITY)}
    lines = CalculationLine.objects.filter(plan=version)
    for reason, status in (
        (BlockerReason.MISSING_PRICE, "missing_basis"),
        (BlockerReason.DECISION_PENDING, "needs_confirmation"),
    ):
        expected = {(line.code, line.title_vi) for line in lines.filter(status=status)}
        assert set(groups[reason].items) == expected
        assert groups[reason].case_ids == ({ab.case.pk} if expected else set())
    assert groups[BlockerReason.DECISION_PENDING].count == 1
    assert groups[BlockerReason.ORIGIN_UNCONFIRMED].case_ids == {ab.case.pk}
    overdue = set(
        Step.objects.filter(
            case=ab.case, done_date__isnull=True, not_applicable=False, period_bound="by",
            due_date__lt=dt.date.today(),
        ).values_list("case_id", flat=True)
    )  # fmt: skip
    assert groups[BlockerReason.OVERDUE_STEP].case_ids == overdue
    # The handed-over household holds nothing back, whatever its lines said.
    everything = set().union(*(g.case_ids for g in groups.values()))
    assert city["lc"].case.pk not in everything
    assert PlanVersion.objects.filter(case=city["lc"].case).exists()
