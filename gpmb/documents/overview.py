"""The compensation plan of a batch as a whole (Decree 88/2024 Art. 3(1)): what the
appraiser reads before the households' detailed plans — the area recovered by land type,
the number of owners, job training, resettlement, graves, infrastructure, the budget
with the estimate of organisation costs (Art. 27), the schedule, and the detailed plan
of each owner as its annex (Art. 3(1)(i), (2)).

Every figure comes from the records: the versions the batch plan holds (their facts and
calculation lines), the resettlement records of its households, the estimate its officer
recorded, the steps and dates of its procedure. What GPMB does not record is said, not
guessed."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Q, Sum

from gpmb.cases.models import Step
from gpmb.core.vnformat import format_area, format_date, format_money, money_in_words
from gpmb.documents.chain import (
    ANNEX_MONEY,
    NOT_RECORDED,
    PROPOSER,
    AnnexRow,
    committee,
    decision_versions,
    in_sentence,
)
from gpmb.documents.rendering import heading, render_docx
from gpmb.parcels.choices import LandUse
from gpmb.plans.choices import PlanStatus
from gpmb.plans.models import BatchPlan, CalculationLine, PlanVersion
from gpmb.policy.packs import PolicyError, pack_for_code
from gpmb.resettlement.models import Allocation, Entitlement, Site

# Line codes by the content of Art. 3(1) they belong to.
JOB_TRAINING = ("JOB_CONVERSION",)
GRAVES = ("GRAVE", "GRAVE_SELF")
NORMS_KEY = "budget.organisation_cost_norms"


def _money(value: int) -> str:
    return format_money(value, unit=False)


def _areas_by_land_use(versions: list[PlanVersion]) -> list[dict[str, str]]:
    """Art. 3(1)(a): the area recovered of each land type, from the parcels each version's
    facts hold."""
    areas: dict[str, Decimal] = defaultdict(Decimal)
    for v in versions:
        for p in (v.facts or {}).get("parcels", []):
            areas[p.get("land_use_code", "")] += Decimal(p["recovered_area"])
    labels = dict(LandUse.choices)
    return [
        {"code": code, "name": str(labels.get(code, code)), "area": format_area(area)}
        for code, area in sorted(areas.items())
    ]


def _lines(versions: list[PlanVersion], codes: tuple[str, ...]) -> tuple[int, int]:
    """(households, amount) of the versions' lines of `codes`."""
    row = CalculationLine.objects.filter(
        plan__in=[v.pk for v in versions], code__in=codes
    ).aggregate(households=Count("plan__case", distinct=True), amount=Sum("amount"))
    return row["households"] or 0, row["amount"] or 0


def _resettlement(batch_plan: BatchPlan, versions: list[PlanVersion]) -> str:
    """Art. 3(1)(d): households to be resettled, the sites, the form (land or housing)."""
    cases = [v.case_id for v in versions]
    entitled = Entitlement.objects.filter(case_id__in=cases).count()
    allocated = Allocation.objects.filter(case_id__in=cases, refused_on__isnull=True)
    by_kind = dict(
        allocated.values_list("plot__kind").annotate(n=Count("pk")).order_by("plot__kind")
    )
    sites = list(
        Site.objects.filter(projects=batch_plan.project).select_related("commune").order_by("name")
    )
    if not entitled and not sites:
        return "Không có hộ được bố trí tái định cư ghi nhận trong GPMB."
    parts = [f"{entitled} hộ đủ điều kiện bố trí tái định cư"]
    if by_kind:
        parts.append(
            "đã bố trí "
            + ", ".join(
                f"{n} {'lô đất ở' if kind == 'land' else 'căn hộ'}" for kind, n in by_kind.items()
            )
        )
    if sites:
        parts.append("tại " + "; ".join(f"{s.name} ({in_sentence(s.commune.name)})" for s in sites))
    return ", ".join(parts) + " (Điều 110, 111 Luật Đất đai 2024; Điều 24 Nghị định 88/2024)."


def _norms(batch_plan: BatchPlan) -> str:
    """What the province's norms for organisation costs say (Art. 27(8)), from the pack."""
    try:
        _row, pack = pack_for_code(batch_plan.project.policy_pack_code)
    except PolicyError:
        return f"Gói chính sách của dự án không đọc được ({NOT_RECORDED})."
    param = pack.param(NORMS_KEY)
    if param is None:
        return f"Gói {pack.code} chưa có mức chi của tỉnh ({NORMS_KEY})."
    if param.missing is not None:
        return str(param.missing)
    return f"Mức chi theo {param.value} ({param.source})."


SCHEDULE = (
    ("posting", "Niêm yết công khai"),
    ("consultation", "Lấy ý kiến"),
    ("submission", "Trình thẩm định"),
    ("appraisal", "Thẩm định"),
    ("approval", "Phê duyệt phương án"),
    ("payment", "Chi trả tiền bồi thường, hỗ trợ, tái định cư"),
    ("handover", "Bàn giao mặt bằng"),
)


def _schedule(batch_plan: BatchPlan) -> list[str]:
    """Art. 3(1)(h): each step from posting to handover — done on its latest date once
    every household's is, else due by the latest deadline still open."""
    batch = batch_plan.batch
    rows = []
    for code, title in SCHEDULE:
        steps = Step.objects.filter(
            case__batch=batch, case__commune=batch_plan.commune, code=code, not_applicable=False
        ).aggregate(
            open=Count("pk", filter=Q(done_date=None)),
            done=Max("done_date"),
            due=Max("due_date", filter=Q(done_date=None)),
        )
        if steps["open"] == 0 and steps["done"]:
            when = f"đã thực hiện, ngày {format_date(steps['done'])}"
        elif steps["due"]:
            when = f"hạn {format_date(steps['due'])}"
        else:
            when = "chưa có hạn"
        rows.append(f"{title}: {when}.")
    if batch.target_handover_date:
        rows.append(f"Hạn bàn giao mặt bằng của đợt: {format_date(batch.target_handover_date)}.")
    return rows


def overview_context(batch_plan: BatchPlan) -> dict[str, Any]:
    project = batch_plan.project
    versions = decision_versions(batch_plan)
    annex = [AnnexRow.of(v) for v in versions]
    total = {k: sum(getattr(r, k) for r in annex) for k in ANNEX_MONEY}
    area = sum((r.area for r in annex), Decimal(0))
    job_households, job_amount = _lines(versions, JOB_TRAINING)
    grave_households, grave_amount = _lines(versions, GRAVES)
    costs = list(batch_plan.cost_lines.order_by("item"))
    cost_total = sum(c.amount for c in costs)
    approved = batch_plan.status == PlanStatus.APPROVED
    day = dt.date.today()
    return {
        "heading": heading(
            authority=committee(batch_plan.commune),
            issuer=PROPOSER,
            number="........../PA-BT",
            province=project.province.name,
            year=day.year,
        ),
        "draft": not approved,
        "project": {"code": project.code, "name": project.name},
        "batch": {"code": batch_plan.batch.code, "name": batch_plan.batch.name},
        "commune": {"name": in_sentence(batch_plan.commune.name)},
        "area": format_area(area),
        "land_uses": _areas_by_land_use(versions),
        "households": str(len(annex)),
        "job_training": (
            f"{job_households} hộ được hỗ trợ đào tạo, chuyển đổi nghề và tìm kiếm việc làm, "
            f"tổng số tiền {_money(job_amount)} đồng (Điều 109 Luật Đất đai 2024; Điều 22 Nghị "
            "định 88/2024)."
            if job_households
            else "Không có hộ thuộc diện hỗ trợ đào tạo, chuyển đổi nghề."
        ),
        "resettlement": _resettlement(batch_plan, versions),
        "graves": (
            f"{grave_households} hộ có mồ mả phải di chuyển, tổng số tiền {_money(grave_amount)} "
            "đồng (Điều 14 Nghị định 88/2024)."
            if grave_households
            else "Không có mồ mả phải di chuyển trong phạm vi thu hồi."
        ),
        "infrastructure": "GPMB chưa ghi nhận công trình hạ tầng phải di chuyển trong phạm vi "
        "đất thu hồi của đợt này; nếu có, bổ sung theo số liệu của chủ đầu tư.",
        "budget": {
            **{k: _money(v) for k, v in total.items()},
            "costs": [
                {"label": c.get_item_display(), "amount": _money(c.amount), "basis": c.basis}
                for c in costs
            ],
            "cost_total": _money(cost_total),
            "cost_note": (
                "" if costs else f"Chưa lập dự toán chi phí tổ chức thực hiện ({NOT_RECORDED})."
            ),
            "norms": _norms(batch_plan),
            "grand_total": _money(total["net"] + cost_total),
            "grand_words": money_in_words(abs(total["net"] + cost_total)),
        },
        "schedule": _schedule(batch_plan),
        "rows": [
            {
                "no": str(i),
                "code": r.code,
                "name": r.name,
                "parcels": r.parcels,
                "area": format_area(r.area),
                **{k: _money(getattr(r, k)) for k in ANNEX_MONEY},
            }
            for i, r in enumerate(annex, start=1)
        ],
        "total": {"area": format_area(area), **{k: _money(v) for k, v in total.items()}},
    }


def overview_docx(batch_plan: BatchPlan) -> bytes:
    return render_docx("plan_overview", overview_context(batch_plan))
