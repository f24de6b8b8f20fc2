"""Documents of paying and taking the land (gpmb.payments): the payment minutes and
receipt of one payment (biên bản chi trả, with the late-payment amount paid with it as
its own line), and the handover minutes (biên bản bàn giao mặt bằng) of a household.

Both are made by the organisation that pays and receives the land, under the People's
Committee of the ward where the land is; their numbers are those recorded with the act
(the receipt number of the payment, the number of the handover minutes). Amounts are
read from the ledger (gpmb.payments.queries), never recomputed here. National IDs are
printed in full only when the reader holds the personal-data right on the case (the
caller says so), otherwise masked."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import translation

from gpmb.core.vnformat import format_area, format_date, format_money, money_in_words
from gpmb.documents.chain import committee, in_sentence
from gpmb.documents.rendering import heading, render_docx
from gpmb.parcels.models import ParcelImpact
from gpmb.parties.models import mask_national_id
from gpmb.payments.choices import EntryKind, PaymentMethod
from gpmb.payments.models import Deposit, Handover, LedgerEntry, RecoveryDecision
from gpmb.payments.queries import balances
from gpmb.plans.choices import PlanActKind

ORGANISER = "Tổ chức làm nhiệm vụ bồi thường, hỗ trợ, tái định cư"
# Land Law 2024 Art. 94(3): paid within 30 days of the approval decision taking effect;
# late, the late-payment amount is paid with it (point b).
PAYMENT_BASIS = "Căn cứ Điều 94 Luật Đất đai số 31/2024/QH15"
# Art. 87(4)(b), (7): the land handed over once the money is paid or deposited (Art. 94).
HANDOVER_BASIS = "Căn cứ Điều 87, Điều 94 Luật Đất đai số 31/2024/QH15"


def _vi(label: Any) -> str:
    """A label as the document prints it: in Vietnamese, whatever the reader's language."""
    with translation.override("vi"):
        return str(label)


def _money(value: int) -> str:
    return format_money(value, unit=False)


def _person(case: Any, full_ids: bool) -> dict[str, str]:
    head = case.household.head
    national_id = (head.national_id or "") if head else ""
    return {
        "code": case.household.code,
        "head": head.full_name if head else "",
        "national_id": national_id if full_ids else mask_national_id(national_id),
    }


def _approval(case: Any, line: Any) -> str:
    """ "Quyết định số 123/QĐ-UBND ngày 08/10/2026" of the plan the payment is drawn from."""
    act = line.payment_batch.batch_plan.acts.filter(kind=PlanActKind.APPROVAL).order_by("-pk")
    approval = act.first()
    if approval is None or not approval.document_number:
        return "Quyết định phê duyệt phương án số ........ ngày ........"
    return (
        f"Quyết định phê duyệt phương án số {approval.document_number} "
        f"ngày {format_date(approval.document_date)}"
    )


def payment_receipt_context(entry: LedgerEntry, *, full_ids: bool) -> dict[str, Any]:
    """One payment of the principal, with the late-payment amount paid with it, and the
    household's balance after it (the ledger as it stands)."""
    case = entry.case
    line = entry.line
    interest = [
        e
        for e in entry.interest_entries.all().order_by("pk")
        if not LedgerEntry.objects.filter(reversal_of=e).exists()
    ]
    late = sum(e.amount for e in interest)
    balance = balances([case.pk])[case.pk]
    total = entry.amount + late
    project = case.project
    return {
        "heading": heading(
            authority=committee(case.commune),
            issuer=ORGANISER,
            number=entry.receipt_number,
            province=project.province.name,
            year=entry.entry_date.year,
        ),
        "project": {"code": project.code, "name": project.name},
        "batch": {"code": case.batch.code, "name": case.batch.name},
        "commune": in_sentence(case.commune.name),
        "household": _person(case, full_ids),
        "basis": [PAYMENT_BASIS, "Căn cứ " + _approval(case, line)],
        "payment": {
            "date": format_date(entry.entry_date),
            "method": _vi(PaymentMethod(entry.method).label),
            "receipt": entry.receipt_number,
            "batch": line.payment_batch.number,
            "due": _money(line.amount_due),
            "amount": _money(entry.amount),
            "late": _money(late),
            "late_formula": "; ".join(e.formula for e in interest),
            "late_basis": "; ".join(c for e in interest for c in e.citations),
            "total": _money(total),
            "total_words": money_in_words(total),
            "paid": _money(balance.paid),
            "deposited": _money(balance.deposited),
            "remaining": _money(balance.remaining),
        },
        "has_late": bool(interest),
    }


def payment_receipt_docx(entry: LedgerEntry, *, full_ids: bool) -> bytes:
    if entry.kind != EntryKind.PRINCIPAL:
        raise ValueError("a receipt is made for a payment of the principal")
    return render_docx("payment_receipt", payment_receipt_context(entry, full_ids=full_ids))


def handover_minutes_context(handover: Handover, *, full_ids: bool) -> dict[str, Any]:
    """The handover minutes: the household, the land it hands over (its recovered
    parcels in this project), the money paid or deposited before, the recovery decision."""
    case = handover.case
    project = case.project
    impacts = list(
        ParcelImpact.objects.filter(project=project, parcel__tenures__household=case.household)
        .select_related("parcel")
        .distinct()
        .order_by("parcel__map_sheet", "parcel__parcel_number")
    )
    parcels = [
        {
            "no": str(i),
            "sheet": p.parcel.map_sheet,
            "number": p.parcel.parcel_number,
            "land_use": p.parcel.land_use_code,
            "area": format_area(p.recovered_area) if p.recovered_area is not None else "",
        }
        for i, p in enumerate(impacts, start=1)
    ]
    area = sum((p.recovered_area or Decimal(0) for p in impacts), Decimal(0))
    balance = balances([case.pk])[case.pk]
    payments = [
        f"{e.receipt_number} ngày {format_date(e.entry_date)}: {_money(e.amount)} đồng"
        for e in LedgerEntry.objects.filter(case=case, kind=EntryKind.PRINCIPAL).order_by("pk")
        if not LedgerEntry.objects.filter(reversal_of=e).exists()
    ]
    deposits = [
        f"{d.reference} ngày {format_date(d.deposit_date)}: {_money(d.amount)} đồng"
        for d in Deposit.objects.filter(case=case).order_by("deposit_date", "pk")
    ]
    decision = RecoveryDecision.objects.filter(case=case).first()
    return {
        "heading": heading(
            authority=committee(case.commune),
            issuer=ORGANISER,
            number=handover.minutes_number,
            province=project.province.name,
            year=handover.handover_date.year,
        ),
        "project": {"code": project.code, "name": project.name},
        "batch": {"code": case.batch.code, "name": case.batch.name},
        "commune": in_sentence(case.commune.name),
        "household": _person(case, full_ids),
        "basis": [HANDOVER_BASIS],
        "handover": {
            "date": format_date(handover.handover_date),
            "signer": handover.signer,
            "area": format_area(area),
            "decision": (
                f"{decision.decision_number} ngày {format_date(decision.decision_date)}"
                if decision
                else "........"
            ),
            "due": _money(balance.due),
            "paid": _money(balance.paid),
            "deposited": _money(balance.deposited),
            "payments": "; ".join(payments) or "—",
            "deposits": "; ".join(deposits) or "—",
        },
        "parcels": parcels,
    }


def handover_minutes_docx(handover: Handover, *, full_ids: bool) -> bytes:
    return render_docx("handover_minutes", handover_minutes_context(handover, full_ids=full_ids))
