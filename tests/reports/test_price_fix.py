"""The missing-price blocker's bulk fix: a price code of the pack assigned to every line
of a kind behind a missing-price line, in one act, then the plans recomputed — never an
approved or posted plan silently; rights checked per case; a refusal changes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gpmb.census.choices import ItemKind
from gpmb.census.models import InventoryCorrection, InventoryItem
from gpmb.census.services import census_close, census_open, item_create
from gpmb.core.choices import Role
from gpmb.core.models import AuditEvent
from gpmb.core.services import assignment_create
from gpmb.plans.choices import LineStatus, PlanStatus
from gpmb.plans.models import CalculationLine, PlanVersion
from gpmb.plans.services import case_compute
from gpmb.reports.queries import BlockerReason, ScopeKind, blockers, missing_price_items
from gpmb.reports.services import PriceFixError, missing_price_fix
from tests.factories import UserFactory, unit
from tests.plans.conftest import make_home

pytestmark = pytest.mark.django_db

AN_BIEN, LE_CHAN = "11407", "11383"
LINE = "STRUCTURE"


def officer(project, commune=None, name="canbo"):
    user = UserFactory(username=name)
    assignment_create(
        actor=None,
        user=user,
        role=Role.COMPENSATION_OFFICER,
        project=project,
        commune=unit(commune) if commune else None,
    )
    return user


@pytest.fixture
def site():
    """Two households of one project, each with a water tank counted without a price
    code: their plans' STRUCTURE line is missing its basis."""
    a = make_home(code="p")
    b = make_home(project=a.project, commune=AN_BIEN, name="Lê Thị Hai", national_id="0311")
    user = officer(a.project)
    census_open(actor=user, batch=a.case.batch)
    for home in (a, b):
        item_create(
            actor=user,
            case=home.case,
            kind=ItemKind.STRUCTURE,
            raw={"name": "Bể nước xây", "quantity": "7,25", "price_code": ""},
        )
        case_compute(case=home.case, actor=user)
    return {"a": a, "b": b, "officer": user, "code": a.project.code}


def tank_line(case):
    version = PlanVersion.objects.filter(case=case).order_by("-number").first()
    return CalculationLine.objects.get(plan=version, ref="structure-1")


def state():
    return (
        sorted(InventoryItem.objects.values_list("pk", "price_code")),
        PlanVersion.objects.count(),
        InventoryCorrection.objects.count(),
        AuditEvent.objects.count(),
    )


def test_the_preview_names_the_lines_their_households_and_the_pack_rows(client, site):
    assert tank_line(site["a"].case).status == LineStatus.MISSING_BASIS
    groups = missing_price_items(site["officer"], ScopeKind.PROJECT, site["code"], LINE)
    assert set(groups) == {"structure"}
    group = groups["structure"]
    assert {i.case_id for i in group.items} == {site["a"].case.pk, site["b"].case.pk}
    assert "be-nuoc" in {row.code for row in group.choices}
    client.force_login(site["officer"])
    page = client.get(
        reverse("dashboard:price_fix"), {"scope": "project", "code": site["code"], "line": LINE}
    ).content.decode()
    assert site["a"].household.code in page and site["b"].household.code in page
    assert "2 dòng của 2 hộ" in page
    assert "Bể nước xây (be-nuoc) — 1.500.000 đồng/m³" in page


def test_the_fix_assigns_the_code_to_every_line_and_recomputes_the_plans(client, site):
    client.force_login(site["officer"])
    response = client.post(
        reverse("dashboard:price_fix"),
        {"scope": "project", "code": site["code"], "line": LINE, "item_kind": "structure",
         "price_code": "be-nuoc", "reason": "Bể nước xây gạch theo bảng giá",
         "evidence": "Biên bản kiểm đếm"},
    )  # fmt: skip
    assert response.status_code == 302
    assert set(InventoryItem.objects.values_list("price_code", flat=True)) == {"be-nuoc"}
    for home in (site["a"], site["b"]):
        line = tank_line(home.case)
        assert line.status == LineStatus.OK and line.amount > 0
        assert PlanVersion.objects.filter(case=home.case).count() == 2
    groups = {g.reason: g for g in blockers(site["officer"], ScopeKind.PROJECT, site["code"])}
    assert not any(code == LINE for code, _t in groups[BlockerReason.MISSING_PRICE].items)
    event = AuditEvent.objects.get(kind="reports.price_fix")
    assert event.reason == "Bể nước xây gạch theo bảng giá"
    assert event.data["price_code"] == "be-nuoc" and len(event.data["items"]) == 2


def test_a_posted_plan_is_not_recomputed_silently_and_the_skip_is_said(client, site):
    b = site["b"]
    # The row stands for a plan posted after its computation (its posting is the
    # plans app's, tested there): a plan posted or later is never replaced silently.
    posted = PlanVersion.objects.filter(case=b.case).order_by("-number").first()
    PlanVersion.objects.filter(pk=posted.pk).update(status=PlanStatus.POSTED)
    done = missing_price_fix(
        actor=site["officer"], kind=ScopeKind.PROJECT, code=site["code"], line_code=LINE,
        item_kind="structure", price_code="be-nuoc", reason="Theo bảng giá", evidence="BB",
    )  # fmt: skip
    assert done.items == 2 and done.new_versions == 1
    assert done.held == {b.case.pk: posted.number}
    latest = PlanVersion.objects.filter(case=b.case).order_by("-number").first()
    assert latest.pk == posted.pk and latest.status == PlanStatus.POSTED
    assert tank_line(site["a"].case).status == LineStatus.OK


def test_a_bad_code_or_an_outsider_changes_nothing(client, site):
    before = state()
    with pytest.raises(PriceFixError, match="khong-co"):
        missing_price_fix(
            actor=site["officer"], kind=ScopeKind.PROJECT, code=site["code"], line_code=LINE,
            item_kind="structure", price_code="khong-co", reason="x", evidence="y",
        )  # fmt: skip
    # A price row of another kind's table (trees) is not a structure's.
    with pytest.raises(PriceFixError):
        missing_price_fix(
            actor=site["officer"], kind=ScopeKind.PROJECT, code=site["code"], line_code=LINE,
            item_kind="structure", price_code="nhan/A", reason="x", evidence="y",
        )  # fmt: skip
    with pytest.raises(PriceFixError):
        missing_price_fix(
            actor=site["officer"], kind=ScopeKind.PROJECT, code=site["code"], line_code=LINE,
            item_kind="structure", price_code="be-nuoc", reason="", evidence="",
        )  # fmt: skip
    assert state() == before
    leader = UserFactory(username="lanhdao")
    assignment_create(actor=None, user=leader, role=Role.LEADERSHIP)
    client.force_login(leader)
    before = state()
    data = {"scope": "project", "code": site["code"], "line": LINE, "item_kind": "structure",
            "price_code": "be-nuoc", "reason": "x", "evidence": "y"}  # fmt: skip
    assert client.post(reverse("dashboard:price_fix"), data).status_code == 403
    assert state() == before


def test_an_officer_of_one_ward_fixes_only_that_wards_lines(site):
    lechan = officer(site["a"].project, LE_CHAN, name="canbo-lc")
    group = missing_price_items(lechan, ScopeKind.PROJECT, site["code"], LINE)["structure"]
    assert [i.case_id for i in group.items] == [site["a"].case.pk]
    done = missing_price_fix(
        actor=lechan, kind=ScopeKind.PROJECT, code=site["code"], line_code=LINE,
        item_kind="structure", price_code="be-nuoc", reason="Theo bảng giá", evidence="BB",
    )  # fmt: skip
    assert done.cases == [site["a"].case.pk]
    codes = dict(InventoryItem.objects.values_list("case_id", "price_code"))
    assert codes == {site["a"].case.pk: "be-nuoc", site["b"].case.pk: ""}


def test_a_closed_round_is_corrected_not_rewritten(site):
    census = InventoryItem.objects.first().census
    census_close(actor=site["officer"], census=census)
    done = missing_price_fix(
        actor=site["officer"], kind=ScopeKind.PROJECT, code=site["code"], line_code=LINE,
        item_kind="structure", price_code="be-nuoc", reason="Theo bảng giá", evidence="BB",
    )  # fmt: skip
    assert done.items == 2
    # The frozen lines keep their values; a correction with the reason carries the code,
    # and the next computation counts it.
    assert set(InventoryItem.objects.values_list("price_code", flat=True)) == {""}
    corrections = InventoryCorrection.objects.all()
    assert corrections.count() == 2
    assert {c.values["price_code"] for c in corrections} == {"be-nuoc"}
    assert {c.reason for c in corrections} == {"Theo bảng giá"}
    assert tank_line(site["a"].case).status == LineStatus.OK
