"""The web import of cadastral files: upload → preview and map columns → check → write,
the same services as `gpmb import_parcels`. Checking and writing run as jobs
(gpmb.parcels.jobs) while the page shows their progress; a new clearance boundary too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gpmb.core.choices import JobStatus
from gpmb.core.jobs import job_start
from gpmb.core.limits import read_limits
from gpmb.core.models import Job, Upload
from gpmb.core.permissions import project_reach
from gpmb.core.uploads import receives_upload, too_large_message, upload_receive
from gpmb.core.views import acting_user, job_context, scoped_object_or_404
from gpmb.geo.crs import CRSError, parse_epsg
from gpmb.geo.gisio import DRIVERS, GISReadError, list_layers, read_layer
from gpmb.parcels.forms import BoundaryForm, UploadForm
from gpmb.parcels.importing import TARGET_LABELS, TARGETS, guess_mapping
from gpmb.parcels.jobs import BOUNDARY, CHECK, WRITE, upload_path
from gpmb.projects.models import Project

PREVIEW_ROWS = 10
ACTIVE = (JobStatus.QUEUED, JobStatus.RUNNING)


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


def _upload(request: HttpRequest, pk: int) -> Upload:
    """An upload is worked on by the user who sent it, in a project they may import to."""
    upload = (
        Upload.objects.select_related("project__province")
        .filter(pk=pk, kind="parcels", created_by=request.user.pk)
        .first()
    )
    if upload is None or upload.project is None:
        raise Http404
    _project_for_import(request, upload.project.code)
    return upload


@login_required
@receives_upload("parcels")
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, code: str) -> HttpResponse:
    project = _project_for_import(request, code)
    form = UploadForm(request.POST or None, request.FILES or None, project=project)
    if request.method == "POST":
        if request.upload_refused:  # type: ignore[attr-defined]
            form.add_error(None, too_large_message("parcels"))
        elif form.is_valid():
            upload = upload_receive(
                file=form.cleaned_data["file"],
                kind="parcels",
                actor=acting_user(request),
                project=project,
            )
            upload.options = {
                "epsg": int(form.cleaned_data["crs"]) if form.cleaned_data["crs"] else None,
                "commune": form.cleaned_data["commune"] or None,
                "sheet": form.cleaned_data["sheet"] or None,
                "encoding": form.cleaned_data["encoding"],
                "layers": form.cleaned_data["layers"],
                "label_layers": form.cleaned_data["label_layers"],
            }
            upload.save(update_fields=["options"])
            return redirect("parcels:import_file", pk=upload.pk)
    recent = Upload.objects.filter(kind="parcels", project=project, created_by=request.user.pk)
    return render(
        request,
        "parcels/import_upload.html",
        {"project": project, "form": form, "recent": recent[:10]},
    )


def _preview(upload: Upload) -> dict[str, Any]:
    path = upload_path(upload)
    layers = list_layers(path, max_unpacked=read_limits().unpacked_bytes)
    layer = upload.options.get("layer") or (layers[0] if layers else None)
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


def _latest(upload: Upload, kind: str) -> Job | None:
    return Job.objects.filter(upload=upload, kind=kind).order_by("-pk").first()


@login_required
@require_http_methods(["GET", "POST"])
def import_file(request: HttpRequest, pk: int) -> HttpResponse:
    """Preview and column mapping of an uploaded file (GET), then checking the whole
    file as a job (POST); the page shows the check's progress and what it found."""
    upload = _upload(request, pk)
    preview: dict[str, Any] | None = None
    error = ""
    try:
        preview = _preview(upload)
    except GISReadError as exc:
        error = str(exc)
    if request.method == "POST" and preview is not None:
        options = dict(upload.options)
        options["layer"] = request.POST.get("layer") or preview["layer"]
        if not preview["drawing"]:
            # Every field, "" for one left unmapped (else its guess would come back).
            options["mapping"] = {target: request.POST.get(target, "") for target in TARGETS}
        if request.POST.get("crs"):
            try:
                options["epsg"] = parse_epsg(request.POST["crs"])
            except CRSError as exc:
                error = str(exc)
        if not error:
            upload.options = options
            upload.save(update_fields=["options"])
            job_start(kind=CHECK, actor=acting_user(request), project=upload.project, upload=upload)
            return redirect("parcels:import_file", pk=upload.pk)
    check_job, write_job = _latest(upload, CHECK), _latest(upload, WRITE)
    issues = check_job.result.get("issues", []) if check_job else []
    mapping = upload.options.get("mapping") or (preview or {}).get("guess", {})
    return render(
        request,
        "parcels/import_file.html",
        {
            "upload": upload,
            "preview": preview,
            "error": error,
            "targets": [(t, TARGET_LABELS[t], mapping.get(t, "")) for t in TARGETS],
            "check_job": job_context(check_job) if check_job else None,
            "write_job": job_context(write_job) if write_job else None,
            "checked": check_job is not None and check_job.status == JobStatus.SUCCEEDED,
            "errors": [i for i in issues if i["level"] == "error"],
            "warnings": [i for i in issues if i["level"] == "warning"],
            "summary": check_job.result.get("summary", {}) if check_job else {},
            "JobStatus": JobStatus,
        },
    )


@login_required
@require_POST
def import_write(request: HttpRequest, pk: int) -> HttpResponse:
    """Write a checked file: refused while it has errors, or warnings not accepted."""
    upload = _upload(request, pk)
    check_job = _latest(upload, CHECK)
    issues = check_job.result.get("issues", []) if check_job else []
    errors = [i for i in issues if i["level"] == "error"]
    warnings = [i for i in issues if i["level"] == "warning"]
    if check_job is None or check_job.status != JobStatus.SUCCEEDED or errors:
        messages.error(request, _("Tệp chưa qua kiểm tra: không ghi gì."))
    elif warnings and not request.POST.get("accept_warnings"):
        messages.error(request, _("Hãy chấp nhận các cảnh báo đã liệt kê trước khi ghi."))
    elif Job.objects.filter(upload=upload, kind=WRITE, status__in=ACTIVE).exists():
        messages.info(request, _("Tệp đang được ghi."))
    else:
        job_start(
            kind=WRITE,
            actor=acting_user(request),
            project=upload.project,
            upload=upload,
            params={
                "fingerprint": check_job.result.get("fingerprint"),
                "accept_warnings": bool(warnings),
                "retire_absent": bool(request.POST.get("retire_absent")),
            },
        )
    return redirect("parcels:import_file", pk=upload.pk)


@login_required
@receives_upload("boundary")
@require_POST
def boundary_upload(request: HttpRequest, code: str) -> HttpResponse:
    """Add a boundary version from an uploaded file; the overlay runs as a job and its page
    leads to the versions page, which shows what changed. A boundary is the whole
    project's: a ward officer's assignment does not reach it."""
    project = scoped_object_or_404(
        Project.objects.all(), request.user, "projects.add_boundary", code=code
    )
    back = redirect("parcels:boundary_versions", code=project.code)
    form = BoundaryForm(request.POST, request.FILES)
    if request.upload_refused:  # type: ignore[attr-defined]
        messages.error(request, too_large_message("boundary"))
        return back
    if not form.is_valid():
        messages.error(request, "; ".join(str(e) for errs in form.errors.values() for e in errs))
        return back
    file = form.cleaned_data["file"]
    if Path(file.name).suffix.lower() not in DRIVERS:
        messages.error(request, _("%(name)s: định dạng chưa hỗ trợ") % {"name": file.name})
        return back
    try:
        epsg = parse_epsg(form.cleaned_data["crs"]) if form.cleaned_data["crs"] else None
    except CRSError as exc:
        messages.error(request, str(exc))
        return back
    upload = upload_receive(file=file, kind="boundary", actor=acting_user(request), project=project)
    job = job_start(
        kind=BOUNDARY,
        actor=acting_user(request),
        project=project,
        upload=upload,
        params={"epsg": epsg, "note": form.cleaned_data["note"]},
    )
    return redirect("core:job_detail", pk=job.pk)
