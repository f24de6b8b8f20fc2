"""Issue 12 point 4: a batch's plan posted, consulted on, submitted, returned or
appraised, approved — each act by the role the law names, each gate holding, an
approved version frozen, and an adjustment that never pays below the approved price."""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory
from django.utils import timezone

from gpmb.cases.choices import CaseStatus
from gpmb.cases.models import Case
from gpmb.core.choices import Role
from gpmb.core.models import AuditEvent
from gpmb.core.permissions import NotPermitted
from gpmb.engine.pack import PACKS_DIR
from gpmb.parcels.choices import WholeRecovery
from gpmb.plans.choices import LineStatus, PlanActKind, PlanStatus
from gpmb.plans.models import BatchPlan, FrozenPlanError, PlanAct, PlanVersion
from gpmb.plans.queries import compared_version
from gpmb.plans.services import (
    PlanError,
    case_compute,
    plan_appraise,
    plan_approve,
    plan_consult,
    plan_diff,
    plan_post,
    plan_return,
    plan_submit,
    posting_end_earliest,
)
from gpmb.policy.packs import packs_load
from gpmb.projects.choices import ApprovingAuthority
from tests.plans.chain import consult, inventoried, post
from tests.plans.conftest import make_home

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
LL_94_5 = "Luật Đất đai 2024, Điều 94, khoản 5"


@pytest.fixture
def people(home, make_user):
    """The four roles of the chain, in phường Lê Chân (the home's ward)."""
    p = home.project
    return {
        "officer": make_user(Role.COMPENSATION_OFFICER, project=p, username="canbo"),
        "commune": make_user(Role.COMMUNE_LAND_OFFICER, project=p, commune="11383", username="dc"),
        "appraiser": make_user(Role.APPRAISER, project=p, commune="11383", username="td"),
        "approver": make_user(Role.APPROVER, project=p, commune="11383", username="pd"),
    }


def state(batch_plan: BatchPlan) -> tuple[str, list[str], int, int]:
    """What a refused act must leave as it was: the batch plan's status, its versions'
    statuses, its acts and the audit events."""
    batch_plan.refresh_from_db()
    return (
        batch_plan.status,
        sorted(batch_plan.versions.values_list("status", flat=True)),
        PlanAct.objects.count(),
        AuditEvent.objects.count(),
    )


def walk_to_appraised(home, people) -> BatchPlan:
    version = case_compute(case=home.case, actor=people["officer"])
    batch_plan = consult(post(version, people["commune"]), people["commune"])
    plan_submit(batch_plan=batch_plan, actor=people["officer"], document_number="45/TTr-TTPTQĐ")
    plan_appraise(
        batch_plan=batch_plan,
        actor=people["appraiser"],
        document_number="07/BC-KT",
        document_date=TODAY(),
    )
    batch_plan.refresh_from_db()
    return batch_plan


def approve(batch_plan: BatchPlan, actor, **kwargs) -> PlanAct:
    return plan_approve(
        batch_plan=batch_plan,
        actor=actor,
        decision_number=kwargs.pop("decision_number", "123/QĐ-UBND"),
        decision_date=kwargs.pop("decision_date", TODAY()),
        signer=kwargs.pop("signer", "Chủ tịch UBND phường Lê Chân"),
        **kwargs,
    )


def test_the_chain_from_draft_to_approved_with_each_act_recorded(home, people):
    batch_plan = walk_to_appraised(home, people)
    act = approve(batch_plan, people["approver"])
    batch_plan.refresh_from_db()
    assert batch_plan.status == PlanStatus.APPROVED
    version = PlanVersion.objects.get(case=home.case)
    assert version.status == PlanStatus.APPROVED and version.batch_plan == batch_plan
    kinds = list(batch_plan.acts.values_list("kind", flat=True))
    assert kinds == [
        PlanActKind.POSTING,
        PlanActKind.CONSULTATION,
        PlanActKind.SUBMISSION,
        PlanActKind.APPRAISAL,
        PlanActKind.APPROVAL,
    ]
    # Nothing changed from posting to approval: the approval covers what was posted.
    posting = batch_plan.acts.get(kind=PlanActKind.POSTING)
    assert act.content_hash == posting.content_hash == batch_plan.frozen_hash
    assert list(act.versions.all()) == [version]
    assert (act.document_number, act.signer, act.actor) == (
        "123/QĐ-UBND",
        "Chủ tịch UBND phường Lê Chân",
        people["approver"],
    )
    event = AuditEvent.objects.get(kind="plans.approval")
    assert event.user == people["approver"] and event.data["document"] == "123/QĐ-UBND"
    # The case earned its status from the legal steps each act recorded, with their
    # documents and who recorded them (DESIGN.md: statuses are earned).
    case = Case.objects.get(pk=home.case.pk)
    assert case.status == CaseStatus.APPROVED
    steps = {s.code: s for s in case.steps.all()}
    assert (steps["posting"].document_number, steps["posting"].recorded_by) == (
        "12/TB-UBND",
        people["commune"],
    )
    assert steps["submission"].document_number == "45/TTr-TTPTQĐ"
    assert steps["appraisal"].recorded_by == people["appraiser"]
    assert (steps["approval"].document_number, steps["approval"].done_date) == (
        "123/QĐ-UBND",
        TODAY(),
    )


def test_each_act_moves_the_case_to_the_status_its_step_earns(home, people):
    version = case_compute(case=home.case, actor=people["officer"])
    batch_plan = post(version, people["commune"])
    assert Case.objects.get(pk=home.case.pk).status == CaseStatus.POSTED
    consult(batch_plan, people["commune"])
    plan_submit(batch_plan=batch_plan, actor=people["officer"])
    assert Case.objects.get(pk=home.case.pk).status == CaseStatus.POSTED
    plan_appraise(
        batch_plan=batch_plan, actor=people["appraiser"], document_number="7", document_date=TODAY()
    )
    assert Case.objects.get(pk=home.case.pk).status == CaseStatus.APPRAISED


def test_a_plan_whose_inventory_is_not_recorded_cannot_be_posted(home, people):
    # Land Law 2024 Art. 87(2)(c), (3)(a): the plan is drafted from the inventory.
    version = case_compute(case=home.case, actor=people["officer"])
    start = TODAY() - dt.timedelta(days=20)
    with pytest.raises(PlanError, match="kiểm đếm"):
        plan_post(
            batch=home.case.batch,
            commune_id=version.commune_id,
            actor=people["commune"],
            start_date=start,
            end_date=posting_end_earliest(home.case.batch, start),
        )
    assert not BatchPlan.objects.exists()
    assert Case.objects.get(pk=home.case.pk).status == CaseStatus.OPENED


def test_posting_is_refused_while_a_line_is_unsettled_naming_the_household_and_line(home, people):
    # 30 m² would remain, below the pack's minimum: the household's agreement to recover
    # it is a named decision not yet made (Land Law 2024 Art. 91(7)).
    home.impact.recovered_area = Decimal("70.00")
    home.impact.whole_recovery = WholeRecovery.UNDECIDED
    home.impact.save()
    ready = make_home(project=home.project, name="Lê Thị Hai", national_id="")
    case_compute(case=ready.case, actor=None)
    version = case_compute(case=home.case, actor=None)
    line = version.lines.get(status=LineStatus.NEEDS_CONFIRMATION)
    inventoried(home.case.batch)  # what posting needs besides settled lines
    events = AuditEvent.objects.count()
    with pytest.raises(PlanError) as refused:
        post(version, people["commune"])
    message = str(refused.value)
    assert f"{home.household.code} Trần Văn Mẫu" in message
    assert f"{line.title_vi} ({line.get_status_display()})" in message
    assert not BatchPlan.objects.exists() and AuditEvent.objects.count() == events
    assert set(PlanVersion.objects.values_list("status", flat=True)) == {PlanStatus.DRAFT}

    # Only the settled plans may be posted, on purpose; the other stays a draft.
    batch_plan = post(version, people["commune"], only_ready=True)
    assert list(batch_plan.versions.values_list("case", flat=True)) == [ready.case.pk]
    version.refresh_from_db()
    assert version.status == PlanStatus.DRAFT and version.batch_plan is None


def test_posting_shorter_than_the_packs_period_is_refused(home, people):
    version = case_compute(case=home.case, actor=None)
    with pytest.raises(PlanError, match="đủ 10 ngày"):
        post(version, people["commune"], days=9)
    assert not BatchPlan.objects.exists()


def test_consultation_and_approval_wait_for_the_posting_period_to_end(home, people):
    version = case_compute(case=home.case, actor=None)
    inventoried(home.case.batch)
    # Posted from today for ten days (today not counted): no consultation yet.
    act = plan_post(
        batch=home.case.batch,
        commune_id=version.commune_id,
        actor=people["commune"],
        start_date=TODAY(),
        end_date=posting_end_earliest(home.case.batch, TODAY()),
    )
    batch_plan = act.batch_plan
    before = state(batch_plan)
    with pytest.raises(PlanError, match="Chưa hết thời hạn niêm yết"):
        plan_consult(
            batch_plan=batch_plan,
            actor=people["commune"],
            meeting_date=TODAY(),
            agree_count=1,
            disagree_count=0,
            other_count=0,
        )
    assert state(batch_plan) == before


def test_approval_is_refused_with_a_decision_dated_within_the_posting_period(home, people):
    batch_plan = walk_to_appraised(home, people)
    before = state(batch_plan)
    with pytest.raises(PlanError, match="Chưa hết thời hạn niêm yết"):
        approve(batch_plan, people["approver"], decision_date=batch_plan.posting_end_date)
    assert state(batch_plan) == before


def test_the_user_who_submitted_cannot_approve(home, people, make_user):
    version = case_compute(case=home.case, actor=people["officer"])
    batch_plan = consult(post(version, people["commune"]), people["commune"])
    # One person holding both roles, as happens in a small ward: the law still parts them.
    both = people["approver"]
    from gpmb.core.services import assignment_create

    assignment_create(actor=None, user=both, role=Role.COMPENSATION_OFFICER, project=home.project)
    plan_submit(batch_plan=batch_plan, actor=both)
    plan_appraise(
        batch_plan=batch_plan,
        actor=people["appraiser"],
        document_number="07/BC",
        document_date=TODAY(),
    )
    before = state(batch_plan)
    with pytest.raises(NotPermitted, match="Người đã trình"):
        approve(batch_plan, both)
    assert state(batch_plan) == before
    approve(batch_plan, make_user(Role.APPROVER, project=home.project, commune="11383"))
    assert state(batch_plan)[0] == PlanStatus.APPROVED


def test_each_act_by_the_role_the_law_names_and_refusals_change_nothing(home, people, make_user):
    version = case_compute(case=home.case, actor=people["officer"])
    an_bien = make_user(Role.COMMUNE_LAND_OFFICER, project=home.project, commune="11407")
    for wrong in (people["officer"], people["approver"], an_bien):
        with pytest.raises(NotPermitted):
            post(version, wrong)
    assert not BatchPlan.objects.exists()

    batch_plan = post(version, people["commune"])
    before = state(batch_plan)
    for wrong in (people["officer"], people["appraiser"]):
        with pytest.raises(NotPermitted):
            consult(batch_plan, wrong)
    assert state(batch_plan) == before
    consult(batch_plan, people["commune"])

    before = state(batch_plan)
    for wrong in (people["commune"], people["approver"], people["appraiser"]):
        with pytest.raises(NotPermitted):
            plan_submit(batch_plan=batch_plan, actor=wrong)
    assert state(batch_plan) == before
    plan_submit(batch_plan=batch_plan, actor=people["officer"])

    before = state(batch_plan)
    for wrong in (people["officer"], people["approver"], people["commune"]):
        with pytest.raises(NotPermitted):
            plan_return(batch_plan=batch_plan, actor=wrong, reason="Thiếu biên bản")
        with pytest.raises(NotPermitted):
            plan_appraise(
                batch_plan=batch_plan, actor=wrong, document_number="1", document_date=TODAY()
            )
    with pytest.raises(PlanError, match="Không thể phê duyệt"):
        approve(batch_plan, people["approver"])  # not appraised yet
    assert state(batch_plan) == before

    # A return, then the same plan submitted again once the file is put right.
    with pytest.raises(PlanError, match="lý do"):
        plan_return(batch_plan=batch_plan, actor=people["appraiser"], reason=" ")
    plan_return(batch_plan=batch_plan, actor=people["appraiser"], reason="Thiếu trích đo thửa 21")
    assert state(batch_plan)[0] == PlanStatus.RETURNED
    assert AuditEvent.objects.get(kind="plans.return").reason == "Thiếu trích đo thửa 21"
    plan_submit(batch_plan=batch_plan, actor=people["officer"])
    plan_appraise(
        batch_plan=batch_plan, actor=people["appraiser"], document_number="7", document_date=TODAY()
    )
    before = state(batch_plan)
    for wrong in (people["officer"], people["appraiser"], people["commune"]):
        with pytest.raises(NotPermitted):
            approve(batch_plan, wrong)
    assert state(batch_plan) == before
    approve(batch_plan, people["approver"])


def test_a_city_approved_project_needs_a_city_level_approver(home, people, make_user):
    home.project.approving_authority = ApprovingAuthority.PROVINCE
    home.project.save()
    batch_plan = walk_to_appraised_by(home, people, make_user(Role.APPRAISER, project=home.project))
    before = state(batch_plan)
    with pytest.raises(NotPermitted, match="cấp thành phố"):
        approve(batch_plan, people["approver"])  # the ward chairman's assignment
    assert state(batch_plan) == before
    approve(batch_plan, make_user(Role.APPROVER, project=home.project))
    assert state(batch_plan)[0] == PlanStatus.APPROVED


def walk_to_appraised_by(home, people, appraiser) -> BatchPlan:
    version = case_compute(case=home.case, actor=people["officer"])
    batch_plan = consult(post(version, people["commune"]), people["commune"])
    plan_submit(batch_plan=batch_plan, actor=people["officer"])
    with pytest.raises(NotPermitted, match="cấp thành phố"):
        plan_appraise(
            batch_plan=batch_plan,
            actor=people["appraiser"],
            document_number="7",
            document_date=TODAY(),
        )
    plan_appraise(
        batch_plan=batch_plan, actor=appraiser, document_number="7", document_date=TODAY()
    )
    batch_plan.refresh_from_db()
    return batch_plan


def test_an_approved_version_refuses_edits(home, people):
    approve(walk_to_appraised(home, people), people["approver"])
    version = PlanVersion.objects.get(case=home.case)
    land = version.lines.get(code="LAND")

    version.net_amount += 1
    with pytest.raises(FrozenPlanError):
        version.save()
    land.amount += 1
    with pytest.raises(FrozenPlanError):
        land.save()
    with pytest.raises(FrozenPlanError):
        land.delete()
    with pytest.raises(FrozenPlanError):
        PlanVersion.objects.get(pk=version.pk).delete()
    # Recomputing with nothing changed leaves it as it is (a change makes a new version:
    # the adjustment test below).
    assert case_compute(case=home.case, actor=people["officer"]).pk == version.pk
    # The admin shows it and changes nothing.
    request = RequestFactory().get("/admin/")
    request.user = people["officer"]
    request.user.is_superuser = True
    admin = site._registry[PlanVersion]
    assert not admin.has_change_permission(request, version)
    assert not admin.has_delete_permission(request, version)

    version.refresh_from_db()
    land.refresh_from_db()
    assert version.status == PlanStatus.APPROVED
    assert (version.net_amount, land.amount) == (3_600_000_000, 3_600_000_000)


def _lower_le_chan_price(tmp_path: Path, new_price: int) -> None:
    """A new version of the demo pack where phường Lê Chân's ODT VT1 price fell."""
    for name in ("hai-phong-2026.yaml", "hai-phong-demo-2026.yaml"):
        shutil.copy(PACKS_DIR / name, tmp_path / name)
    demo = tmp_path / "hai-phong-demo-2026.yaml"
    text = demo.read_text(encoding="utf-8")
    old = "ODT: {VT1: 60000000, VT2: 30000000"
    assert text.count(old) == 1
    demo.write_text(text.replace(old, f"ODT: {{VT1: {new_price}, VT2: 30000000"), encoding="utf-8")
    packs_load(actor=None, folder=tmp_path)


def test_an_adjustment_with_a_lower_pack_price_keeps_the_approved_price_and_shows_the_diff(
    home, people, tmp_path
):
    # Approved: 50 m² × 60.000.000 đ/m² × K 1,2 = 3.600.000.000 đ.
    approve(walk_to_appraised(home, people), people["approver"])
    approved = PlanVersion.objects.get(case=home.case)
    assert approved.net_amount == 3_600_000_000

    # The city lowers the price to 50.000.000 đ/m²: at today's price the land would pay
    # 50 × 50.000.000 × 1,2 = 3.000.000.000 đ. The adjustment keeps the approved price.
    _lower_le_chan_price(tmp_path, 50_000_000)
    with pytest.raises(PlanError, match="lý do"):
        case_compute(case=home.case, actor=people["officer"])
    adjusted = case_compute(
        case=home.case, actor=people["officer"], reason="Điều chỉnh theo bảng giá mới"
    )
    assert adjusted.number == 2 and adjusted.status == PlanStatus.DRAFT
    assert adjusted.pack_id != approved.pack_id
    land = adjusted.lines.get(code="LAND")
    assert (land.unit_price, land.coefficient, land.amount) == (
        60_000_000,
        Decimal("1.2"),
        3_600_000_000,
    )
    assert land.citations[-1] == LL_94_5 and LL_94_5 in land.formula
    assert "60.000.000 đ" in land.formula and "72.000.000" in land.formula
    assert adjusted.facts["approved_prices"] == [
        {
            "code": "LAND",
            "ref": land.ref,
            "index": 0,
            "unit_price": "60000000",
            "coefficient": "1.2",
        }
    ]
    # The approved version stays in force, unchanged, until the adjustment is approved.
    approved.refresh_from_db()
    assert approved.status == PlanStatus.APPROVED

    # The adjustment is read against the approved plan: same money, on the basis of
    # Art. 94(5) (a line changed in its citations and note, the net unchanged).
    assert compared_version(adjusted) == approved
    (row,) = plan_diff(approved.lines.all(), adjusted.lines.all())
    assert row["change"] == "changed" and row["delta"] == 0
    assert LL_94_5 in row["new"].citations and LL_94_5 not in row["old"].citations


def test_the_diff_page_of_an_adjustment_compares_with_the_approved_plan(
    home, people, tmp_path, client
):
    approve(walk_to_appraised(home, people), people["approver"])
    _lower_le_chan_price(tmp_path, 50_000_000)
    adjusted = case_compute(case=home.case, actor=people["officer"], reason="Bảng giá mới")
    client.force_login(people["officer"])
    page = client.get(f"/plans/versions/{adjusted.pk}/diff/").content.decode()
    assert "so với phương án đã phê duyệt" in page and "Điều 94 khoản 5" in page
    assert "giữ giá đã phê duyệt" in page


def test_on_the_web_each_user_sees_only_its_own_act_and_the_worklist_leads_there(
    home, people, client
):
    version = case_compute(case=home.case, actor=people["officer"])
    batch = home.case.batch
    inventoried(batch)
    start = TODAY() - dt.timedelta(days=16)
    end = posting_end_earliest(batch, start)

    client.force_login(people["officer"])
    page = client.get(f"/plans/batches/{batch.pk}/").content.decode()
    assert "act-post" not in page  # the officer does not post
    assert (
        client.post(
            f"/plans/batches/{batch.pk}/communes/{version.commune_id}/post/",
            {"start_date": start.isoformat(), "end_date": end.isoformat()},
        ).status_code
        == 403
    )
    assert not BatchPlan.objects.exists()

    client.force_login(people["commune"])
    work = client.get("/plans/worklist/").content.decode()
    assert "work-post" in work and f"/plans/batches/{batch.pk}/" in work
    page = client.get(f"/plans/batches/{batch.pk}/").content.decode()
    assert "act-post" in page
    # Nine days: refused with the law's ten, on the form, nothing posted.
    short = client.post(
        f"/plans/batches/{batch.pk}/communes/{version.commune_id}/post/",
        {"start_date": start.isoformat(), "end_date": (end - dt.timedelta(days=1)).isoformat()},
    )
    assert short.status_code == 200 and "đủ 10 ngày" in short.content.decode()
    assert not BatchPlan.objects.exists()
    posted = client.post(
        f"/plans/batches/{batch.pk}/communes/{version.commune_id}/post/",
        {
            "start_date": f"{start:%d/%m/%Y}",
            "end_date": f"{end:%d/%m/%Y}",
            "document_number": "15/TB-UBND",
        },
    )
    batch_plan = BatchPlan.objects.get()
    assert posted["Location"] == f"/plans/batch-plans/{batch_plan.pk}/"
    url = f"/plans/batch-plans/{batch_plan.pk}/"
    page = client.get(url).content.decode()
    assert "act-consult" in page and "act-approve" not in page and "15/TB-UBND" in page
    refused = client.post(
        url + "consult/",
        {"meeting_date": TODAY().isoformat(), "agree_count": "1", "disagree_count": "2",
         "other_count": "0"},
    )  # fmt: skip
    assert refused.status_code == 200 and "biên bản đối thoại" in refused.content.decode()
    client.post(
        url + "consult/",
        {"meeting_date": TODAY().isoformat(), "agree_count": "1", "disagree_count": "0",
         "other_count": "0", "document_number": "03/BB"},
    )  # fmt: skip
    assert state(batch_plan)[0] == PlanStatus.CONSULTED

    client.force_login(people["approver"])
    # No form of an act for the approver yet: the plan is not appraised.
    assert "plan-act act-" not in client.get(url).content.decode()
    assert client.post(url + "submit/", {}).status_code == 403

    client.force_login(people["officer"])
    assert "work-submit" in client.get("/plans/worklist/").content.decode()
    client.post(url + "submit/", {"document_number": "45/TTr"})
    client.force_login(people["appraiser"])
    assert "act-return" in client.get(url).content.decode()
    client.post(
        url + "appraise/", {"document_number": "07/BC", "document_date": TODAY().isoformat()}
    )
    client.force_login(people["approver"])
    start_page = client.get("/", follow=True).content.decode()
    assert "work-approve" in start_page  # the start page shows it
    missing = client.post(url + "approve/", {"decision_date": TODAY().isoformat()})
    assert missing.status_code == 200 and state(batch_plan)[0] == PlanStatus.APPRAISED
    client.post(
        url + "approve/",
        {"decision_number": "123/QĐ-UBND", "decision_date": f"{TODAY():%d/%m/%Y}",
         "signer": "Chủ tịch UBND phường Lê Chân"},
    )  # fmt: skip
    assert state(batch_plan)[0] == PlanStatus.APPROVED
    page = client.get(url).content.decode()
    assert "123/QĐ-UBND" in page and "act-approve" not in page.split("</table>")[1]
    household = client.get(f"/households/{home.household.pk}/").content.decode()
    assert url in household
