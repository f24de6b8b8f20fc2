"""The pages of the legal steps: a household's steps, a batch's households × steps grid
with its bulk record and Excel export, and each role's worklist."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from gpmb.cases.choices import CaseStatus
from gpmb.cases.models import Case, Step
from gpmb.cases.services import StepDocument, steps_record, steps_schedule
from gpmb.core.choices import Role
from gpmb.core.models import AuditEvent
from tests.cases.conftest import AN_BIEN, LE_CHAN

D = dt.date


@pytest.fixture
def notified(batch_cases):
    """The notice recorded for all four households; the inventory scheduled by
    30/04/2026, so it is overdue today."""
    steps_record(
        cases=batch_cases,
        code="notice",
        done_date=D(2026, 3, 16),
        document=StepDocument("31/TB-UBND", D(2026, 3, 16), "Chủ tịch UBND phường"),
        actor=None,
    )
    steps_schedule(
        cases=batch_cases, code="inventory", due_date=D(2026, 4, 30), actor=None, reason="TB 31"
    )
    return batch_cases


def test_the_household_page_shows_its_steps(client, notified, make_user):
    case = notified[0]
    client.force_login(make_user(Role.COMPENSATION_OFFICER, project=case.project))
    page = client.get(f"/households/{case.household_id}/").content.decode()
    assert "Thông báo thu hồi đất" in page and "31/TB-UBND" in page and "16/03/2026" in page
    assert "30/04/2026" in page and "Quá hạn" in page
    assert f"/households/batches/{case.batch_id}/steps/" in page


def test_the_grid_filters_records_in_bulk_and_exports(client, notified, make_user):
    batch = notified[0].batch
    officer = make_user(Role.COMPENSATION_OFFICER, project=batch.project)
    client.force_login(officer)
    url = f"/households/batches/{batch.pk}/steps/"
    page = client.get(url + "?state=overdue").content.decode()
    assert page.count('name="cases"') == 4 and "Quá hạn" in page
    assert client.get(url + f"?commune={AN_BIEN}").content.decode().count('name="cases"') == 1
    # Three households of Lê Chân counted on one day, one record number each batch.
    lc = [c.pk for c in notified if c.commune.code == LE_CHAN]
    response = client.post(
        url + "record/",
        {
            "cases": lc,
            "code": "inventory",
            "action": "done",
            "done_date": "20/04/2026",
            "document_number": "BB-KĐ/12",
            "document_signer": "Tổ kiểm đếm",
        },
    )
    assert response.status_code == 302
    assert set(
        Case.objects.filter(status=CaseStatus.INVENTORIED).values_list("pk", flat=True)
    ) == set(lc)
    assert Step.objects.get(case=lc[0], code="inventory").document_date == D(2026, 4, 20)
    assert client.get(url + "?state=overdue").content.decode().count('name="cases"') == 1
    # Not applicable with a reason, by the ward's land officer (the persuasion is the
    # commune's step; the compensation officer is refused it).
    skip = {
        "cases": lc[:1],
        "code": "persuasion",
        "action": "not_applicable",
        "reason": "Hộ phối hợp",
    }
    assert client.post(url + "record/", skip).status_code == 403
    client.force_login(make_user(Role.COMMUNE_LAND_OFFICER, project=batch.project, commune=LE_CHAN))
    assert client.post(url + "record/", skip).status_code == 302
    client.force_login(officer)
    assert Step.objects.get(case=lc[0], code="persuasion").not_applicable
    # The plan's acts record their own steps: the submission is refused here with where
    # it is done, nothing recorded (a bare step would earn a status with no plan behind).
    response = client.post(
        url + "record/",
        {"cases": lc, "code": "submission", "action": "done", "done_date": "21/04/2026"},
        follow=True,
    )
    assert "Bước này được ghi nhận cùng với việc làm ra nó" in response.content.decode()
    assert not Step.objects.filter(code="submission", done_date__isnull=False).exists()
    export = client.get(f"/households/batches/{batch.pk}/steps.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Mã hộ", "Chủ hộ", "Xã/phường", "Trạng thái hồ sơ")
    assert len(rows) == 5
    assert "BB-KĐ/12" in {v for r in rows for v in r}
    assert any(isinstance(v, dt.datetime) and v.date() == D(2026, 4, 20) for r in rows for v in r)


def test_refusals_change_nothing(client, notified, make_user):
    batch = notified[0].batch
    url = f"/households/batches/{batch.pk}/steps/record/"
    lc = [c.pk for c in notified if c.commune.code == LE_CHAN]
    data = {"cases": lc, "code": "persuasion", "action": "done", "done_date": "25/03/2026"}
    an_bien = make_user(Role.COMMUNE_LAND_OFFICER, project=batch.project, commune=AN_BIEN)
    le_chan = make_user(Role.COMMUNE_LAND_OFFICER, project=batch.project, commune=LE_CHAN)
    leadership = make_user(Role.LEADERSHIP, project=batch.project)
    events = AuditEvent.objects.count()
    # The An Biên land officer does not reach Lê Chân's households.
    client.force_login(an_bien)
    assert client.post(url, data).status_code == 403
    # The Lê Chân land officer reaches them, but the inventory is the officer's step.
    client.force_login(le_chan)
    assert client.post(url, {**data, "code": "inventory"}).status_code == 403
    # Leadership reads the grid, records nothing.
    client.force_login(leadership)
    assert client.get(f"/households/batches/{batch.pk}/steps/").status_code == 200
    assert client.post(url, data).status_code == 403
    assert AuditEvent.objects.count() == events
    done = Step.objects.filter(code__in=["persuasion", "inventory"], done_date__isnull=False)
    assert not done.exists()
    # The Lê Chân land officer may record its own step: the persuasion.
    client.force_login(le_chan)
    assert client.post(url, data).status_code == 302
    assert Step.objects.filter(code="persuasion", done_date=D(2026, 3, 25)).count() == 3


def test_the_worklist_holds_what_waits_for_each_role(client, notified, make_user):
    project = notified[0].project
    client.force_login(make_user(Role.COMPENSATION_OFFICER, project=project))
    page = client.get("/households/my-work/").content.decode()
    # The inventory of the four households, overdue since 30/04/2026.
    overdue = page.split("<h2>")[1]
    assert "Quá hạn" in overdue and "Điều tra, khảo sát" in overdue and "30/04/2026" in overdue
    assert ">4<" in overdue
    # The An Biên land officer: the persuasion of its one household, with no deadline.
    client.force_login(make_user(Role.COMMUNE_LAND_OFFICER, project=project, commune=AN_BIEN))
    page = client.get("/households/my-work/").content.decode()
    assert "Vận động, thuyết phục" in page and "Điều tra, khảo sát" not in page
    assert ">1<" in page
    # The approver: nothing waits (the notice is recorded; approval is far off).
    client.force_login(make_user(Role.APPROVER, project=project))
    page = client.get("/households/my-work/").content.decode()
    assert "Thông báo thu hồi" not in page
    # Reachable from the navigation.
    assert 'href="/households/my-work/"' in page


def test_the_grid_and_the_worklist_do_not_grow_queries_with_households(client, notified, make_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gpmb.cases.services import steps_generate
    from tests.cases.conftest import PACK, template
    from tests.factories import CaseFactory, unit

    batch = notified[0].batch
    client.force_login(make_user(Role.COMPENSATION_OFFICER, project=batch.project))
    urls = [f"/households/batches/{batch.pk}/steps/", "/households/my-work/"]

    def counts():
        out = []
        for url in urls:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            out.append(len(ctx))
        return out

    before = counts()
    more = [CaseFactory(batch=batch, commune=unit(LE_CHAN)) for _ in range(6)]
    steps_generate(cases=more, template=template(), pack_code=PACK, actor=None)
    steps_record(
        cases=more,
        code="notice",
        done_date=D(2026, 3, 20),
        document=StepDocument("40/TB-UBND", D(2026, 3, 20), ""),
        actor=None,
    )
    assert counts() == before
