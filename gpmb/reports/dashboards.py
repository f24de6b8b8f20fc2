"""What leadership sees, on pages: the city, a ward, a project — the funnel, land, money
against the capital plan, overdue steps, the lagging wards and projects named, the clear
date at the recent pace, the charts — and the households behind each blocker. Each page
binds a request to `gpmb.reports.queries`; every figure is read from the records."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.generic import TemplateView, View

from gpmb.cases.choices import CaseStatus
from gpmb.cases.models import Case
from gpmb.census.choices import ItemKind
from gpmb.core.jobs import job_start
from gpmb.core.models import Upload
from gpmb.core.permissions import NotPermitted
from gpmb.core.uploads import receives_upload, too_large_message, upload_receive
from gpmb.core.views import acting_user, own_job_or_404
from gpmb.core.vnformat import parse_date
from gpmb.parties.models import Household
from gpmb.reports.charts import progress_line, share_bars
from gpmb.reports.choices import IndicatorKind, ScopeLevel
from gpmb.reports.importing import TARGETS_UPLOAD, read_targets, targets_template
from gpmb.reports.jobs import REVIEW
from gpmb.reports.jobs import WRITERS as REVIEW_WRITERS
from gpmb.reports.jobs import job_file as review_job_file
from gpmb.reports.queries import (
    DEFAULT_WINDOW_WEEKS,
    BlockerReason,
    ScopeKind,
    ScopeNotFound,
    blocker_titles,
    blockers,
    indicators,
    missing_price_items,
    report,
    scope_cases,
)
from gpmb.reports.services import (
    PERIOD,
    PriceFixError,
    TargetError,
    may_set_target,
    missing_price_fix,
    sets_targets,
    target_set,
    targets_import,
)

MAX_WINDOW_WEEKS = 52


def _as_of(raw: str, errors: list[str]) -> dt.date:
    today = timezone.localdate()
    if not raw:
        return today
    try:
        day = parse_date(raw)
    except ValueError:
        day = None
    if day is None or day > today:
        errors.append(
            _("Ngày “%(value)s” không hợp lệ (dd/mm/yyyy, không sau hôm nay): dùng hôm nay.")
            % {"value": raw}
        )
        return today
    return day


def _window(raw: str, errors: list[str]) -> int:
    if not raw:
        return DEFAULT_WINDOW_WEEKS
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_WINDOW_WEEKS:
        errors.append(
            _("Số tuần tính nhịp “%(value)s” không hợp lệ (1–%(max)s): dùng %(default)s tuần.")
            % {"value": raw, "max": MAX_WINDOW_WEEKS, "default": DEFAULT_WINDOW_WEEKS}
        )
        return DEFAULT_WINDOW_WEEKS
    return int(raw)


class DashboardView(LoginRequiredMixin, TemplateView):
    """The city's, a ward's or a project's dashboard (`kind`), as of `?as_of=`."""

    template_name = "reports/dashboard.html"
    kind = ScopeKind.CITY

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        errors: list[str] = []
        day = _as_of(self.request.GET.get("as_of", "").strip(), errors)
        window = _window(self.request.GET.get("window", "").strip(), errors)
        code = self.kwargs.get("code")
        try:
            r = report(self.request.user, self.kind, code, as_of=day, window_weeks=window)
        except ScopeNotFound as exc:
            raise Http404 from exc
        context.update(
            r=r,
            t=r.totals,
            kind=self.kind,
            code=code or "",
            errors=errors,
            window=window,
            line=progress_line(r.series, r.totals.total),
            bars=share_bars([(w.label, w.code, w.share, w.lagging) for w in r.wards]),
            is_today=day == timezone.localdate(),
            default_period=f"{day.year}-H{1 if day.month <= 6 else 2}",
        )
        return context


class BlockerSummaryView(LoginRequiredMixin, TemplateView):
    """A scope's blockers by reason with their counts (today), loaded after the dashboard
    (htmx) so that the figures do not wait for them; the whole page without htmx."""

    def get_template_names(self) -> list[str]:
        if getattr(self.request, "htmx", False):
            return ["reports/_blockers.html"]
        return ["reports/blocker_summary.html"]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        kind = self.request.GET.get("scope", ScopeKind.CITY)
        code = self.request.GET.get("code", "").strip() or None
        if kind not in ScopeKind.ALL:
            raise Http404
        try:
            _cases, label, _obj = scope_cases(self.request.user, kind, code)
            groups = blockers(self.request.user, kind, code)
        except ScopeNotFound as exc:
            raise Http404 from exc
        context.update(blocker_groups=groups, kind=kind, code=code or "", label=label)
        return context


class BlockedHouseholdsView(LoginRequiredMixin, TemplateView):
    """The households of a scope held by one blocker (`?reason=`), with what holds them."""

    template_name = "reports/blocked_households.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.request.GET
        kind = query.get("scope", ScopeKind.CITY)
        code = query.get("code", "").strip() or None
        reason = query.get("reason", "")
        item = query.get("item", "")
        if kind not in ScopeKind.ALL or reason not in BlockerReason.ORDER:
            raise Http404
        try:
            groups = {g.reason: g for g in blockers(self.request.user, kind, code)}
        except ScopeNotFound as exc:
            raise Http404 from exc
        group = groups[reason]
        ids = group.case_ids
        if item:
            ids = next((c for (k, _t), c in group.items.items() if k == item), set())
        cases = (
            Case.objects.restrict(self.request.user)
            .filter(pk__in=ids, household__in=Household.objects.restrict(self.request.user))
            .select_related("household__head", "commune", "project", "batch")
            .order_by("commune__name", "household__code")
        )
        context.update(
            group=group,
            title=blocker_titles()[reason],
            item=item,
            cases=cases,
            CaseStatus=CaseStatus,
            kind=kind,
            code=code or "",
        )
        return context


class PriceFixView(LoginRequiredMixin, TemplateView):
    """The missing-price blocker's bulk fix for one line code of a scope: GET previews the
    inventory lines without a price code of the pack (by kind, with their households) that
    the user may fix; POST assigns the chosen pack row to all of one kind and recomputes
    their plans (gpmb.reports.services.missing_price_fix)."""

    template_name = "reports/price_fix.html"

    def _scope(self) -> tuple[str, str | None, str]:
        query = self.request.POST if self.request.method == "POST" else self.request.GET
        kind = query.get("scope", ScopeKind.CITY)
        code = query.get("code", "").strip() or None
        line = query.get("line", "").strip()
        if kind not in ScopeKind.ALL or not line:
            raise Http404
        return kind, code, line

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        kind, code, line = self._scope()
        try:
            _cases, label, _obj = scope_cases(self.request.user, kind, code)
            groups = missing_price_items(self.request.user, kind, code, line)
        except ScopeNotFound as exc:
            raise Http404 from exc
        context.update(
            groups=sorted(groups.values(), key=lambda g: g.item_kind),
            kind=kind,
            code=code or "",
            line=line,
            label=label,
            kind_labels=dict(ItemKind.choices),
        )
        return context

    def post(self, request: HttpRequest) -> HttpResponse:
        kind, code, line = self._scope()
        data = request.POST
        try:
            cases, _label, _obj = scope_cases(request.user, kind, code)
        except ScopeNotFound as exc:
            raise Http404 from exc
        # Seen but not the user's to edit (no census right on any case of the scope): 403.
        if not any(
            Case.objects.restrict(request.user, right).filter(pk__in=cases.values("pk")).exists()
            for right in ("census.change_inventoryitem", "census.correct_inventoryitem")
        ):
            raise PermissionDenied
        back = f"{reverse('dashboard:price_fix')}?" + urlencode(
            {"scope": kind, "code": code or "", "line": line}
        )
        try:
            done = missing_price_fix(
                actor=acting_user(request),
                kind=kind,
                code=code,
                line_code=line,
                item_kind=data.get("item_kind", ""),
                price_code=data.get("price_code", ""),
                reason=data.get("reason", ""),
                evidence=data.get("evidence", ""),
            )
        except (PriceFixError, NotPermitted) as exc:
            messages.error(request, str(exc))
            return redirect(back)
        messages.success(
            request,
            _(
                "Đã gắn mã đơn giá cho %(items)s dòng của %(cases)s hộ; tính lại: %(new)s "
                "phương án mới, %(same)s không đổi."
            )
            % {
                "items": done.items,
                "cases": len(done.cases),
                "new": done.new_versions,
                "same": done.unchanged,
            },
        )
        if done.held:
            messages.warning(
                request,
                _(
                    "%(n)s hộ có phương án đã niêm yết, trình hoặc phê duyệt: không tính lại "
                    "tự động (phương án đã duyệt không bị sửa âm thầm); hãy tính lại từng hộ "
                    "với lý do."
                )
                % {"n": len(done.held)},
            )
        if done.not_computable:
            messages.warning(
                request,
                _("%(n)s hộ bạn không được phân công tính phương án: chưa tính lại.")
                % {"n": len(done.not_computable)},
            )
        for errors in done.errors.values():
            messages.error(request, "; ".join(errors))
        return redirect(back)


class TargetsView(LoginRequiredMixin, TemplateView):
    """The indicators of the city, or of a ward (`?ward=11383`), for a period
    (`?period=2026-H1`): plan, actual, % of plan, % of the same period, in words;
    leadership of the whole system sets them here, leadership of a ward its ward's."""

    template_name = "reports/targets.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        default = f"{today.year}-H{1 if today.month <= 6 else 2}"
        period = self.request.GET.get("period", "").strip() or default
        ward = self.request.GET.get("ward", "").strip()
        errors = []
        if not PERIOD.match(period):
            errors.append(
                _("Kỳ “%(value)s” không hợp lệ: viết 2026 (cả năm) hoặc 2026-H1, 2026-H2.")
                % {"value": period}
            )
            period = default
        kind = ScopeKind.WARD if ward else ScopeKind.CITY
        try:
            _cases, label, _obj = scope_cases(self.request.user, kind, ward or None)
            rows = indicators(self.request.user, kind, ward or None, period)
        except ScopeNotFound as exc:
            raise Http404 from exc
        context.update(
            period=period,
            ward=ward,
            label=label,
            errors=errors,
            rows=rows,
            kinds=IndicatorKind.choices,
            may_set=may_set_target(
                self.request.user, ScopeLevel.WARD if ward else ScopeLevel.CITY, ward
            ),
            may_import=sets_targets(self.request.user),
        )
        return context

    def post(self, request: HttpRequest) -> HttpResponse:
        data = request.POST
        period = data.get("period", "")
        ward = data.get("ward", "").strip()
        try:
            target_set(
                actor=acting_user(request),
                period=period,
                kind=data.get("kind", ""),
                planned=data.get("planned", ""),
                actual=data.get("actual", ""),
                source=data.get("source", ""),
                scope=ScopeLevel.WARD if ward else ScopeLevel.CITY,
                unit_code=ward,
            )
        except TargetError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã ghi chỉ tiêu."))
        query = {"period": period, **({"ward": ward} if ward else {})}
        return redirect(f"{reverse('dashboard:targets')}?{urlencode(query)}")


class TargetsTemplateView(LoginRequiredMixin, View):
    """The blank workbook of targets and entered indicators: its header and a sheet of
    what each column takes."""

    def get(self, request: HttpRequest) -> HttpResponse:
        response = HttpResponse(targets_template(), content_type=CONTENT_TYPES["xlsx"])
        response["Content-Disposition"] = 'attachment; filename="chi-tieu.xlsx"'
        return response


def _may_import_targets(request: HttpRequest) -> None:
    if not sets_targets(request.user):
        raise PermissionDenied


@login_required
@receives_upload(TARGETS_UPLOAD)
@require_http_methods(["GET", "POST"])
def targets_upload(request: HttpRequest) -> HttpResponse:
    """Send a workbook of targets (the one upload → preview → confirm flow)."""
    _may_import_targets(request)
    error = ""
    if request.method == "POST":
        file = request.FILES.get("file")
        if request.upload_refused:  # type: ignore[attr-defined]
            error = too_large_message(TARGETS_UPLOAD)
        elif file is None:
            error = _("Chọn tệp Excel (.xlsx) để nhập.")
        else:
            upload = upload_receive(file=file, kind=TARGETS_UPLOAD, actor=acting_user(request))
            return redirect("dashboard:targets_preview", pk=upload.pk)
    return render(request, "reports/targets_upload.html", {"error": error})


@login_required
@require_http_methods(["GET", "POST"])
def targets_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """What the file would write (GET); writing it all, or nothing (POST)."""
    _may_import_targets(request)
    upload = Upload.objects.filter(
        pk=pk, kind=TARGETS_UPLOAD, created_by=request.user.pk, used_at__isnull=True
    ).first()
    if upload is None:
        raise Http404
    rows, errors = read_targets(Path(upload.file.path), upload.original_name, request.user)
    if request.method == "POST" and not errors:
        try:
            count = targets_import(
                actor=acting_user(request),
                rows=[row.values for row in rows],
                file_name=upload.original_name,
            )
        except TargetError as exc:
            messages.error(request, str(exc))
        else:
            upload.used_at = timezone.now()
            upload.save(update_fields=["used_at"])
            messages.success(request, _("Đã nhập %(n)s chỉ tiêu.") % {"n": count})
            period = rows[0].values["period"]
            return redirect(f"{reverse('dashboard:targets')}?{urlencode({'period': period})}")
    return render(
        request,
        "reports/targets_preview.html",
        {
            "upload": upload,
            "rows": rows,
            "errors": errors,
            "kinds": dict(IndicatorKind.choices),
            "scopes": dict(ScopeLevel.choices),
        },
    )


class ReviewStartView(LoginRequiredMixin, View):
    """Start the periodic review report of a scope as a job (it reads what the user sees)."""

    def post(self, request: HttpRequest) -> HttpResponse:
        data = request.POST
        kind, code = data.get("scope", ScopeKind.CITY), data.get("code", "").strip()
        period, fmt = data.get("period", "").strip(), data.get("fmt", "docx")
        back = reverse("dashboard:city")
        if kind == ScopeKind.WARD and code:
            back = reverse("dashboard:ward", args=[code])
        elif kind == ScopeKind.PROJECT and code:
            back = reverse("dashboard:project", args=[code])
        if kind not in ScopeKind.ALL or fmt not in REVIEW_WRITERS or not PERIOD.match(period):
            messages.error(
                request,
                _("Kỳ “%(value)s” không hợp lệ: viết 2026 (cả năm) hoặc 2026-H1, 2026-H2.")
                % {"value": period},
            )
            return redirect(back)
        try:
            scope_cases(request.user, kind, code or None)
        except ScopeNotFound as exc:
            raise Http404 from exc
        job = job_start(
            kind=REVIEW,
            actor=acting_user(request),
            params={"scope": kind, "code": code, "period": period, "fmt": fmt},
        )
        return redirect("core:job_detail", pk=job.pk)


class ReviewFileView(LoginRequiredMixin, View):
    """The report a job made, to the user who started it."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        job = own_job_or_404(request, pk)
        path = review_job_file(job)
        if job.kind != REVIEW or not path.is_file():
            raise Http404
        fmt = job.params.get("fmt", "docx")
        return FileResponse(
            path.open("rb"),
            as_attachment=True,
            filename=f"bao-cao-{job.params.get('period', '')}.{fmt}",
            content_type=CONTENT_TYPES[fmt],
        )


CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
