"""The payment pages: the accountant prepares and pays, the superior approves, the
officer records the handover — each on the web, with refusals and bad input answered
by a message and nothing written; the transfer list for the treasury, IDs masked for
those without the personal-data right."""

from __future__ import annotations

import csv
import io
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
import pytest

from gpmb.cases.choices import CaseStatus
from gpmb.core.choices import Role
from gpmb.payments.models import Handover, LedgerEntry, PaymentBatch
from gpmb.plans.models import PlanVersion
from tests.payments.conftest import days_ago

pytestmark = pytest.mark.django_db


def test_prepare_approve_pay_and_hand_over_on_the_web(client, home, people, approved):
    batch_id = home.case.batch_id
    client.force_login(people["accountant"])
    page = client.get(f"/payments/batches/{batch_id}/").content.decode()
    assert "prepare-payment-batch" in page
    response = client.post(f"/payments/batch-plans/{approved.pk}/prepare/", {"number": "01/ĐCT"})
    payment_batch = PaymentBatch.objects.get()
    assert response["Location"] == f"/payments/payment-batches/{payment_batch.pk}/"
    # The maker is offered no approval, and is refused it.
    page = client.get(response["Location"]).content.decode()
    assert "approve-payment-batch" not in page and home.household.code in page
    assert client.post(f"/payments/payment-batches/{payment_batch.pk}/approve/").status_code == 403
    client.force_login(people["approver"])
    page = client.get(f"/payments/payment-batches/{payment_batch.pk}/").content.decode()
    assert "approve-payment-batch" in page
    client.post(f"/payments/payment-batches/{payment_batch.pk}/approve/", {"note": ""})
    payment_batch.refresh_from_db()
    assert payment_batch.status == "approved" and payment_batch.approved_by == people["approver"]

    client.force_login(people["accountant"])
    amount = PlanVersion.objects.get(case=home.case, status="approved").net_amount
    # Bad input: a clear message on the form, nothing written.
    bad = client.post(
        f"/payments/cases/{home.case.pk}/pay/",
        {"amount": "abc", "entry_date": "2026-13-40", "method": "cash", "receipt_number": ""},
    )
    assert bad.status_code == 200 and not LedgerEntry.objects.exists()
    assert "errorlist" in bad.content.decode()
    over = client.post(
        f"/payments/cases/{home.case.pk}/pay/",
        {"amount": str(amount + 1), "entry_date": days_ago(40).isoformat(), "method": "cash",
         "receipt_number": "PC-1"},
    )  # fmt: skip
    assert "lớn hơn số còn phải chi" in over.content.decode() and not LedgerEntry.objects.exists()
    client.post(
        f"/payments/cases/{home.case.pk}/pay/",
        {"amount": str(amount), "entry_date": days_ago(40).isoformat(), "method": "transfer",
         "receipt_number": "UNC-7"},
    )  # fmt: skip
    home.case.refresh_from_db()
    assert home.case.status == CaseStatus.PAID
    # The household page's money section: nothing remains.
    page = client.get(f"/households/{home.household.pk}/").content.decode()
    assert "household-money" in page and f"/payments/cases/{home.case.pk}/" in page
    client.force_login(people["officer"])
    client.post(
        f"/payments/cases/{home.case.pk}/handover/",
        {"handover_date": days_ago(30).isoformat(), "minutes_number": "BG-3", "signer": "Tổ GPMB"},
    )
    home.case.refresh_from_db()
    assert (
        home.case.status == CaseStatus.HANDED_OVER
        and Handover.objects.get().minutes_number == "BG-3"
    )
    # The project page: paid and handed over, from the money and the minutes.
    page = client.get(f"/projects/{home.project.code}/").content.decode()
    assert "money-glance" in page and "glance-handed-over" in page
    page = client.get(f"/payments/batches/{batch_id}/").content.decode()
    assert '<dd class="glance-handed-over">1</dd>' in page


def test_the_transfer_list_masks_ids_for_those_without_the_personal_data_right(
    client, home, people, approved, make_user
):
    client.force_login(people["accountant"])
    client.post(f"/payments/batch-plans/{approved.pk}/prepare/", {"number": "01/ĐCT"})
    payment_batch = PaymentBatch.objects.get()
    nid = home.household.head.national_id
    amount = PlanVersion.objects.get(case=home.case, status="approved").net_amount
    response = client.get(f"/payments/payment-batches/{payment_batch.pk}/transfers.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[1][1] == home.household.code and rows[1][3] == nid and rows[1][7] == amount
    # Approved 60 days ago, not paid: transferred today it carries 29 days' late amount
    # (the 30 days ended 30 days ago; the tax law's count leaves out the day of payment).
    late = Decimal(amount) * Decimal("0.0003") * 29
    assert rows[1][8] == int(late.quantize(Decimal(1), ROUND_HALF_UP))
    leader = make_user(Role.LEADERSHIP, project=home.project)
    client.force_login(leader)
    text = client.get(f"/payments/payment-batches/{payment_batch.pk}/transfers.csv").content
    lines = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    assert lines[1][1] == home.household.code
    assert nid not in text.decode() and lines[1][3].endswith(nid[-3:])


def test_paid_and_handed_over_cannot_be_recorded_by_hand_on_the_steps_page(
    client, home, people, approved
):
    """The batch steps page records bare steps; payment, recovery decision and handover
    come only with their money and minutes (the payments services)."""
    from gpmb.cases.models import Step

    client.force_login(people["accountant"])
    for code, who in (("payment", "accountant"), ("handover", "officer")):
        client.force_login(people[who])
        response = client.post(
            f"/households/batches/{home.case.batch_id}/steps/record/",
            {"cases": [home.case.pk], "code": code, "action": "done",
             "done_date": days_ago(5).strftime("%d/%m/%Y")},
            follow=True,
        )  # fmt: skip
        assert "Bước này được ghi nhận cùng với việc làm ra nó" in response.content.decode()
        assert Step.objects.get(case=home.case, code=code).done_date is None
    home.case.refresh_from_db()
    assert home.case.status == CaseStatus.APPROVED
