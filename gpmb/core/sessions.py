"""Session lifetime and the client's address for login throttling."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

SEEN_KEY = "_gpmb_seen"


class IdleSessionMiddleware:
    """Keeps a logged-in user's session alive while they work: the session's expiry
    (now + SESSION_COOKIE_AGE, a working day) is pushed forward when the last push is
    older than GPMB_SESSION_REFRESH_SECONDS. A session left idle for a working day is
    refused by the session store and the user logs in again.

    Django's SESSION_SAVE_EVERY_REQUEST would do the same with a database write on every
    request; on SQLite that write waits for any long writer, so reads would wait too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated:
            now = int(timezone.now().timestamp())
            seen = session.get(SEEN_KEY, 0)
            if not isinstance(seen, int) or now - seen >= settings.GPMB_SESSION_REFRESH_SECONDS:
                session[SEEN_KEY] = now  # modified → saved with a new expiry date
        return self.get_response(request)


def mark_seen(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    """At login the session is fresh: note it, so the first pages after a login do not
    write the session again."""
    if request is not None and hasattr(request, "session"):
        request.session[SEEN_KEY] = int(timezone.now().timestamp())


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or — behind GPMB_PROXY_COUNT trusted reverse
    proxies — the address the outermost trusted proxy saw, which it appended to
    X-Forwarded-For. Entries further left are written by the client and never trusted."""
    count = settings.GPMB_PROXY_COUNT
    if count:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count]
    return request.META.get("REMOTE_ADDR")


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: object = None
) -> HttpResponse:
    """The page django-axes shows for a locked-out login, on the site and the admin: what
    happened and when to try again (HTTP 429)."""
    from django.shortcuts import render

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=429)
