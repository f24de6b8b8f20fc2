"""A user's own read tokens for the OGC API: make one (the key is shown once), see them
with their expiry and last use, revoke one."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from gpmb.parcels.forms import ReadTokenForm
from gpmb.parcels.models import ReadToken
from gpmb.parcels.services import read_token_create, read_token_revoke, read_token_state


@never_cache  # the page shows a new key once: no cache may keep it
@login_required
@require_http_methods(["GET", "POST"])
def read_tokens(request: HttpRequest) -> HttpResponse:
    user: Any = request.user  # logged in
    form = ReadTokenForm(request.POST or None)
    key = ""
    if request.method == "POST" and form.is_valid():
        _token, key = read_token_create(
            user=user,
            name=form.cleaned_data["name"],
            actor=user,
            days=form.cleaned_data["days"],
        )
        form = ReadTokenForm()
    tokens = [(token, read_token_state(token)) for token in ReadToken.objects.filter(user=user)]
    return render(
        request,
        "parcels/read_tokens.html",
        {
            "form": form,
            "key": key,
            "tokens": tokens,
            "ogc_url": request.build_absolute_uri("/ogc/"),
        },
    )


@login_required
@require_POST
def read_token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user  # logged in
    token = ReadToken.objects.filter(pk=pk, user=user).first()
    if token is None:
        raise Http404
    read_token_revoke(token=token, actor=user)
    messages.success(
        request,
        _("Đã thu hồi khóa %(prefix)s… “%(name)s”.") % {"prefix": token.prefix, "name": token.name},
    )
    return redirect("parcels:read_tokens")
