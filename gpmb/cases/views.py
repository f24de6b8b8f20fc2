"""The household pages: the list of the households the user works on, and one
household's case file (its members and cases here; its parcels, inventory and plans in
the panels the higher apps add to the "household" slot, see gpmb.core.panels)."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from gpmb.cases.choices import CaseStatus, StepState
from gpmb.cases.exports import grid_workbook
from gpmb.cases.forms import HouseholdForm, StepRecordForm
from gpmb.cases.models import Case, Step
from gpmb.cases.queries import (
    GRID_FILTERS,
    STEP_DOCUMENTS,
    batch_grid,
    case_steps,
    household_list,
    household_list_filters,
    worklist,
)
from gpmb.cases.services import (
    ACT_STEPS,
    StepDocument,
    StepError,
    steps_not_applicable,
    steps_record,
)
from gpmb.core.models import EditConflict
from gpmb.core.panels import render_panels
from gpmb.core.permissions import NotPermitted, grants, may
from gpmb.core.roles import PERSONAL_DATA
from gpmb.core.views import acting_user, scoped_object_or_404
from gpmb.parties.models import Household, HouseholdMember
from gpmb.parties.services import HOUSEHOLD_FIELDS, PartyEditError, household_update
from gpmb.projects.models import AdminUnit, Batch, Project


class HouseholdListView(LoginRequiredMixin, TemplateView):
    template_name = "cases/household_list.html"
    paginate_by = 50

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        params = household_list_filters(self.request.GET)
        page = Paginator(household_list(user, **params), self.paginate_by).get_page(
            self.request.GET.get("page")
        )
        context.update(
            page=page,
            params=params,
            projects=Project.objects.restrict(user),
            communes=AdminUnit.objects.filter(
                pk__in=Case.objects.restrict(user).values("commune_id")
            ).order_by("name"),
            statuses=CaseStatus.choices,
            CaseStatus=CaseStatus,
        )
        return context


class HouseholdDetailView(LoginRequiredMixin, TemplateView):
    template_name = "cases/household_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        household = scoped_object_or_404(
            Household.objects.select_related("head", "commune"), user, pk=self.kwargs["pk"]
        )
        cases = list(
            Case.objects.restrict(user)
            .filter(household=household)
            .select_related("project", "batch", "commune", "household")
        )
        today = timezone.localdate()
        context.update(
            household=household,
            steps=case_steps(user, cases, today),
            step_documents=STEP_DOCUMENTS,
            today=today,
            StepState=StepState,
            members=HouseholdMember.objects.filter(household=household).select_related("party"),
            cases=cases,
            CaseStatus=CaseStatus,
            # National IDs, phones and address (Decree 13/2023): where the user's
            # assignments reaching this household's cases grant them.
            show_ids=any(may(user, PERSONAL_DATA, c) for c in cases),
            can_view_history=any(may(user, "core.view_objectchange", c) for c in cases),
            # From the cases' own columns, without asking the database; the edit page
            # checks the household itself.
            can_edit=any(may(user, "parties.change_household", c) for c in cases),
        )
        context["panels"] = render_panels("household", self.request, household, context)
        return context


# -- steps ------------------------------------------------------------------------------


def _batch(request: HttpRequest, pk: int) -> Batch:
    """The batch if the user sees it (404 otherwise) and may see its steps (403)."""
    batch = scoped_object_or_404(Batch.objects.select_related("project"), request.user, pk=pk)
    scopes = grants(request.user, Step, "view")
    if scopes is not None and not scopes:
        raise NotPermitted(_("Bạn không có quyền xem các bước thủ tục."))
    return batch


def _grid_params(request: HttpRequest) -> dict[str, str]:
    return {name: str(request.GET.get(name, "")).strip() for name in GRID_FILTERS}


class BatchStepsView(LoginRequiredMixin, TemplateView):
    """A batch's households × steps grid: filter, select, record one step with one
    document, export."""

    template_name = "cases/batch_steps.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        batch = _batch(self.request, self.kwargs["pk"])
        params = _grid_params(self.request)
        today = timezone.localdate()
        columns, rows = batch_grid(user, batch, today, **params)
        recordable = set(
            Step.objects.restrict(user, "record")
            .filter(case__batch=batch)
            .values_list("case_id", flat=True)
            .distinct()
        )
        context.update(
            batch=batch,
            columns=columns,
            rows=rows,
            params=params,
            today=today,
            recordable=recordable,
            statuses=CaseStatus.choices,
            states=[
                (StepState.OVERDUE, StepState.OVERDUE.label),
                (StepState.DUE_SOON, StepState.DUE_SOON.label),
            ],
            communes=AdminUnit.objects.filter(
                pk__in=Case.objects.restrict(user).filter(batch=batch).values("commune_id")
            ).order_by("name"),
            form=kwargs.get("form") or StepRecordForm(case_ids=[]),
            CaseStatus=CaseStatus,
            StepState=StepState,
        )
        return context


@login_required
@require_POST
def batch_steps_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Record one step for the selected households with one document (or mark it not
    applicable with one reason). Every selected case must be within the user's reach
    for recording, or nothing is done (403); the service then checks each step's role."""
    batch = _batch(request, pk)
    user = acting_user(request)
    try:
        selected = {int(v) for v in request.POST.getlist("cases")}
    except ValueError:
        selected = set()
    reach = set(
        Step.objects.restrict(user, "record")
        .filter(case__batch=batch, case__in=selected)
        .values_list("case_id", flat=True)
    )
    if not reach or selected - reach:
        raise NotPermitted(_("Có hồ sơ đã chọn ngoài phạm vi bạn được ghi nhận."))
    form = StepRecordForm(request.POST, case_ids=sorted(reach))
    back = reverse("cases:batch_steps", args=[batch.pk]) + "?" + request.GET.urlencode()
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                label = form.fields[field].label if field in form.fields else ""
                messages.error(request, f"{label}: {error}" if label else str(error))
        return redirect(back)
    data = form.cleaned_data
    if data["code"] in ACT_STEPS:
        messages.error(
            request,
            _("Bước này được ghi nhận cùng với việc làm ra nó: %(where)s.")
            % {"where": ACT_STEPS[data["code"]]},
        )
        return redirect(back)
    cases = list(Case.objects.filter(pk__in=data["cases"], batch=batch))
    try:
        if data["action"] == StepRecordForm.NOT_APPLICABLE:
            n = steps_not_applicable(
                cases=cases, code=data["code"], reason=data["reason"], actor=user
            )
        else:
            document = (
                StepDocument(
                    data["document_number"],
                    data["document_date"] or data["done_date"],
                    data["document_signer"],
                )
                if data["document_number"]
                else None
            )
            n = steps_record(
                cases=cases,
                code=data["code"],
                done_date=data["done_date"],
                document=document,
                actor=user,
            )
    except StepError as exc:
        messages.error(request, str(exc))
        return redirect(back)
    messages.success(request, _("Đã ghi nhận cho %(n)s hồ sơ.") % {"n": n})
    return redirect(back)


@login_required
def batch_steps_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The grid, as the page filters it, in Excel: one row per household, per step its
    due date, done date, document number, or "not applicable" and the reason."""
    batch = _batch(request, pk)
    today = timezone.localdate()
    columns, rows = batch_grid(request.user, batch, today, **_grid_params(request))
    out = io.BytesIO()
    grid_workbook(out, batch, columns, rows)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="buoc-thu-tuc-{batch.project.code}-{batch.code}.xlsx"'
    )
    return response


class WorklistView(LoginRequiredMixin, TemplateView):
    """ "Việc của tôi": the steps waiting for the user's roles, overdue first."""

    template_name = "cases/worklist.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context.update(groups=worklist(self.request.user, today), today=today)
        return context


class HouseholdEditView(LoginRequiredMixin, View):
    """Edit what the law reads of a household (parties.services.household_update): the
    officer's, with the commune's confirmation as the reason."""

    template_name = "cases/household_edit.html"

    def get_household(self, request: HttpRequest, pk: int) -> Household:
        return scoped_object_or_404(
            Household.objects.select_related("head"), request.user, "change", pk=pk
        )

    def form(self, household: Household, data: Any = None) -> HouseholdForm:
        initial = {f: getattr(household, f) for f in HOUSEHOLD_FIELDS}
        return HouseholdForm(data, initial={**initial, "seen": household.edit_stamp})

    def page(self, request: HttpRequest, household: Household, form: HouseholdForm) -> HttpResponse:
        return render(request, self.template_name, {"household": household, "form": form})

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        household = self.get_household(request, pk)
        return self.page(request, household, self.form(household))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        household = self.get_household(request, pk)
        form = self.form(household, request.POST)
        if not form.is_valid():
            return self.page(request, household, form)
        try:
            household_update(
                actor=acting_user(request),
                household=household,
                data={f: form.cleaned_data[f] for f in HOUSEHOLD_FIELDS},
                reason=form.cleaned_data["reason"],
                seen=form.cleaned_data["seen"] or None,
            )
        except (EditConflict, PartyEditError) as exc:
            form.add_error(None, str(exc))
            return self.page(request, household, form)
        messages.success(request, _("Đã lưu hộ %(code)s.") % {"code": household.code})
        return redirect("cases:household_detail", pk=household.pk)
