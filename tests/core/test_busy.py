"""A write that waited too long for another writer answers "please retry" (503 with
Retry-After), not 500 (security review finding 9). The lock is the one SQLite reports
when a long import holds the write lock past the connection's timeout."""

import sqlite3

import pytest
from django.db import OperationalError
from django.urls import reverse

from gpmb.census.models import Census
from gpmb.core.choices import Role
from gpmb.core.middleware import is_busy
from tests.factories import BatchFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def locked(text: str = "database is locked") -> OperationalError:
    """The error Django raises for SQLite's SQLITE_BUSY (its cause kept, as Django does)."""
    error = OperationalError(text)
    error.__cause__ = sqlite3.OperationalError(text)
    return error


def test_a_locked_database_asks_to_retry_and_nothing_is_written(client, make_user, monkeypatch):
    project = ProjectFactory()
    batch = BatchFactory(project=project)
    client.force_login(make_user(Role.COMPENSATION_OFFICER, project=project))

    def wait_then_give_up(**kwargs):
        raise locked()

    monkeypatch.setattr("gpmb.census.views.census_open", wait_then_give_up)
    url = reverse("census:census_open", args=[project.code, batch.pk])
    response = client.post(url)
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "Hãy thử lại sau ít giây" in response.content.decode()
    htmx = client.post(url, HTTP_HX_REQUEST="true")
    assert htmx.status_code == 503 and "X-GPMB-Message" in htmx
    assert not Census.objects.exists()


def test_only_lock_errors_count_as_busy():
    assert is_busy(locked()) and is_busy(locked("database table is locked"))
    assert not is_busy(OperationalError("no such table: x"))
    assert not is_busy(ValueError("database is locked"))
