"""Plan pages: compute a project, a version's lines, the diff against the previous
version, deciding an ambiguous line, submitting, and the what-if calculator."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from gpmb.cases.models import Case
from gpmb.census.choices import CensusStatus
from gpmb.core.jobs import job_start
from gpmb.core.permissions import NotPermitted, may
from gpmb.core.views import acting_user, scoped_object_or_404
from gpmb.engine import CaseFacts, FactsError, compute
from gpmb.plans.choices import LineGroup, LineStatus, PlanStatus
from gpmb.plans.facts import inventory_basis_now
from gpmb.plans.forms import CalculatorForm, DecideForm
from gpmb.plans.jobs import COMPUTE
from gpmb.plans.models import CalculationLine, PlanVersion
from gpmb.plans.queries import compared_version, group_totals, latest_versions
from gpmb.plans.services import PlanError, case_compute, line_decide, plan_diff
from gpmb.plans.services import plan_submit as submit_service
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
        lines = list(version.lines.all())
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
        context.update(line=self.line, version=self.line.plan, LineStatus=LineStatus)
        return context


class PlanSubmitView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        version = _version(request, pk)
        if not may(request.user, "compute", version.case):
            raise NotPermitted(_("Bạn không có quyền trình phương án của hồ sơ này."))
        try:
            submit_service(
                plan=version, actor=acting_user(request), note=request.POST.get("note", "")
            )
        except PlanError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã trình phương án."))
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
        lines = result.lines if result else []
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
        v.sorted_lines = list(v.lines.all())  # type: ignore[attr-defined]
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
