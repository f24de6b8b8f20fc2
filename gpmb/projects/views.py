from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import TemplateView

from gpmb.core.views import restricted_object_or_404
from gpmb.plans.choices import CaseStatus
from gpmb.projects.models import Project
from gpmb.projects.queries import NO_PROGRESS, case_progress, recovered_area


class ProjectListView(LoginRequiredMixin, TemplateView):
    template_name = "projects/project_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        projects = list(Project.objects.restrict(user).select_related("province"))
        progress = case_progress(user, "project")
        for project in projects:
            project.progress = progress.get(project.pk, NO_PROGRESS)  # type: ignore[attr-defined]
        context["projects"] = projects
        return context


class ProjectDetailView(LoginRequiredMixin, TemplateView):
    template_name = "projects/project_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        project = restricted_object_or_404(Project.objects.all(), user, code=self.kwargs["code"])
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
        context.update(
            project=project,
            segments=segments,
            batches=batches,
            totals=totals,
            statuses=[(s, by_status.get(s.value, {}).get("total", 0)) for s in CaseStatus],
            area=recovered_area(user, project.pk),
            CaseStatus=CaseStatus,
        )
        return context
