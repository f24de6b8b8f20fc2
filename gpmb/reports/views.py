"""Project pages: the projects a user works on with their progress, and one project's
progress by commune, batch and step, with its plans — counted where it matters, at the
handover of the site."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, HttpRequest
from django.views.generic import TemplateView, View

from gpmb.cases.choices import CaseStatus
from gpmb.cases.models import Case
from gpmb.cases.queries import household_list_filters
from gpmb.core.permissions import project_reach
from gpmb.core.views import ScopedListView, scoped_object_or_404
from gpmb.payments.queries import glance
from gpmb.plans.choices import LineStatus
from gpmb.plans.queries import plan_summary, waiting_for
from gpmb.projects.models import Project
from gpmb.reports.exports import household_workbook
from gpmb.reports.queries import NO_PROGRESS, case_progress, recovered_area


class ProjectListView(ScopedListView):
    """The projects the user works on, each with its progress."""

    queryset = Project.objects.select_related("province")
    template_name = "reports/project_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        progress = case_progress(self.request.user, "project")
        for project in context["object_list"]:
            project.progress = progress.get(project.pk, NO_PROGRESS)
        # What waits for this user's roles (gpmb.plans): the start page shows it first.
        context["worklist"] = waiting_for(self.request.user)
        return context


class ProjectDetailView(LoginRequiredMixin, TemplateView):
    template_name = "reports/project_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        project = scoped_object_or_404(Project.objects.all(), user, code=self.kwargs["code"])
        by_commune = case_progress(user, "commune", project=project)
        by_batch = case_progress(user, "batch", project=project)
        by_status = case_progress(user, "status", project=project)
        segments = [
            {"segment": s, "progress": by_commune[s.commune_id]}
            for s in project.segments.select_related("commune")
            if s.commune_id in by_commune
        ]
        batches = [
            {"batch": b, "progress": by_batch.get(b.pk, NO_PROGRESS)} for b in project.batches.all()
        ]
        totals = {
            key: sum(p[key] for p in by_commune.values())
            for key in ("total", "approved", "paid", "handed_over")
        }
        cases = Case.objects.restrict(user).filter(project=project)
        context.update(
            project=project,
            plan_summary=plan_summary(cases),
            can_compute=Case.objects.restrict(user, "compute").filter(project=project).exists(),
            can_import_parcels=project_reach(user, "parcels.add_parcel", project.pk).any,
            segments=segments,
            batches=batches,
            totals=totals,
            statuses=[(s, by_status.get(s.value, {}).get("total", 0)) for s in CaseStatus],
            area=recovered_area(user, project.pk),
            # Money and land at a glance: the cases whose payments the user may see.
            glance=glance(
                Case.objects.restrict(user, "payments.view_ledgerentry").filter(project=project)
            ),
            CaseStatus=CaseStatus,
            LineStatus=LineStatus,
        )
        return context


class HouseholdExportView(LoginRequiredMixin, View):
    """The household list, as filtered on its page, as an Excel workbook."""

    def get(self, request: HttpRequest) -> FileResponse:
        buffer = BytesIO()
        household_workbook(request.user, buffer, **household_list_filters(request.GET))
        buffer.seek(0)
        return FileResponse(
            buffer,
            as_attachment=True,
            filename="danh-sach-ho.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
