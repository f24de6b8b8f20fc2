from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from gpmb.core.audit import acting_as


class AuditContextMiddleware:
    """Attributes every change made while serving a request to the logged-in user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user if request.user.is_authenticated else None
        with acting_as(user) as ctx:
            request.id = ctx.request_id  # type: ignore[attr-defined]
            return self.get_response(request)
