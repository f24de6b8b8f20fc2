"""What leadership sees, on pages: the city, a ward, a project — the funnel, land, money
against the capital plan, overdue steps, the lagging wards and projects named, the clear
date at the recent pace, the charts — and the households behind each blocker. Each page
binds a request to `gpmb.reports.queries`; every figure is read from the records."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from gpmb.cases.choices import CaseStatus
from gpmb.cases.models import Case
from gpmb.core.jobs import job_start
from gpmb.core.permissions import holds_system_wide
from gpmb.core.views import acting_user, own_job_or_404
from gpmb.core.vnformat import parse_date
from gpmb.parties.models import Household
from gpmb.reports.charts import progress_line, share_bars
from gpmb.reports.choices import IndicatorKind
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
    report,
    scope_cases,
)
from gpmb.reports.services import PERIOD, TARGET_RIGHT, TargetError, target_set

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


class TargetsView(LoginRequiredMixin, TemplateView):
    """The indicators of the city for a period (`?period=2026-H1`): plan, actual, % of plan,
    % of the same period, in words; leadership of the whole system sets them here."""

    template_name = "reports/targets.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        default = f"{today.year}-H{1 if today.month <= 6 else 2}"
        period = self.request.GET.get("period", "").strip() or default
        errors = []
        if not PERIOD.match(period):
            errors.append(
                _("Kỳ “%(value)s” không hợp lệ: viết 2026 (cả năm) hoặc 2026-H1, 2026-H2.")
                % {"value": period}
            )
            period = default
        context.update(
            period=period,
            errors=errors,
            rows=indicators(self.request.user, ScopeKind.CITY, None, period),
            kinds=IndicatorKind.choices,
            may_set=holds_system_wide(self.request.user, TARGET_RIGHT),
        )
        return context

    def post(self, request: HttpRequest) -> HttpResponse:
        data = request.POST
        period = data.get("period", "")
        try:
            target_set(
                actor=acting_user(request),
                period=period,
                kind=data.get("kind", ""),
                planned=data.get("planned", ""),
                actual=data.get("actual", ""),
                source=data.get("source", ""),
            )
        except TargetError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã ghi chỉ tiêu."))
        return redirect(f"{reverse('dashboard:targets')}?{urlencode({'period': period})}")


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
