"""Downloads: the detailed plan of a household and the summary table of a project or
batch (XLSX or DOCX), and a household's inventory record (DOCX)."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.views import View

from gpmb.cases.models import Case
from gpmb.census.services import current_census
from gpmb.core.models import record_event
from gpmb.core.permissions import may
from gpmb.core.roles import PERSONAL_DATA
from gpmb.core.views import scoped_object_or_404
from gpmb.documents.inventory import inventory_record_docx
from gpmb.documents.plans import plan_sheet_docx, plan_sheet_xlsx, summary_docx, summary_xlsx
from gpmb.plans.models import PlanVersion
from gpmb.plans.queries import latest_versions
from gpmb.projects.models import Batch, Project

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _download(data: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


class PlanSheetView(LoginRequiredMixin, View):
    """The detailed plan (phương án chi tiết) of one version. It is the household's own
    document: personal data in full for roles that may read it, masked otherwise."""

    def get(self, request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
        if fmt not in CONTENT_TYPES:
            raise Http404
        version = scoped_object_or_404(
            PlanVersion.objects.select_related(
                "case__household__head",
                "case__batch",
                "case__project__province",
                "case__commune",
                "pack",
            ),
            request.user,
            pk=pk,
        )
        reveal = may(request.user, PERSONAL_DATA, version)
        build = plan_sheet_xlsx if fmt == "xlsx" else plan_sheet_docx
        data = build(version, reveal=reveal)
        record_event(
            actor=request.user,
            kind="documents.plan_sheet",
            message=f"Xuất phương án chi tiết {version} ({fmt})",
            target=version,
        )
        return _download(data, fmt, f"phuong-an-{version.case.household.code}-v{version.number}")


class ProjectSummaryView(LoginRequiredMixin, View):
    """The summary table of a project (or `?batch=CODE`): for public posting, national
    IDs and phones masked; `?full=1` gives them to roles that may read them."""

    def get(self, request: HttpRequest, code: str, fmt: str) -> HttpResponse:
        if fmt not in CONTENT_TYPES:
            raise Http404
        user = request.user
        project = scoped_object_or_404(Project.objects.select_related("province"), user, code=code)
        cases = Case.objects.restrict(user).filter(project=project)
        title = project.name
        batch_code = request.GET.get("batch")
        if batch_code:
            batch = Batch.objects.filter(project=project, code=batch_code).first()
            if batch is None:
                raise Http404
            cases = cases.filter(batch=batch)
            title = f"{project.name} — {batch.name}"
        # For posting, IDs and phones are masked; `?full=1` shows them for the cases whose
        # personal data the user's assignments reach, and only those.
        revealed: set[int] = set()
        if request.GET.get("full"):
            revealed = set(cases.restrict(user, PERSONAL_DATA).values_list("pk", flat=True))
        versions = list(
            latest_versions(cases, lines=False)
            .select_related("case__household__head", "commune")
            .order_by("case__household__code")
        )
        if fmt == "xlsx":
            data = summary_xlsx(title, versions, revealed=revealed)
        else:
            data = summary_docx(title, versions, project=project, revealed=revealed)
        record_event(
            actor=user,
            kind="documents.plan_summary",
            message=f"Xuất bảng tổng hợp {project.code} ({fmt}, {len(versions)} hộ)",
            target=project,
            data={"revealed": len(revealed), "batch": batch_code or ""},
        )
        suffix = f"-{batch_code}" if batch_code else ""
        return _download(data, fmt, f"tong-hop-{project.code}{suffix}")


class InventoryRecordView(LoginRequiredMixin, View):
    """The inventory record (biên bản kiểm đếm) of a case's household in its current
    round, to print and sign."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        # A household's inventory: not found for a role that does not see inventories.
        cases = Case.objects.restrict(request.user, "census.view_inventoryitem")
        case = scoped_object_or_404(
            cases.select_related("project__province", "batch", "household", "commune"),
            request.user,
            pk=pk,
        )
        census = current_census(case)
        if census is None:
            raise Http404
        data = inventory_record_docx(
            case, census, reveal_ids=may(request.user, PERSONAL_DATA, case)
        )
        return _download(data, "docx", f"bien-ban-kiem-dem-{case.household.code}")
