"""The household list exports to Excel with each case's status, the amount of its
latest plan and its handover deadline, filtered as on the page and scoped to the user
(issue 11 point 7; UX review §6 item 14)."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from openpyxl import load_workbook

from gpmb.plans.models import PlanVersion
from gpmb.projects.models import Batch
from tests.core.test_permission_matrix import AN_BIEN, make_users, world  # noqa: F401

pytestmark = pytest.mark.django_db


def rows(client, query=""):
    response = client.get(f"/projects/households.xlsx{query}")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content))).active
    header, *body = [list(r) for r in sheet.iter_rows(values_only=True)]
    return [dict(zip(header, r, strict=True)) for r in body]


def test_the_list_exports_status_amount_and_deadline(client, world):  # noqa: F811
    users = make_users(world)
    Batch.objects.filter(pk=world["lc"].case.batch_id).update(
        target_handover_date=dt.date(2026, 12, 31)
    )
    client.force_login(users["officer_p"])
    found = {r["Mã hộ"]: r for r in rows(client)}
    assert set(found) == {world["lc"].household.code, world["ab"].household.code}
    lc = found[world["lc"].household.code]
    # The latest version: the world's handover made one with the early-handover bonus.
    latest = PlanVersion.objects.filter(case=world["lc"].case).order_by("-number").first()
    assert lc["Số tiền thực nhận (đồng)"] == latest.net_amount
    assert lc["Phương án (phiên bản)"] == latest.number
    assert lc["Trạng thái hồ sơ"] == world["lc"].case.get_status_display()
    assert lc["Hạn bàn giao mặt bằng"].date() == dt.date(2026, 12, 31)

    only_ab = rows(client, f"?commune={AN_BIEN}")
    assert [r["Mã hộ"] for r in only_ab] == [world["ab"].household.code]


def test_the_export_holds_only_what_the_user_sees(client, world):  # noqa: F811
    users = make_users(world)
    client.force_login(users["land_officer_anbien"])
    assert [r["Mã hộ"] for r in rows(client)] == [world["ab"].household.code]
    client.force_login(users["investor_q"])
    assert rows(client) == []
