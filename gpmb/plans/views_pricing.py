"""Placing a project's parcels in the price table (road segment and position), many at
a time, as the compensation team does street by street before computing plans."""

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

from gpmb.core.views import restricted_object_or_404
from gpmb.parcels.choices import AGRICULTURAL, PricePosition, RecoveredStrip
from gpmb.parcels.models import Parcel, ParcelImpact
from gpmb.parcels.services import parcels_set_price_basis
from gpmb.plans.facts import commune_slug
from gpmb.plans.pricing import commune_segments
from gpmb.policy.services import PolicyError, pack_for_code
from gpmb.projects.models import AdminUnit, Project

FILTERS = ("commune", "q", "unset")


class PricingView(LoginRequiredMixin, View):
    template_name = "plans/pricing.html"
    paginate_by = 100

    def setup_project(self, request: HttpRequest, code: str) -> None:
        self.project = restricted_object_or_404(Project.objects.all(), request.user, code=code)
        self.params = {k: request.GET.get(k, "").strip() for k in FILTERS}
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
            self.pack_segments: dict[str, dict[str, Any]] = {}
            self.segments: dict[int, list[tuple[str, str]]] = {}
        else:
            self.pack_error = ""
            self.pack_segments = pack.segments
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
            if "/" in q:
                sheet, _sep, number = q.partition("/")
                qs = qs.filter(map_sheet=sheet.strip(), parcel_number=number.strip())
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
            },
        )

    def post(self, request: HttpRequest, code: str) -> HttpResponse:
        self.setup_project(request, code)
        back = redirect(request.get_full_path())
        segment = request.POST.get("segment", "")
        position = request.POST.get("position", "")
        strip = request.POST.get("strip", "")
        reason = request.POST.get("reason", "").strip()[:500]
        if position and position not in PricePosition.values:
            messages.error(request, _("Vị trí không hợp lệ: %(v)s") % {"v": position})
            return back
        if strip and strip not in RecoveredStrip.values:
            messages.error(request, _("Phần thu hồi không hợp lệ: %(v)s") % {"v": strip})
            return back
        if not (segment or position or strip):
            messages.error(request, _("Chọn đoạn đường, vị trí hoặc phần thu hồi để áp dụng."))
            return back
        qs = self.parcels(request, "change")
        if request.POST.get("apply_to") != "filtered":
            ids = [int(v) for v in request.POST.getlist("parcel") if v.isdigit()]
            if not ids:
                messages.error(request, _("Chưa chọn thửa nào."))
                return back
            qs = qs.filter(pk__in=ids)
        parcels = list(qs)
        if segment:
            row = self.pack_segments.get(segment)
            if row is None:
                messages.error(
                    request,
                    _("Đoạn đường %(s)s không có trong bảng giá của dự án.") % {"s": segment},
                )
                return back
            wrong = [p for p in parcels if commune_slug(p.commune) != row.get("commune")]
            if wrong:
                messages.error(
                    request,
                    _(
                        "Đoạn đường %(s)s không thuộc xã/phường của %(n)s thửa đã chọn "
                        "(ví dụ thửa %(p)s): không thửa nào được sửa."
                    )
                    % {"s": segment, "n": len(wrong), "p": wrong[0]},
                )
                return back
        changed = parcels_set_price_basis(
            actor=request.user,
            project=self.project,
            parcels=parcels,
            segment=segment or None,
            position=position or None,
            strip=strip or None,
            reason=reason,
        )
        messages.success(
            request,
            _("Đã cập nhật %(changed)s/%(total)s thửa. Tính lại phương án để áp dụng.")
            % {"changed": changed, "total": len(parcels)},
        )
        return back
