"""The resettlement pages: the sites a user works on, one site with its plots and draws,
one draw with what was published and what was drawn."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import TemplateView

from gpmb.cases.models import Case
from gpmb.core.models import Upload
from gpmb.core.permissions import may
from gpmb.core.uploads import receives_upload, too_large_message, upload_receive
from gpmb.core.views import acting_user, scoped_object_or_404
from gpmb.geo.crs import CRSError, parse_epsg
from gpmb.projects.models import Batch, Project
from gpmb.resettlement import draw as rule
from gpmb.resettlement.choices import DrawStatus
from gpmb.resettlement.forms import (
    DebtRequestForm,
    DrawPublishForm,
    DrawRunForm,
    EntitlementAnswerForm,
    EntitlementConfirmForm,
    PlotFileForm,
)
from gpmb.resettlement.importing import plots_prepare
from gpmb.resettlement.models import Allocation, Draw, Site
from gpmb.resettlement.queries import batch_proposals, plots_geojson, project_standing
from gpmb.resettlement.services import (
    ResettlementError,
    debt_request,
    draw_publish,
    draw_run,
    entitlement_answer,
    entitlement_confirm,
    plot_order,
    plots_import,
)


def _errors(request: HttpRequest, form: Any) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))


class SiteListView(LoginRequiredMixin, TemplateView):
    template_name = "resettlement/site_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        sites = Site.objects.restrict(self.request.user).select_related("commune")
        context["sites"] = sites.prefetch_related("projects", "plots")
        return context


def _batches(user: Any, site: Site) -> list[Batch]:
    return list(
        Batch.objects.restrict(user)
        .filter(project__in=site.projects.all())
        .select_related("project")
        .order_by("project__code", "code")
    )


class SiteDetailView(LoginRequiredMixin, TemplateView):
    template_name = "resettlement/site_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        site = scoped_object_or_404(Site.objects.select_related("commune"), user, pk=kwargs["pk"])
        in_force = {
            a.plot_id: a
            for a in Allocation.objects.filter(
                plot__site=site, refused_on__isnull=True
            ).select_related("case__household", "case__batch")
        }
        plots = sorted(site.plots.all(), key=lambda p: plot_order(p.number))
        context.update(
            site=site,
            rows=[(p, in_force.get(p.pk)) for p in plots],
            free=sum(1 for p in plots if p.pk not in in_force),
            draws=Draw.objects.restrict(user).filter(site=site).select_related("batch"),
            batches=_batches(user, site) if may(user, "change", site) else [],
            today=timezone.localdate(),
            statuses=DrawStatus,
        )
        return context


class ProjectResettlementView(LoginRequiredMixin, TemplateView):
    """One project's resettlement on schedule: who needs a place, the plots ready, and the
    households whose handover falls before their plot can be handed over."""

    template_name = "resettlement/project.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        project = scoped_object_or_404(Project.objects.all(), user, code=kwargs["code"])
        context.update(
            project=project,
            standing=project_standing(user, project),
            batches=Batch.objects.restrict(user).filter(project=project).order_by("code"),
            sites=Site.objects.restrict(user).filter(projects=project).select_related("commune"),
        )
        return context


@login_required
@require_POST
def draw_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    site = scoped_object_or_404(Site.objects.all(), user, "change", pk=pk)
    batches = {b.pk: b for b in _batches(user, site)}
    form = DrawPublishForm(request.POST, batches=[(pk, str(b)) for pk, b in batches.items()])
    if not form.is_valid():
        _errors(request, form)
        return redirect("resettlement:site_detail", pk=site.pk)
    try:
        draw = draw_publish(
            actor=user,
            site=site,
            batch=batches[form.cleaned_data["batch"]],
            on=form.cleaned_data["published_on"],
        )
    except ResettlementError as exc:
        messages.error(request, str(exc))
        return redirect("resettlement:site_detail", pk=site.pk)
    messages.success(request, _("Đã công bố danh sách bốc thăm và mã băm hạt giống."))
    return redirect("resettlement:draw_detail", pk=draw.pk)


class DrawDetailView(LoginRequiredMixin, TemplateView):
    template_name = "resettlement/draw_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        draw = scoped_object_or_404(
            Draw.objects.select_related("site", "batch__project"), user, pk=kwargs["pk"]
        )
        context.update(
            draw=draw,
            allocations=draw.allocations.select_related("case__household", "plot").order_by("pk"),
            may_run=draw.status == "published" and may(user, "change", draw),
            today=timezone.localdate(),
            statuses=DrawStatus,
        )
        return context


def draw_inputs(request: HttpRequest, pk: int) -> HttpResponse:
    """The published inputs, byte for byte the text whose hash the page shows."""
    if not request.user.is_authenticated:
        return redirect("login")
    draw = scoped_object_or_404(Draw.objects.all(), request.user, pk=pk)
    response = HttpResponse(rule.canonical(draw.inputs), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="boc-tham-{draw.pk}.json"'
    return response


@login_required
@require_POST
def draw_run_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    draw = scoped_object_or_404(Draw.objects.all(), user, "change", pk=pk)
    form = DrawRunForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
        return redirect("resettlement:draw_detail", pk=draw.pk)
    try:
        made = draw_run(
            actor=user,
            draw=draw,
            public_value=form.cleaned_data["public_value"],
            on=form.cleaned_data["drawn_on"],
        )
    except ResettlementError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã bốc thăm: %(n)d lô được bố trí.") % {"n": len(made)})
    return redirect("resettlement:draw_detail", pk=draw.pk)


class BatchEntitlementsView(LoginRequiredMixin, TemplateView):
    """The batch's households whose residential land is recovered, each with the
    entitlement the engine proposes from its facts (gpmb.engine.entitlement), the
    questions to answer first, and the officer's confirmation with the household's choice."""

    template_name = "resettlement/batch_entitlements.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        batch = scoped_object_or_404(Batch.objects.select_related("project"), user, pk=kwargs["pk"])
        rows = batch_proposals(user, batch)
        context.update(
            batch=batch,
            rows=rows,
            questions=EntitlementAnswerForm.base_fields["question"].choices,  # type: ignore[attr-defined]
            choices=EntitlementConfirmForm.base_fields["choice"].choices,  # type: ignore[attr-defined]
            today=timezone.localdate(),
        )
        return context


def _case_for(request: HttpRequest, pk: int) -> tuple[Any, Case]:
    user = acting_user(request)
    return user, scoped_object_or_404(Case.objects.select_related("household"), user, pk=pk)


@login_required
@require_POST
def entitlement_answer_view(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = _case_for(request, pk)
    form = EntitlementAnswerForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
    else:
        try:
            entitlement_answer(
                actor=user,
                case=case,
                question=form.cleaned_data["question"],
                answer=form.cleaned_data["answer"],
                reason=form.cleaned_data["reason"],
                on=form.cleaned_data["answered_on"],
            )
        except ResettlementError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("Đã ghi câu trả lời của hộ %(h)s.") % {"h": case.household.code}
            )
    return redirect("resettlement:batch_entitlements", pk=case.batch_id)


@login_required
@require_POST
def entitlement_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    user, case = _case_for(request, pk)
    form = EntitlementConfirmForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
    else:
        try:
            entitlement_confirm(
                actor=user,
                case=case,
                choice=form.cleaned_data["choice"],
                choice_date=form.cleaned_data["choice_date"],
            )
        except ResettlementError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Đã xác nhận quyền tái định cư của hộ %(h)s.") % {"h": case.household.code},
            )
    return redirect("resettlement:batch_entitlements", pk=case.batch_id)


# -- plots with their geometry: upload → preview → confirm, and the site's map ----------


def _site_upload(request: HttpRequest, pk: int) -> tuple[Upload, Site]:
    """An upload is worked on by the user who sent it, on a site they may change."""
    upload = (
        Upload.objects.filter(pk=pk, kind="plots", created_by=request.user.pk)
        .exclude(options__site=None)
        .first()
    )
    if upload is None:
        raise Http404
    site = scoped_object_or_404(
        Site.objects.all(), request.user, "change", pk=upload.options["site"]
    )
    return upload, site


@login_required
@receives_upload("plots")
@require_http_methods(["GET", "POST"])
def plots_upload(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    site = scoped_object_or_404(Site.objects.all(), user, "change", pk=pk)
    form = PlotFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if request.upload_refused:  # type: ignore[attr-defined]
            form.add_error(None, too_large_message("plots"))
        elif form.is_valid():
            epsg = None
            if form.cleaned_data["crs"]:
                try:
                    epsg = parse_epsg(form.cleaned_data["crs"])
                except CRSError as exc:
                    form.add_error("crs", str(exc))
            if not form.errors:
                upload = upload_receive(
                    file=form.cleaned_data["file"],
                    kind="plots",
                    actor=user,
                    project=site.projects.order_by("pk").first(),
                )
                upload.options = {"site": site.pk, "epsg": epsg}
                upload.save(update_fields=["options"])
                return redirect("resettlement:plots_preview", pk=upload.pk)
    return render(request, "resettlement/plots_upload.html", {"site": site, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def plots_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """What the file would write (GET); writing it all, or nothing (POST)."""
    upload, site = _site_upload(request, pk)
    report = plots_prepare(
        site,
        Path(upload.file.path),
        name=upload.original_name,
        given_epsg=upload.options.get("epsg"),
    )
    if request.method == "POST":
        try:
            added, updated = plots_import(actor=acting_user(request), site=site, report=report)
        except ResettlementError as exc:
            messages.error(request, str(exc))
        else:
            upload.used_at = timezone.now()
            upload.save(update_fields=["used_at"])
            messages.success(
                request,
                _("Đã nhập %(a)d lô mới và hình thể của %(u)d lô.") % {"a": added, "u": updated},
            )
            return redirect("resettlement:site_map", pk=site.pk)
    return render(
        request,
        "resettlement/plots_preview.html",
        {"site": site, "upload": upload, "report": report},
    )


# Colours of a plot's state on the map (and its legend).
PLOT_STATES = (
    ("free", "#2e7d32", gettext_lazy("Còn trống")),
    ("allocated", "#1565c0", gettext_lazy("Đã bố trí")),
    ("refused", "#c62828", gettext_lazy("Đã bị từ chối, chờ bố trí lại")),
)


class SiteMapView(LoginRequiredMixin, TemplateView):
    template_name = "resettlement/site_map.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        site = scoped_object_or_404(Site.objects.all(), user, pk=kwargs["pk"])
        context.update(
            site=site,
            legend=[(colour, label) for _state, colour, label in PLOT_STATES],
            config={
                "features": reverse("resettlement:site_plots", args=[site.pk]),
                "colours": {state: colour for state, colour, _label in PLOT_STATES},
            },
            may_import=may(user, "change", site),
            without_geometry=site.plots.filter(geometry__isnull=True).count(),
        )
        return context


def site_plots(request: HttpRequest, pk: int) -> HttpResponse:
    """The site's plots as GeoJSON in WGS 84, each with its state and, when allocated,
    the household's code (nothing personal)."""
    if not request.user.is_authenticated:
        return redirect("login")
    site = scoped_object_or_404(Site.objects.all(), request.user, pk=pk)
    return JsonResponse(plots_geojson(site))


@login_required
@require_POST
def debt_request_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The household's request to record its plot's fee as debt, with its commitment to
    hand over on time (Decree 88 Art. 26)."""
    user, case = _case_for(request, pk)
    form = DebtRequestForm(request.POST)
    if not form.is_valid():
        _errors(request, form)
    else:
        try:
            debt_request(
                actor=user,
                case=case,
                on=form.cleaned_data["requested_on"],
                commitment=form.cleaned_data["commitment"],
            )
        except ResettlementError as exc:
            messages.error(request, str(exc))
        else:
            done = _("Đã ghi đề nghị ghi nợ tiền sử dụng đất của hộ %(h)s.") % {
                "h": case.household.code
            }
            messages.success(request, done)
    return redirect("resettlement:batch_entitlements", pk=case.batch_id)
