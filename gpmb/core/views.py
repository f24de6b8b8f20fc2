"""Views shared by every app: the change history of a record, and the page of a job."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.generic import DetailView, ListView, TemplateView
from django_htmx.http import HttpResponseClientRefresh

from gpmb.core.audit import MASK, PERSONAL_FIELDS
from gpmb.core.choices import JobStatus
from gpmb.core.forms import CleanTextForm
from gpmb.core.jobs import job_label, jobs_fail_stale
from gpmb.core.models import AuditEvent, Job, ObjectChange
from gpmb.core.permissions import NotPermitted, may
from gpmb.core.roles import PERSONAL_DATA


def acting_user(request: HttpRequest) -> User:
    """The user a writing view acts for. Every such view is behind login; an anonymous
    request that reaches one is refused, never passed to a service as an actor."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def scoped_object_or_404(
    queryset: models.QuerySet, user: Any, action: str = "view", **lookup: Any
) -> Any:
    """The object if this user may `action` it, decided on its own queryset. An object
    the user may not even see is a 404, so a direct URL tells nothing about what exists;
    one the user sees but may not `action` is a 403 that says so."""
    try:
        obj = queryset.restrict(user, "view").get(**lookup)  # type: ignore[attr-defined]
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc
    if action != "view" and not may(user, action, obj):
        raise NotPermitted(
            _("Bạn được xem nhưng không có quyền thực hiện thao tác này với %(object)s.")
            % {"object": obj}
        )
    return obj


def visible_changes(changes: list[ObjectChange], reveal: bool) -> list[dict[str, Any]]:
    """Change rows as the page shows them, personal data masked unless `reveal`."""
    rows = []
    for change in changes:
        diff = []
        for name, before, after in change.diff():
            if name in PERSONAL_FIELDS and not reveal:
                before = MASK if before else before
                after = MASK if after else after
            diff.append({"field": name, "before": before, "after": after})
        rows.append({"change": change, "diff": diff})
    return rows


class ObjectHistoryView(LoginRequiredMixin, TemplateView):
    """Who changed what on one record, when, from what to what."""

    template_name = "core/object_history.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        try:
            content_type = ContentType.objects.get_by_natural_key(
                self.kwargs["app_label"], self.kwargs["model"]
            )
        except ContentType.DoesNotExist as exc:
            raise Http404 from exc
        model = content_type.model_class()
        manager = getattr(model, "objects", None)
        if model is None or manager is None or not hasattr(manager, "restrict"):
            raise Http404
        obj = scoped_object_or_404(
            manager.all(), self.request.user, "core.view_objectchange", pk=self.kwargs["pk"]
        )
        changes = ObjectChange.objects.filter(
            content_type=content_type, object_id=obj.pk
        ).select_related("user")
        page = Paginator(changes, 50).get_page(self.request.GET.get("page"))
        labels = {f.name: f.verbose_name for f in model._meta.fields}
        # The reasons given for changes of this record (a change that moves money needs
        # one): the change log holds values, the domain event the reason.
        reasons = [
            {
                "event": event,
                "fields": [
                    str(labels.get(name, name)) for name in (event.data or {}).get("fields", [])
                ],
            }
            for event in AuditEvent.objects.filter(content_type=content_type, object_id=obj.pk)
            .exclude(reason="")
            .select_related("user")[:50]
        ]
        context.update(
            reasons=reasons,
            object=obj,
            model_name=model._meta.verbose_name,
            page=page,
            # Personal data in the history of this record: only where the user's
            # assignments reaching it grant it.
            rows=visible_changes(
                list(page.object_list), may(self.request.user, PERSONAL_DATA, obj)
            ),
            labels=labels,
        )
        return context


# -- jobs -------------------------------------------------------------------------------


def own_job_or_404(request: HttpRequest, pk: int) -> Job:
    """A job is seen by the user who started it (and superusers)."""
    jobs = Job.objects.select_related("project", "upload")
    if not request.user.is_superuser:
        jobs = jobs.filter(created_by=request.user.pk)
    job = jobs.filter(pk=pk).first()
    if job is None:
        raise Http404
    return job


def job_context(job: Job) -> dict[str, Any]:
    if job.status == JobStatus.RUNNING:
        jobs_fail_stale()  # a silent worker: say so rather than spin forever
        job.refresh_from_db()
    return {"job": job, "label": job_label(job), "JobStatus": JobStatus}


@login_required
@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A job's own page: its progress while it runs, then its outcome."""
    job = own_job_or_404(request, pk)
    return render(request, "core/job.html", job_context(job))


@login_required
@require_GET
def job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The job panel, polled by the page that shows it. When the job ends, the whole page
    reloads, so it can show what the job found."""
    job = own_job_or_404(request, pk)
    context = job_context(job)
    if job.finished and request.GET.get("was") in (JobStatus.QUEUED, JobStatus.RUNNING):
        return HttpResponseClientRefresh()
    return render(request, "core/_job.html", context)


# -- list and detail pages as declarations (NetBox's object views) ------------------------


class ScopedListView(LoginRequiredMixin, ListView):
    """A list page is a declaration: the `model` (or `queryset`), the `action` its rows
    must allow the user (the rows are what the user's assignments reach), an optional
    `filterset` — a form of GET parameters whose `filter()` narrows the rows —,
    `paginate_by` and a template. The template gets `object_list`, `page` (for
    core/pager.html), `filters` and `params` (the filters as given, for links that keep
    them)."""

    action = "view"
    filterset: type[FilterForm] | None = None
    paginate_by: int | None = 50

    def get_queryset(self) -> QuerySet[Any]:
        rows = super().get_queryset().restrict(self.request.user, self.action)  # type: ignore[attr-defined]
        self.filters = (
            self.filterset(self.request.GET, user=self.request.user) if self.filterset else None
        )
        if self.filters is not None:
            rows = self.filters.filter(rows) if self.filters.is_valid() else rows.none()
        return rows

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["filters"] = self.filters
        context["page"] = context.get("page_obj")  # core/pager.html
        context["params"] = (
            {k: self.filters.data.get(k, "") for k in self.filters.fields} if self.filters else {}
        )
        return context


class ScopedDetailView(LoginRequiredMixin, DetailView):
    """A detail page as a declaration: the object is fetched with `scoped_object_or_404`
    (404 if the user cannot see it, 403 if it may see but not `action` it)."""

    action = "view"

    def get_object(self, queryset: QuerySet[Any] | None = None) -> Any:
        rows = self.get_queryset() if queryset is None else queryset
        lookup = {
            field: self.kwargs[kwarg]
            for field, kwarg in (("pk", self.pk_url_kwarg), (self.slug_field, self.slug_url_kwarg))
            if kwarg in self.kwargs
        }
        return scoped_object_or_404(rows, self.request.user, self.action, **lookup)


class FilterForm(CleanTextForm):
    """The GET filters of a list page. A subclass declares its fields (choices may depend
    on `self.user`) and `filter(rows)`."""

    def __init__(self, data: Any = None, *, user: Any, **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        self.user = user

    def filter(self, rows: QuerySet[Any]) -> QuerySet[Any]:
        return rows
