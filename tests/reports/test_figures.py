"""The figures leadership sees equal independent sums over the records, as of any date."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db.models import Sum

from gpmb.cases.models import Case, Step
from gpmb.core.choices import Role
from gpmb.parcels.models import ParcelImpact
from gpmb.payments.models import Deposit, Handover, LedgerEntry
from gpmb.plans.models import PlanVersion
from gpmb.reports.queries import ScopeKind, ScopeNotFound, report
from tests.payments.conftest import days_ago

pytestmark = pytest.mark.django_db


def test_funnel_and_money_equal_independent_sums_over_the_records(city):
    r = report(city["people"]["leadership"], ScopeKind.CITY)
    t = r.totals
    assert t.total == Case.objects.count() == 2
    inventoried = Step.objects.filter(code="inventory", done_date__isnull=False)
    assert t.inventoried == inventoried.values("case").distinct().count() == 2
    assert t.approved == Step.objects.filter(code="approval", done_date__isnull=False).count()
    assert t.approved == 1
    assert t.handed_over == Handover.objects.count() == 1
    assert t.covered == 1
    approved = PlanVersion.objects.filter(status="approved").aggregate(s=Sum("net_amount"))["s"]
    assert t.money_approved == approved == city["due"]
    paid = LedgerEntry.objects.filter(kind="principal").aggregate(s=Sum("amount"))["s"]
    assert t.paid == paid == city["due"]
    assert t.deposited == (Deposit.objects.aggregate(s=Sum("amount"))["s"] or 0) == 0
    assert t.remaining == 0
    area = ParcelImpact.objects.aggregate(s=Sum("recovered_area"))["s"]
    assert t.area_to_recover == area
    assert t.area_handed_over == city["lc"].impact.recovered_area
    # By ward: each ward's figures add up to the whole.
    assert sum(w.total for w in r.wards) == t.total
    assert sum(w.paid for w in r.wards) == t.paid
    by_code = {w.code: w for w in r.wards}
    assert by_code["11383"].handed_over == 1 and by_code["11407"].handed_over == 0


def test_a_report_dated_in_the_past_ignores_later_payments_and_handovers(city):
    user = city["people"]["leadership"]
    due, first = city["due"], city["first"]
    between = report(user, ScopeKind.CITY, as_of=days_ago(20)).totals
    assert between.paid == first
    assert between.remaining == due - first
    assert between.covered == 0 and between.handed_over == 0
    assert between.area_handed_over == 0
    before_approval = report(user, ScopeKind.CITY, as_of=days_ago(61)).totals
    assert before_approval.approved == 0 and before_approval.money_approved == 0
    assert before_approval.paid == 0 and before_approval.inventoried == 2
    before_anything = report(user, ScopeKind.CITY, as_of=days_ago(400)).totals
    assert before_anything.inventoried == 0 and before_anything.total == 2


def test_the_ward_behind_the_citys_share_is_lagging_and_the_rule_is_said(city):
    r = report(city["people"]["leadership"], ScopeKind.CITY)
    assert r.totals.share == Decimal(50)
    lagging = [w.code for w in r.lagging_wards]
    assert lagging == ["11407"]
    (reason,) = r.lagging_wards[0].lag_reasons
    assert "0%" in reason and "50%" in reason
    # One project only: it is the whole, so it is not behind itself.
    assert r.lagging_projects == []


def test_the_scope_is_the_users_a_ward_officer_sees_only_its_ward(city, make_user):
    officer = make_user(Role.COMPENSATION_OFFICER, project=city["lc"].project, commune="11383")
    r = report(officer, ScopeKind.CITY)
    assert r.totals.total == 1 and [w.code for w in r.wards] == ["11383"]
    with pytest.raises(ScopeNotFound):
        report(officer, ScopeKind.WARD, "11407")
    ward = report(officer, ScopeKind.WARD, "11383")
    assert ward.totals.handed_over == 1
    # The investor follows progress but not the ledger: no money is shown.
    investor = make_user(Role.INVESTOR, project=city["lc"].project)
    seen = report(investor, ScopeKind.PROJECT, city["lc"].project.code)
    assert seen.totals.total == 2 and seen.totals.paid == 0 and not seen.money_visible


def test_the_capital_plan_and_the_money_still_needed(city):
    project = city["lc"].project
    user = city["people"]["leadership"]
    r = report(user, ScopeKind.PROJECT, project.code)
    if project.capital_plan is None:
        assert r.totals.shortfall is None and r.totals.capital_missing == [project.name]
    type(project).objects.filter(pk=project.pk).update(capital_plan=1000)
    r = report(user, ScopeKind.PROJECT, project.code)
    latest = {v.case_id: v.net_amount for v in PlanVersion.objects.order_by("number")}
    computed = sum(latest.values())
    assert r.totals.computed == computed
    assert r.totals.shortfall == computed - 1000
