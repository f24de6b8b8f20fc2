"""The resettlement pages: the sites a user works on, one site with its plots and draws,
one draw with what was published and what was drawn."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from gpmb.core.permissions import may
from gpmb.core.views import acting_user, scoped_object_or_404
from gpmb.projects.models import Batch, Project
from gpmb.resettlement import draw as rule
from gpmb.resettlement.choices import DrawStatus
from gpmb.resettlement.forms import DrawPublishForm, DrawRunForm
from gpmb.resettlement.models import Allocation, Draw, Site
from gpmb.resettlement.queries import project_standing
from gpmb.resettlement.services import ResettlementError, draw_publish, draw_run, plot_order


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
