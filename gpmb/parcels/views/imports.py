"""The web import wizard: upload → preview and map columns → check → write (in the
background, with progress) — the same services as `gpmb import_parcels`."""

from __future__ import annotations

import hashlib
import tempfile
import threading
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import close_old_connections
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gpmb.core.limits import read_limits
from gpmb.core.permissions import project_reach
from gpmb.core.views import scoped_object_or_404
from gpmb.geo.crs import CRSError, parse_epsg
from gpmb.geo.gisio import DRIVERS, GISReadError, list_layers, read_layer
from gpmb.parcels.choices import ImportStatus
from gpmb.parcels.forms import BoundaryForm, UploadForm
from gpmb.parcels.importing import (
    TARGET_LABELS,
    TARGETS,
    ImportRejected,
    guess_mapping,
    parcels_prepare,
    parcels_write,
)
from gpmb.parcels.models import ImportJob
from gpmb.parcels.overlay import BoundaryError, boundary_import
from gpmb.projects.models import Project

PREVIEW_ROWS = 10


def _project_for_import(request: HttpRequest, code: str) -> Project:
    project = (
        Project.objects.restrict(request.user, "view")
        .select_related("province")
        .filter(code=code)
        .first()
    )
    if project is None:
        raise Http404
    if not project_reach(request.user, "parcels.add_parcel", project.pk).any:
        raise PermissionDenied
    return project


def _job(request: HttpRequest, pk: int) -> ImportJob:
    job = ImportJob.objects.select_related("project", "project__province").filter(pk=pk).first()
    if job is None or (job.created_by_id != request.user.pk and not request.user.is_superuser):
        raise Http404
    return job


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, code: str) -> HttpResponse:
    project = _project_for_import(request, code)
    form = UploadForm(request.POST or None, request.FILES or None, project=project)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = ImportJob.objects.create(
            project=project,
            created_by=request.user,  # type: ignore[misc]
            file=upload,
            original_name=upload.name[:300],
            options={
                "epsg": int(form.cleaned_data["crs"]) if form.cleaned_data["crs"] else None,
                "commune": form.cleaned_data["commune"] or None,
                "sheet": form.cleaned_data["sheet"] or None,
                "encoding": form.cleaned_data["encoding"],
            },
        )
        return redirect("parcels:import_job", pk=job.pk)
    recent = ImportJob.objects.filter(project=project, created_by_id=request.user.pk)[:10]
    return render(
        request, "parcels/import_upload.html", {"project": project, "form": form, "recent": recent}
    )


def _path(job: ImportJob) -> Path:
    """The stored file; storage keeps the extension, which GDAL's driver choice needs."""
    return Path(job.file.path)


def _preview(job: ImportJob) -> dict[str, Any]:
    path = _path(job)
    layers = list_layers(path, max_unpacked=read_limits().unpacked_bytes)
    layer = job.options.get("layer") or (layers[0] if layers else None)
    data = read_layer(path, layer, max_unpacked=read_limits().unpacked_bytes)
    fields = list(data.attributes)
    rows = []
    for index in range(min(PREVIEW_ROWS, len(data))):
        geom = data.geometries[index]
        rows.append(
            {
                "fid": int(data.fids[index]),
                "geometry": geom.geom_type if geom is not None else "—",
                "values": [data.attributes[f][index] for f in fields],
            }
        )
    return {
        "layers": layers,
        "layer": layer,
        "fields": fields,
        "rows": rows,
        "count": len(data),
        "driver": data.driver,
        "epsg": data.epsg,
        "drawing": data.is_drawing,
        "guess": guess_mapping(fields),
    }


def _fingerprint(issues: list[Any]) -> str:
    return hashlib.sha256("\n".join(sorted(str(i) for i in issues)).encode()).hexdigest()


def _report_json(report: Any) -> dict[str, Any]:
    return {
        "summary": report.summary(),
        "mapping": report.mapping,
        "issues": [
            {"level": i.level, "kind": i.kind, "text": str(i), "fid": i.fid} for i in report.issues
        ],
        "fingerprint": _fingerprint(report.issues),
    }


def _prepare(job: ImportJob, progress: Any = None) -> Any:
    options = dict(job.options)
    return parcels_prepare(
        _path(job),
        project=job.project,
        layer=options.get("layer"),
        epsg=options.get("epsg"),
        commune=options.get("commune"),
        sheet=options.get("sheet"),
        mapping=options.get("mapping"),
        encoding=options.get("encoding", "auto"),
        progress=progress,
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """Preview and mapping (GET), then the check of the whole file (POST)."""
    job = _job(request, pk)
    preview: dict[str, Any] | None = None
    error = ""
    try:
        preview = _preview(job)
    except GISReadError as exc:
        error = str(exc)
    if request.method == "POST" and preview is not None:
        options = dict(job.options)
        options["layer"] = request.POST.get("layer") or preview["layer"]
        if not preview["drawing"]:
            options["mapping"] = {
                target: request.POST[target] for target in TARGETS if request.POST.get(target)
            }
        if request.POST.get("crs"):
            try:
                options["epsg"] = parse_epsg(request.POST["crs"])
            except CRSError as exc:
                error = str(exc)
        job.options = options
        if not error:
            report = _prepare(job)
            job.report = _report_json(report)
            job.status = ImportStatus.CHECKED
        job.save()
        if not error:
            return redirect("parcels:import_job", pk=job.pk)
    mapping = job.options.get("mapping") or (preview or {}).get("guess", {})
    targets = [(t, TARGET_LABELS[t], mapping.get(t, "")) for t in TARGETS]
    issues = job.report.get("issues", [])
    return render(
        request,
        "parcels/import_job.html",
        {
            "job": job,
            "preview": preview,
            "error": error,
            "targets": targets,
            "errors": [i for i in issues if i["level"] == "error"],
            "warnings": [i for i in issues if i["level"] == "warning"],
            "summary": job.report.get("summary", {}),
        },
    )


def _run(job_id: int) -> None:
    """Write the checked file; runs in a thread (eagerly in tests). Takes an id."""
    job = ImportJob.objects.select_related("project", "created_by").get(pk=job_id)

    def progress(stage: str, done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(stage=stage, done=done, total=total)

    try:
        report = _prepare(job, progress)
        if _fingerprint(report.issues) != job.report.get("fingerprint"):
            raise ImportRejected(report, _("Kết quả kiểm tra đã thay đổi; hãy kiểm tra lại"))
        parcels_write(
            report,
            project=job.project,
            actor=job.created_by,
            accept_warnings=job.accepted_warnings,
            progress=progress,
        )
        job.report["summary"] = report.summary()
        job.status = ImportStatus.DONE
        job.message = _("Đã nhập %(c)s thửa mới, %(u)s cập nhật, %(n)s không đổi") % {
            "c": report.created,
            "u": report.updated,
            "n": report.unchanged,
        }
    except ImportRejected as exc:
        job.status = ImportStatus.REJECTED
        job.message = str(exc)
    except Exception as exc:  # the page must say what happened, whatever it was
        job.status = ImportStatus.FAILED
        job.message = f"{type(exc).__name__}: {exc}"
        if getattr(settings, "GPMB_IMPORT_EAGER", False):
            raise
    finally:
        job.finished_at = timezone.now()
        ImportJob.objects.filter(pk=job_id).update(
            status=job.status, message=job.message, report=job.report, finished_at=job.finished_at
        )


def _run_in_thread(job_id: int) -> None:
    """A thread has its own database connection: open it fresh, close it after."""
    close_old_connections()
    try:
        _run(job_id)
    finally:
        close_old_connections()


@login_required
@require_POST
def import_run(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    _project_for_import(request, job.project.code)
    errors = [i for i in job.report.get("issues", []) if i["level"] == "error"]
    warnings = [i for i in job.report.get("issues", []) if i["level"] == "warning"]
    if job.status != ImportStatus.CHECKED or errors:
        messages.error(request, _("Tệp chưa qua kiểm tra: không ghi gì."))
        return redirect("parcels:import_job", pk=job.pk)
    if warnings and not request.POST.get("accept_warnings"):
        messages.error(request, _("Hãy chấp nhận các cảnh báo đã liệt kê trước khi ghi."))
        return redirect("parcels:import_job", pk=job.pk)
    updated = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.CHECKED).update(
        status=ImportStatus.RUNNING, accepted_warnings=bool(warnings)
    )
    if not updated:  # someone else started it
        return redirect("parcels:import_job", pk=job.pk)
    if getattr(settings, "GPMB_IMPORT_EAGER", False):
        _run(job.pk)
    else:
        threading.Thread(target=_run_in_thread, args=(job.pk,), daemon=True).start()
    return redirect("parcels:import_job", pk=job.pk)


@login_required
@require_GET
def import_status(request: HttpRequest, pk: int) -> JsonResponse:
    job = _job(request, pk)
    return JsonResponse(
        {
            "status": job.status,
            "label": str(job.get_status_display()),
            "stage": job.stage,
            "done": job.done,
            "total": job.total,
            "message": job.message,
            "finished": job.status not in (ImportStatus.RUNNING,),
        }
    )


@login_required
@require_POST
def boundary_upload(request: HttpRequest, code: str) -> HttpResponse:
    """Add a boundary version from an uploaded file; the overlay runs at once (a
    boundary is one feature) and the versions page shows what changed. A boundary is the
    whole project's: a ward officer's assignment does not reach it."""
    project = scoped_object_or_404(
        Project.objects.all(), request.user, "projects.add_boundary", code=code
    )
    form = BoundaryForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "; ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("parcels:boundary_versions", code=project.code)
    upload = form.cleaned_data["file"]
    suffix = Path(upload.name).suffix.lower()
    try:
        epsg = parse_epsg(form.cleaned_data["crs"]) if form.cleaned_data["crs"] else None
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / Path(upload.name).name
            with open(path, "wb") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
            if suffix not in DRIVERS:
                raise BoundaryError(_("%(name)s: định dạng chưa hỗ trợ") % {"name": upload.name})
            boundary = boundary_import(
                path, project=project, actor=request.user, epsg=epsg, note=form.cleaned_data["note"]
            )
    except (BoundaryError, CRSError) as exc:
        messages.error(request, str(exc))
        return redirect("parcels:boundary_versions", code=project.code)
    messages.success(
        request,
        _("Đã thêm chỉ giới phiên bản %(v)s; %(n)s thửa thay đổi diện tích thu hồi.")
        % {"v": boundary.version, "n": boundary.summary.get("changed_count", 0)},
    )
    return redirect("parcels:boundary_versions", code=project.code)
