"""The dashboards' progress rows (gpmb.reports.progress) against the records: today's
figures read from the rows are the figures the records give, for the city, a ward and a
project, for users of several scopes; the rows follow every service at once; the rebuild
changes nothing the services kept."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import asdict
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from gpmb.cases.models import Case
from gpmb.cases.services import step_record, steps_schedule
from gpmb.core.choices import Role
from gpmb.demo.projects import build_demo
from gpmb.parties.models import Tenure
from gpmb.parties.services import tenure_update
from gpmb.payments.choices import EntryKind
from gpmb.payments.models import Deposit, Handover, LedgerEntry
from gpmb.payments.services import deposit_withdraw, entry_reverse
from gpmb.plans.choices import PlanStatus
from gpmb.plans.models import PlanVersion
from gpmb.reports import queries
from gpmb.reports.models import CaseProgress
from gpmb.reports.queries import BlockerReason, ScopeKind, blockers, report
from tests.factories import TenureFactory


def _diff(fast: queries.Report, slow: queries.Report) -> list[tuple]:
    """Everything a page shows of a report that differs, unit by unit."""
    out = [
        (name, getattr(fast, name), getattr(slow, name))
        for name in ("label", "money_visible", "series", "handover_dates")
        if getattr(fast, name) != getattr(slow, name)
    ]
    pairs = [(fast.totals, slow.totals), *zip(fast.wards, slow.wards, strict=True)]
    pairs += list(zip(fast.projects, slow.projects, strict=True))
    for a, b in pairs:
        one, other = asdict(a), asdict(b)
        out += [(a.label, k, v, other[k]) for k, v in one.items() if other[k] != v]
    return out


def _both(monkeypatch: pytest.MonkeyPatch, user: Any, kind: str, code: str | None) -> tuple:
    """The report read from the rows (checked to be so) and read from the records."""
    used = []
    original = queries._read_rows

    def spy(*args: Any) -> Any:
        read = original(*args)
        used.append(read is not None)
        return read

    monkeypatch.setattr(queries, "_read_rows", spy)
    fast = report(user, kind, code)
    monkeypatch.setattr(queries, "_read_rows", lambda *args: None)
    slow = report(user, kind, code)
    monkeypatch.setattr(queries, "_read_rows", original)
    assert used == [True], "today's report was not read from the progress rows"
    return fast, slow


@pytest.mark.django_db
def test_rows_give_the_records_figures_for_every_scope_and_user(monkeypatch, make_user):
    build_demo(households=60, seed=3, password="pw-demo-1")
    accountant = LedgerEntry.objects.filter(kind=EntryKind.PRINCIPAL).select_related("case").first()
    assert accountant is not None, "the demo pays some households"
    # A payment reversed, a deposit taken back, a case deleted: through the services
    # where there is one (the ledger is append-only; a case goes with its project).
    officer = make_user(Role.ACCOUNTANT)
    entry_reverse(entry=accountant, reason="Sai số tài khoản", actor=None)
    deposit = Deposit.objects.first()
    if deposit is not None:
        deposit_withdraw(
            deposit=deposit, withdrawal_date=timezone.localdate(), reference="RT-1", actor=None
        )
    gone = (
        Case.objects.filter(
            payment_lines__isnull=True,
            allocations__isnull=True,
            entitlement__isnull=True,
            recovery_decision__isnull=True,
        )
        .order_by("pk")
        .last()
    )
    gone_id = gone.pk
    Case.objects.filter(pk=gone_id).delete()
    assert not CaseProgress.objects.filter(case_id=gone_id).exists()
    assert CaseProgress.objects.count() == Case.objects.count()
    assert LedgerEntry.objects.filter(kind=EntryKind.REVERSAL).exists()
    assert Handover.objects.exists()
    assert PlanVersion.objects.filter(status=PlanStatus.APPROVED).exists()

    case = Case.objects.select_related("project", "commune").order_by("pk").first()
    ward, project = case.commune.code, case.project.code
    users = [
        make_user(Role.LEADERSHIP, username="lanhdao-city"),
        make_user(Role.COMMUNE_LAND_OFFICER, commune=ward, username="diachinh-ward"),
        make_user(Role.ACCOUNTANT, project=case.project, username="ketoan-project"),
        officer,
    ]
    for user in users:
        for kind, code in ((ScopeKind.CITY, None), (ScopeKind.WARD, ward)):
            fast, slow = _both(monkeypatch, user, kind, code)
            assert _diff(fast, slow) == [], (user.username, kind)
        fast, slow = _both(monkeypatch, user, ScopeKind.PROJECT, project)
        assert _diff(fast, slow) == [], (user.username, "project")
    city = report(users[0], ScopeKind.CITY).totals
    assert city.total == Case.objects.count() and city.handed_over == Handover.objects.count()
    assert city.paid > 0 and city.money_approved > 0


@pytest.mark.django_db
def test_a_report_dated_before_a_payment_is_read_from_the_records(city, monkeypatch):
    """A payment dated tomorrow (the rows keep no money of earlier days): today's report
    falls back to the records, and says what they say."""
    lc = city["lc"]
    row = CaseProgress.objects.get(case=lc.case)
    CaseProgress.objects.filter(pk=row.pk).update(
        money_date=timezone.localdate() + dt.timedelta(days=1)
    )
    leadership = city["people"]["leadership"]
    calls = []
    original = queries._read_rows

    def spy(*args: Any) -> Any:
        read = original(*args)
        calls.append(read)
        return read

    monkeypatch.setattr(queries, "_read_rows", spy)
    r = report(leadership, ScopeKind.CITY)
    assert calls == [None]
    assert r.totals.paid == city["due"] and r.totals.handed_over == 1


@pytest.mark.django_db
def test_blockers_follow_the_services_at_once(city):
    """No stale grouping: a tenure left unconfirmed puts the household among the
    blockers, its confirmation takes it out, both at once."""
    ab = city["ab"]
    officer = city["people"]["officer"]
    leadership = city["people"]["leadership"]

    def held(reason: str) -> set[int]:
        return {g.reason: g for g in blockers(leadership, ScopeKind.CITY)}[reason].case_ids

    tenures = list(Tenure.objects.filter(household=ab.household))
    assert held(BlockerReason.ORIGIN_UNCONFIRMED) == set()
    for tenure in tenures:
        tenure_update(
            actor=officer,
            tenure=tenure,
            data={"certificate_number": "", "stable_use_start_date": None},
            reason="Chưa có xác nhận",
        )
    assert held(BlockerReason.ORIGIN_UNCONFIRMED) == {ab.case.pk}
    tenure_update(
        actor=officer,
        tenure=tenures[0],
        data={"stable_use_start_date": dt.date(1995, 3, 1)},
        reason="UBND phường xác nhận ngày 01/3/1995",
    )
    assert held(BlockerReason.ORIGIN_UNCONFIRMED) == set()


@pytest.mark.django_db
def test_a_deadline_and_a_recorded_step_count_at_once_and_the_rebuild_changes_nothing(
    city, monkeypatch
):
    ab = city["ab"]
    leadership = city["people"]["leadership"]
    rows = list(CaseProgress.objects.order_by("pk").values())
    call_command("progress_rebuild", stdout=io.StringIO())
    assert list(CaseProgress.objects.order_by("pk").values()) == rows

    # A deadline set by the notice, already past: one more step late, at once; the step
    # recorded: one fewer. The rows say what the records say after each.
    today = timezone.localdate()
    before = report(leadership, ScopeKind.CITY).totals
    steps_schedule(
        cases=[ab.case],
        code="persuasion",
        due_date=today - dt.timedelta(days=3),
        actor=None,
        reason="TB 31/TB-UBND",
    )
    late = report(leadership, ScopeKind.CITY).totals
    assert late.overdue_steps == before.overdue_steps + 1
    held = {g.reason: g for g in blockers(leadership, ScopeKind.CITY)}
    assert ab.case.pk in held[BlockerReason.OVERDUE_STEP].case_ids
    fast, slow = _both(monkeypatch, leadership, ScopeKind.CITY, None)
    assert _diff(fast, slow) == []
    step_record(case=ab.case, code="persuasion", done_date=today, document=None, actor=None)
    assert report(leadership, ScopeKind.CITY).totals.overdue_steps == before.overdue_steps
    fast, slow = _both(monkeypatch, leadership, ScopeKind.CITY, None)
    assert _diff(fast, slow) == []


@pytest.mark.django_db
def test_a_parcel_held_by_two_households_is_read_from_the_parcels_alike(city, monkeypatch):
    """The Lê Chân household's parcel also held by the An Biên household: neither case
    carries that area alone any more (both rows say so at once), the parcel counts once,
    handed over since the Lê Chân household handed over — as the records say."""
    lc, ab = city["lc"], city["ab"]
    leadership = city["people"]["leadership"]
    before = report(leadership, ScopeKind.CITY).totals
    assert not CaseProgress.objects.filter(area_shared=True).exists()
    TenureFactory(parcel=lc.impact.parcel, household=ab.household)
    assert set(CaseProgress.objects.filter(area_shared=True).values_list("case_id", flat=True)) == {
        lc.case.pk,
        ab.case.pk,
    }
    fast, slow = _both(monkeypatch, leadership, ScopeKind.CITY, None)
    assert _diff(fast, slow) == []
    assert fast.totals.area_to_recover == before.area_to_recover
    assert fast.totals.area_handed_over == before.area_handed_over > 0
