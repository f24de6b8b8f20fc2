"""Downloads: the detailed plan of a household and the summary table of a project or
batch (XLSX, DOCX or PDF), a household's inventory record (DOCX or PDF), and the
documents of a batch plan's legal chain (the approval decision, the public posting list,
the notices to the households, one or all of them as a job). A PDF is the
DOCX converted by LibreOffice; where it is not installed, or a replaced template cannot
render, the answer is a 503 page that says why and what still works."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from gpmb.cases.models import Case, Step
from gpmb.census.services import current_census
from gpmb.core.jobs import job_start
from gpmb.core.models import record_event
from gpmb.core.permissions import NotPermitted, may
from gpmb.core.roles import PERSONAL_DATA
from gpmb.core.views import acting_user, own_job_or_404, scoped_object_or_404
from gpmb.documents.chain import (
    ACT_DOCUMENTS,
    act_document_docx,
    approval_decision_docx,
    household_notice_docx,
    posting_list_docx,
    posting_list_xlsx,
)
from gpmb.documents.inventory import inventory_record_docx
from gpmb.documents.jobs import FORMATS, NOTICES, job_file
from gpmb.documents.overview import overview_docx
from gpmb.documents.pdf import PdfFailed, PdfUnavailable, docx_to_pdf
from gpmb.documents.plans import plan_sheet_docx, plan_sheet_xlsx, summary_docx, summary_xlsx
from gpmb.documents.recovery import (
    CASE_STEP_DOCUMENTS,
    recovery_decision_docx,
    recovery_notice_docx,
)
from gpmb.documents.registry import KINDS
from gpmb.documents.rendering import TemplateFault, override_path, template_path
from gpmb.documents.resettlement import (
    allocation_decision_docx,
    draw_minutes_docx,
    plot_handover_minutes_docx,
)
from gpmb.documents.services import may_manage_templates, template_install, template_reset
from gpmb.payments.models import RecoveryDecision
from gpmb.plans.choices import PlanActKind, PlanStatus
from gpmb.plans.models import BatchPlan, PlanAct, PlanVersion
from gpmb.plans.queries import latest_versions
from gpmb.plans.services import may_act
from gpmb.projects.models import AdminUnit, Batch, Project
from gpmb.resettlement.choices import DrawStatus
from gpmb.resettlement.models import Allocation, Draw

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _download(data: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _as(docx: bytes, fmt: str) -> bytes:
    """The document in the format asked: the DOCX itself, or its PDF."""
    return docx_to_pdf(docx) if fmt == "pdf" else docx


def _unavailable(request: HttpRequest, error: Exception) -> HttpResponse:
    """The document cannot be made here now: say why, with the way round it."""
    if isinstance(error, PdfUnavailable | PdfFailed):
        title = _("Chưa tạo được PDF")
        hint = _("Bản DOCX vẫn tải được.")
    else:
        title = _("Mẫu văn bản không dùng được")
        hint = _(
            "Quản trị hệ thống sửa hoặc gỡ mẫu đã thay (gpmb document_template) để dùng lại "
            "mẫu gốc."
        )
    return render(
        request,
        "documents/unavailable.html",
        {"title": title, "message": str(error), "hint": hint},
        status=503,
    )


class DocumentView(LoginRequiredMixin, View):
    """A download whose document may fail to be made for a reason outside the request:
    no LibreOffice for a PDF, or an administrator's template that does not render."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return super().dispatch(request, *args, **kwargs)
        except (PdfUnavailable, PdfFailed, TemplateFault) as error:
            return _unavailable(request, error)


@dataclass(frozen=True)
class Download:
    """What a download gives: the file made in the format asked, its name (without the
    extension), and what the change log records of it (`documents.<event>`)."""

    make: Callable[[str], bytes]
    name: str
    event: str
    message: str
    target: Any
    data: dict[str, Any] | None = None


def docx_or_pdf(docx: Callable[[], bytes]) -> Callable[[str], bytes]:
    return lambda fmt: _as(docx(), fmt)


class DownloadView(DocumentView):
    """The document of one object: `document()` finds the object through the user's
    assignments (not found otherwise) and says what to make; the view checks the format,
    makes the file, records who took it and answers with it."""

    formats: tuple[str, ...] = ("docx", "pdf")

    # Finds the object from the URL's arguments; raises Http404 where the user may not.
    document: Callable[..., Download]

    def get(self, request: HttpRequest, fmt: str, **kwargs: Any) -> HttpResponse:
        if fmt not in self.formats:
            raise Http404
        download = self.document(request, **kwargs)
        data = download.make(fmt)
        record_event(
            actor=acting_user(request),
            kind=f"documents.{download.event}",
            message=f"{download.message} ({fmt})",
            target=download.target,
            data=download.data,
        )
        return _download(data, fmt, download.name)


class PlanSheetView(DownloadView):
    """The detailed plan (phương án chi tiết) of one version. It is the household's own
    document: personal data in full for roles that may read it, masked otherwise."""

    formats = tuple(CONTENT_TYPES)

    def document(self, request: HttpRequest, pk: int) -> Download:
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

        def make(fmt: str) -> bytes:
            if fmt == "xlsx":
                return plan_sheet_xlsx(version, reveal=reveal)
            return _as(plan_sheet_docx(version, reveal=reveal), fmt)

        return Download(
            make=make,
            name=f"phuong-an-{version.case.household.code}-v{version.number}",
            event="plan_sheet",
            message=f"Xuất phương án chi tiết {version}",
            target=version,
        )


class ProjectSummaryView(DownloadView):
    """The summary table of a project (or `?batch=CODE`): for public posting, national
    IDs and phones masked; `?full=1` gives them to roles that may read them."""

    formats = tuple(CONTENT_TYPES)

    def document(self, request: HttpRequest, code: str) -> Download:
        user = acting_user(request)
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

        def make(fmt: str) -> bytes:
            if fmt == "xlsx":
                return summary_xlsx(title, versions, revealed=revealed)
            return _as(summary_docx(title, versions, project=project, revealed=revealed), fmt)

        suffix = f"-{batch_code}" if batch_code else ""
        return Download(
            make=make,
            name=f"tong-hop-{project.code}{suffix}",
            event="plan_summary",
            message=f"Xuất bảng tổng hợp {project.code} ({len(versions)} hộ)",
            target=project,
            data={"revealed": len(revealed), "batch": batch_code or ""},
        )


class InventoryRecordView(DownloadView):
    """The inventory record (biên bản kiểm đếm) of a case's household in its current
    round, to print and sign."""

    def document(self, request: HttpRequest, pk: int) -> Download:
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
        reveal = may(request.user, PERSONAL_DATA, case)
        return Download(
            make=docx_or_pdf(lambda: inventory_record_docx(case, census, reveal_ids=reveal)),
            name=f"bien-ban-kiem-dem-{case.household.code}",
            event="inventory_record",
            message=f"Xuất biên bản kiểm đếm của hộ {case.household.code}",
            target=case,
        )


def _batch_plan(request: HttpRequest, pk: int) -> BatchPlan:
    return scoped_object_or_404(
        BatchPlan.objects.select_related("project__province", "commune", "batch"),
        request.user,
        pk=pk,
    )


class ApprovalDecisionView(DownloadView):
    """The decision approving a batch plan, with its annex of every household's amounts:
    "DỰ THẢO" and no number until the plan is approved, then the number and date the
    approver recorded. Whoever sees the batch plan may read it: it is posted in public
    (Land Law 2024 Art. 87(4)(a)) and holds no personal data beyond names."""

    def document(self, request: HttpRequest, pk: int) -> Download:
        batch_plan = _batch_plan(request, pk)
        return Download(
            make=docx_or_pdf(lambda: approval_decision_docx(batch_plan)),
            name=f"quyet-dinh-phe-duyet-{batch_plan.pk}",
            event="approval_decision",
            message=f"Xuất quyết định phê duyệt phương án {batch_plan}",
            target=batch_plan,
        )


class PlanOverviewView(DownloadView):
    """The batch's plan as a whole (Decree 88/2024 Art. 3(1)) with its budget and the
    organisation-cost estimate, for whoever sees the batch plan: "DỰ THẢO" until it is
    approved."""

    def document(self, request: HttpRequest, pk: int) -> Download:
        batch_plan = _batch_plan(request, pk)
        return Download(
            make=docx_or_pdf(lambda: overview_docx(batch_plan)),
            name=f"phuong-an-dot-{batch_plan.pk}",
            event="plan_overview",
            message=f"Xuất phương án của đợt {batch_plan}",
            target=batch_plan,
        )


def _held_draw(request: HttpRequest, pk: int) -> Draw:
    """A resettlement draw once it is held; before that there is nothing to record (the
    seed stays secret)."""
    draw = scoped_object_or_404(
        Draw.objects.select_related("site__commune", "batch", "project__province"),
        request.user,
        pk=pk,
    )
    if draw.status != DrawStatus.DRAWN:
        raise Http404
    return draw


class DrawMinutesView(DownloadView):
    """The minutes of a held resettlement draw."""

    def document(self, request: HttpRequest, pk: int) -> Download:
        draw = _held_draw(request, pk)
        return Download(
            make=docx_or_pdf(lambda: draw_minutes_docx(draw)),
            name=f"bien-ban-boc-tham-{draw.pk}",
            event="draw_minutes",
            message=f"Xuất biên bản bốc thăm {draw}",
            target=draw,
        )


class RecoveryNoticeView(DownloadView):
    """The recovery notice of a batch in one ward with its list of owners, for whoever
    sees the batch's households in that ward: it is posted in public for the whole
    process (Land Law 2024 Art. 87(2)(b)) and holds no personal data beyond names."""

    def document(self, request: HttpRequest, pk: int, commune: str) -> Download:
        user = acting_user(request)
        batch = scoped_object_or_404(Batch.objects.select_related("project__province"), user, pk=pk)
        unit = AdminUnit.objects.filter(code=commune).first()
        # Those who see the ward's households (not the investor, who sees progress).
        cases = Case.objects.restrict(user, "parties.view_household")
        if unit is None or not cases.filter(batch=batch, commune=unit).exists():
            raise Http404
        return Download(
            make=docx_or_pdf(lambda: recovery_notice_docx(batch, unit)),
            name=f"thong-bao-thu-hoi-{batch.code}-{unit.code}",
            event="recovery_notice",
            message=f"Xuất thông báo thu hồi đất {batch} — {unit.name}",
            target=batch,
        )


class RecoveryDecisionView(DownloadView):
    """A household's recovery decision as recorded, for whoever sees the household: with
    the list of every household recorded under the same decision number."""

    def document(self, request: HttpRequest, pk: int) -> Download:
        user = acting_user(request)
        decision = scoped_object_or_404(
            RecoveryDecision.objects.select_related(
                "case__project__province", "case__batch", "case__commune", "case__household"
            ),
            user,
            pk=pk,
        )
        if (
            not Case.objects.restrict(user, "parties.view_household")
            .filter(pk=decision.case_id)
            .exists()
        ):
            raise Http404
        return Download(
            make=docx_or_pdf(lambda: recovery_decision_docx(decision)),
            name=f"quyet-dinh-thu-hoi-{decision.case.household.code}",
            event="recovery_decision",
            message=f"Xuất quyết định thu hồi đất {decision.decision_number}",
            target=decision.case,
        )


class CaseStepDocumentView(DownloadView):
    """The persuasion minutes or the compulsory-inventory decision of a household whose
    case has that step (not marked not applicable), for whoever sees the household."""

    def document(self, request: HttpRequest, pk: int, code: str) -> Download:
        if code not in CASE_STEP_DOCUMENTS:
            raise Http404
        user = acting_user(request)
        cases = Case.objects.restrict(user, "parties.view_household")
        case = scoped_object_or_404(
            cases.select_related("project__province", "batch", "commune", "household__head"),
            user,
            pk=pk,
        )
        if not Step.objects.filter(case=case, code=code, not_applicable=False).exists():
            raise Http404
        name, builder = CASE_STEP_DOCUMENTS[code]
        return Download(
            make=docx_or_pdf(lambda: builder(case)),
            name=f"{name}-{case.household.code}",
            event=code,
            message=f"Xuất {name} của hộ {case.household.code}",
            target=case,
        )


class AllocationDecisionView(DownloadView):
    """The decision giving the plots of a held draw's batch at its site (with any
    reallocation since), each with its land-use fee as the household's plan states."""

    def document(self, request: HttpRequest, pk: int) -> Download:
        draw = _held_draw(request, pk)
        return Download(
            make=docx_or_pdf(lambda: allocation_decision_docx(draw)),
            name=f"quyet-dinh-giao-dat-tdc-{draw.pk}",
            event="allocation_decision",
            message=f"Xuất quyết định giao đất tái định cư {draw}",
            target=draw,
        )


class PlotHandoverMinutesView(DownloadView):
    """The minutes handing an allocated plot (in force) to its family."""

    def document(self, request: HttpRequest, pk: int) -> Download:
        allocation = scoped_object_or_404(
            Allocation.objects.filter(refused_on__isnull=True).select_related(
                "case__household__head",
                "case__batch",
                "case__project__province",
                "plot__site__commune",
            ),
            request.user,
            pk=pk,
        )
        return Download(
            make=docx_or_pdf(lambda: plot_handover_minutes_docx(allocation)),
            name=f"bien-ban-ban-giao-lo-{allocation.pk}",
            event="plot_handover_minutes",
            message=f"Xuất biên bản bàn giao lô {allocation}",
            target=allocation,
        )


class PostingListView(DownloadView):
    """The list a ward posts in public: national IDs and phones masked, the plans that
    were posted (every line settled) and no other."""

    formats = tuple(CONTENT_TYPES)

    def document(self, request: HttpRequest, pk: int) -> Download:
        batch_plan = _batch_plan(request, pk)

        def make(fmt: str) -> bytes:
            if fmt == "xlsx":
                return posting_list_xlsx(batch_plan)
            return _as(posting_list_docx(batch_plan), fmt)

        return Download(
            make=make,
            name=f"danh-sach-niem-yet-{batch_plan.pk}",
            event="posting_list",
            message=f"Xuất danh sách niêm yết {batch_plan}",
            target=batch_plan,
        )


class ActDocumentView(DownloadView):
    """The document of a posting, consultation, submission or appraisal on a batch plan,
    for whoever sees the batch plan. Its number is the one the act recorded; without one,
    the user whose act it is takes the issuing body's next number (once), and anyone else
    sees the blank a clerk fills."""

    def document(self, request: HttpRequest, pk: int) -> Download:
        act = scoped_object_or_404(
            PlanAct.objects.select_related(
                "batch_plan__project__province", "batch_plan__commune", "batch_plan__batch"
            ),
            request.user,
            pk=pk,
        )
        spec = ACT_DOCUMENTS.get(PlanActKind(act.kind))
        if spec is None:
            raise Http404
        user = acting_user(request)
        may_number = may_act(user, spec.perm, act.batch_plan)
        return Download(
            make=docx_or_pdf(lambda: act_document_docx(act, actor=user, may_number=may_number)),
            name=f"{spec.name.replace('_', '-')}-{act.pk}",
            event=spec.name,
            message=f"Xuất văn bản {spec.name} của {act}",
            target=act.batch_plan,
        )


def _check_sends_notices(user: Any, batch_plan: BatchPlan) -> None:
    # Land Law 2024 Art. 87(4)(b): the organisation doing the compensation work sends the
    # approved plan to each household; its officer numbers and prints the notices.
    if not may_act(user, "plans.submit_planversion", batch_plan):
        raise NotPermitted(
            _("Thông báo cho các hộ do cán bộ tổ chức làm nhiệm vụ bồi thường lập và gửi.")
        )


class HouseholdNoticeView(DownloadView):
    """The notice to one household of its approved amounts; its number is given from the
    register the first time and kept."""

    def document(self, request: HttpRequest, pk: int) -> Download:
        version = scoped_object_or_404(
            PlanVersion.objects.select_related(
                "case__household__head",
                "batch_plan__project__province",
                "batch_plan__commune",
                "batch_plan__batch",
            ),
            request.user,
            pk=pk,
        )
        batch_plan = version.batch_plan
        # The plan in force only: not a draft, not one an adjustment has replaced.
        if version.status != PlanStatus.APPROVED or batch_plan is None:
            raise Http404
        user = acting_user(request)
        _check_sends_notices(user, batch_plan)
        return Download(
            make=docx_or_pdf(lambda: household_notice_docx(version, actor=user)),
            name=f"thong-bao-{version.case.household.code}",
            event="household_notice",
            message=f"Xuất thông báo cho hộ {version.case.household.code}",
            target=version,
        )


class NoticesStartView(LoginRequiredMixin, View):
    """Start the job that makes the notices of every household of an approved batch plan
    (3,000 take a while): the job's page shows its progress, then the ZIP."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        batch_plan = _batch_plan(request, pk)
        user = acting_user(request)
        _check_sends_notices(user, batch_plan)
        fmt = request.POST.get("fmt", "docx")
        if fmt not in FORMATS:
            messages.error(request, _("Chọn DOCX hoặc PDF."))
        elif batch_plan.status != PlanStatus.APPROVED:
            messages.error(request, _("Phương án chưa được phê duyệt: chưa có thông báo."))
        else:
            job = job_start(
                kind=NOTICES,
                actor=user,
                project=batch_plan.project,
                params={"batch_plan": batch_plan.pk, "fmt": fmt},
            )
            return redirect("core:job_detail", pk=job.pk)
        return redirect("plans:batchplan_detail", pk=batch_plan.pk)


class JobFileView(LoginRequiredMixin, View):
    """The ZIP a notices job made, for the user who started it."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        job = own_job_or_404(request, pk)
        path = job_file(job)
        if job.kind != NOTICES or not path.is_file():
            raise Http404
        return FileResponse(
            path.open("rb"),
            as_attachment=True,
            filename=f"thong-bao-{job.pk}.zip",
            content_type="application/zip",
        )


class TemplateAdminView(LoginRequiredMixin, View):
    """Pages on the document templates: for administrators of the whole system only
    (`may_manage_templates`), since every project prints from them."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not may_manage_templates(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class TemplateListView(TemplateAdminView):
    """The document templates: which file is in force, download it, upload a
    replacement (checked before it is accepted), go back to the shipped one."""

    template_name = "documents/template_list.html"

    def get(self, request: HttpRequest, error: str = "", status: int = 200) -> HttpResponse:
        rows = [
            {"kind": kind, "own": override_path(name).is_file()} for name, kind in KINDS.items()
        ]
        return render(request, self.template_name, {"rows": rows, "error": error}, status=status)

    def post(self, request: HttpRequest) -> HttpResponse:
        name = request.POST.get("name", "")
        try:
            if request.POST.get("action") == "reset":
                template_reset(name=name, actor=acting_user(request))
                messages.success(request, _("Đã dùng lại mẫu gốc “%(name)s”.") % {"name": name})
            else:
                upload = request.FILES.get("file")
                if upload is None:
                    raise TemplateFault(_("Chọn tệp .docx để thay mẫu."))
                template_install(
                    name=name,
                    data=upload.read(),
                    actor=acting_user(request),
                    source=upload.name or "upload.docx",
                )
                messages.success(
                    request,
                    _("Mẫu “%(name)s” đã kiểm tra và đang dùng.") % {"name": name},
                )
        except TemplateFault as exc:
            return self.get(request, error=str(exc), status=400)
        return redirect("documents:template_list")


class TemplateFileView(TemplateAdminView):
    """The template in force for one kind, as the .docx file to edit in Word."""

    def get(self, request: HttpRequest, name: str) -> HttpResponse:
        if name not in KINDS:
            raise Http404
        return _download(template_path(name).read_bytes(), "docx", f"mau-{name}")
