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
        from django.utils.cache import add_never_cache_headers

        response = self.get_response(request)
        add_never_cache_headers(response)
        return response
