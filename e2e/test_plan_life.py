"""Issue 12 points 4 and 6: a batch's plan walked from draft to approved in a real browser
by four users, each starting from its worklist: the ward's land officer posts it and
records the consultation, the compensation officer submits it, the appraiser appraises
it, the approver approves it and downloads the approval decision, whose annex totals are
the approved plans'."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from docx import Document

from gpmb.core.vnformat import format_money
from gpmb.plans.choices import PlanActKind, PlanStatus
from gpmb.plans.models import BatchPlan, PlanVersion
from gpmb.plans.services import case_compute, posting_end_earliest
from gpmb.projects.models import Project
from tests.plans.chain import inventoried
from tests.plans.conftest import make_home


def open_from_worklist(page, css: str, href: str | None = None) -> None:
    """Open the worklist's row of this kind of work (the one leading to `href`: the
    demo's own wards have plans waiting too)."""
    page.goto("/plans/worklist/")
    link = f"a[href='{href}']" if href else "a:has-text('Mở')"
    page.locator(f"tr.{css} {link}").first.click()
    page.wait_for_load_state()


def test_four_users_walk_a_batch_plan_from_draft_to_approved(demo, page, login):
    project = Project.objects.get(code="hs-cr2")
    # A household of phường Lê Chân whose plan is settled (a certificate, no open
    # question), computed as the officer would.
    home = make_home(project=project, code="e2e", name="Nguyễn Thị Niêm", national_id="")
    version = case_compute(case=home.case, actor=None)
    assert version.result_status == "ok"
    # Its notice and inventory recorded, as the demo's households'.
    inventoried(home.case.batch, cases=[home.case])
    start = timezone.localdate() - dt.timedelta(days=14)
    end = posting_end_earliest(home.case.batch, start)

    login("diachinh.lechan")
    open_from_worklist(page, "work-post")
    form = page.locator(f"#commune-{home.case.commune_id} form.act-post")
    form.locator("input[name=start_date]").fill(start.isoformat())
    form.locator("input[name=end_date]").fill(end.isoformat())
    form.locator("input[name=document_number]").fill("21/TB-UBND")
    form.locator("input[name=only_ready]").check()
    form.locator("button[type=submit]").click()
    page.wait_for_url("**/plans/batch-plans/*/")
    batch_plan = BatchPlan.objects.get(versions=version)
    assert page.locator(".batchplan-status").inner_text().strip() == "Đang niêm yết"

    consult = page.locator("form.act-consult")
    consult.locator("input[name=meeting_date]").fill(timezone.localdate().isoformat())
    consult.locator("input[name=agree_count]").fill("1")
    consult.locator("input[name=disagree_count]").fill("0")
    consult.locator("input[name=other_count]").fill("0")
    consult.locator("input[name=document_number]").fill("05/BB-LYK")
    consult.locator("button[type=submit]").click()
    page.wait_for_selector(".batchplan-status:has-text('Đã lấy ý kiến')")

    page.context.clear_cookies()
    login("canbo.bt")
    open_from_worklist(page, "work-submit", f"/plans/batch-plans/{batch_plan.pk}/")
    page.locator("form.act-submit input[name=document_number]").fill("88/TTr-TTPTQĐ")
    page.locator("form.act-submit button[type=submit]").click()
    page.wait_for_selector(".batchplan-status:has-text('Đã trình thẩm định')")
    assert page.locator("form.act-approve").count() == 0

    page.context.clear_cookies()
    login("thamdinh")
    open_from_worklist(page, "work-appraise", f"/plans/batch-plans/{batch_plan.pk}/")
    appraise = page.locator("form.act-appraise")
    appraise.locator("input[name=document_number]").fill("12/BC-KT")
    appraise.locator("input[name=document_date]").fill(timezone.localdate().isoformat())
    appraise.locator("button[type=submit]").click()
    page.wait_for_selector(".batchplan-status:has-text('Đã thẩm định')")

    page.context.clear_cookies()
    login("pheduyet")
    open_from_worklist(page, "work-approve", f"/plans/batch-plans/{batch_plan.pk}/")
    approve = page.locator("form.act-approve")
    approve.locator("input[name=decision_number]").fill("301/QĐ-UBND")
    approve.locator("input[name=decision_date]").fill(timezone.localdate().isoformat())
    approve.locator("input[name=signer]").fill("Chủ tịch UBND phường Lê Chân")
    approve.locator("button[type=submit]").click()
    page.wait_for_selector(".batchplan-status:has-text('Đã phê duyệt')")
    assert "301/QĐ-UBND" in page.locator("table.plan-acts").inner_text()

    batch_plan.refresh_from_db()
    assert batch_plan.status == PlanStatus.APPROVED
    assert list(batch_plan.acts.values_list("kind", flat=True)) == [
        PlanActKind.POSTING,
        PlanActKind.CONSULTATION,
        PlanActKind.SUBMISSION,
        PlanActKind.APPRAISAL,
        PlanActKind.APPROVAL,
    ]
    assert PlanVersion.objects.get(pk=version.pk).status == PlanStatus.APPROVED

    # The approver downloads the decision from the batch plan's page: numbered as
    # approved, and its annex adds up to the approved plans.
    with page.expect_download() as caught:
        page.locator("a.approval-decision-docx").click()
    document = Document(caught.value.path())
    text = "\n".join(p.text for p in document.paragraphs)
    header = [c.text for c in document.tables[0].rows[0].cells]
    assert "Số: 301/QĐ-UBND" in "\n".join(header) and "DỰ THẢO" not in text
    annex = [[c.text for c in row.cells] for row in document.tables[-1].rows]
    approved = PlanVersion.objects.filter(batch_plan=batch_plan, status=PlanStatus.APPROVED)
    assert len(annex) == approved.count() + 2  # the heading row and the totals row
    assert home.household.code in {row[1] for row in annex}
    assert annex[-1][2] == "TỔNG CỘNG"
    assert annex[-1][9] == format_money(sum(v.net_amount for v in approved), unit=False)
