"""`gpmb document_template`: an administrator takes the template in force, edits it, and
puts it back; a file that does not render is refused and nothing changes."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from gpmb.core.choices import Role
from gpmb.core.models import AuditEvent
from gpmb.documents.registry import KINDS
from gpmb.documents.rendering import override_path, render_docx, shipped_path
from tests.documents.test_plan_documents import _docx_text
from tests.documents.test_templates import edited

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


def test_export_edit_import_reset(data_dir, tmp_path, capsys, make_user):
    admin = make_user(Role.ADMINISTRATOR, username="quantri")
    exported = tmp_path / "mau.docx"
    call_command("document_template", "export", "inventory_record", str(exported))
    assert exported.read_bytes() == shipped_path("inventory_record").read_bytes()

    mine = tmp_path / "mau-thanh-pho.docx"
    mine.write_bytes(edited("inventory_record", "BIÊN BẢN KIỂM ĐẾM", "BIÊN BẢN KIỂM KÊ"))
    call_command("document_template", "import", "inventory_record", str(mine), "--user", "quantri")
    sample = KINDS["inventory_record"].sample
    assert "BIÊN BẢN KIỂM KÊ" in _docx_text(render_docx("inventory_record", sample))
    event = AuditEvent.objects.get(kind="documents.template_install")
    assert event.user == admin and event.data["name"] == "inventory_record"
    call_command("document_template", "list")
    listed = {line.split("\t")[0]: line for line in capsys.readouterr().out.splitlines()}
    assert "đã thay" in listed["inventory_record"] and "mẫu gốc" in listed["plan_sheet"]

    call_command("document_template", "reset", "inventory_record", "--user", "quantri")
    assert not override_path("inventory_record").exists()
    assert "BIÊN BẢN KIỂM ĐẾM" in _docx_text(render_docx("inventory_record", sample))


def test_a_template_that_does_not_render_is_refused_and_nothing_changes(data_dir, tmp_path):
    bad = tmp_path / "hong.docx"
    bad.write_bytes(edited("plan_sheet", "{{ household.code }}", "{{ household.ma_ho }}"))
    with pytest.raises(CommandError, match="ma_ho"):
        call_command("document_template", "import", "plan_sheet", str(bad))
    assert not override_path("plan_sheet").exists()
    assert not AuditEvent.objects.filter(kind="documents.template_install").exists()


def test_fields_prints_what_a_template_may_use(capsys):
    call_command("document_template", "fields", "plan_summary")
    fields = json.loads(capsys.readouterr().out)
    assert {"heading", "rows", "total", "public"} <= set(fields)
    assert fields["rows"][0]["national_id"].startswith("*")


def test_an_unknown_template_name_lists_the_known_ones(tmp_path):
    with pytest.raises(CommandError, match="plan_sheet, plan_summary, inventory_record"):
        call_command("document_template", "export", "thong_bao", str(tmp_path / "x.docx"))
