"""Views shared by every app: the change history of a record."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from gpmb.core.models import ObjectChange
from gpmb.core.permissions import NotPermitted, may
from gpmb.core.roles import PERSONAL_DATA

PERSONAL_FIELDS = {"national_id", "phone", "address"}
MASK = "•••"


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
        context.update(
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
