"""The legal chain of the illustrative demo (minh họa), run through the plans services
by the demo's own users: in the first batch of the road project, phường Lê Chân's plans
are posted, consulted on, submitted, appraised and approved; phường An Biên's are posted
and consulted on; the park project's first batch is posted and waits for its
consultation. Only plans that are settled and whose inventory is recorded are posted;
every case status that follows is earned from the steps these acts record."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from gpmb.cases.models import ComplaintFlag, Step
from gpmb.engine.payment import PAYMENT_DAYS
from gpmb.payments.choices import EntryKind, PaymentMethod, RecoveryTrigger
from gpmb.payments.models import (
    Deposit,
    Enforcement,
    Handover,
    LedgerEntry,
    PaymentBatch,
    PaymentLine,
    RecoveryDecision,
    SignedReceipt,
)
from gpmb.payments.services import (
    deposit_record,
    handover_record,
    payment_batch_approve,
    payment_batch_prepare,
    payment_record,
    recovery_decide,
)
from gpmb.plans.models import BatchPlan
from gpmb.plans.services import (
    plan_appraise,
    plan_approve,
    plan_consult,
    plan_post,
    plan_submit,
    posting_end_earliest,
)
from gpmb.projects.models import AdminUnit

LABEL = "minh họa"


# How far a ward's chain has got.
POSTED, CONSULTED, APPROVED = "posted", "consulted", "approved"


def run_demo_chain(progress: list[tuple[Any, AdminUnit, str, str | None, int]]) -> list[str]:
    """Run the chain of each (batch, ward, how far, the ward's land officer username or
    None for the system, how many days ago its posting started) as far as it has got;
    returns what was done, one line per ward, for the demo's summary."""
    users = {u.username: u for u in get_user_model().objects.filter(username__in=USERS)}
    done = []
    for batch, commune, last, poster, days_ago in progress:
        officer = users[poster] if poster else None
        plan = _post(batch, commune, officer, timezone.localdate() - dt.timedelta(days=days_ago))
        if plan is None:
            continue
        reached = ["niêm yết"]
        if last != POSTED:
            _consult(plan, officer)
            reached.append("lấy ý kiến")
        if last == APPROVED:
            _approve(plan, users)
            reached += ["trình", "thẩm định", "phê duyệt"]
            reached.append(_pay_and_take(plan, users))
        done.append(f"{batch.project.code}/{batch.code} {commune.name}: {', '.join(reached)}")
    return done


USERS = ("canbo.bt", "diachinh.lechan", "diachinh.anbien", "thamdinh", "pheduyet", "ketoan")


def _post(batch: Any, commune: AdminUnit, officer: Any, start: dt.date) -> BatchPlan | None:
    """Posted from `start` for the procedure's period; None when the ward's inventory is
    not done by then (the demo's dates leave no room for it)."""
    last_inventory = (
        Step.objects.filter(case__batch=batch, case__commune=commune, code="inventory")
        .exclude(done_date__isnull=True)
        .order_by("-done_date")
        .values_list("done_date", flat=True)
        .first()
    )
    if last_inventory is None or last_inventory >= start:
        return None
    end = posting_end_earliest(batch, start)
    act = plan_post(
        batch=batch,
        commune_id=commune.pk,
        actor=officer,
        start_date=start,
        end_date=end,
        document_number=f"{20 + batch.pk}/TB-UBND",
        document_date=start,
        signer=f"Chủ tịch UBND {commune.name} ({LABEL})",
        only_ready=True,
        note=f"Niêm yết tại trụ sở UBND và nhà văn hóa khu dân cư ({LABEL})",
    )
    return act.batch_plan


def _consult(plan: BatchPlan, officer: Any) -> None:
    households = plan.versions.count()
    other = min(2, households - 1)
    plan_consult(
        batch_plan=plan,
        actor=officer,
        meeting_date=plan.posting_end_date + dt.timedelta(days=1),
        agree_count=households - other,
        disagree_count=0,
        other_count=other,
        document_number=f"BB-LYK/{plan.pk}",
        signer=f"Tổ trưởng tổ dân phố ({LABEL})",
        note=f"Ý kiến khác: đề nghị chi trả sớm ({LABEL})",
    )
    plan.refresh_from_db()


def _approve(plan: BatchPlan, users: dict[str, Any]) -> None:
    end = plan.posting_end_date
    # Submitted, appraised and approved within days of the consultation, so that the
    # 30 days to pay have run out and the demo shows payments on time and late.
    plan_submit(
        batch_plan=plan,
        actor=users["canbo.bt"],
        document_number=f"{40 + plan.pk}/TTr-TTPTQĐ",
        document_date=end + dt.timedelta(days=2),
        signer=f"Giám đốc Trung tâm phát triển quỹ đất ({LABEL})",
    )
    plan_appraise(
        batch_plan=plan,
        actor=users["thamdinh"],
        document_number=f"{70 + plan.pk}/BC-TĐ",
        document_date=end + dt.timedelta(days=5),
        signer=f"Trưởng phòng thẩm định ({LABEL})",
    )
    plan_approve(
        batch_plan=plan,
        actor=users["pheduyet"],
        decision_number=f"{900 + plan.pk}/QĐ-UBND",
        decision_date=end + dt.timedelta(days=8),
        signer=f"Chủ tịch UBND thành phố Hải Phòng ({LABEL})",
    )


def _pay_and_take(plan: BatchPlan, users: dict[str, Any]) -> str:
    """Issue 13 on the approved plan, through the payments services by the demo's users:
    the accountant prepares the payment batch and the approver (its superior) approves
    it; the recovery decisions follow the approval (Land Law Art. 87(5)(a)); most
    households are paid within the 30 days, a few late with the late-payment amount, one
    refuses and its money is deposited, about one in ten is still unpaid; about half of
    those paid or deposited have handed over the land."""
    accountant, approver, officer = users["ketoan"], users["pheduyet"], users["canbo.bt"]
    today = timezone.localdate()
    payment_batch = payment_batch_prepare(
        batch_plan=plan, number=f"{plan.pk:02d}/ĐCT ({LABEL})", actor=accountant
    )
    payment_batch_approve(payment_batch=payment_batch, actor=approver)
    approved_on = payment_batch.approval_effective_date
    deadline = approved_on + dt.timedelta(days=PAYMENT_DAYS)
    lines = list(payment_batch.lines.select_related("case__household").order_by("pk"))
    n = len(lines)
    paid = late = deposited = handed = 0
    for i, line in enumerate(lines):
        case = line.case
        recovery_decide(
            case=case,
            trigger=RecoveryTrigger.A,
            trigger_date=approved_on,
            decision_number=f"{1200 + case.pk}/QĐ-UBND",
            decision_date=min(today, approved_on + dt.timedelta(days=3 + i % 6)),
            signer=f"Chủ tịch UBND thành phố Hải Phòng ({LABEL})",
            actor=approver,
        )
        if i >= n - max(1, n // 10):
            continue  # still unpaid: the laggards leadership asks about
        if line.amount_due == 0:
            # Owed nothing (the resettlement fee exceeds the compensation): no payment,
            # the land handed over once the decision is made.
            money_day = min(today, approved_on + dt.timedelta(days=10))
        elif i == 1:  # refused the money after persuasion: deposited
            refused = min(today, approved_on + dt.timedelta(days=12))
            deposit_record(
                case=case,
                amount=line.amount_due,
                refusal_date=refused,
                persuasion=f"Vận động 2 lần, hộ chưa đồng ý mức bồi thường ({LABEL})",
                deposit_date=min(today, refused + dt.timedelta(days=5)),
                reference=f"GT-{case.pk}/{LABEL}",
                actor=accountant,
            )
            money_day = min(today, refused + dt.timedelta(days=5))
            deposited += 1
        else:
            if i % 12 == 5 and deadline + dt.timedelta(days=3) <= today:
                money_day = min(today, deadline + dt.timedelta(days=3 + i % 7))
                late += 1
            else:
                money_day = min(today, approved_on + dt.timedelta(days=5 + i % 24))
            payment_record(
                case=case,
                amount=line.amount_due,
                entry_date=money_day,
                method=PaymentMethod.TRANSFER if i % 3 else PaymentMethod.CASH,
                receipt_number=f"PC-{case.pk}",
                actor=accountant,
            )
            paid += 1
        if i % 2 == 1:
            handover_record(
                case=case,
                handover_date=min(today, money_day + dt.timedelta(days=2 + i % 5)),
                minutes_number=f"BG-{case.pk}/{LABEL}",
                signer=f"Tổ công tác GPMB phường {plan.commune.name} ({LABEL})",
                actor=officer,
            )
            handed += 1
    return f"chi trả {paid} hộ ({late} chậm), gửi tiền {deposited}, bàn giao {handed}"


def delete_demo_payments(projects: Any) -> None:
    """The demo's payment records, before its cases (their ledger protects them). The
    ledger is append-only for every service; only the demo's rebuild removes its own,
    signed receipts first, then reversals, late-payment amounts and the payments they
    refer to."""
    SignedReceipt.objects.filter(project__in=projects).delete()
    entries = LedgerEntry.objects.filter(project__in=projects)
    entries.filter(kind=EntryKind.REVERSAL).delete()
    entries.filter(kind=EntryKind.INTEREST).delete()
    entries.delete()
    for model in (Handover, Enforcement, RecoveryDecision, Deposit, PaymentLine, PaymentBatch):
        model.objects.filter(project__in=projects).delete()
    ComplaintFlag.objects.filter(project__in=projects).delete()
