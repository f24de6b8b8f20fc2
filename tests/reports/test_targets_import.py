"""Targets and entered indicators imported from Excel through the upload → preview →
confirm flow: a good file writes every row (a re-import updates, never duplicates); a bad
row is named by file, row, column and value, and then nothing is written."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from gpmb.core.choices import Role
from gpmb.core.models import AuditEvent, Upload
from gpmb.core.services import assignment_create
from gpmb.reports.importing import COLUMNS
from gpmb.reports.models import Target
from tests.factories import UserFactory, unit
from tests.plans.conftest import make_home

pytestmark = pytest.mark.django_db

HEADER = [title for _f, title in COLUMNS]
GOOD = [
    ["2026-H1", "Thành phố", "", "Thu ngân sách nhà nước", "966.600.000.000", 601119000000,
     "NQ 12/NQ-HĐND; báo cáo KBNN"],
    [2026, "ward", "11383", "households_handed_over", 120, None, "QĐ 45/QĐ-UBND"],
    ["2026-H1", "Dự án", "hs-test", "Diện tích đã bàn giao mặt bằng", "12.500,5", "",
     "KH 03/KH-UBND"],
]  # fmt: skip


def workbook(rows, header=HEADER) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def leader(client):
    user = UserFactory(username="lanhdao")
    assignment_create(actor=None, user=user, role=Role.LEADERSHIP)
    client.force_login(user)
    return user


def send(client, data: bytes, name: str = "chi-tieu.xlsx"):
    file = io.BytesIO(data)
    file.name = name
    response = client.post(reverse("dashboard:targets_upload"), {"file": file})
    assert response.status_code == 302, response.content[:500]
    return response["Location"]


def test_the_template_has_the_header_and_reads_back_as_an_empty_file(client, leader):
    response = client.get(reverse("dashboard:targets_template"))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book.active[1]] == HEADER
    preview = client.get(send(client, response.content)).content.decode()
    assert "không có dòng chỉ tiêu nào" in preview and Target.objects.count() == 0


def test_a_good_file_is_previewed_then_written_whole(client, leader):
    preview_url = send(client, workbook(GOOD))
    page = client.get(preview_url).content.decode()
    assert "Thu ngân sách nhà nước" in page and "966.600.000.000" in page
    assert Target.objects.count() == 0  # the preview writes nothing
    response = client.post(preview_url)
    assert response.status_code == 302 and "period=2026-H1" in response["Location"]
    budget = Target.objects.get(kind="budget_revenue")
    assert (budget.period, budget.scope, budget.unit_code) == ("2026-H1", "city", "")
    assert budget.planned == Decimal("966600000000") and budget.actual == Decimal("601119000000")
    handed = Target.objects.get(kind="households_handed_over")
    assert (handed.period, handed.scope, handed.unit_code, handed.planned) == (
        "2026", "ward", "11383", Decimal(120)
    )  # fmt: skip
    area = Target.objects.get(kind="area_cleared")
    assert area.planned == Decimal("12500.5") and area.actual is None
    assert AuditEvent.objects.filter(kind="reports.target_set").count() == 3
    # The upload is used: it cannot be confirmed twice.
    assert Upload.objects.get().used_at is not None
    assert client.post(preview_url).status_code == 404
    # A re-import of the same targets updates them, never duplicates.
    changed = [list(GOOD[0])]
    changed[0][4] = "1.000.000.000.000"
    client.post(send(client, workbook(changed)))
    assert Target.objects.count() == 3
    assert Target.objects.get(kind="budget_revenue").planned == Decimal("1000000000000")


def test_bad_rows_are_named_by_row_column_and_value_and_nothing_is_written(client, leader):
    bad = [
        GOOD[0],
        ["2026-H3", "Thành phố", "", "Thu ngân sách nhà nước", 1, None, "x"],
        ["2026", "Thành phố", "", "Số hộ đã bàn giao mặt bằng", 10, 5, "x"],
        ["2026", "Thành phố", "", "Chỉ tiêu lạ", 10, None, "x"],
        ["2026", "xã", "11383", "budget_revenue", 10, None, "x"],
        ["2026", "Thành phố", "", "budget_revenue", "mười", None, "x"],
        ["2026", "Thành phố", "", "land_auction_revenue", 10, None, ""],
        GOOD[0],
    ]
    preview_url = send(client, workbook(bad), name="sai.xlsx")
    page = client.get(preview_url).content.decode()
    for row, column, value in (
        (3, "Kỳ", "2026-H3"),
        (4, "Thực hiện", "5"),
        (5, "Chỉ tiêu", "Chỉ tiêu lạ"),
        (6, "Phạm vi", "xã"),
        (7, "Kế hoạch", "mười"),
        (8, "Căn cứ, nguồn số liệu", ""),
        (9, "Chỉ tiêu", "Thu ngân sách nhà nước"),
    ):
        assert f"sai.xlsx, trang “Sheet”, dòng {row}, cột {column}: giá trị “{value}”" in page, row
    assert "trùng kỳ, phạm vi, đơn vị và chỉ tiêu với dòng 2" in page
    before = AuditEvent.objects.count()
    response = client.post(preview_url)
    assert response.status_code == 200
    assert Target.objects.count() == 0 and AuditEvent.objects.count() == before


def test_a_missing_column_or_a_file_that_is_not_excel_is_refused(client, leader):
    preview = client.get(send(client, workbook([GOOD[0]], header=HEADER[:-1])))
    assert "cột Căn cứ, nguồn số liệu" in preview.content.decode()
    preview = client.get(send(client, b"not a workbook", name="x.xlsx")).content.decode()
    assert "x.xlsx" in preview
    assert Target.objects.count() == 0


def test_only_leadership_that_sets_targets_imports_and_a_refusal_writes_nothing(client):
    # Leadership on a project (in one ward) sets no targets: neither the city's nor a
    # ward's (tests/reports/test_targets.py: a ward's leadership imports its own rows).
    project_leader = UserFactory(username="lanhdao-duan")
    project = make_home(code="p").project
    assignment_create(
        actor=None, user=project_leader, role=Role.LEADERSHIP, project=project,
        commune=unit("11383"),
    )  # fmt: skip
    client.force_login(project_leader)
    file = io.BytesIO(workbook(GOOD))
    file.name = "a.xlsx"
    assert client.post(reverse("dashboard:targets_upload"), {"file": file}).status_code == 403
    assert Upload.objects.count() == 0
    # Another leader's upload is not this one's to see or confirm.
    sender = UserFactory(username="lanhdao")
    assignment_create(actor=None, user=sender, role=Role.LEADERSHIP)
    client.force_login(sender)
    preview_url = send(client, workbook(GOOD))
    other = UserFactory(username="khac")
    assignment_create(actor=None, user=other, role=Role.LEADERSHIP)
    client.force_login(other)
    assert client.get(preview_url).status_code == 404
    assert client.post(preview_url).status_code == 404
    assert Target.objects.count() == 0
