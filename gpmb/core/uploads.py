"""Receiving a user's file, the one way every import starts (DESIGN.md "one upload →
preview → confirm flow"): the size limit of its kind is checked before the body is read
(Content-Length) and again while it arrives, so a 300 MB file never lands on disk; what
arrives becomes an `Upload` with its SHA-256, which the preview and the import jobs read
by id, and which `uploads_purge` deletes if nobody confirms it."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from gpmb.core.models import Actor, Upload
from gpmb.core.vnformat import format_number

MB = 1024 * 1024


def upload_limit(kind: str) -> int:
    """Bytes a file of `kind` may have (settings.GPMB_UPLOAD_LIMITS_MB)."""
    limits = settings.GPMB_UPLOAD_LIMITS_MB
    return int(limits.get(kind, limits["default"]) * MB)


def limit_text(kind: str) -> str:
    return f"{format_number(upload_limit(kind) // MB)} MB"


class LimitedUploadHandler(FileUploadHandler):
    """First in the handler chain: counts the bytes of each file and stops the upload
    when one passes the limit; the view then finds no file and `request.upload_refused`
    set, and says why."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > self.limit:
            self.request.upload_refused = True  # type: ignore[union-attr]
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def receives_upload(kind: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., Any]]:
    """Decorate a view that receives a file of `kind`. A request whose declared size is
    over the limit is answered 413 at once, without reading its body; otherwise the
    limit is enforced while the file arrives. (The upload handlers must be set before
    anything reads the body, so CSRF is checked here rather than by the middleware.)"""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., Any]:
        protected = csrf_protect(view)

        @csrf_exempt
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            limit = upload_limit(kind)
            request.upload_refused = False  # type: ignore[attr-defined]
            if request.method == "POST":
                declared = int(request.META.get("CONTENT_LENGTH") or 0)
                if declared > limit + MB:  # the form's other fields fit in the margin
                    return too_large(request, kind)
                handlers = list(request.upload_handlers)
                request.upload_handlers = [LimitedUploadHandler(request, limit), *handlers]
            return protected(request, *args, **kwargs)

        return wrapped

    return decorator


def too_large(request: HttpRequest, kind: str) -> HttpResponse:
    message = too_large_message(kind)
    response = render(request, "core/upload_refused.html", {"message": message}, status=413)
    # An htmx request does not swap an error page: gpmb.js shows this header instead.
    response["X-GPMB-Message"] = quote(message)
    return response


def too_large_message(kind: str) -> str:
    return _("Tệp lớn hơn giới hạn %(limit)s cho loại tệp này: không nhận.") % {
        "limit": limit_text(kind)
    }


def upload_receive(*, file: Any, kind: str, actor: Actor, project: Any = None) -> Upload:
    """Store a received file as an Upload (its name kept for messages, never as a path)."""
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    name = Path(file.name or "tep").name[:300]
    upload = Upload(
        kind=kind,
        project=project,
        original_name=name,
        size=file.size,
        sha256=digest.hexdigest(),
        created_by=actor,
    )
    # In a folder of its own under its own name: importers record the file's name as the
    # source of what they write, and GDAL picks its driver by the extension.
    upload.file.save(f"{digest.hexdigest()[:16]}/{name}", file, save=False)
    upload.save()
    return upload
