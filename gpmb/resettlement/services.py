"""Writes of the resettlement app: sites and plots, entitlements, the public draw,
allocations and refusals. Each checks the actor's rights on the object it writes
(`actor=None` is the system: the demo, a command) and changes nothing when it refuses."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from gpmb.cases.models import Case
from gpmb.core.audit import acting_as
from gpmb.core.models import Actor, record_event
from gpmb.core.permissions import NotPermitted, may, project_reach
from gpmb.engine import entitlement as entitlement_rule
from gpmb.plans.services import PlanError, cases_compute
from gpmb.projects.models import AdminUnit, Batch, Project
from gpmb.resettlement import draw as rule
from gpmb.resettlement.choices import (
    AllocationMethod,
    DrawStatus,
    EntitlementChoice,
    EntitlementQuestion,
    PlotKind,
)
from gpmb.resettlement.importing import PlotImport
from gpmb.resettlement.models import (
    Allocation,
    Draw,
    Entitlement,
    EntitlementAnswer,
    Plot,
    Site,
)

# The largest plot or apartment area a site may list (m²).
MAX_AREA = Decimal("10000")


class ResettlementError(Exception):
    """A write refused for what the data says (not for rights); `str()` says why."""


def _check(actor: Actor, action: str, obj: Any) -> None:
    if actor is not None and not may(actor, action, obj):
        raise NotPermitted(
            _("Bạn không có quyền với %(object)s (ngoài dự án hoặc xã/phường được phân công).")
            % {"object": obj}
        )


def _check_site(actor: Actor, site: Site) -> None:
    """A site's plots and draws are managed by whoever may change the site: a
    compensation officer of a project it serves."""
    _check(actor, "change", site)


def _plans_follow(cases: list[Case], actor: Actor, reason: str) -> None:
    """The plot's fee follows the plot into the plan (Land Law Art. 111(3); Resolution 254
    Art. 3(6)): the cases are computed again, a plan already posted or approved getting a
    new version with its diff and this reason (gpmb.plans.services.cases_compute)."""
    by_project: dict[int, list[Case]] = {}
    for case in cases:
        by_project.setdefault(case.project_id, []).append(case)
    for group in by_project.values():
        project = group[0].project
        if not project.policy_pack_code:
            continue  # no plan can be computed yet: the first one will read the plot
        # A case the engine cannot compute keeps its allocation (its plan page says why);
        # a project whose pack cannot be read refuses it, with the reason.
        try:
            cases_compute(
                case_ids=[c.pk for c in group], project=project, actor=actor, reason=reason
            )
        except PlanError as exc:
            raise ResettlementError(str(exc)) from None


@transaction.atomic
def site_create(
    *,
    actor: Actor,
    code: str,
    name: str,
    commune: AdminUnit,
    projects: Iterable[Project],
    location: str = "",
    infrastructure_done: dt.date | None = None,
    allocation_possible: dt.date | None = None,
) -> Site:
    projects = list(projects)
    if not projects:
        raise ResettlementError(_("Khu tái định cư phải phục vụ ít nhất một dự án."))
    for project in projects:
        # A site serves a whole project: whoever adds it works on the whole project.
        if (
            actor is not None
            and not project_reach(actor, "resettlement.add_site", project.pk).whole
        ):
            raise NotPermitted(_("Bạn không được phân công ở dự án %(p)s.") % {"p": project.code})
    with acting_as(actor):
        site = Site.objects.create(
            code=code,
            name=name,
            commune=commune,
            location=location,
            infrastructure_done=infrastructure_done,
            allocation_possible=allocation_possible,
        )
        site.projects.set(projects)
        record_event(actor=actor, kind="resettlement.site_create", message=str(site), target=site)
    return site


@transaction.atomic
def plot_add(
    *,
    actor: Actor,
    site: Site,
    number: str,
    area: Decimal,
    kind: str = PlotKind.LAND,
    land_use_code: str = "ODT",
    segment: str = "",
    position: str = "VT1",
) -> Plot:
    _check_site(actor, site)
    number = number.strip()
    if not number or len(number) > 30:
        raise ResettlementError(_("Số lô phải có từ 1 đến 30 ký tự."))
    if not Decimal("0") < area <= MAX_AREA:
        raise ResettlementError(
            _("Diện tích lô %(n)s phải lớn hơn 0 và không quá %(max)s m² (đang là %(a)s).")
            % {"n": number, "max": MAX_AREA, "a": area}
        )
    if site.plots.filter(number=number).exists():
        raise ResettlementError(_("Khu đã có lô số %(n)s.") % {"n": number})
    with acting_as(actor):
        return Plot.objects.create(
            site=site,
            number=number,
            area=area,
            kind=kind,
            land_use_code=land_use_code,
            segment=segment,
            position=position,
        )


def _entitlement_write(
    *,
    actor: Actor,
    case: Case,
    basis: str,
    choice: str,
    choice_date: dt.date,
    note: str = "",
    proposal: dict[str, Any] | None = None,
) -> Entitlement:
    entitlement = Entitlement.objects.filter(case=case).first() or Entitlement(
        case=case, project_id=case.project_id, commune_id=case.commune_id
    )
    _check(actor, "change" if entitlement.pk else "add", entitlement)
    if (
        entitlement.pk
        and entitlement.choice != choice
        and case.allocations.filter(refused_on__isnull=True).exists()
    ):
        raise ResettlementError(
            _("Hộ %(h)s đang được bố trí một lô: ghi nhận từ chối lô trước khi đổi nguyện vọng.")
            % {"h": case.household.code}
        )
    entitlement.basis, entitlement.choice = basis, choice
    entitlement.choice_date, entitlement.note = choice_date, note
    entitlement.proposal = proposal or {}
    with acting_as(actor):
        entitlement.full_clean(exclude=["case", "project", "commune"])
        entitlement.save()
    return entitlement


@transaction.atomic
def entitlement_record(
    *,
    actor: Actor,
    case: Case,
    basis: str,
    choice: str,
    choice_date: dt.date,
    note: str = "",
) -> Entitlement:
    """Record (or change) by hand that a case is entitled, on which basis, and the
    household's choice with its date. A choice cannot change while a plot is allocated:
    the allocation is refused first, so the history says what happened. The plan follows:
    the household must move, waits for its plot or finds its own home."""
    entitlement = _entitlement_write(
        actor=actor, case=case, basis=basis, choice=choice, choice_date=choice_date, note=note
    )
    _plans_follow([case], actor, _("Ghi nhận quyền tái định cư và nguyện vọng của hộ"))
    return entitlement


@transaction.atomic
def entitlements_record(*, actor: Actor, rows: Iterable[dict[str, Any]]) -> list[Entitlement]:
    """`entitlement_record` for many cases (each row its keyword arguments), the plans
    computed once for all of them."""
    made = [_entitlement_write(actor=actor, **row) for row in rows]
    _plans_follow(
        [e.case for e in made], actor, _("Ghi nhận quyền tái định cư và nguyện vọng của hộ")
    )
    return made


@transaction.atomic
def entitlement_answer(
    *,
    actor: Actor,
    case: Case,
    question: str,
    answer: str,
    reason: str,
    on: dt.date,
) -> EntitlementAnswer:
    """Record a person's answer to a question of the entitlement's proposal, with its
    reason (gpmb.engine.entitlement: the facts do not say it, and it is not guessed)."""
    row = EntitlementAnswer.objects.filter(case=case, question=question).first() or (
        EntitlementAnswer(
            case=case, project_id=case.project_id, commune_id=case.commune_id, question=question
        )
    )
    _check(actor, "change" if row.pk else "add", row)
    answer, reason = answer.strip(), reason.strip()
    if question not in EntitlementQuestion.values:
        raise ResettlementError(_("Câu hỏi không có: %(q)s.") % {"q": question})
    if question == EntitlementQuestion.SEPARABLE:
        if not answer.isdigit() or not 1 <= int(answer) <= 20:
            raise ResettlementError(
                _("Số hộ đủ điều kiện tách hộ phải là số nguyên từ 1 đến 20 (đang là %(a)s).")
                % {"a": answer}
            )
    elif answer not in (entitlement_rule.YES, entitlement_rule.NO):
        raise ResettlementError(
            _("Trả lời có (yes) hoặc không (no) (đang là %(a)s).") % {"a": answer}
        )
    if not reason:
        raise ResettlementError(_("Ghi căn cứ của câu trả lời (giấy tờ, biên bản xác minh)."))
    row.answer, row.reason, row.answered_on = answer, reason, on
    with acting_as(actor):
        row.save()
    return row


@transaction.atomic
def entitlement_confirm(
    *,
    actor: Actor,
    case: Case,
    choice: str,
    choice_date: dt.date,
    note: str = "",
) -> Entitlement:
    """Confirm the engine's proposal for a case (gpmb.resettlement.queries
    .entitlement_proposals) with the household's choice: refused while the proposal asks a
    question or lacks a basis, or when it finds no entitlement. The plan follows."""
    from gpmb.resettlement.queries import entitlement_proposals

    existing = Entitlement.objects.filter(case=case).first()
    _check(
        actor,
        "change" if existing else "add",
        existing or Entitlement(case=case, project_id=case.project_id, commune_id=case.commune_id),
    )
    proposal = entitlement_proposals([case])[case.pk]
    if proposal.basis is None:
        raise ResettlementError(
            _("Hộ %(h)s không thuộc trường hợp được bố trí tái định cư: %(r)s")
            % {"h": case.household.code, "r": "; ".join(proposal.reasons)}
        )
    if proposal.status != "ok":
        raise ResettlementError(
            _("Đề xuất của hộ %(h)s chưa đủ căn cứ: %(w)s")
            % {
                "h": case.household.code,
                "w": "; ".join(
                    [str(EntitlementQuestion(q).label) for q in proposal.asks]
                    + list(proposal.missing)
                ),
            }
        )
    entitlement = _entitlement_write(
        actor=actor,
        case=case,
        basis=proposal.basis,
        choice=choice,
        choice_date=choice_date,
        note=note,
        proposal=proposal.as_dict(),
    )
    record_event(
        actor=actor,
        kind="resettlement.entitlement_confirm",
        message=str(entitlement),
        target=entitlement,
        reason="; ".join(proposal.reasons),
    )
    _plans_follow([case], actor, _("Xác nhận quyền tái định cư và nguyện vọng của hộ"))
    return entitlement


# The choice a household makes to take a plot of each kind.
_KIND_OF_CHOICE: dict[str, str] = {
    PlotKind.LAND.value: EntitlementChoice.PLOT.value,
    PlotKind.APARTMENT.value: EntitlementChoice.APARTMENT.value,
}


def plot_order(number: str) -> tuple[Any, ...]:
    """Plot numbers in the order a person reads them: L2 before L10."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", number))


def free_plots(site: Site, kind: str = PlotKind.LAND) -> list[Plot]:
    taken = Allocation.objects.filter(plot=OuterRef("pk"), refused_on__isnull=True)
    plots = site.plots.filter(kind=kind).exclude(Exists(taken))
    return sorted(plots, key=lambda p: plot_order(p.number))


def waiting_entitlements(batch: Batch, kind: str = PlotKind.LAND) -> list[Entitlement]:
    """The batch's households that chose a plot (or an apartment) and have none."""
    placed = Allocation.objects.filter(case=OuterRef("case"), refused_on__isnull=True)
    rows = (
        Entitlement.objects.filter(case__batch=batch, choice=_KIND_OF_CHOICE[kind])
        .exclude(Exists(placed))
        .select_related("case__household")
    )
    return sorted(rows, key=lambda e: e.case.household.code)


@transaction.atomic
def draw_publish(
    *, actor: Actor, site: Site, batch: Batch, on: dt.date, kind: str = PlotKind.LAND
) -> Draw:
    """Freeze and publish a draw: the waiting households of the batch, the site's free
    plots, and the hash of a fresh secret seed. From now on the lists cannot change."""
    draw = Draw(site=site, batch=batch, project_id=batch.project_id, published_on=on)
    # A draw spans the batch's wards: it is held by an officer of the whole project.
    if (
        actor is not None
        and not project_reach(actor, "resettlement.add_draw", batch.project_id).whole
    ):
        raise NotPermitted(
            _("Bốc thăm của cả đợt do cán bộ được phân công toàn dự án %(p)s thực hiện.")
            % {"p": batch.project.code}
        )
    if not site.projects.filter(pk=batch.project_id).exists():
        raise ResettlementError(
            _("Khu %(s)s không phục vụ dự án %(p)s.") % {"s": site.name, "p": batch.project.code}
        )
    if Draw.objects.filter(site=site, batch=batch, status=DrawStatus.PUBLISHED).exists():
        raise ResettlementError(
            _("Đợt này đã có một cuộc bốc thăm đã công bố mà chưa bốc tại khu %(s)s.")
            % {"s": site.name}
        )
    households = [e.case.household.code for e in waiting_entitlements(batch, kind)]
    plots = [p.number for p in free_plots(site, kind)]
    if not households:
        raise ResettlementError(_("Đợt không có hộ nào đăng ký nhận tái định cư đang chờ bố trí."))
    if not plots:
        raise ResettlementError(_("Khu %(s)s không còn lô trống.") % {"s": site.name})
    draw.seed = secrets.token_hex(16)
    draw.commitment = rule.sha256(draw.seed)
    draw.inputs = {
        "site": site.code,
        "project": batch.project.code,
        "batch": batch.code,
        "kind": str(kind),
        "households": households,
        "plots": plots,
        "commitment": draw.commitment,
        "rule": rule.RULE,
    }
    draw.inputs_hash = rule.sha256(rule.canonical(draw.inputs))
    with acting_as(actor):
        draw.save()
        record_event(
            actor=actor,
            kind="resettlement.draw_publish",
            message=_("%(h)d hộ, %(p)d lô; mã băm hạt giống %(c)s")
            % {"h": len(households), "p": len(plots), "c": draw.commitment},
            target=draw,
        )
    return draw


@transaction.atomic
def draw_run(*, actor: Actor, draw: Draw, public_value: str, on: dt.date) -> list[Allocation]:
    """Hold the published draw: reveal the seed, add the value drawn in the room, give
    each household its plot by the published rule (gpmb.resettlement.draw)."""
    draw = Draw.objects.select_for_update().get(pk=draw.pk)
    _check(actor, "change", draw)
    public_value = public_value.strip()
    if draw.status != DrawStatus.PUBLISHED:
        raise ResettlementError(_("Cuộc bốc thăm này đã được thực hiện."))
    if not public_value or len(public_value) > 40:
        raise ResettlementError(
            _(
                "Nhập giá trị được bốc tại buổi bốc thăm (1 đến 40 ký tự), ví dụ số do đại "
                "diện các hộ bốc."
            )
        )
    if on < draw.published_on:
        raise ResettlementError(_("Ngày bốc thăm không thể trước ngày công bố."))
    waiting = {
        e.case.household.code: e.case for e in waiting_entitlements(draw.batch, draw.inputs["kind"])
    }
    plots = {p.number: p for p in free_plots(draw.site, draw.inputs["kind"])}
    gone = [h for h in draw.inputs["households"] if h not in waiting] + [
        p for p in draw.inputs["plots"] if p not in plots
    ]
    if gone:
        raise ResettlementError(
            _("Danh sách đã công bố không còn đúng (%(x)s): hủy và công bố lại cuộc bốc thăm.")
            % {"x": ", ".join(gone[:10])}
        )
    pairs = rule.draw(draw.inputs, draw.seed, public_value)
    with acting_as(actor):
        made = [
            Allocation.objects.create(
                case=waiting[household],
                plot=plots[number],
                project_id=waiting[household].project_id,
                commune_id=waiting[household].commune_id,
                method=AllocationMethod.DRAW,
                draw=draw,
                allocated_on=on,
            )
            for household, number in pairs
        ]
        draw.status, draw.public_value, draw.drawn_on = DrawStatus.DRAWN, public_value, on
        draw.drawn_by = actor if getattr(actor, "pk", None) else None
        draw.save()
        _plans_follow(
            [a.case for a in made],
            actor,
            _("Bố trí lô tái định cư theo kết quả bốc thăm ngày %(d)s")
            % {"d": on.strftime("%d/%m/%Y")},
        )
        record_event(
            actor=actor,
            kind="resettlement.draw_run",
            message=_("%(n)d lô đã bố trí; hạt giống %(s)s, giá trị bốc %(v)s")
            % {"n": len(made), "s": draw.seed, "v": public_value},
            target=draw,
        )
    return made


@transaction.atomic
def allocation_agree(
    *,
    actor: Actor,
    case: Case,
    plot: Plot,
    on: dt.date,
    method: str = AllocationMethod.AGREEMENT,
) -> Allocation:
    """Give a plot by agreement or by the pack's priority order (a reallocation after a
    refusal, a household that was not in the draw)."""
    allocation = Allocation(
        case=case,
        plot=plot,
        project_id=case.project_id,
        commune_id=case.commune_id,
        method=method,
        allocated_on=on,
    )
    _check(actor, "add", allocation)
    _check_site(actor, plot.site)
    entitlement = Entitlement.objects.filter(case=case).first()
    if entitlement is None or entitlement.choice != _KIND_OF_CHOICE.get(plot.kind):
        raise ResettlementError(
            _("Hộ %(h)s chưa đăng ký nhận %(k)s tái định cư.")
            % {"h": case.household.code, "k": plot.get_kind_display().lower()}
        )
    try:
        with transaction.atomic(), acting_as(actor):
            allocation.save()
    except IntegrityError:
        raise ResettlementError(
            _("Lô %(p)s hoặc hộ %(h)s đang có một bố trí còn hiệu lực.")
            % {"p": plot.number, "h": case.household.code}
        ) from None
    _plans_follow(
        [case],
        actor,
        _("Bố trí lô tái định cư %(p)s (%(m)s)")
        % {"p": plot.number, "m": allocation.get_method_display()},
    )
    return allocation


@transaction.atomic
def allocation_refuse(
    *, actor: Actor, allocation: Allocation, on: dt.date, reason: str
) -> Allocation:
    """The household refuses its plot: the refusal is dated with its reason, the plot is
    free again, the row stays in the history."""
    allocation = Allocation.objects.select_for_update().get(pk=allocation.pk)
    _check(actor, "change", allocation)
    if allocation.refused_on is not None:
        raise ResettlementError(_("Bố trí này đã bị từ chối trước đó."))
    if not reason.strip():
        raise ResettlementError(_("Ghi lý do từ chối."))
    if on < allocation.allocated_on:
        raise ResettlementError(_("Ngày từ chối không thể trước ngày bố trí."))
    allocation.refused_on, allocation.refusal_reason = on, reason.strip()
    with acting_as(actor):
        allocation.save()
        record_event(
            actor=actor,
            kind="resettlement.allocation_refuse",
            message=str(allocation),
            target=allocation,
            reason=reason.strip(),
        )
    _plans_follow(
        [allocation.case],
        actor,
        _("Hộ từ chối lô tái định cư %(p)s: %(r)s")
        % {"p": allocation.plot.number, "r": reason.strip()},
    )
    return allocation


@transaction.atomic
def plots_import(*, actor: Actor, site: Site, report: PlotImport) -> tuple[int, int]:
    """Write a checked file of plots (gpmb.resettlement.importing.plots_prepare): all its
    rows or, when it has any error, nothing. A plot already on the site keeps its area,
    price position and allocations and gets the file's geometry; a new number is added.
    Returns (added, updated)."""
    _check_site(actor, site)
    if not report.ok:
        raise ResettlementError(
            "; ".join(report.errors[:20]) or _("%(f)s: tệp không có lô nào.") % {"f": report.file}
        )
    existing = {p.number: p for p in site.plots.select_for_update()}
    added = updated = 0
    with acting_as(actor):
        for row in report.rows:
            plot = existing.get(row.number)
            if plot is None:
                Plot.objects.create(
                    site=site,
                    number=row.number,
                    area=row.area,
                    geometry=row.geometry,
                    crs_epsg=report.epsg,
                )
                added += 1
            else:
                plot.geometry, plot.crs_epsg = row.geometry, report.epsg
                plot.save(update_fields=["geometry", "crs_epsg", "updated_at"])
                updated += 1
        record_event(
            actor=actor,
            kind="resettlement.plots_import",
            message=_("%(f)s: %(a)d lô mới, %(u)d lô cập nhật hình thể")
            % {"f": report.file, "a": added, "u": updated},
            target=site,
        )
    return added, updated


@transaction.atomic
def debt_request(*, actor: Actor, case: Case, on: dt.date, commitment: str) -> Entitlement:
    """Record a household's request to record as debt the land-use fee of its plot that
    its land compensation does not cover, with its commitment to hand over its land on
    time (Decree 88 Art. 26(1), as amended by Decree 49): the plan gets the debt line
    (the engine's RESETTLEMENT_DEBT_RECORDED, Art. 26(3))."""
    entitlement = Entitlement.objects.select_for_update().filter(case=case).first()
    if entitlement is None:
        raise ResettlementError(
            _("Hộ %(h)s chưa được xác nhận quyền tái định cư.") % {"h": case.household.code}
        )
    _check(actor, "change", entitlement)
    commitment = commitment.strip()
    if not commitment:
        raise ResettlementError(
            _("Ghi cam kết của hộ thực hiện bàn giao mặt bằng theo đúng tiến độ.")
        )
    entitlement.debt_requested_on, entitlement.debt_commitment = on, commitment
    with acting_as(actor):
        entitlement.save(update_fields=["debt_requested_on", "debt_commitment", "updated_at"])
        record_event(
            actor=actor,
            kind="resettlement.debt_request",
            message=str(entitlement),
            target=entitlement,
            reason=commitment,
        )
    _plans_follow([case], actor, _("Hộ đề nghị ghi nợ tiền sử dụng đất tái định cư"))
    return entitlement
