import pytest

from gpmb.core.choices import Role
from gpmb.core.services import assignment_create
from tests.factories import UserFactory, unit


@pytest.fixture
def make_user(db):
    """A user with one role, on a project (or all) and optionally one commune."""

    def make(
        role: str = Role.COMPENSATION_OFFICER,
        project=None,
        commune: str | None = None,
        username: str | None = None,
    ):
        user = UserFactory(**({"username": username} if username else {}))
        assignment_create(
            actor=None,
            user=user,
            role=role,
            project=project,
            commune=unit(commune) if commune else None,
        )
        return user

    return make
