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


@pytest.fixture(autouse=True)
def vietnamese_first():
    """Each test starts in the site's language: a page asked in English by one test (its
    LocaleMiddleware activates English for the thread) does not leak into the next."""
    from django.utils import translation

    translation.activate("vi")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def jobs_run_at_once(settings):
    """Jobs run at once in tests, through django-tasks' own immediate backend (a job is
    queued when its transaction commits: wrap the request in `run_jobs(execute=True)`)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def run_jobs(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks
