from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from gpmb.core.choices import Role
from gpmb.core.services import assignment_create
from gpmb.projects.choices import ProjectKind
from gpmb.projects.models import AdminUnit, Project, Segment

from .lots import LE_CHAN


@pytest.fixture
def officer(db, project):
    """The compensation officer of the test project (all its communes)."""
    user = get_user_model().objects.create_user("canbo", password="x-very-secret-1")
    assignment_create(actor=None, user=user, role=Role.COMPENSATION_OFFICER, project=project)
    return user


@pytest.fixture
def project(db):
    province = AdminUnit.objects.get(code="31")
    project = Project.objects.create(
        code="test-road",
        name="Đường thử",
        kind=ProjectKind.LINEAR,
        province=province,
        crs_epsg=9210,
        policy_pack_code="hai-phong-demo-2026",
    )
    Segment.objects.create(project=project, commune=AdminUnit.objects.get(code=LE_CHAN))
    return project
