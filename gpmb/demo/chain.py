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

from gpmb.cases.models import Step
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
        done.append(f"{batch.project.code}/{batch.code} {commune.name}: {', '.join(reached)}")
    return done


USERS = ("canbo.bt", "diachinh.lechan", "diachinh.anbien", "thamdinh", "pheduyet")


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
    plan_submit(
        batch_plan=plan,
        actor=users["canbo.bt"],
        document_number=f"{40 + plan.pk}/TTr-TTPTQĐ",
        document_date=end + dt.timedelta(days=4),
        signer=f"Giám đốc Trung tâm phát triển quỹ đất ({LABEL})",
    )
    plan_appraise(
        batch_plan=plan,
        actor=users["thamdinh"],
        document_number=f"{70 + plan.pk}/BC-TĐ",
        document_date=end + dt.timedelta(days=14),
        signer=f"Trưởng phòng thẩm định ({LABEL})",
    )
    plan_approve(
        batch_plan=plan,
        actor=users["pheduyet"],
        decision_number=f"{900 + plan.pk}/QĐ-UBND",
        decision_date=end + dt.timedelta(days=20),
        signer=f"Chủ tịch UBND thành phố Hải Phòng ({LABEL})",
    )
