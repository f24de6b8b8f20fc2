"""Shared bits of the census commands: project and actor lookup, error printing."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from gpmb.projects.models import Project


def get_project(code: str) -> Project:
    try:
        return Project.objects.get(code=code)
    except Project.DoesNotExist as exc:
        raise CommandError(f"Không có dự án mã “{code}”.") from exc


def get_actor(username: str | None) -> Any:
    if not username:
        return None
    try:
        return get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist as exc:
        raise CommandError(f"Không có người dùng “{username}”.") from exc
