"""Census pages: a household's inventory as an editable table (htmx: rows are added,
edited, admitted and deleted without reloading the page), a project's rounds with the
Excel, XLSForm and Kobo/ODK round trips, a round's diff, and the inventory record."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.generic import TemplateView
from django_htmx.http import reswap, retarget

from gpmb.cases.models import Case
from gpmb.census.choices import CensusStatus, CutoffStatus, DuplicatePolicy, ItemKind
from gpmb.census.codes import price_codes
from gpmb.census.excel import export_inventory, export_template
from gpmb.census.forms import ItemRow, item_details
from gpmb.census.jobs import CHECK_EXCEL, FIELD_SURVEY, WRITE_EXCEL
from gpmb.census.models import Census, InventoryAttachment, InventoryItem
from gpmb.census.queries import census_diff, corrected, household_items, land_lines
from gpmb.census.services import (
    CensusError,
    ItemInvalid,
    attachment_add,
    census_close,
    census_open,
    current_census,
    item_admit,
    item_correct,
    item_correct_add,
    item_correct_remove,
    item_create,
    item_delete,
    item_update,
)
from gpmb.census.xlsform import export_xlsform
from gpmb.core.choices import JobStatus
from gpmb.core.jobs import job_start
from gpmb.core.models import EditConflict, Job, ObjectChange, Upload
from gpmb.core.permissions import NotPermitted, may
from gpmb.core.roles import PERSONAL_DATA
from gpmb.core.text import TextRefused, clean_text
from gpmb.core.uploads import receives_upload, too_large_message, upload_receive
from gpmb.core.views import acting_user, job_context, scoped_object_or_404, visible_changes
from gpmb.parties.models import Household
from gpmb.projects.models import Project

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UPLOAD_KINDS = ("inventory", "field_survey")


# -- the household's inventory table ---------------------------------------------------


def _flags(user: Any, case: Case, census: Census | None) -> dict[str, Any]:
    """What the user may do with the lines of `case` in `census` (an open round only):
    decided on the case, whose project and commune the lines share."""
    editable = census is not None and census.status == CensusStatus.OPEN
    closed = census is not None and census.status == CensusStatus.CLOSED
    return {
        "can_correct": closed and may(user, "census.correct_inventoryitem", case),
        "can_edit": editable and may(user, "census.change_inventoryitem", case),
        "can_add": editable and may(user, "census.add_inventoryitem", case),
        "can_admit": editable and may(user, "census.admit_inventoryitem", case),
        "can_history": may(user, "core.view_objectchange", case),
        # The id of the section's lists of the pack's price codes (one per item kind).
        "codes_list": f"price-codes-{case.project_id}",
        "CutoffStatus": CutoffStatus,
        "CensusStatus": CensusStatus,
    }


def section_context(user: Any, case: Case, new_row: ItemRow | None = None) -> dict[str, Any]:
    census = current_census(case)
    items = household_items(census, case.household_id)
    new_row = new_row or ItemRow.build(ItemKind.HOUSE)
    new_row.form_id = f"new-form-{case.pk}"
    return {
        "case": case,
        "census": census,
        "rows": [{"item": i, "details": item_details(i)} for i in items],
        "land": land_lines(case.project, [case.household_id], user=user),
        "new_row": new_row,
        "kinds": ItemKind.choices,
        "price_codes": price_codes(case.project) if census is not None else {},
        **_flags(user, case, census),
    }


def inventory_context(user: Any, household: Household, cases: list[Case]) -> dict[str, Any]:
    """The household's inventory in each of `cases` whose inventory the user may see."""
    sections = [
        section_context(user, c) for c in cases if may(user, "census.view_inventoryitem", c)
    ]
    return {
        "household": household,
        "sections": sections,
        "can_see_history": any(s["can_history"] for s in sections),
    }


def household_inventory_panel(
    request: HttpRequest, household: Household, page: dict[str, Any]
) -> dict[str, Any] | None:
    """The inventory section of the household page (not shown to roles that do not see
    inventories)."""
    context = inventory_context(request.user, household, page["cases"])
    return context if context["sections"] else None


class HouseholdInventoryView(LoginRequiredMixin, TemplateView):
    """The inventory of one household on its own page (the household page includes the
    same table)."""

    template_name = "census/household_inventory.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        household = scoped_object_or_404(
            Household.objects.select_related("head"), self.request.user, pk=self.kwargs["pk"]
        )
        cases = (
            Case.objects.restrict(self.request.user)
            .filter(household=household)
            .select_related("project", "batch", "household")
        )
        context.update(inventory_context(self.request.user, household, list(cases)))
        return context


def _case(request: HttpRequest, pk: int, action: str = "view") -> Case:
    return scoped_object_or_404(
        Case.objects.select_related("project", "batch", "household"), request.user, action, pk=pk
    )


def _item(request: HttpRequest, pk: int, action: str = "view") -> InventoryItem:
    return scoped_object_or_404(
        InventoryItem.objects.select_related("census", "case__project", "case__household"),
        request.user,
        action,
        pk=pk,
    )


def _render_section(
    request: HttpRequest, case: Case, new_row: ItemRow | None = None, focus: str = ""
) -> Any:
    context = section_context(request.user, case, new_row)
    context["focus"] = focus
    return render(request, "census/_section.html", context)


def _render_row(request: HttpRequest, item: InventoryItem, **extra: Any) -> Any:
    context = _flags(request.user, item.case, item.census)
    if extra.get("edit") is not None:
        extra["edit"].form_id = f"edit-form-{item.pk}"
        extra.setdefault(
            "focus",
            next(iter(e for e in extra["edit"].fields if extra["edit"].fields[e].error), "name"),
        )
    (item,) = corrected(item.census, [item])
    if extra.get("correct") is not None:
        extra["correct"].form_id = f"correct-form-{item.pk}"
    context.update(r={"item": item, "details": item_details(item)}, **extra)
    return render(request, "census/_row.html", context)


@login_required
@require_GET
def section(request: HttpRequest, case_pk: int) -> HttpResponse:
    return _render_section(request, _case(request, case_pk))


@login_required
@require_GET
def new_row(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = _case(request, case_pk)
    kind = request.GET.get("kind", ItemKind.HOUSE)
    if kind not in ItemKind.values:
        kind = ItemKind.HOUSE
    context = section_context(request.user, case, ItemRow.build(kind))
    context["focus"] = "name"
    return render(request, "census/_new_row.html", context)


@login_required
@require_POST
def item_add(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = _case(request, case_pk, "census.add_inventoryitem")
    kind = request.POST.get("kind", "")
    if kind not in ItemKind.values:
        kind = ItemKind.HOUSE
    row = ItemRow.build(kind, data=request.POST)
    try:
        item_create(actor=acting_user(request), case=case, kind=kind, raw=row.raw())
    except ItemInvalid as exc:
        row = ItemRow.build(kind, data=request.POST, errors=exc.errors)
        context = section_context(request.user, case, row)
        context["focus"] = next(iter(exc.errors), "name")
        return render(request, "census/_new_row.html", context)
    except CensusError as exc:
        row.form_error = str(exc)
        return render(request, "census/_new_row.html", section_context(request.user, case, row))
    # The next line is most often of the same kind: keep it and put the cursor on the name.
    response = _render_section(request, case, ItemRow.build(kind), focus="name")
    response = retarget(response, f"#census-section-{case.pk}")
    return reswap(response, "outerHTML")  # type: ignore[arg-type]


@login_required
@require_GET
def item_row(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_row(request, _item(request, pk))


@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk, "change")
    if request.method == "POST":
        row = ItemRow.build(item.kind, data=request.POST)
        try:
            item = item_update(
                actor=acting_user(request), item=item, raw=row.raw(), seen=row.seen or None
            )
        except ItemInvalid as exc:
            row = ItemRow.build(item.kind, data=request.POST, errors=exc.errors)
            return _render_row(request, item, edit=row)
        except CensusError as exc:
            row.form_error = str(exc)
            return _render_row(request, item, edit=row)
        except EditConflict as exc:
            # The clerk's values stay in the row; saving again overwrites, knowingly.
            row.form_error, row.seen = str(exc), _item(request, pk).edit_stamp
            return _render_row(request, item, edit=row)
        item = _item(request, pk)
        return _render_row(request, item)
    return _render_row(request, item, edit=ItemRow.build(item.kind, item=item))


@login_required
@require_POST
def item_remove(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk, "delete")
    case = item.case
    try:
        item_delete(actor=acting_user(request), item=item)
    except CensusError as exc:
        messages.error(request, str(exc))
    response = _render_section(request, case)
    response = retarget(response, f"#census-section-{case.pk}")
    return reswap(response, "outerHTML")  # type: ignore[arg-type]


@login_required
def item_admission(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk, "admit")
    if request.method == "POST":
        reason = request.POST.get("reason", "")
        evidence = request.POST.get("evidence", "")
        try:
            item = item_admit(
                actor=acting_user(request), item=item, reason=reason, evidence=evidence
            )
        except CensusError as exc:
            return _render_row(
                request, item, admit=True, admit_error=str(exc), reason=reason, evidence=evidence
            )
        return _render_row(request, _item(request, pk))
    return _render_row(request, item, admit=True)


@login_required
def item_correction(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a line of a closed round (with a reason and evidence), not reopening it."""
    item = _item(request, pk, "correct")
    if request.method == "POST":
        row = ItemRow.build(item.kind, data=request.POST)
        reason = request.POST.get("reason", "")
        evidence = request.POST.get("evidence", "")
        try:
            item_correct(
                actor=acting_user(request),
                item=item,
                raw=row.raw(),
                reason=reason,
                evidence=evidence,
            )
        except ItemInvalid as exc:
            row = ItemRow.build(item.kind, data=request.POST, errors=exc.errors)
            return _render_row(request, item, correct=row, reason=reason, evidence=evidence)
        except CensusError as exc:
            row.form_error = str(exc)
            return _render_row(request, item, correct=row, reason=reason, evidence=evidence)
        return _render_row(request, _item(request, pk))
    (shown,) = corrected(item.census, [item])
    return _render_row(request, item, correct=ItemRow.build(item.kind, item=shown))


@login_required
@require_POST
def item_add_correction(request: HttpRequest, case_pk: int) -> HttpResponse:
    """Add a line the count missed to a closed round, for this household (a correction
    with a reason and evidence), not reopening the batch."""
    case = _case(request, case_pk, "census.correct_inventoryitem")
    kind = request.POST.get("kind", "")
    if kind not in ItemKind.values:
        kind = ItemKind.HOUSE
    row = ItemRow.build(kind, data=request.POST)
    reason = request.POST.get("reason", "")
    evidence = request.POST.get("evidence", "")

    def again(row: ItemRow, focus: str = "") -> HttpResponse:
        context = section_context(request.user, case, row)
        context.update(reason=reason, evidence=evidence, focus=focus)
        return render(request, "census/_new_row.html", context)

    try:
        item_correct_add(
            actor=acting_user(request),
            case=case,
            kind=kind,
            raw=row.raw(),
            reason=reason,
            evidence=evidence,
        )
    except ItemInvalid as exc:
        row = ItemRow.build(kind, data=request.POST, errors=exc.errors)
        return again(row, next(iter(exc.errors), "name"))
    except CensusError as exc:
        row.form_error = str(exc)
        return again(row)
    response = _render_section(request, case, ItemRow.build(kind))
    response = retarget(response, f"#census-section-{case.pk}")
    return reswap(response, "outerHTML")  # type: ignore[arg-type]


@login_required
def item_remove_correction(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a line counted by mistake out of a closed round for this household (a
    correction with a reason and evidence); the frozen row stays, shown as removed."""
    item = _item(request, pk, "correct")
    if request.method == "POST":
        reason = request.POST.get("reason", "")
        evidence = request.POST.get("evidence", "")
        try:
            item_correct_remove(
                actor=acting_user(request), item=item, reason=reason, evidence=evidence
            )
        except CensusError as exc:
            return _render_row(
                request, item, remove=True, remove_error=str(exc), reason=reason, evidence=evidence
            )
        return _render_row(request, _item(request, pk))
    return _render_row(request, item, remove=True)


@login_required
@receives_upload("attachment")
def item_attachments(request: HttpRequest, pk: int) -> HttpResponse:
    """Photos and scans of one line: list, and upload when the round is open."""
    item = _item(request, pk)
    error = ""
    if request.method == "POST":
        item = _item(request, pk, "change")
        upload = request.FILES.get("file")
        if request.upload_refused:  # type: ignore[attr-defined]
            error = too_large_message("attachment")
        elif upload is None:
            error = _("Hãy chọn tệp.")
        else:
            try:
                attachment_add(
                    actor=acting_user(request),
                    item=item,
                    upload=upload,
                    caption=clean_text(request.POST.get("caption", "")),
                )
            except (CensusError, TextRefused) as exc:
                error = str(exc)
    return _render_row(
        request, item, attachments=list(item.attachments.all()), attachment_error=error
    )


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """Photos are personal data: served only to users who may see the line."""
    attachment = get_object_or_404(InventoryAttachment, pk=pk)
    _item(request, attachment.item_id)
    return FileResponse(attachment.file.open("rb"), filename=Path(str(attachment.file.name)).name)


class HouseholdCensusHistoryView(LoginRequiredMixin, TemplateView):
    """Every change to a household's inventory lines, deleted lines included."""

    template_name = "core/object_history.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        household = scoped_object_or_404(
            Household.objects.all(), user, "core.view_objectchange", pk=self.kwargs["pk"]
        )
        # Only the lines of the cases whose inventory the user may see: the household may
        # also have land in a project the user does not work on.
        cases = list(
            Case.objects.restrict(user, "census.view_inventoryitem")
            .filter(household=household)
            .values_list("pk", flat=True)
        )
        changes = ObjectChange.objects.filter(
            Q(after__case__in=cases) | Q(before__case__in=cases),
            content_type=ContentType.objects.get_for_model(InventoryItem),
        ).select_related("user")
        page = Paginator(changes, 50).get_page(self.request.GET.get("page"))
        context.update(
            object=household,
            model_name=InventoryItem._meta.verbose_name_plural,
            page=page,
            rows=visible_changes(list(page.object_list), may(user, PERSONAL_DATA, household)),
            labels={f.name: f.verbose_name for f in InventoryItem._meta.fields},
        )
        return context


# -- a project's rounds and its files -------------------------------------------------


def _project(request: HttpRequest, code: str, perm: str = "") -> Project:
    """The project if the user sees it (404 otherwise) and, with `perm` (a census
    permission on inventory lines), may use it on some of the project's cases — its own
    commune's, for a ward officer (403 otherwise)."""
    project = scoped_object_or_404(Project.objects.all(), request.user, code=code)
    if perm and not Case.objects.restrict(request.user, perm).filter(project=project).exists():
        raise NotPermitted(_("Bạn không có quyền này với dự án %(p)s.") % {"p": project})
    return project


def _reaches(user: Any, perm: str, project: Project) -> bool:
    return Case.objects.restrict(user, perm).filter(project=project).exists()


class ProjectCensusView(LoginRequiredMixin, TemplateView):
    template_name = "census/project_census.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        project = _project(self.request, self.kwargs["code"])
        user = self.request.user
        batches = list(project.batches.all())
        rounds = {b.pk: list(Census.objects.filter(batch=b).order_by("number")) for b in batches}
        context.update(
            project=project,
            batches=[
                {
                    "batch": b,
                    "rounds": rounds[b.pk],
                    "has_open": any(r.status == CensusStatus.OPEN for r in rounds[b.pk]),
                }
                for b in batches
            ],
            CensusStatus=CensusStatus,
            # Opening and closing a round covers every commune of the batch.
            can_manage=may(user, "census.change_census", project),
            can_import=_reaches(user, "census.import_inventoryitem", project),
            can_export=_reaches(user, "census.export_inventoryitem", project),
            policies=[DuplicatePolicy.SKIP, DuplicatePolicy.REPLACE],
        )
        return context


@login_required
@require_POST
def round_open(request: HttpRequest, code: str, batch_pk: int) -> HttpResponse:
    project = _project(request, code)
    if not may(request.user, "census.add_census", project):
        raise NotPermitted(_("Mở đợt kiểm đếm là việc của cả dự án: cần phân công toàn dự án."))
    batch = get_object_or_404(project.batches, pk=batch_pk)
    try:
        census = census_open(actor=acting_user(request), batch=batch)
        messages.success(request, _("Đã mở {census}.").format(census=census))
    except CensusError as exc:
        messages.error(request, str(exc))
    return HttpResponseRedirect(reverse("census:project_census", args=[project.code]))


@login_required
@require_POST
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    census = scoped_object_or_404(Census.objects.all(), request.user, "change", pk=pk)
    try:
        census = census_close(actor=acting_user(request), census=census)
        messages.success(request, _("Đã khóa số liệu {census}.").format(census=census))
    except CensusError as exc:
        messages.error(request, str(exc))
    return HttpResponseRedirect(reverse("census:census_detail", args=[census.pk]))


class CensusDetailView(LoginRequiredMixin, TemplateView):
    """A round: its status, hash and what it changed against the previous round."""

    template_name = "census/census_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        census = scoped_object_or_404(
            Census.objects.select_related("batch", "project", "closed_by"),
            self.request.user,
            pk=self.kwargs["pk"],
        )
        labels = {f.name: f.verbose_name for f in InventoryItem._meta.fields}
        items = InventoryItem.objects.restrict(self.request.user).filter(census=census)
        context.update(
            census=census,
            changes=census_diff(census, user=self.request.user),
            labels=labels,
            kinds=dict(ItemKind.choices),
            items=items.count(),
            excluded=items.excluded().count(),
            can_manage=may(self.request.user, "change", census),
            CensusStatus=CensusStatus,
        )
        return context


def _download(data: BytesIO, filename: str, content_type: str) -> FileResponse:
    data.seek(0)
    return FileResponse(data, as_attachment=True, filename=filename, content_type=content_type)


@login_required
@require_GET
def download_inventory(request: HttpRequest, code: str) -> FileResponse:
    project = _project(request, code, "census.export_inventoryitem")
    buffer = BytesIO()
    export_inventory(project, buffer, user=request.user)
    return _download(buffer, f"kiem-dem-{project.code}.xlsx", XLSX)


@login_required
@require_GET
def download_template(request: HttpRequest) -> FileResponse:
    buffer = BytesIO()
    export_template(buffer)
    return _download(buffer, "mau-kiem-dem.xlsx", XLSX)


@login_required
@require_GET
def download_xlsform(request: HttpRequest, code: str) -> FileResponse:
    project = _project(request, code, "census.export_inventoryitem")
    buffer = BytesIO()
    export_xlsform(project, buffer, user=request.user)
    return _download(buffer, f"bieu-mau-kiem-dem-{project.code}.xlsx", XLSX)


def _upload(request: HttpRequest, pk: int) -> Upload:
    """An import's upload, worked on by the user who sent it."""
    upload = (
        Upload.objects.select_related("project")
        .filter(pk=pk, kind__in=UPLOAD_KINDS, created_by=request.user.pk)
        .first()
    )
    if upload is None or upload.project is None:
        raise Http404
    _project(request, upload.project.code, "census.import_inventoryitem")
    return upload


def _receive(request: HttpRequest, code: str, kind: str, suffixes: tuple[str, ...]) -> Any:
    project = _project(request, code, "census.import_inventoryitem")
    back = HttpResponseRedirect(reverse("census:project_census", args=[project.code]))
    if request.upload_refused:  # type: ignore[attr-defined]
        messages.error(request, too_large_message(kind))
        return project, None, back
    file = request.FILES.get("file")
    if file is None or Path(file.name or "").suffix.lower() not in suffixes:
        messages.error(request, _("Hãy chọn tệp %(types)s.") % {"types": ", ".join(suffixes)})
        return project, None, back
    return (
        project,
        upload_receive(file=file, kind=kind, actor=acting_user(request), project=project),
        back,
    )


@login_required
@receives_upload("inventory")
@require_POST
def import_excel(request: HttpRequest, code: str) -> HttpResponse:
    """Step 1: the workbook is checked as a job (nothing written); its page shows what
    the file would do, or every error, and offers to write it."""
    project, upload, back = _receive(request, code, "inventory", (".xlsx",))
    if upload is None:
        return back
    job_start(kind=CHECK_EXCEL, actor=acting_user(request), project=project, upload=upload)
    return HttpResponseRedirect(reverse("census:import_file", args=[upload.pk]))


@login_required
@receives_upload("field_survey")
@require_POST
def import_field(request: HttpRequest, code: str) -> HttpResponse:
    """Kobo XLSX or ODK Central CSV/ZIP; duplicates stop it and the user picks."""
    project, upload, back = _receive(request, code, "field_survey", (".xlsx", ".zip", ".csv"))
    if upload is None:
        return back
    job_start(kind=FIELD_SURVEY, actor=acting_user(request), project=project, upload=upload)
    return HttpResponseRedirect(reverse("census:import_file", args=[upload.pk]))


@login_required
@require_http_methods(["GET", "POST"])
def import_file(request: HttpRequest, pk: int) -> HttpResponse:
    """An inventory import: its jobs' progress and outcome; writing a checked workbook, or
    choosing what to do with duplicate submissions (POST)."""
    upload = _upload(request, pk)
    jobs = list(Job.objects.filter(upload=upload).order_by("-pk"))
    latest = jobs[0] if jobs else None
    busy = latest is not None and not latest.finished
    if request.method == "POST" and latest is not None and not busy and not upload.used_at:
        if latest.kind == CHECK_EXCEL and latest.status == JobStatus.SUCCEEDED:
            job_start(
                kind=WRITE_EXCEL, actor=acting_user(request), project=upload.project, upload=upload
            )
        elif latest.result.get("duplicates"):
            policy = request.POST.get("on_duplicate", "")
            if policy in (DuplicatePolicy.SKIP, DuplicatePolicy.REPLACE):
                job_start(
                    kind=FIELD_SURVEY,
                    actor=acting_user(request),
                    project=upload.project,
                    upload=upload,
                    params={"on_duplicate": policy},
                )
        return HttpResponseRedirect(reverse("census:import_file", args=[upload.pk]))
    return render(
        request,
        "census/import_file.html",
        {
            "upload": upload,
            "project": upload.project,
            "latest": job_context(latest) if latest else None,
            "result": latest.result if latest else {},
            "can_write": latest is not None
            and latest.kind == CHECK_EXCEL
            and latest.status == JobStatus.SUCCEEDED
            and not upload.used_at,
            "JobStatus": JobStatus,
        },
    )
