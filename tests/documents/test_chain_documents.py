"""Issue 12 point 6: the documents of a batch plan's legal chain — each official number
from its body's register once, the approval decision with its annex totals equal to the
approved plans', the public posting list without a full national ID or phone and
without a plan not ready to post, and the notices to the households, one or all of them
as a job."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone
from docx import Document

from gpmb.core.choices import JobStatus, Role
from gpmb.core.models import Job
from gpmb.core.vnformat import format_money
from gpmb.documents.chain import (
    act_document_context,
    approval_decision_context,
    household_notice_context,
    latest_act,
    posting_list_context,
)
from gpmb.documents.models import IssuedNumber
from gpmb.documents.registry import KINDS
from gpmb.documents.services import numbers_issue
from gpmb.parcels.choices import WholeRecovery
from gpmb.plans.choices import PlanActKind, PlanStatus
from gpmb.plans.models import BatchPlan, PlanVersion
from gpmb.plans.services import case_compute, plan_appraise, plan_approve, plan_submit
from gpmb.projects.choices import ApprovingAuthority
from tests.documents.test_plan_documents import _docx_text
from tests.documents.test_templates import _shape
from tests.plans.chain import consult, post
from tests.plans.conftest import Home, make_home

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate
LE_CHAN = "11383"


@pytest.fixture
def home(db) -> Home:
    return make_home()


@pytest.fixture
def people(home, make_user):
    p = home.project
    return {
        "officer": make_user(Role.COMPENSATION_OFFICER, project=p, username="canbo"),
        "commune": make_user(Role.COMMUNE_LAND_OFFICER, project=p, commune=LE_CHAN, username="dc"),
        "appraiser": make_user(Role.APPRAISER, project=p, commune=LE_CHAN, username="td"),
        "approver": make_user(Role.APPROVER, project=p, commune=LE_CHAN, username="pd"),
    }


def appraised(home: Home, people: dict) -> BatchPlan:
    """Two households of phường Lê Chân posted, consulted on, submitted and appraised."""
    other = make_home(project=home.project, name="Lê Thị Hai", national_id="031190654321")
    version = case_compute(case=home.case, actor=people["officer"])
    case_compute(case=other.case, actor=people["officer"])
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


def approved(home: Home, people: dict) -> BatchPlan:
    batch_plan = appraised(home, people)
    plan_approve(
        batch_plan=batch_plan,
        actor=people["approver"],
        decision_number="123/QĐ-UBND",
        decision_date=TODAY(),
        signer="Chủ tịch UBND phường Lê Chân",
    )
    batch_plan.refresh_from_db()
    return batch_plan


def all_text(data: bytes) -> str:
    """Every XML part of an Office file (DOCX or XLSX), as text: what a reader could find
    in it, headers, properties and shared strings included."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())


def xlsx_text(data: bytes) -> str:
    """Every cell of every sheet of a workbook, as text."""
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    return "\n".join(
        str(cell.value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    )


def test_numbers_come_from_the_bodys_register_once_per_document(home):
    body = "Ủy ban nhân dân phường Lê Chân"

    def issue(keys, *, on=body, year=2026):
        numbers = numbers_issue(
            project=home.project,
            body=on,
            symbol="TB-UBND",
            kind="household_notice",
            keys=keys,
            actor=None,
            year=year,
        )
        return {k: numbers[k].text for k in keys}

    assert issue(["a", "b"]) == {"a": "1/TB-UBND", "b": "2/TB-UBND"}
    # Asked again, a document keeps its number; a new one takes the next.
    assert issue(["b", "c"]) == {"b": "2/TB-UBND", "c": "3/TB-UBND"}
    # Another body, or the next year, counts from 1 (Decree 30/2020 Art. 15(1)).
    assert issue(["d"], on="Ủy ban nhân dân thành phố Hải Phòng") == {"d": "1/TB-UBND"}
    assert issue(["e"], year=2027) == {"e": "1/TB-UBND"}
    assert IssuedNumber.objects.count() == 5


def test_the_approval_decision_is_a_draft_until_approved_and_its_annex_totals_are_the_plans(
    home, people, client
):
    batch_plan = appraised(home, people)
    client.force_login(people["approver"])
    url = f"/documents/batch-plans/{batch_plan.pk}/approval-decision.docx"
    text = _docx_text(client.get(url).content)
    assert "DỰ THẢO QUYẾT ĐỊNH" in text and "Số: ........../QĐ-UBND" in text
    assert "ỦY BAN NHÂN DÂN PHƯỜNG LÊ CHÂN" in text

    plan_approve(
        batch_plan=batch_plan,
        actor=people["approver"],
        decision_number="123/QĐ-UBND",
        decision_date=TODAY(),
        signer="Nguyễn Văn Ký",
    )
    response = client.get(url)
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = _docx_text(response.content)
    assert "DỰ THẢO" not in text
    assert "Số: 123/QĐ-UBND" in text and "Nguyễn Văn Ký" in text
    assert "Điều 1. Phê duyệt phương án bồi thường, hỗ trợ, tái định cư" in text
    assert "Theo đề nghị của" in text and "Tờ trình số 45/TTr-TTPTQĐ" in text

    versions = list(PlanVersion.objects.filter(batch_plan=batch_plan, status=PlanStatus.APPROVED))
    assert len(versions) == 2
    annex = document.tables[-1]
    cells = [[c.text for c in row.cells] for row in annex.rows]
    body, total = cells[1:-1], cells[-1]
    assert len(body) == 2 and total[2] == "TỔNG CỘNG"

    def read(value: str) -> int:
        return int(value.replace(".", ""))

    def summed(*keys: str) -> int:
        return sum(int((v.totals or {}).get(k, 0)) for v in versions for k in keys)

    assert read(total[9]) == sum(v.net_amount for v in versions) > 0
    assert read(total[5]) == summed("land", "assets")
    assert read(total[6]) == summed("support")
    assert read(total[7]) == summed("resettlement")
    assert read(total[8]) == summed("deductions", "rounding")
    # And each column's total is the sum of its rows.
    for col in (5, 6, 7, 8, 9):
        assert read(total[col]) == sum(read(row[col]) for row in body)
    assert f"{format_money(sum(v.net_amount for v in versions))}" in text


def test_a_city_approved_project_issues_the_decision_as_the_citys_committee(home, people):
    home.project.approving_authority = ApprovingAuthority.PROVINCE
    home.project.save()
    version = case_compute(case=home.case, actor=None)
    batch_plan = post(version)
    context = approval_decision_context(batch_plan)
    assert context["heading"]["issuer"] == "Ủy ban nhân dân thành phố Hải Phòng"
    assert context["signer"]["title"].startswith("TM. ỦY BAN NHÂN DÂN")


def test_the_posting_list_masks_ids_and_phones_and_holds_only_posted_plans(home, people, client):
    # The home's plan is not ready: 30 m² would remain, below the pack's minimum, and the
    # household has not said whether the whole parcel is recovered (a named decision).
    home.impact.recovered_area = Decimal("70.00")
    home.impact.whole_recovery = WholeRecovery.UNDECIDED
    home.impact.save()
    ready = make_home(project=home.project, name="Lê Thị Hai", national_id="031190654321")
    case_compute(case=ready.case, actor=None)
    unsettled = case_compute(case=home.case, actor=None)
    assert unsettled.result_status != "ok"
    batch_plan = post(unsettled, people["commune"], only_ready=True)

    client.force_login(people["commune"])
    full = ["031090123456", "031190654321", "0912345678"]
    for fmt in ("docx", "xlsx"):
        response = client.get(f"/documents/batch-plans/{batch_plan.pk}/posting-list.{fmt}")
        assert response.status_code == 200
        text = all_text(response.content) if fmt == "docx" else xlsx_text(response.content)
        assert "Lê Thị Hai" in text and ready.household.code in text
        assert "*********321" in text  # masked, the last three digits kept
        assert home.household.code not in text and "Trần Văn Mẫu" not in text
        for value in full:
            assert value not in text, (fmt, value)


def test_a_households_notice_keeps_its_number_and_is_made_by_the_officer(home, people, client):
    batch_plan = approved(home, people)
    version = PlanVersion.objects.get(batch_plan=batch_plan, case=home.case)
    url = f"/documents/plans/{version.pk}/notice.docx"
    client.force_login(people["officer"])
    first = _docx_text(client.get(url).content)
    assert "Số: 1/TB-UBND" in first
    assert "Quyết định số 123/QĐ-UBND" in first
    assert f"{format_money(version.net_amount, unit=False)}" in first
    assert "031090123456" not in first and "*********456" in first
    again = _docx_text(client.get(url).content)
    assert "Số: 1/TB-UBND" in again and IssuedNumber.objects.count() == 1

    # The approver does not send the notices (Land Law 2024 Art. 87(4)(b)); nothing is
    # numbered for a refused request.
    client.force_login(people["approver"])
    other = PlanVersion.objects.exclude(pk=version.pk).get(batch_plan=batch_plan)
    assert client.get(f"/documents/plans/{other.pk}/notice.docx").status_code == 403
    assert IssuedNumber.objects.count() == 1


def test_a_plan_not_approved_has_no_notice(home, people, client):
    batch_plan = appraised(home, people)
    version = PlanVersion.objects.filter(batch_plan=batch_plan).first()
    client.force_login(people["officer"])
    assert client.get(f"/documents/plans/{version.pk}/notice.docx").status_code == 404
    response = client.post(f"/documents/batch-plans/{batch_plan.pk}/notices/", {"fmt": "docx"})
    assert response.status_code == 302 and not Job.objects.exists()
    assert not IssuedNumber.objects.exists()


def test_the_notices_of_a_batch_plan_are_one_zip_made_by_a_job(home, people, client, run_jobs):
    batch_plan = approved(home, people)
    client.force_login(people["officer"])
    page = client.get(f"/plans/batch-plans/{batch_plan.pk}/").content.decode()
    assert f"/documents/batch-plans/{batch_plan.pk}/notices/" in page
    with run_jobs(execute=True):
        response = client.post(f"/documents/batch-plans/{batch_plan.pk}/notices/", {"fmt": "docx"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert job.status == JobStatus.SUCCEEDED, job.message
    assert job.total == 2 and job.done == 2
    download = client.get(job.next_url)
    assert download.status_code == 200
    with zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))) as z:
        names = sorted(z.namelist())
        texts = [_docx_text(z.read(n)) for n in names]
    codes = sorted(
        PlanVersion.objects.filter(batch_plan=batch_plan).values_list(
            "case__household__code", flat=True
        )
    )
    assert names == [f"thong-bao-{c}.docx" for c in codes]
    numbers = {line for t in texts for line in t.splitlines() if line.startswith("Số: ")}
    assert numbers == {"Số: 1/TB-UBND", "Số: 2/TB-UBND"}
    # Another user does not get someone else's file.
    client.force_login(people["approver"])
    assert client.get(job.next_url).status_code == 404


def test_sample_contexts_have_the_fields_of_real_ones(home, people):
    """A template checked with the sample must render with real data: same fields."""
    batch_plan = approved(home, people)
    version = PlanVersion.objects.filter(batch_plan=batch_plan).first()
    real = {
        "approval_decision": approval_decision_context(batch_plan),
        "posting_list": posting_list_context(batch_plan),
        "household_notice": household_notice_context(
            version,
            batch_plan,
            number="1/TB-UBND",
            approval=latest_act(batch_plan, PlanActKind.APPROVAL),
        ),
    }
    for act in batch_plan.acts.exclude(kind__in=[PlanActKind.APPROVAL, PlanActKind.RETURN]):
        name = {"posting": "posting_notice", "consultation": "consultation_minutes"}.get(
            act.kind, {"submission": "submission", "appraisal": "appraisal_report"}.get(act.kind)
        )
        real[name] = act_document_context(act, number="1/TB-UBND")
    assert len(real) == 7
    for name, context in real.items():
        assert _shape(context) == _shape(KINDS[name].sample), name


def test_a_plan_withdrawn_before_approval_is_not_in_the_decisions_annex(home, people, client):
    batch_plan = appraised(home, people)
    # The home's area is measured again after the appraisal: its plan is recomputed with
    # a reason, the appraised version withdrawn; the other household is approved alone.
    home.impact.recovered_area = Decimal("40.00")
    home.impact.save()
    redrafted = case_compute(case=home.case, actor=people["officer"], reason="đo lại diện tích")
    assert redrafted.status == PlanStatus.DRAFT
    plan_approve(
        batch_plan=batch_plan,
        actor=people["approver"],
        decision_number="124/QĐ-UBND",
        decision_date=TODAY(),
        signer="Nguyễn Văn Ký",
    )
    client.force_login(people["approver"])
    response = client.get(f"/documents/batch-plans/{batch_plan.pk}/approval-decision.docx")
    annex = Document(io.BytesIO(response.content)).tables[-1]
    codes = [row.cells[1].text for row in annex.rows][1:-1]
    approved = PlanVersion.objects.get(batch_plan=batch_plan, status=PlanStatus.APPROVED)
    assert codes == [approved.case.household.code] != [home.household.code]
    assert annex.rows[-1].cells[9].text == format_money(approved.net_amount, unit=False)


def test_each_act_has_its_document_numbered_as_recorded_or_from_the_register_once(
    home, people, client, make_user
):
    version = case_compute(case=home.case, actor=people["officer"])
    batch_plan = consult(post(version, people["commune"]), people["commune"])
    plan_submit(batch_plan=batch_plan, actor=people["officer"])  # no number recorded
    acts = {a.kind: a for a in batch_plan.acts.all()}

    def text(kind: str) -> str:
        response = client.get(f"/documents/acts/{acts[kind].pk}.docx")
        assert response.status_code == 200
        return _docx_text(response.content)

    # A ward's officer elsewhere does not see the batch plan, nor its acts' documents.
    client.force_login(make_user(Role.COMMUNE_LAND_OFFICER, project=home.project, commune="11407"))
    assert client.get(f"/documents/acts/{acts['posting'].pk}.docx").status_code == 404
    client.force_login(people["appraiser"])  # sees the batch plan; does not submit
    posting = text("posting")
    assert "Về việc niêm yết công khai" in posting and "Số: 12/TB-UBND" in posting
    assert "ỦY BAN NHÂN DÂN PHƯỜNG LÊ CHÂN" in posting
    minutes = text("consultation")
    assert "BIÊN BẢN" in minutes and "Số: 03/BB-LYK" in minutes
    assert "số ý kiến đồng ý 1; số ý kiến không đồng ý 0" in minutes
    # The submission recorded no number: someone else sees the blank, nothing numbered.
    assert "Số: ........../TTr-BT" in text("submission")
    assert not IssuedNumber.objects.exists()
    client.force_login(people["officer"])
    submission = text("submission")
    assert "TỜ TRÌNH" in submission and "Số: 1/TTr-BT" in submission
    assert "TỔ CHỨC LÀM NHIỆM VỤ BỒI THƯỜNG, HỖ TRỢ, TÁI ĐỊNH CƯ" in submission
    assert "Số: 1/TTr-BT" in text("submission") and IssuedNumber.objects.count() == 1
    client.force_login(people["appraiser"])
    assert "Số: 1/TTr-BT" in text("submission")

    plan_appraise(
        batch_plan=batch_plan,
        actor=people["appraiser"],
        document_number="07/BC-KT",
        document_date=TODAY(),
    )
    acts = {a.kind: a for a in batch_plan.acts.all()}
    report = text("appraisal")
    assert "BÁO CÁO" in report and "Số: 07/BC-KT" in report
    assert "Tờ trình số 1/TTr-BT" in report  # the number the register gave it
    assert "trình Ủy ban nhân dân phường Lê Chân phê duyệt" in report
