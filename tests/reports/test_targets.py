"""Targets and indicators: % of plan and % of the same period, the Vietnamese way, with a
zero plan and a missing same period said instead of divided; site-clearance actuals come
from the records and cannot be typed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gpmb.core.choices import Role
from gpmb.core.models import AuditEvent
from gpmb.core.permissions import NotPermitted
from gpmb.reports.choices import IndicatorKind
from gpmb.reports.models import Target
from gpmb.reports.queries import ScopeKind, indicators, period_bounds, wording
from gpmb.reports.services import TargetError, target_set
from tests.payments.conftest import days_ago

pytestmark = pytest.mark.django_db


def test_the_le_chan_review_sentence_is_written_as_the_review_wrote_it():
    # Lê Chân, July 2021: budget revenue 601,119 tỷ against a plan of 966,6 tỷ and
    # 362,12 tỷ in the first half of 2020: 601,119 / 966,6 = 62,19 %;
    # 601,119 / 362,12 = 166,00 %.
    assert (
        wording(Decimal("601.119"), Decimal("966.6"), Decimal("362.12"))
        == "đạt 62,19% kế hoạch, bằng 166% so với cùng kỳ"
    )


def test_a_zero_plan_and_a_missing_or_zero_same_period_are_said_not_divided():
    assert wording(Decimal(5), Decimal(0), None) == (
        "kế hoạch giao bằng 0, không tính tỷ lệ, chưa có số liệu cùng kỳ"
    )
    assert wording(Decimal(5), None, Decimal(0)) == (
        "chưa giao kế hoạch, cùng kỳ bằng 0, không so sánh được"
    )
    assert wording(None, Decimal(10), Decimal(10)) == "chưa có số thực hiện"
    assert wording(Decimal(1), Decimal(3), Decimal(8)) == (
        "đạt 33,33% kế hoạch, bằng 12,5% so với cùng kỳ"
    )


def test_periods():
    assert period_bounds("2026-H1") == (dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    assert period_bounds("2026-H2") == (dt.date(2026, 7, 1), dt.date(2026, 12, 31))
    assert period_bounds("2026") == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def test_only_leadership_of_the_whole_system_sets_targets_and_bad_input_is_named(city, make_user):
    leader = city["people"]["leadership"]
    officer = city["people"]["officer"]
    with pytest.raises(NotPermitted):
        target_set(actor=officer, period="2026", kind="budget_revenue", planned="1", source="NQ 01")
    ward_leader = make_user(Role.LEADERSHIP, project=city["lc"].project, commune="11383")
    with pytest.raises(NotPermitted):
        target_set(
            actor=ward_leader, period="2026", kind="budget_revenue", planned="1", source="NQ"
        )
    for kwargs, said in (
        ({"period": "2026-H3"}, "2026-H3"),
        ({"planned": "12,5,0"}, "Kế hoạch"),
        ({"planned": "-5"}, "-5"),
        ({"kind": "households_handed_over", "actual": "40"}, "không nhập tay"),
        ({"source": " "}, "căn cứ"),
    ):
        base = {"period": "2026", "kind": "budget_revenue", "planned": "10", "source": "NQ 01"}
        with pytest.raises(TargetError, match=said):
            target_set(actor=leader, **{**base, **kwargs})
    assert not Target.objects.exists()
    target_set(actor=leader, period="2026", kind="budget_revenue", planned="10", source="NQ 01")
    assert AuditEvent.objects.filter(kind="reports.target_set").count() == 1


def test_site_clearance_actuals_are_computed_from_the_records_of_the_period(city):
    leader = city["people"]["leadership"]
    this_year = str(dt.date.today().year)
    half = f"{this_year}-H{1 if dt.date.today().month <= 6 else 2}"
    target_set(
        actor=leader, period=half, kind="households_handed_over", planned="4", source="KH 12"
    )
    target_set(
        actor=leader, period=half, kind="compensation_disbursed", planned="0", source="KH 12"
    )
    target_set(
        actor=leader,
        period=half,
        kind="budget_revenue",
        planned="966.600.000.000",
        actual="601.119.000.000",
        source="Báo cáo Chi cục Thuế",
    )
    previous = f"{int(this_year) - 1}{half[4:]}"
    target_set(
        actor=leader,
        period=previous,
        kind="budget_revenue",
        planned="1",
        actual="362.120.000.000",
        source="Báo cáo năm trước",
    )
    rows = {r.kind: r for r in indicators(leader, ScopeKind.CITY, None, half)}
    handed = rows[IndicatorKind.HOUSEHOLDS_HANDED_OVER]
    # The one handover of the records (5 days ago) falls in this half unless the half
    # began within the last 5 days.
    start, _end = period_bounds(half)
    expected = 1 if days_ago(5) >= start else 0
    assert handed.actual == expected and handed.planned == 4
    if expected:
        assert handed.words.startswith("đạt 25% kế hoạch")
    # Nothing recorded a year before: the same period is missing, not zero.
    assert handed.same is None and "chưa có số liệu cùng kỳ" in handed.words
    paid = rows[IndicatorKind.COMPENSATION_DISBURSED]
    assert paid.planned == 0 and "kế hoạch giao bằng 0" in paid.words
    budget = rows[IndicatorKind.BUDGET_REVENUE]
    assert budget.words == "đạt 62,19% kế hoạch, bằng 166% so với cùng kỳ"
    auction = rows[IndicatorKind.LAND_AUCTION_REVENUE]
    assert auction.actual is None and auction.words == "chưa có số thực hiện"


def test_on_the_page_leadership_sets_a_target_and_bad_input_is_named(client, city):
    client.force_login(city["people"]["leadership"])
    data = {"period": "2026", "kind": "budget_revenue", "planned": "9.9.9,1", "source": "NQ"}
    response = client.post("/reports/targets/", data, follow=True)
    assert "9.9.9,1" in response.content.decode() and not Target.objects.exists()
    data |= {"planned": "966.600.000.000", "actual": "601.119.000.000"}
    page = client.post("/reports/targets/", data, follow=True).content.decode()
    assert Target.objects.get().planned == Decimal("966600000000")
    assert "đạt 62,19% kế hoạch, chưa có số liệu cùng kỳ" in page


def test_leadership_of_a_ward_sets_its_wards_targets_and_no_others(client, city, make_user):
    ward_leader = make_user(Role.LEADERSHIP, commune="11383", username="lanhdao-lc")
    base = {"period": "2026", "kind": "budget_revenue", "planned": "10", "source": "NQ 05"}
    target_set(actor=ward_leader, scope="ward", unit_code="11383", **base)
    assert Target.objects.get().unit_code == "11383"
    for scope, code in (("ward", "11407"), ("city", ""), ("project", city["lc"].project.code)):
        with pytest.raises(NotPermitted):
            target_set(actor=ward_leader, scope=scope, unit_code=code, **base)
    assert Target.objects.count() == 1
    # Leadership on a project in that ward is not the ward's leadership.
    project_leader = make_user(Role.LEADERSHIP, project=city["lc"].project, commune="11383")
    with pytest.raises(NotPermitted):
        target_set(actor=project_leader, scope="ward", unit_code="11383", **base)
    # On the page: the ward's indicators, its form, and a refusal for another ward.
    client.force_login(ward_leader)
    page = client.get("/reports/targets/", {"period": "2026", "ward": "11383"}).content.decode()
    assert 'name="ward" value="11383"' in page and "NQ 05" in page
    assert 'name="ward"' not in client.get("/reports/targets/").content.decode()
    response = client.post("/reports/targets/", {**base, "ward": "11407", "planned": "99"})
    assert response.status_code == 403 and Target.objects.get().planned == 10


def test_a_ward_leader_imports_only_its_wards_rows(client, city, make_user):
    import io

    import openpyxl

    from gpmb.reports.importing import COLUMNS

    client.force_login(make_user(Role.LEADERSHIP, commune="11383", username="lanhdao-lc"))
    book = openpyxl.Workbook()
    book.active.append([title for _f, title in COLUMNS])
    book.active.append(["2026", "ward", "11383", "budget_revenue", 10, None, "NQ 05"])
    book.active.append(["2026", "ward", "11407", "budget_revenue", 10, None, "NQ 05"])
    data = io.BytesIO()
    book.save(data)
    file = io.BytesIO(data.getvalue())
    file.name = "phuong.xlsx"
    preview_url = client.post("/reports/targets/import/", {"file": file})["Location"]
    page = client.get(preview_url).content.decode()
    assert "phuong.xlsx, trang “Sheet”, dòng 3, cột Mã xã/phường hoặc dự án" in page
    assert client.post(preview_url).status_code == 200 and not Target.objects.exists()
