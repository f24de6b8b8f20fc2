"""Who may do what, on which data: one idiom, checked on the object.

A role (gpmb.core.roles) grants permissions; an `Assignment` gives a user a role on a
project (or all projects), optionally narrowed to one commune. A permission is always
decided on the object's own queryset: `Model.objects.restrict(user, action)` keeps the
rows that an assignment granting that action reaches — never "the user has this right
somewhere", which would carry a right from one project to another (NetBox's
RestrictedQuerySet). Views fetch with `scoped_object_or_404` (gpmb.core.views); a write
that creates or moves an object is checked again afterwards with `check_reach`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Self

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _

from gpmb.core.models import Assignment
from gpmb.core.roles import role_grants


class NotPermitted(PermissionDenied):
    """The acting user's assignments do not reach this object for this action. A view
    answers 403; a transaction it is raised in rolls back."""


def permission_name(model: type[models.Model], action: str) -> str:
    """ "view" on Case → "cases.view_case"; a full name ("parties.view_national_id") is
    kept, to check another app's permission within this model's scope."""
    if "." in action:
        return action
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


# What a user's assignments reach for one permission on one model: everything, or a list
# of (project id, commune id) pairs where None means "any".
EVERYTHING = None
Grants = list[tuple[int | None, int | None]] | None


def grants(user: Any, model: type[models.Model], action: str) -> Grants:
    """The scopes in which `user` may `action` rows of `model`. An assignment narrowed to
    one commune reaches an object that spans communes (`scope_spans_communes`) for reading
    only: changing a project, a batch's census round or a boundary is a project-wide act."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return EVERYTHING
    perm = permission_name(model, action)
    reading = perm.split(".")[1].startswith("view")
    scope_project: str | None = model.scope_project  # type: ignore[attr-defined]
    scope_commune: str | None = model.scope_commune  # type: ignore[attr-defined]
    spans: bool = model.scope_spans_communes  # type: ignore[attr-defined]
    out: list[tuple[int | None, int | None]] = []
    for assignment in user_assignments(user):
        if not role_grants(assignment.role, perm):
            continue
        if scope_project is None:
            return EVERYTHING  # data of no project (a policy pack): the right is enough
        commune_id = assignment.commune_id
        if commune_id is not None and (scope_commune is None or (spans and not reading)):
            continue
        if assignment.project_id is None and commune_id is None:
            return EVERYTHING  # an unscoped assignment with this permission reaches all
        out.append((assignment.project_id, commune_id))
    return out


class ScopedQuerySet(models.QuerySet):
    def restrict(self, user: Any, action: str = "view") -> Self:
        """The rows `user` may `action`: those of the projects and communes that the
        user's assignments granting the permission reach (see `grants`)."""
        model = self.model
        scopes = grants(user, model, action)
        if scopes is EVERYTHING:
            return self
        condition = Q(pk__in=[])
        for project_id, commune_id in scopes:
            part = Q()
            if project_id is not None:
                part &= Q(**{model.scope_project: project_id})  # type: ignore[attr-defined]
            if commune_id is not None:
                part &= Q(**{model.scope_commune: commune_id})  # type: ignore[attr-defined]
            condition |= part
        if model.scope_multi:  # type: ignore[attr-defined]
            # The scope runs through a to-many relation: a subquery avoids duplicates.
            return self.filter(pk__in=model._default_manager.filter(condition).values("pk"))
        return self.filter(condition)


class ScopedModel(models.Model):
    """A model whose rows belong to a project and a commune, reached through the lookups
    `scope_project` and `scope_commune` (None: the rows belong to no project, or to no
    single commune). Set `scope_multi` when a lookup crosses a to-many relation and
    `scope_spans_communes` when one row covers every commune of its project."""

    scope_project: ClassVar[str | None] = "project"
    scope_commune: ClassVar[str | None] = "commune"
    scope_multi: ClassVar[bool] = False
    scope_spans_communes: ClassVar[bool] = False

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True


def user_assignments(user: Any) -> list[Assignment]:
    """The user's active assignments, read once per user object (once per request)."""
    cached = getattr(user, "_gpmb_assignments", None)
    if cached is None:
        cached = list(Assignment.objects.filter(user=user, active=True))
        user._gpmb_assignments = cached
    return cached


def may(user: Any, action: str, obj: models.Model) -> bool:
    """Whether `user` may `action` this object, decided on its own queryset — or, when the
    object carries its project and commune in its own columns (a case, a plan version),
    from those values without asking the database."""
    model = type(obj)
    scopes = grants(user, model, action)
    if scopes is EVERYTHING:
        return True
    if not scopes:
        return False
    project_field, commune_field = model.scope_project, model.scope_commune  # type: ignore[attr-defined]
    if project_field in _OWN_COLUMNS and commune_field in _OWN_COLUMNS:
        project_id = obj.pk if project_field == "pk" else getattr(obj, f"{project_field}_id")
        commune_id = getattr(obj, f"{commune_field}_id", None) if commune_field else None
        return any(p in (None, project_id) and c in (None, commune_id) for p, c in scopes)
    manager = model._default_manager
    return manager.restrict(user, action).filter(pk=obj.pk).exists()  # type: ignore[attr-defined]


_OWN_COLUMNS = {"pk", "project", "commune", None}


def check_reach(user: Any, action: str, obj: models.Model) -> None:
    """After a write, inside its transaction: the object as written must still be within
    the user's reach (an import cannot move a parcel into another commune, an edit cannot
    move a case to a project the user does not work on). Raises NotPermitted, which rolls
    the transaction back."""
    if user is not None and not may(user, action, obj):
        raise NotPermitted(
            _("Bạn không có quyền với %(object)s (ngoài dự án hoặc xã/phường được phân công).")
            % {"object": obj}
        )


def has_role_permission(user: Any, perm: str) -> bool:
    """Whether any role of the user grants `perm`, on whatever data. Only for what has no
    object — a menu entry, the calculator — never to decide on a record."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return any(role_grants(a.role, perm) for a in user_assignments(user))


def holds_system_wide(user: Any, perm: str) -> bool:
    """Whether `user` holds `perm` through an assignment not limited to a project or a
    commune (or is a superuser): for what serves every project — the document templates,
    the policy packs — a right held on one project does not reach it."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(
        a.project_id is None and a.commune_id is None and role_grants(a.role, perm)
        for a in user_assignments(user)
    )


@dataclass(frozen=True)
class ProjectReach:
    """Where the assignments granting one permission let a user act in one project: the
    whole project, or only some of its communes (a ward officer's own). For writes that
    span a project row by row, such as an import."""

    whole: bool
    communes: frozenset[int]

    def allows(self, commune_id: int | None) -> bool:
        return self.whole or commune_id in self.communes

    @property
    def any(self) -> bool:
        return self.whole or bool(self.communes)


def project_reach(user: Any, perm: str, project_id: int) -> ProjectReach:
    if user is None or not user.is_authenticated or not user.is_active:
        return ProjectReach(False, frozenset())
    if user.is_superuser:
        return ProjectReach(True, frozenset())
    communes: set[int] = set()
    for assignment in user_assignments(user):
        if not role_grants(assignment.role, perm):
            continue
        if assignment.project_id not in (None, project_id):
            continue
        if assignment.commune_id is None:
            return ProjectReach(True, frozenset())
        communes.add(assignment.commune_id)
    return ProjectReach(False, frozenset(communes))
