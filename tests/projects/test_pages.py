import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gpmb.cases.choices import CaseStatus
from gpmb.core.choices import Role
from tests.factories import BatchFactory, CaseFactory, ProjectFactory, SegmentFactory, unit

pytestmark = pytest.mark.django_db


def test_project_page_counts_handover_by_commune(make_user, client):
    project = ProjectFactory(code="hs-cr2")
    SegmentFactory(project=project, commune=unit("11383"))
    SegmentFactory(project=project, commune=unit("11407"))
    batch = BatchFactory(project=project)
    for status, commune in [
        (CaseStatus.HANDED_OVER, "11383"),
        (CaseStatus.PAID, "11383"),
        (CaseStatus.APPROVED, "11407"),
        (CaseStatus.NOTIFIED, "11407"),
    ]:
        CaseFactory(batch=batch, status=status, commune=unit(commune))
    client.force_login(make_user(Role.LEADERSHIP))
    page = client.get("/projects/hs-cr2/")
    assert page.status_code == 200
    rows = {r["segment"].commune.code: r["progress"] for r in page.context["segments"]}
    assert rows["11383"] == {"total": 2, "approved": 2, "paid": 2, "handed_over": 1}
    assert rows["11407"] == {"total": 2, "approved": 1, "paid": 0, "handed_over": 0}
    assert page.context["totals"]["handed_over"] == 1


def test_project_list_query_count_is_pinned(make_user, client):
    client.force_login(make_user(Role.LEADERSHIP))
    ProjectFactory()
    client.get("/projects/")
    with CaptureQueriesContext(connection) as few:
        client.get("/projects/")
    for _ in range(5):
        project = ProjectFactory()
        CaseFactory(batch=BatchFactory(project=project))
    with CaptureQueriesContext(connection) as many:
        client.get("/projects/")
    assert len(many) == len(few)
