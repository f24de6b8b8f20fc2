"""Policy packs in the database: validated by the engine, immutable, listed with sources."""

import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gpmb.core.choices import Role
from gpmb.engine.pack import PACKS_DIR
from gpmb.policy.models import PolicyPack
from gpmb.policy.packs import PolicyError, engine_pack, packs_load

pytestmark = pytest.mark.django_db


def test_migrate_loads_the_shipped_packs_once(db):
    codes = set(PolicyPack.objects.values_list("code", flat=True))
    assert {"hai-phong-2026", "hai-phong-demo-2026", "lao-cai-2026"} <= codes
    before = PolicyPack.objects.count()
    assert all(not created for _row, created in packs_load(actor=None))
    assert PolicyPack.objects.count() == before
    demo = PolicyPack.objects.current("hai-phong-demo-2026")
    assert demo.extends == "hai-phong-2026" and demo.illustrative
    assert engine_pack(demo).digest == demo.digest
    rice = next(p for p in demo.params if p["key"] == "support.rice_price")
    assert rice["value"] == "15000" and rice["source"].startswith("Minh họa")
    limit = next(p for p in demo.params if p["key"] == "limits.agricultural_allocation")
    assert limit["inherited"] and "Điều 176" in limit["source"]


def test_an_invalid_pack_names_file_path_and_value_and_nothing_is_loaded(tmp_path: Path):
    for name in ("hai-phong-2026.yaml", "hai-phong-demo-2026.yaml"):
        shutil.copy(PACKS_DIR / name, tmp_path / name)
    text = (tmp_path / "hai-phong-demo-2026.yaml").read_text(encoding="utf-8")
    text = text.replace("code: hai-phong-demo-2026", "code: hai-phong-demo-2026-b")
    text = text.replace("value: 15000\n", "value: -15000\n")
    (tmp_path / "hai-phong-demo-2026-b.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "hai-phong-demo-2026.yaml").unlink()
    PolicyPack.objects.all().delete()
    with pytest.raises(PolicyError) as err:
        packs_load(actor=None, folder=tmp_path)
    message = "\n".join(err.value.messages)
    assert "hai-phong-demo-2026-b.yaml" in message
    assert "params.support.rice_price.value" in message and "-15000" in message
    assert not PolicyPack.objects.exists()
    with pytest.raises(CommandError):
        call_command("load_packs", folder=str(tmp_path))
    assert not PolicyPack.objects.exists()


def test_a_changed_file_is_a_new_version_and_rows_are_immutable(tmp_path: Path):
    shutil.copy(PACKS_DIR / "hai-phong-2026.yaml", tmp_path / "hai-phong-2026.yaml")
    old = PolicyPack.objects.current("hai-phong-2026")
    path = tmp_path / "hai-phong-2026.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\nnotes: sửa đổi\n", encoding="utf-8")
    ((row, created),) = packs_load(actor=None, folder=tmp_path)
    assert created and row.digest != old.digest
    assert PolicyPack.objects.current("hai-phong-2026") == row
    old.title = "khác"
    with pytest.raises(ValueError, match="immutable"):
        old.save()


def test_pack_pages_list_instruments_validity_and_sources(make_user, client):
    from tests.factories import ProjectFactory

    ProjectFactory(code="du-an-hp", policy_pack_code="hai-phong-2026")
    client.force_login(make_user(Role.APPRAISER))
    listing = client.get("/policy/").content.decode()
    assert 'href="/projects/du-an-hp/"' in listing  # the project that uses the pack
    assert "hai-phong-2026" in listing and "Quyết định 171/2025/QĐ-UBND" in listing
    assert "01/01/2026" in listing and "31/12/2026" in listing
    pack = PolicyPack.objects.current("hai-phong-2026")
    page = client.get(f"/policy/{pack.pk}/").content.decode()
    assert "support.rice_price" in page and "Thiếu căn cứ" in page
    assert "Nghị định 88/2024/NĐ-CP, Điều 19 khoản 1 điểm c" in page
    client.force_login(make_user(Role.INVESTOR))
    assert client.get(f"/policy/{pack.pk}/").status_code == 404


def test_pack_list_query_count_is_pinned(make_user, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(make_user(Role.COMPENSATION_OFFICER))
    client.get("/policy/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/policy/").status_code == 200
    assert len(queries) <= 6
