from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from gpmb.core.audit import acting_as
from gpmb.core.text import NUL, NUL_MESSAGE


class AuditContextMiddleware:
    """Attributes every change made while serving a request to the logged-in user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user if request.user.is_authenticated else None
        with acting_as(user) as ctx:
            request.id = ctx.request_id  # type: ignore[attr-defined]
            return self.get_response(request)


class LanguageMiddleware:
    """Vietnamese first: the interface is Vietnamese unless the user picked another
    language (the language cookie set by Django's set_language view). The browser's
    Accept-Language is not consulted — an office PC set to English still gets the
    official language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class NoStoreMiddleware:
    """Cache-Control: no-store on every response Django makes, so no browser, proxy or
    shared office computer keeps a copy of a page or a file with national IDs, land and
    money.

    The rule is "everything dynamic", not "responses to logged-in users": the public
    lookup shows a family its own case without a login, the login page carries a CSRF
    token, and no dynamic page here gains from a cache. Static files never reach this
    middleware: WhiteNoise (before it) answers them with its own caching headers."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        add_never_cache_headers(response)
        return response


class NulRefusedMiddleware:
    """Refuses a request carrying a NUL character (\\x00) in its path, its query or its
    form fields with 400 and a message (core.text): PostgreSQL cannot store or compare
    NUL, so `/households/?q=a%00b` used to answer 500. Multipart bodies (uploads) are
    left to the forms and readers, which apply the same rule, so upload handlers stay
    the view's to choose."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._carries_nul(request):
            message = str(NUL_MESSAGE)
            if getattr(request, "htmx", False):
                # gpmb.js shows this to the user (htmx does not swap a 400).
                response = HttpResponse(message, status=400, content_type="text/plain")
                response["X-GPMB-Message"] = quote(message)
                return response
            return HttpResponseBadRequest(
                render_to_string("core/bad_input.html", {"message": message}, request)
            )
        return self.get_response(request)

    @staticmethod
    def _carries_nul(request: HttpRequest) -> bool:
        if NUL in request.path:
            return True
        sources = [request.GET]
        if request.method == "POST" and request.content_type == "application/x-www-form-urlencoded":
            sources.append(request.POST)
        return any(
            NUL in key or any(NUL in value for value in values)
            for source in sources
            for key, values in source.lists()
        )


# What the databases say when another writer holds the lock past the wait: SQLite's
# "database is locked" after its timeout; PostgreSQL's lock timeout (55P03), deadlock
# (40P01) and serialization failure (40001).
BUSY_SQLITE = ("database is locked", "database table is locked")
BUSY_POSTGRESQL = frozenset({"55P03", "40P01", "40001"})
RETRY_AFTER_SECONDS = 5
BUSY_MESSAGE = _(
    "Hệ thống đang ghi một việc lớn (nhập tệp, tính phương án) nên chưa ghi được thao tác "
    "này; chưa có gì bị thay đổi. Hãy thử lại sau ít giây."
)


class BusyDatabaseMiddleware:
    """A write that waited too long for another one (an import, a computation) answers
    503 "please retry in a few seconds" with Retry-After, not 500: nothing of the
    request was written (its transaction was rolled back), and trying again works."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_busy(exception):
            return None
        message = str(BUSY_MESSAGE)
        if getattr(request, "htmx", False):
            response = HttpResponse(message, status=503, content_type="text/plain")
            response["X-GPMB-Message"] = quote(message)
        else:
            response = HttpResponse(
                render_to_string("503.html", {"message": message}, request), status=503
            )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response


def is_busy(exception: BaseException) -> bool:
    if not isinstance(exception, OperationalError):
        return False
    cause = exception.__cause__
    if getattr(cause, "sqlstate", None) in BUSY_POSTGRESQL:  # psycopg 3
        return True
    return any(text in str(exception) for text in BUSY_SQLITE)
