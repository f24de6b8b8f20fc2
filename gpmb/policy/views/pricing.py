"""Placing parcels in the price table (road segment and position): many at a time, as
the compensation team does street by street before computing plans, or one parcel with
its depth and corner roads."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from gpmb.core.permissions import NotPermitted, project_reach
from gpmb.core.views import acting_user, scoped_object_or_404
from gpmb.core.vnformat import parse_sheet_parcel
from gpmb.parcels.choices import AGRICULTURAL, PricePosition, RecoveredStrip
from gpmb.parcels.models import Parcel, ParcelImpact
from gpmb.policy.forms import ParcelPriceForm
from gpmb.policy.packs import PolicyError, pack_for_code
from gpmb.policy.queries import commune_segments, segment_choices
from gpmb.policy.services import PriceBasisError, parcel_set_price_basis, parcels_set_price_basis
from gpmb.projects.models import AdminUnit, Project

FILTERS = ("commune", "q", "unset")


class PricingView(LoginRequiredMixin, View):
    template_name = "policy/pricing.html"
    paginate_by = 100

    def setup_project(self, request: HttpRequest, code: str) -> None:
        self.project = scoped_object_or_404(Project.objects.all(), request.user, code=code)
        self.params = {k: request.GET.get(k, "").strip() for k in FILTERS}
        self.can_change = project_reach(request.user, "parcels.change_parcel", self.project.pk).any
        self.communes = list(
            AdminUnit.objects.filter(
                pk__in=Parcel.objects.restrict(request.user)
                .filter(impacts__project=self.project)
                .values("commune_id")
            ).order_by("name")
        )
        try:
            _row, pack = pack_for_code(self.project.policy_pack_code)
        except PolicyError as exc:
            self.pack_error = str(exc)
            self.segments: dict[int, list[tuple[str, str]]] = {}
        else:
            self.pack_error = ""
            self.segments = {c.pk: commune_segments(pack, c) for c in self.communes}

    def parcels(self, request: HttpRequest, action: str = "view") -> QuerySet[Parcel]:
        qs = (
            Parcel.objects.restrict(request.user, action)
            .filter(impacts__project=self.project)
            .select_related("commune")
            .order_by("commune__name", "map_sheet", "parcel_number")
        )
        params = self.params
        if params["commune"]:
            qs = qs.filter(commune__code=params["commune"])
        if params["unset"]:
            qs = qs.filter(
                Q(price_position="") | (Q(price_segment="") & ~Q(land_use_code__in=AGRICULTURAL))
            )
        if params["q"]:
            q = params["q"]
            sheet_parcel = parse_sheet_parcel(q)
            if sheet_parcel:
                qs = qs.filter(map_sheet=sheet_parcel[0], parcel_number=sheet_parcel[1])
            else:
                qs = qs.filter(Q(address__icontains=q) | Q(parcel_number=q))
        return qs

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        self.setup_project(request, code)
        page = Paginator(self.parcels(request), self.paginate_by).get_page(request.GET.get("page"))
        impacts = {
            i.parcel_id: i
            for i in ParcelImpact.objects.filter(
                project=self.project, parcel__in=[p.pk for p in page.object_list]
            )
        }
        labels = {sid: label for segs in self.segments.values() for sid, label in segs}
        rows = [
            {
                "parcel": p,
                "impact": impacts.get(p.pk),
                "segment_label": labels.get(p.price_segment, ""),
                "agricultural": p.land_use_code in AGRICULTURAL,
            }
            for p in page.object_list
        ]
        return render(
            request,
            self.template_name,
            {
                "project": self.project,
                "page": page,
                "rows": rows,
                "params": self.params,
                "communes": self.communes,
                "segment_groups": [(c, self.segments.get(c.pk, [])) for c in self.communes],
                "positions": PricePosition.choices,
                "strips": RecoveredStrip.choices,
                "pack_error": self.pack_error,
                "can_change": self.can_change,
            },
        )

    def post(self, request: HttpRequest, code: str) -> HttpResponse:
        self.setup_project(request, code)
        if not self.can_change:
            raise NotPermitted(_("Bạn không có quyền sửa thửa đất của dự án này."))
        back = redirect(request.get_full_path())
        qs = self.parcels(request, "change")
        if request.POST.get("apply_to") != "filtered":
            ids = [int(v) for v in request.POST.getlist("parcel") if v.isdigit()]
            if not ids:
                messages.error(request, _("Chưa chọn thửa nào."))
                return back
            qs = qs.filter(pk__in=ids)
        values = {k: request.POST.get(k, "") or None for k in ("segment", "position", "strip")}
        if not any(values.values()):
            messages.error(request, _("Chọn đoạn đường, vị trí hoặc phần thu hồi để áp dụng."))
            return back
        parcels = list(qs)
        try:
            changed = parcels_set_price_basis(
                actor=acting_user(request),
                project=self.project,
                parcels=parcels,
                reason=request.POST.get("reason", "")[:500],
                **values,
            )
        except (PriceBasisError, PolicyError) as exc:
            messages.error(request, str(exc))
            return back
        messages.success(
            request,
            _("Đã cập nhật %(changed)s/%(total)s thửa. Tính lại phương án để áp dụng.")
            % {"changed": changed, "total": len(parcels)},
        )
        return back


class ParcelPriceView(LoginRequiredMixin, View):
    """One parcel's place in the price table, with its depth and the other roads it
    fronts (a corner lot), chosen from the packs of the projects it lies in."""

    template_name = "policy/parcel_price.html"

    def form(self, request: HttpRequest, pk: int, data: Any = None) -> ParcelPriceForm:
        self.parcel = scoped_object_or_404(
            Parcel.objects.select_related("commune"), request.user, "change", pk=pk
        )
        parcel = self.parcel
        return ParcelPriceForm(
            data,
            initial={
                "price_segment": parcel.price_segment,
                "price_position": parcel.price_position,
                "depth_m": parcel.depth_m,
                "other_segments": parcel.other_segments or [],
            },
            segments=segment_choices(
                Project.objects.filter(impacts__parcel=parcel), parcel.commune
            ),
            keep=[parcel.price_segment, *(parcel.other_segments or [])],
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = self.form(request, pk)
        return render(request, self.template_name, {"parcel": self.parcel, "form": form})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        form = self.form(request, pk, request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                parcel_set_price_basis(
                    actor=acting_user(request),
                    parcel=self.parcel,
                    segment=data["price_segment"],
                    position=data["price_position"],
                    depth_m=data["depth_m"],
                    other_segments=data["other_segments"],
                    reason=data["reason"],
                )
            except PriceBasisError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("Đã lưu vị trí giá đất của thửa %(parcel)s. Tính lại phương án để áp dụng.")
                    % {"parcel": self.parcel},
                )
                return redirect("parcels:parcel_detail", pk=self.parcel.pk)
        return render(request, self.template_name, {"parcel": self.parcel, "form": form})
