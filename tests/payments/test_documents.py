"""Issue 13: the payment minutes and receipt and the handover minutes, read back from the
DOCX (and one PDF), and the signed receipt attached through the upload flow."""

from __future__ import annotations

import io
import shutil
import subprocess

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gpmb.core.choices import Role
from gpmb.core.vnformat import format_money
from gpmb.documents import pdf
from gpmb.documents.payments import handover_minutes_context, payment_receipt_context
from gpmb.documents.registry import KINDS
from gpmb.payments.choices import EntryKind
from gpmb.payments.models import LedgerEntry, SignedReceipt
from tests.documents.test_templates import _shape
from tests.payments.conftest import days_ago
from tests.payments.test_handover import hand_over
from tests.payments.test_payments import due, pay, ready

pytestmark = pytest.mark.django_db


def docx_text(data: bytes) -> str:
    """The paragraphs and table cells of a DOCX, as a reader sees them."""
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)


def late_paid(home, people) -> LedgerEntry:
    """Paid in full 50 days after the approval: 20 days late, with its late amount."""
    ready(home.approved, people)
    return pay(home, people, due(home), days_ago(10), receipt="PC-0099")


@pytest.fixture
def paid(home, people, approved):
    home.approved = approved
    return late_paid(home, people)


def test_the_payment_receipt_has_the_amount_the_late_line_and_the_balance(
    client, home, people, paid
):
    client.force_login(people["accountant"])
    response = client.get(f"/documents/payments/{paid.pk}/receipt.docx")
    assert response.status_code == 200
    text = docx_text(response.content)
    interest = LedgerEntry.objects.get(kind=EntryKind.INTEREST)
    assert interest.amount > 0
    amount = format_money(paid.amount, unit=False)
    assert f"Số tiền chi trả lần này: {amount} đồng" in text
    assert "Tiền chậm chi trả (Điều 94 khoản 3 điểm b Luật Đất đai): " in text
    assert format_money(interest.amount, unit=False) in text
    total = format_money(paid.amount + interest.amount, unit=False)
    assert f"Tổng số tiền nhận lần này: {total} đồng" in text
    assert "còn phải chi 0 đồng" in text
    assert "PC-0099" in text and home.household.code in text
    # The accountant holds the personal-data right: the ID in full on the receipt.
    assert "031090123456" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text


def test_leadership_reads_the_receipt_with_the_id_masked_and_the_investor_not_at_all(
    client, home, people, paid, make_user
):
    client.force_login(make_user(Role.LEADERSHIP, project=home.project, username="ld"))
    text = docx_text(client.get(f"/documents/payments/{paid.pk}/receipt.docx").content)
    assert "031090123456" not in text and home.household.code in text
    client.force_login(make_user(Role.INVESTOR, project=home.project, username="cdt"))
    assert client.get(f"/documents/payments/{paid.pk}/receipt.docx").status_code == 404


def test_the_handover_minutes_list_the_parcels_and_the_money_before(client, home, people, paid):
    handover = hand_over(home, people, days_ago(5), number="BG-0042")
    client.force_login(people["officer"])
    response = client.get(f"/documents/handovers/{handover.pk}/minutes.docx")
    assert response.status_code == 200
    text = docx_text(response.content)
    assert "BG-0042" in text and "Bàn giao mặt bằng" in text
    assert f"PC-0099 ngày {days_ago(10):%d/%m/%Y}" in text
    parcel = home.parcel
    assert f"| {parcel.map_sheet} | {parcel.parcel_number} |" in text
    assert f"ngày {days_ago(5):%d/%m/%Y}" in text


@pytest.mark.skipif(
    not pdf.available() or shutil.which("pdftotext") is None,
    reason="LibreOffice or pdftotext is not installed",
)
def test_the_handover_minutes_as_pdf(client, home, people, paid):
    handover = hand_over(home, people, days_ago(5), number="BG-0042")
    client.force_login(people["officer"])
    data = client.get(f"/documents/handovers/{handover.pk}/minutes.pdf").content
    assert data.startswith(b"%PDF-")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    assert "BG-0042" in text and "BIÊN BẢN" in text


def test_sample_contexts_have_the_fields_of_real_ones(home, people, paid):
    handover = hand_over(home, people, days_ago(5))
    real = {
        "payment_receipt": payment_receipt_context(paid, full_ids=False),
        "handover_minutes": handover_minutes_context(handover, full_ids=False),
    }
    for name, context in real.items():
        assert _shape(context) == _shape(KINDS[name].sample), name


def test_the_signed_receipt_is_attached_through_the_upload_flow(
    client, home, people, paid, settings
):
    client.force_login(people["accountant"])
    url = f"/payments/entries/{paid.pk}/receipt/"
    # Not a scan or a photo: refused, nothing kept.
    client.post(url, {"file": SimpleUploadedFile("bien-nhan.exe", b"MZ...")})
    assert not SignedReceipt.objects.exists()
    response = client.post(
        url, {"file": SimpleUploadedFile("bien-nhan.pdf", b"%PDF-1.4 ky nhan", "application/pdf")}
    )
    assert response.status_code == 302
    receipt = SignedReceipt.objects.get()
    assert receipt.entry_id == paid.pk and receipt.original_name == "bien-nhan.pdf"
    page = client.get(f"/payments/cases/{home.case.pk}/").content.decode()
    assert "bien-nhan.pdf" in page
    download = client.get(f"/payments/receipts/{receipt.pk}/")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 ky nhan"
    # Over the attachment limit: refused while it arrives.
    settings.GPMB_UPLOAD_LIMITS_MB = {**settings.GPMB_UPLOAD_LIMITS_MB, "attachment": 0.0001}
    big = SimpleUploadedFile("lon.pdf", b"%PDF" + b"x" * 500, "application/pdf")
    client.post(url, {"file": big})
    assert SignedReceipt.objects.count() == 1
    # The officer does not attach receipts.
    client.force_login(people["officer"])
    response = client.post(url, {"file": SimpleUploadedFile("b.pdf", b"%PDF", "application/pdf")})
    assert response.status_code == 403 and SignedReceipt.objects.count() == 1
