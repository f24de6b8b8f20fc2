"""The templates page: an administrator of the whole system downloads the template in
force, uploads a replacement (checked first) and goes back to the shipped one; nobody
else reaches it, not even an administrator of one project."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from gpmb.core.choices import Role
from gpmb.core.models import AuditEvent
from gpmb.documents.registry import KINDS
from gpmb.documents.rendering import override_path, render_docx, shipped_path
from tests.documents.test_plan_documents import _docx_text
from tests.documents.test_templates import edited
from tests.factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/documents/templates/"


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


def test_who_reaches_the_templates_page(client, make_user):
    assert client.get(URL).status_code == 302  # to the login page
    project = ProjectFactory()
    for user, status in (
        (make_user(Role.COMPENSATION_OFFICER), 403),
        (make_user(Role.ADMINISTRATOR, project=project), 403),
        (make_user(Role.ADMINISTRATOR), 200),
        (UserFactory(is_superuser=True), 200),
    ):
        client.force_login(user)
        assert client.get(URL).status_code == status, user
        assert client.get("/documents/templates/plan_sheet.docx").status_code == status
        if status == 403:
            upload = SimpleUploadedFile("m.docx", shipped_path("plan_sheet").read_bytes())
            assert client.post(URL, {"name": "plan_sheet", "file": upload}).status_code == 403
    assert not override_path("plan_sheet").exists()


def test_upload_download_and_reset(client, make_user):
    admin = make_user(Role.ADMINISTRATOR)
    client.force_login(admin)
    page = client.get(URL).content.decode()
    assert str(KINDS["inventory_record"].title) in page and "mẫu gốc" in page
    shipped = client.get("/documents/templates/inventory_record.docx").content
    assert shipped == shipped_path("inventory_record").read_bytes()

    mine = edited("inventory_record", "BIÊN BẢN KIỂM ĐẾM", "BIÊN BẢN KIỂM KÊ")
    response = client.post(
        URL,
        {"name": "inventory_record", "file": SimpleUploadedFile("kiem-ke.docx", mine)},
        follow=True,
    )
    assert "đã kiểm tra và đang dùng" in response.content.decode()
    assert client.get("/documents/templates/inventory_record.docx").content == mine
    sample = KINDS["inventory_record"].sample
    assert "BIÊN BẢN KIỂM KÊ" in _docx_text(render_docx("inventory_record", sample))
    assert AuditEvent.objects.get(kind="documents.template_install").user == admin

    client.post(URL, {"name": "inventory_record", "action": "reset"})
    assert not override_path("inventory_record").exists()
    assert AuditEvent.objects.filter(kind="documents.template_reset").count() == 1


def test_a_broken_upload_is_refused_with_the_reason_and_nothing_changes(client, make_user):
    client.force_login(make_user(Role.ADMINISTRATOR))
    bad = edited("plan_summary", "{{ r.name }}", "{{ r.ho_ten }}")
    response = client.post(
        URL, {"name": "plan_summary", "file": SimpleUploadedFile("tong-hop.docx", bad)}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "tong-hop.docx" in page and "ho_ten" in page
    assert not override_path("plan_summary").exists()
    assert not AuditEvent.objects.filter(kind="documents.template_install").exists()


def test_the_command_refuses_a_user_who_is_not_a_system_administrator(make_user, tmp_path):
    make_user(Role.ADMINISTRATOR, project=ProjectFactory(), username="qt-du-an")
    mine = tmp_path / "m.docx"
    mine.write_bytes(shipped_path("plan_sheet").read_bytes())
    with pytest.raises(CommandError, match="Chỉ quản trị hệ thống"):
        call_command("document_template", "import", "plan_sheet", str(mine), "--user", "qt-du-an")
    assert not override_path("plan_sheet").exists()
