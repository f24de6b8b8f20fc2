"""Plans of the illustrative demo (minh họa): every case computed through the plans
services, and the questions the law leaves to a person settled as a compensation
officer records them — a named user, a choice and its reason, through `line_decide` —
then computed again. What stays open is what the demo's data genuinely lacks (a fee
notice the tax office has not sent, a land-use code not recorded), each named on its
line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gpmb.plans.choices import LineStatus, PlanStatus
from gpmb.plans.models import CalculationLine
from gpmb.plans.services import batch_compute, line_decide
from gpmb.projects.models import Project

LABEL = "minh họa"

# Decision key prefix → the choice the demo's officer records and the reason written in
# the case file. Keys not listed stay open (none occur in the demo's data today).
DECISIONS: dict[str, tuple[str, str]] = {
    # Decree 88/2024 Art. 14(1): a field guard hut counted as meeting its standard.
    "standard": (
        "meets_standard",
        f"Biên bản kiểm đếm: công trình còn sử dụng được, đạt tiêu chuẩn kỹ thuật ({LABEL})",
    ),
    # Land Law 2024 Art. 102(2)(b); Decree 88/2024 Art. 14(1)(a),(b).
    "structure_102_2": (
        "actual_damage",
        "Công trình không phục vụ sinh hoạt, phá dỡ toàn bộ: bồi thường theo giá trị hiện có "
        f"cộng tỷ lệ của thành phố (Nghị định 88/2024 Điều 14 khoản 1 điểm b) ({LABEL})",
    ),
    # Land Law 2024 Art. 91(7): the household asked in writing to hand over the rest.
    "remainder": (
        "recover",
        f"Hộ có đơn đề nghị thu hồi phần còn lại nhỏ hơn diện tích tối thiểu ({LABEL})",
    ),
    # Decree 88/2024 Art. 8(1): the strip recovered from a plot used before 18/12/1980.
    "art8_1": (
        "all_residential",
        f"Phần thu hồi nằm trong khuôn viên nhà ở, UBND xã xác nhận toàn bộ là đất ở ({LABEL})",
    ),
    # Decree 88/2024 Art. 8(1)-(3)(d): the garden of a village house plot (review A4).
    "plot_farmland": (
        "excluded",
        "Phần vườn trong thửa có nhà ở, hộ không sản xuất nông nghiệp trên đó: không tính "
        f"vào diện tích hỗ trợ ổn định đời sống, sản xuất, chuyển đổi nghề ({LABEL})",
    ),
    # Land Law 2024 Art. 91(2): a draft plan whose approval has no date yet is priced by
    # the pack in force (review Error 16).
    "valuation_date": (
        "pack_in_force",
        "Phương án dự kiến phê duyệt trong thời gian bảng giá đất, hệ số K năm 2026 của thành "
        f"phố còn hiệu lực ({LABEL})",
    ),
    # Decree 88/2024 Art. 19(1): exactly 30 % or 70 % lost, by the commune's measurement.
    "life_band": ("30_70", f"Tỷ lệ thu hồi đúng ngưỡng theo biên bản đo đạc ({LABEL})"),
    "life_band_not_eligible": (
        "30_70",
        f"Tỷ lệ thu hồi đúng ngưỡng theo biên bản đo đạc ({LABEL})",
    ),
    # Decree 88/2024 Art. 3(2)(n) (Decree 49/2026): the rent while waiting for the plot,
    # a part month counted by its days.
    "rental_part_month": (
        "by_days",
        "Thời gian chờ giao đất tái định cư có tháng lẻ: tính theo số ngày thực tế của tháng "
        f"lẻ, theo biên bản họp hội đồng bồi thường ({LABEL})",
    ),
}


@dataclass
class DemoPlans:
    computed: int = 0
    decisions: int = 0
    open_keys: dict[str, int] = field(default_factory=dict)


def compute_demo_plans(projects: list[Project], officer: Any) -> DemoPlans:
    """Compute every case of `projects` as `officer`, settle the open questions the
    demo's officer would settle, and compute again (only the cases whose decisions
    changed get a new version). A settled question can raise the next one (a structure
    meeting its standard, then how it is valued), so this repeats, a few rounds at most."""
    out = DemoPlans()
    for project in projects:
        out.computed += batch_compute(project=project, actor=officer).cases
    return settle_demo_plans(projects, officer, out)


def settle_demo_plans(
    projects: list[Project], officer: Any, out: DemoPlans | None = None
) -> DemoPlans:
    """Settle the open questions of the latest plans as the demo's officer would, and
    compute the cases decided on again (after a later step, e.g. the resettlement draw,
    raised new ones)."""
    out = out or DemoPlans()
    decided: set[tuple[int, str]] = set()
    for _round in range(ROUNDS):
        cases = _settle(projects, officer, decided, out)
        if not cases:
            break
        for project in projects:
            batch_compute(project=project, actor=officer, case_ids=cases)
    return out


ROUNDS = 3


def _settle(
    projects: list[Project], officer: Any, decided: set[tuple[int, str]], out: DemoPlans
) -> set[int]:
    """Record the demo officer's decision on every open question of the latest plans;
    returns the ids of the cases decided on."""
    lines = (
        CalculationLine.objects.filter(
            project__in=projects,
            status=LineStatus.NEEDS_CONFIRMATION,
            plan__status=PlanStatus.DRAFT,
        )
        .exclude(decision_key="")
        .select_related("plan__case")
        .order_by("plan__case_id", "-plan_id", "position")
    )
    cases: set[int] = set()
    latest: dict[int, int] = {}
    out.open_keys.clear()
    for line in lines:
        case_id = line.plan.case_id
        if latest.setdefault(case_id, line.plan_id) != line.plan_id:
            continue  # an earlier version of the case
        key = (case_id, line.decision_key)
        if key in decided:
            continue
        prefix = line.decision_key.partition(":")[0]
        decision = DECISIONS.get(prefix)
        if decision is None or decision[0] not in (line.options or []):
            out.open_keys[prefix] = out.open_keys.get(prefix, 0) + 1
            continue
        choice, reason = decision
        line_decide(line=line, choice=choice, reason=reason, actor=officer)
        decided.add(key)
        cases.add(case_id)
        out.decisions += 1
    return cases
