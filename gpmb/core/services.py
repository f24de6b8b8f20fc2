"""Writes of the core app: who is assigned to work on what."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction

from gpmb.core.audit import acting_as
from gpmb.core.models import Actor, Assignment, record_event


@transaction.atomic
def assignment_create(
    *,
    actor: Actor,
    user: Any,
    role: str,
    project: Any | None = None,
    commune: Any | None = None,
) -> Assignment:
    """Give `user` a role on a project (or all), optionally narrowed to one commune. The
    user joins the role's group so Django's admin shows the same permissions."""
    with acting_as(actor):
        assignment, _ = Assignment.objects.get_or_create(
            user=user, role=role, project=project, commune=commune, defaults={"active": True}
        )
        group, _ = Group.objects.get_or_create(name=role)
        user.groups.add(group)
        record_event(
            actor=actor,
            kind="assignment.create",
            message=str(assignment),
            target=assignment,
        )
    return assignment
