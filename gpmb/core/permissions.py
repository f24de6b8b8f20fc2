"""Who may do what, on which data.

A role (see core.roles) grants actions on models; an `Assignment` (projects app) gives a
user a role on a project, optionally narrowed to one commune. Every list, export and
import starts from `Model.objects.restrict(user, action)`, which keeps only the rows of
the projects and communes the user's assignments with that action reach."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.db.models import Q

from gpmb.core.roles import role_grants


class ScopedQuerySet(models.QuerySet):
    def restrict(self, user: Any, action: str = "view") -> ScopedQuerySet:
        model = self.model
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        perm = f"{model._meta.app_label}.{action}_{model._meta.model_name}"
        condition = Q(pk__in=[])
        for assignment in user_assignments(user):
            if not role_grants(assignment.role, perm):
                continue
            part = Q()
            if assignment.project_id is not None:
                part &= Q(**{model.scope_project: assignment.project_id})  # type: ignore[attr-defined]
            if assignment.commune_id is not None:
                part &= Q(**{model.scope_commune: assignment.commune_id})  # type: ignore[attr-defined]
            if not part:
                return self  # an unscoped assignment with this permission sees everything
            condition |= part
        if getattr(model, "scope_multi", False):
            # The scope runs through a to-many relation: a subquery avoids duplicates.
            return self.filter(pk__in=model._default_manager.filter(condition).values("pk"))
        return self.filter(condition)


class ScopedModel(models.Model):
    """A model whose rows belong to a project and a commune, reached through the lookups
    `scope_project` and `scope_commune` (set `scope_multi` when they cross a to-many
    relation)."""

    scope_project: ClassVar[str] = "project"
    scope_commune: ClassVar[str] = "commune"
    scope_multi: ClassVar[bool] = False

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True


def user_assignments(user: Any) -> list[Any]:
    """The user's assignments, read once per user object (once per request)."""
    cached = getattr(user, "_gpmb_assignments", None)
    if cached is None:
        from gpmb.projects.models import Assignment

        cached = list(Assignment.objects.filter(user=user, active=True))
        user._gpmb_assignments = cached
    return cached


def user_can(user: Any, perm: str) -> bool:
    """Whether any of the user's roles grants `perm` (e.g. "parties.view_national_id")."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return any(role_grants(a.role, perm) for a in user_assignments(user))
