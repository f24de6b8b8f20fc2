from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View

from gpmb.core.models import Upload
from gpmb.core.uploads import receives_upload, too_large_message, upload_receive
from gpmb.core.views import ScopedDetailView, ScopedListView, acting_user
from gpmb.core.vnformat import format_number
from gpmb.policy.forms import PriceTableForm, PublishForm
from gpmb.policy.models import PolicyPack
from gpmb.policy.packs import (
    PolicyError,
    PriceTableOptions,
    may_publish_packs,
    pack_publish,
    price_table_draft,
)
from gpmb.projects.models import Project


class PackListView(ScopedListView):
    """Every stored pack version with its validity, instruments and count of values the
    province has not given (missing)."""

    queryset = PolicyPack.objects.defer("source_text")
    template_name = "policy/pack_list.html"
    paginate_by = None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        packs = context["object_list"]
        used: dict[str, list[str]] = {}
        for pack_code, project_code in (
            Project.objects.restrict(user)
            .exclude(policy_pack_code="")
            .order_by("code")
            .values_list("policy_pack_code", "code")
        ):
            used.setdefault(pack_code, []).append(project_code)
        latest: set[int] = set()
        seen: set[str] = set()
        for pack in packs:  # ordered by code, newest first
            if pack.code not in seen:
                seen.add(pack.code)
                latest.add(pack.pk)
                pack.projects = used.get(pack.code, [])  # type: ignore[attr-defined]
        context.update(packs=packs, latest=latest, used=used)
        return context


class PackDetailView(ScopedDetailView):
    """One pack version: instruments and every value with its source."""

    queryset = PolicyPack.objects.defer("source_text")
    template_name = "policy/pack_detail.html"
    context_object_name = "pack"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        pack = context["pack"]
        newest = PolicyPack.objects.newest(pack.code)
        context["newest"] = newest
        context["in_force"] = PolicyPack.objects.current(pack.code)
        context["can_publish"] = newest == pack and may_publish_packs(self.request.user)
        return context


# -- a new version from a province's price table --------------------------------------


class PublishView(LoginRequiredMixin, View):
    """For administrators of the whole system only (`may_publish_packs`)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not may_publish_packs(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def newest(self, pk: int) -> PolicyPack:
        base = get_object_or_404(PolicyPack, pk=pk)
        if PolicyPack.objects.newest(base.code) != base:
            raise Http404  # a new version is made from the newest only
        return base


@method_decorator(receives_upload("default"), name="dispatch")
class PriceTableUploadView(PublishView):
    """Receive a province's land price table (.xlsx) and how to read it; the preview
    follows. Nothing is published here."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        base = self.newest(pk)
        form = PriceTableForm(request.POST, request.FILES)
        if request.upload_refused:  # type: ignore[attr-defined]
            form.add_error("file", too_large_message("default"))
        if not form.is_valid():
            return render(
                request, "policy/pack_price_table.html", {"pack": base, "form": form}, status=400
            )
        upload = upload_receive(
            file=form.cleaned_data["file"], kind="price_table", actor=acting_user(request)
        )
        upload.options = form.options()
        upload.save(update_fields=["options"])
        return redirect("policy:pack_price_preview", pk=base.pk, upload=upload.pk)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        base = self.newest(pk)
        return render(
            request, "policy/pack_price_table.html", {"pack": base, "form": PriceTableForm()}
        )


class PriceTablePreviewView(PublishView):
    """What the uploaded table changes against the version in force — segments added,
    prices changed (before → after), segments removed — and, on confirmation with the
    instrument that issues it, the new version published from the date chosen."""

    template_name = "policy/pack_price_preview.html"

    def get(self, request: HttpRequest, pk: int, upload: int) -> HttpResponse:
        return self.show(request, pk, upload, PublishForm())

    def post(self, request: HttpRequest, pk: int, upload: int) -> HttpResponse:
        return self.show(request, pk, upload, PublishForm(request.POST))

    def show(
        self, request: HttpRequest, pk: int, upload_id: int, form: PublishForm
    ) -> HttpResponse:
        base = self.newest(pk)
        upload = get_object_or_404(
            Upload, pk=upload_id, kind="price_table", created_by=request.user, used_at=None
        )
        options = PriceTableOptions.from_dict(upload.options)
        valid_from = dt.date.fromisoformat(upload.options["valid_from"])
        context: dict[str, Any] = {"pack": base, "upload": upload, "valid_from": valid_from}
        try:
            draft = price_table_draft(
                path=Path(upload.file.path),
                name=upload.original_name,
                base=base,
                options=options,
                valid_from=valid_from,
            )
        except PolicyError as exc:
            context["errors"] = exc.messages
            return render(request, self.template_name, context, status=400)
        for seg in draft.added:
            seg["price_text"] = "; ".join(f"{k}: {price_text(v)}" for k, v in seg["prices"].items())
        for seg in draft.changed:
            for c in seg["codes"]:
                c["before_text"], c["after_text"] = price_text(c["before"]), price_text(c["after"])
        context.update(draft=draft, form=form)
        if not form.is_bound:
            return render(request, self.template_name, context)
        if form.is_valid():
            try:
                row = pack_publish(
                    upload=upload,
                    base=base,
                    options=options,
                    valid_from=valid_from,
                    expected_digest=form.cleaned_data["digest"],
                    reason=form.cleaned_data["reason"],
                    actor=acting_user(request),
                )
            except PolicyError as exc:
                form.add_error(None, "; ".join(exc.messages))
            else:
                messages.success(
                    request,
                    _("Đã ban hành phiên bản mới của gói %(code)s, hiệu lực từ %(date)s.")
                    % {"code": row.code, "date": valid_from.strftime("%d/%m/%Y")},
                )
                return redirect("policy:policypack_detail", pk=row.pk)
        return render(request, self.template_name, context, status=400)


def price_text(value: Any) -> str:
    """A segment's price for one land use, as the preview prints it: one number, or one
    per position ("VT1 12.000.000; VT2 …"), in Vietnamese format."""
    if value is None:
        return "—"
    if isinstance(value, dict):
        return "; ".join(f"{k} {price_text(v)}" for k, v in value.items())
    try:
        return format_number(Decimal(str(value)))
    except ArithmeticError:
        return str(value)
