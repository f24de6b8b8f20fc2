"""Views shared by every app: the change history of a record."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.views.generic import TemplateView

from gpmb.core.models import ObjectChange
from gpmb.core.permissions import user_can

PERSONAL_FIELDS = {"national_id", "phone", "address"}
MASK = "•••"


def restricted_object_or_404(
    queryset: models.QuerySet, user: Any, action: str = "view", **lookup: Any
) -> Any:
    """The object if this user may `action` it; 404 otherwise, so a direct URL tells an
    unauthorised user nothing about what exists."""
    try:
        return queryset.restrict(user, action).get(**lookup)  # type: ignore[attr-defined]
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


def visible_changes(changes: list[ObjectChange], user: Any) -> list[dict[str, Any]]:
    """Change rows as the page shows them, personal data masked for roles without it."""
    reveal = user_can(user, "parties.view_national_id")
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
        obj = restricted_object_or_404(manager.all(), self.request.user, pk=self.kwargs["pk"])
        changes = ObjectChange.objects.filter(
            content_type=content_type, object_id=obj.pk
        ).select_related("user")
        page = Paginator(changes, 50).get_page(self.request.GET.get("page"))
        labels = {f.name: f.verbose_name for f in model._meta.fields}
        context.update(
            object=obj,
            model_name=model._meta.verbose_name,
            page=page,
            rows=visible_changes(list(page.object_list), self.request.user),
            labels=labels,
        )
        return context
