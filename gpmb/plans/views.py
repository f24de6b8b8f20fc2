"""Plan pages: compute a project, a version's lines, the diff against the previous
version, deciding an ambiguous line, submitting, and the what-if calculator."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from gpmb.cases.models import Case
from gpmb.census.choices import CensusStatus
from gpmb.core.jobs import job_start
from gpmb.core.permissions import NotPermitted, may
from gpmb.core.views import acting_user, scoped_object_or_404
from gpmb.core.vnformat import NumberFormatError, NumberKind, parse_number
from gpmb.engine import CaseFacts, FactsError, compute
from gpmb.plans.choices import CostItem, LineGroup, LineStatus, PlanActKind, PlanStatus
from gpmb.plans.facts import inventory_basis_now
from gpmb.plans.forms import ACT_FORMS, CalculatorForm, DecideForm, PlanPostForm
from gpmb.plans.jobs import COMPUTE
from gpmb.plans.models import BatchPlan, CalculationLine, PlanVersion
from gpmb.plans.queries import compared_version, group_totals, latest_versions, waiting_for
from gpmb.plans.services import (
    COST_EDITABLE,
    PlanError,
    case_compute,
    cost_estimate_record,
    line_decide,
    may_act,
    plan_appraise,
    plan_approve,
    plan_consult,
    plan_diff,
    plan_post,
    plan_return,
    plan_submit,
)
from gpmb.plans.wording import Wording, item_names, version_key, version_wording
from gpmb.policy.models import PolicyPack
from gpmb.policy.packs import PolicyError, engine_pack
from gpmb.projects.models import Batch, Project


class ProjectComputeView(LoginRequiredMixin, View):
    """Compute every case of the project (or one batch) that the user may compute, as a
    job: the page answers at once and shows the job's progress."""

    def post(self, request: HttpRequest, code: str) -> HttpResponse:
        user = acting_user(request)
        project = scoped_object_or_404(Project.objects.all(), user, code=code)
        cases = Case.objects.restrict(user, "compute").filter(project=project)
        batch = None
        if request.POST.get("batch"):
            batch = Batch.objects.filter(project=project, code=request.POST["batch"]).first()
            if batch is None:
                raise Http404
            cases = cases.filter(batch=batch)
        if not cases.exists():
            raise NotPermitted(_("Không có hồ sơ nào bạn được tính trong phạm vi này."))
        job = job_start(
            kind=COMPUTE,
            actor=user,
            project=project,
            params={"batch": batch.pk if batch else None},
        )
        return redirect("core:job_detail", pk=job.pk)


class CaseComputeView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        case = scoped_object_or_404(
            Case.objects.select_related("project"), request.user, "compute", pk=pk
        )
        try:
            version = case_compute(
                case=case, actor=acting_user(request), reason=request.POST.get("reason", "")
            )
        except PlanError as exc:
            messages.error(request, str(exc))
            return redirect("cases:household_detail", pk=case.household_id)
        return redirect("plans:planversion_detail", pk=version.pk)


def _version(request: HttpRequest, pk: int) -> PlanVersion:
    return scoped_object_or_404(
        PlanVersion.objects.select_related(
            "case__household__head", "case__batch", "project", "commune", "pack", "computed_by"
        ),
        request.user,
        pk=pk,
    )


class PlanVersionDetailView(LoginRequiredMixin, TemplateView):
    template_name = "plans/planversion_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        version = _version(self.request, self.kwargs["pk"])
        lines = version_wording(version).lines(version.lines.all())
        user = self.request.user
        context.update(
            version=version,
            lines=lines,
            groups=group_totals(version),
            LineStatus=LineStatus,
            PlanStatus=PlanStatus,
            can_decide=version.status == PlanStatus.DRAFT
            and may(user, "cases.decide_case", version.case),
            can_compute=may(user, "cases.compute_case", version.case),
        )
        return context


class PlanVersionDiffView(LoginRequiredMixin, TemplateView):
    """What changed since the previous version: lines added, removed, or changed in
    amount, quantity or status."""

    template_name = "plans/planversion_diff.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        version = _version(self.request, self.kwargs["pk"])
        previous = compared_version(version)
        old = list(previous.lines.all()) if previous else []
        rows = plan_diff(old, list(version.lines.all()))
        wording = version_wording(version)
        for row in rows:
            row["item"] = wording.item((row["new"] or row["old"]).ref)
        context.update(
            version=version,
            previous=previous,
            rows=rows,
            LineStatus=LineStatus,
            net_delta=version.net_amount - (previous.net_amount if previous else 0),
        )
        return context


class LineDecideView(LoginRequiredMixin, FormView):
    """Settle a needs_confirmation line: a choice among the engine's options and a
    reason, recorded with the user's name; the case is recomputed with it."""

    template_name = "plans/line_decide.html"
    form_class = DecideForm

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.line = scoped_object_or_404(
            CalculationLine.objects.select_related("plan__case__household", "plan__project"),
            request.user,
            pk=kwargs["pk"],
        )
        # Deciding is scoped like the case itself: the user's decide right must reach
        # this case's project and commune, not just any project.
        if not may(request.user, "decide", self.line.plan.case):
            raise NotPermitted(_("Bạn không có quyền quyết định dòng tính của hồ sơ này."))
        if not self.line.decision_key:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["options"] = self.line.options
        kwargs["decision_key"] = self.line.decision_key
        return kwargs

    def form_valid(self, form: DecideForm) -> HttpResponse:
        case = self.line.plan.case
        try:
            line_decide(
                line=self.line,
                choice=form.cleaned_data["choice"],
                reason=form.cleaned_data["reason"],
                actor=acting_user(self.request),
            )
            version = case_compute(case=case, actor=acting_user(self.request))
        except PlanError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, _("Đã ghi quyết định và tính lại hồ sơ."))
        return redirect("plans:planversion_detail", pk=version.pk)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        line = version_wording(self.line.plan).word(self.line)
        context.update(line=line, version=self.line.plan, LineStatus=LineStatus)
        return context


class PlanSubmitView(LoginRequiredMixin, View):
    """Submit for appraisal the batch plan this version was posted in (the compensation
    officer); a draft is refused by the service, naming its unsettled lines first."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        version = _version(request, pk)
        if not may(request.user, "plans.submit_planversion", version):
            raise NotPermitted(_("Bạn không có quyền trình phương án của hồ sơ này."))
        try:
            plan_submit(plan=version, actor=acting_user(request), note=request.POST.get("note", ""))
        except PlanError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã trình thẩm định phương án."))
        return redirect("plans:planversion_detail", pk=version.pk)


class CalculatorView(LoginRequiredMixin, FormView):
    """Tính thử: describe a case by hand (the documented JSON or a few fields), see the
    lines with formulas, citations and statuses. Nothing is saved."""

    template_name = "plans/calculator.html"
    form_class = CalculatorForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["packs"] = PolicyPack.objects.restrict(self.request.user)
        return kwargs

    def form_valid(self, form: CalculatorForm) -> HttpResponse:
        pack_row = form.cleaned_data["pack"]
        facts_dict = form.facts()
        result = None
        try:
            pack = engine_pack(pack_row)
            facts = CaseFacts.from_dict(facts_dict)
            decisions = form.cleaned_data.get("decisions_json") or form.decisions_in_facts()
            result = compute(facts, pack, decisions or None)
        except FactsError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        except PolicyError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        lines = Wording({}, pack_row).lines(result.lines) if result else []
        groups = []
        if result:
            groups = [
                {"group": g, "label": g.label, "amount": result.totals.get(g.value, 0)}
                for g in LineGroup
                if g.value in result.totals and any(line.group == g.value for line in lines)
            ]
        return self.render_to_response(
            self.get_context_data(
                form=form,
                result=result,
                lines=lines,
                groups=groups,
                facts_json=json.dumps(facts_dict, ensure_ascii=False, indent=2),
                LineStatus=LineStatus,
            )
        )


def version_or_404(request: HttpRequest, pk: int) -> PlanVersion:
    return _version(request, pk)


def household_plans_panel(
    request: HttpRequest, household: Any, page: dict[str, Any]
) -> dict[str, Any]:
    """The plan section of the household page: each case's latest version and its lines,
    and a compute button for the cases the user may compute."""
    user = request.user
    cases = {c.pk: c for c in page["cases"]}

    def allowed(action: str) -> set[int]:
        return {pk for pk, case in cases.items() if may(user, action, case)}

    computable, decidable = allowed("compute"), allowed("decide")
    versions = list(latest_versions(Case.objects.filter(pk__in=list(cases))))
    basis = inventory_basis_now(list(cases.values()))
    for v in versions:
        v.case = cases[v.case_id]
    names = item_names([version_key(v) for v in versions])
    for v in versions:
        wording = version_wording(v, names.get(version_key(v), {}))
        v.sorted_lines = wording.lines(v.lines.all())  # type: ignore[attr-defined]
        v.groups = group_totals(v)  # type: ignore[attr-defined]
        v.can_decide = v.status == PlanStatus.DRAFT and v.case_id in decidable  # type: ignore[attr-defined]
        v.inventory = basis.compare(v)  # type: ignore[attr-defined]
        v.case.held_version = v if v.is_held else None  # type: ignore[attr-defined]
    return {
        "versions": versions,
        "cases": [c for pk, c in cases.items() if pk in computable],
        "LineStatus": LineStatus,
        "PlanStatus": PlanStatus,
        "CensusStatus": CensusStatus,
    }


# -- a batch's plan: its state, its acts, and the acts this user may do ------------------

# action → (the permission, the states it starts from, its button).
ACT_RULES: dict[str, tuple[str, tuple[str, ...], Any]] = {
    "consult": ("plans.consult_planversion", (PlanStatus.POSTED,), _lazy("Ghi kết quả lấy ý kiến")),
    "submit": (
        "plans.submit_planversion",
        (PlanStatus.CONSULTED, PlanStatus.RETURNED),
        _lazy("Trình thẩm định"),
    ),
    "return": ("plans.appraise_planversion", (PlanStatus.SUBMITTED,), _lazy("Trả lại")),
    "appraise": ("plans.appraise_planversion", (PlanStatus.SUBMITTED,), _lazy("Thẩm định đạt")),
    "approve": ("plans.approve_planversion", (PlanStatus.APPRAISED,), _lazy("Phê duyệt")),
}


def available_acts(user: Any, batch_plan: BatchPlan) -> list[str]:
    """The acts this user may do on this batch plan now: its state and the user's role
    (nothing is offered that the service would refuse for the role)."""
    out = []
    for action, (perm, states, _label) in ACT_RULES.items():
        if batch_plan.status not in states or not may_act(user, perm, batch_plan):
            continue
        if action == "approve" and batch_plan.submitted_by_id == getattr(user, "pk", None):
            continue
        out.append(action)
    return out


def _batch_plan(request: HttpRequest, pk: int) -> BatchPlan:
    return scoped_object_or_404(
        BatchPlan.objects.select_related("batch__project", "commune", "project", "submitted_by"),
        request.user,
        pk=pk,
    )


def cost_rows(batch_plan: BatchPlan, sent: Any = None) -> list[dict[str, Any]]:
    """The organisation-cost estimate, one row per item of Decree 88/2024 Art. 27(4),
    (5): as recorded, or as just sent back with an error."""
    lines = {line.item: line for line in batch_plan.cost_lines.all()}
    rows = []
    for item, label in CostItem.choices:
        line = lines.get(item)
        rows.append(
            {
                "item": item,
                "label": label,
                "amount": sent.get(f"amount_{item}", "") if sent else (line.amount if line else ""),
                "basis": sent.get(f"basis_{item}", "") if sent else (line.basis if line else ""),
                "line": line,
            }
        )
    return rows


def render_batch_plan(
    request: HttpRequest,
    batch_plan: BatchPlan,
    bound: tuple[str, Any] | None = None,
    cost_error: str = "",
    status: int = 200,
) -> HttpResponse:
    """The batch plan page: status, posting dates and hash, the households it holds, the
    acts with their documents, and a form for each act this user may do now (`bound`: the
    form just sent back with its errors)."""
    user = request.user
    forms_by_action = {
        action: (bound[1] if bound and bound[0] == action else ACT_FORMS[action]())
        for action in available_acts(user, batch_plan)
    }
    versions = (
        PlanVersion.objects.restrict(user)
        .filter(batch_plan=batch_plan)
        .select_related("case__household__head")
        .order_by("case__household__code")
    )
    acts = batch_plan.acts.select_related("actor").order_by("created_at", "pk")
    return render(
        request,
        "plans/batchplan_detail.html",
        {
            "batch_plan": batch_plan,
            "versions": versions,
            "acts": acts,
            "forms": [(a, ACT_RULES[a][2], f) for a, f in forms_by_action.items()],
            # Land Law 2024 Art. 87(4)(b): the compensation organisation sends the notices.
            "sends_notices": batch_plan.status == PlanStatus.APPROVED
            and may_act(user, "plans.submit_planversion", batch_plan),
            "PlanStatus": PlanStatus,
            "PlanActKind": PlanActKind,
            "LineStatus": LineStatus,
            # Decree 88/2024 Art. 27: the estimate the organisation makes, approved with
            # the plan; editable by its officer until the plan is submitted.
            "cost_rows": cost_rows(batch_plan, request.POST if cost_error else None),
            "cost_total": sum(line.amount for line in batch_plan.cost_lines.all()),
            "cost_editable": batch_plan.status in COST_EDITABLE
            and may_act(user, "plans.submit_planversion", batch_plan),
            "cost_error": cost_error,
        },
        status=status,
    )


class BatchPlanDetailView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return render_batch_plan(request, _batch_plan(request, pk))


class CostEstimateView(LoginRequiredMixin, View):
    """Record the organisation-cost estimate of a batch plan (Decree 88/2024 Art. 27):
    the service checks the role and the plan's state; an error comes back on the page
    with what was typed, nothing written."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        batch_plan = _batch_plan(request, pk)
        user = acting_user(request)
        items: dict[str, tuple[int, str]] = {}
        try:
            for item, label in CostItem.choices:
                text = request.POST.get(f"amount_{item}", "")
                try:
                    amount = parse_number(text, NumberKind.MONEY)
                except NumberFormatError as exc:
                    raise PlanError(f"{label}: {exc}") from exc
                items[item] = (int(amount or 0), request.POST.get(f"basis_{item}", ""))
            cost_estimate_record(
                batch_plan=batch_plan,
                items=items,
                actor=user,
                reason=request.POST.get("reason", ""),
            )
        except PlanError as exc:
            return render_batch_plan(request, batch_plan, cost_error=str(exc), status=400)
        messages.success(request, _("Đã ghi dự toán chi phí tổ chức thực hiện."))
        return redirect("plans:batchplan_detail", pk=batch_plan.pk)


class BatchPlanActView(LoginRequiredMixin, View):
    """One act on a batch plan (consult, submit, return, appraise, approve): the form is
    checked, then the service, which checks the role again and every gate of the law."""

    action = ""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        batch_plan = _batch_plan(request, pk)
        user = acting_user(request)
        perm = ACT_RULES[self.action][0]
        if not may_act(user, perm, batch_plan):
            raise NotPermitted(_("Bạn không được phân công làm việc này với phương án này."))
        form = ACT_FORMS[self.action](request.POST)
        if not form.is_valid():
            return render_batch_plan(request, batch_plan, (self.action, form))
        data = form.cleaned_data
        try:
            if self.action == "consult":
                plan_consult(batch_plan=batch_plan, actor=user, **data)
            elif self.action == "submit":
                plan_submit(batch_plan=batch_plan, actor=user, **data)
            elif self.action == "return":
                plan_return(batch_plan=batch_plan, actor=user, **data)
            elif self.action == "appraise":
                plan_appraise(batch_plan=batch_plan, actor=user, **data)
            else:
                plan_approve(batch_plan=batch_plan, actor=user, **data)
        except PlanError as exc:
            form.add_error(None, str(exc))
            return render_batch_plan(request, batch_plan, (self.action, form))
        messages.success(request, _("Đã ghi: %(act)s.") % {"act": ACT_RULES[self.action][2]})
        return redirect("plans:batchplan_detail", pk=batch_plan.pk)


class BatchPlansView(LoginRequiredMixin, View):
    """A batch's plans, commune by commune (those the user sees): the drafts not yet
    posted, with the posting form for whoever posts there, and every batch plan with its
    state. The posting form comes back here with its errors."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.page(
            request,
            scoped_object_or_404(Batch.objects.select_related("project"), request.user, pk=pk),
        )

    def page(
        self, request: HttpRequest, batch: Batch, bound: tuple[int, PlanPostForm] | None = None
    ) -> HttpResponse:
        user = request.user
        seen = PlanVersion.objects.restrict(user).filter(case__batch=batch)
        drafts = {
            (r["commune"], r["result_status"]): r["n"]
            for r in seen.filter(status=PlanStatus.DRAFT)
            .order_by()
            .values("commune", "result_status")
            .annotate(n=Count("pk"))
        }
        plans = list(
            BatchPlan.objects.restrict(user)
            .filter(batch=batch)
            .select_related("commune")
            .order_by("commune__name", "-pk")
        )
        communes = []
        for segment in batch.project.segments.select_related("commune").order_by("commune__name"):
            commune = segment.commune
            probe = BatchPlan(project=batch.project, commune=commune, batch=batch)
            if not may(user, "view", probe):
                continue
            ready = drafts.get((commune.pk, LineStatus.OK), 0)
            unsettled = sum(
                n for (c, s), n in drafts.items() if c == commune.pk and s != LineStatus.OK
            )
            can_post = (ready or unsettled) and may_act(user, "plans.post_planversion", probe)
            communes.append(
                {
                    "commune": commune,
                    "ready": ready,
                    "unsettled": unsettled,
                    "form": (
                        bound[1]
                        if bound and bound[0] == commune.pk
                        else (PlanPostForm() if can_post else None)
                    ),
                    "plans": [p for p in plans if p.commune_id == commune.pk],
                }
            )
        return render(
            request,
            "plans/batch_plans.html",
            {"batch": batch, "communes": communes, "PlanStatus": PlanStatus},
        )


class BatchPlanPostView(BatchPlansView):
    """Post the drafts of a batch in one commune (the commune land officer)."""

    def post(self, request: HttpRequest, pk: int, commune_pk: int) -> HttpResponse:
        batch = scoped_object_or_404(Batch.objects.select_related("project"), request.user, pk=pk)
        segment = (
            batch.project.segments.filter(commune_id=commune_pk).select_related("commune").first()
        )
        if segment is None:
            raise Http404
        user = acting_user(request)
        probe = BatchPlan(project=batch.project, commune=segment.commune, batch=batch)
        if not may_act(user, "plans.post_planversion", probe):
            raise NotPermitted(
                _("Việc niêm yết do cán bộ địa chính xã/phường được phân công thực hiện.")
            )
        form = PlanPostForm(request.POST)
        if not form.is_valid():
            return self.page(request, batch, (commune_pk, form))
        try:
            act = plan_post(batch=batch, commune_id=commune_pk, actor=user, **form.cleaned_data)
        except PlanError as exc:
            form.add_error(None, str(exc))
            return self.page(request, batch, (commune_pk, form))
        messages.success(request, _("Đã niêm yết %(n)s phương án.") % {"n": act.version_count})
        return redirect("plans:batchplan_detail", pk=act.batch_plan_id)


class WorklistView(LoginRequiredMixin, TemplateView):
    """What waits for the user's roles: overdue first, then by due date."""

    template_name = "plans/worklist.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["items"] = waiting_for(self.request.user)
        return context
