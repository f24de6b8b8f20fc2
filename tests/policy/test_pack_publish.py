"""Packs maintained without a developer (issue 16, point 7): an administrator of the whole
system uploads the city's land price table from the web, sees what it changes against the
pack in force, and publishes a new version valid from a date. No published version ever
changes; a version published ahead of its date waits for it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gpmb.core.choices import Role
from gpmb.core.models import AuditEvent, Upload
from gpmb.engine import CaseFacts, compute
from gpmb.policy.models import PolicyPack
from gpmb.policy.packs import engine_pack, pack_for_code
from tests.factories import ProjectFactory, UserFactory
from tests.policy.test_price_table import hai_phong_layout

pytestmark = pytest.mark.django_db
CODE = "hai-phong-2026"
SOURCE = "Quyết định …/2026/QĐ-UBND thành phố Hải Phòng, Phụ lục"
ROAD = "phuong-le-chan/1"


def upload(client, base, path, valid_from, **extra):
    with open(path, "rb") as handle:
        data = {
            "file": SimpleUploadedFile(path.name, handle.read()),
            "source": SOURCE,
            "valid_from": valid_from.isoformat(),
            "residential": "ODT",
            "land_use": "ODT",  # the table's VT1…VT4 columns are đất ở
            **extra,
        }
    return client.post(f"/policy/{base.pk}/price-table/", data)


def land_price(pack, on, position="VT1"):
    facts = {
        "case_id": "x",
        "commune": "phuong-le-chan",
        "commune_kind": "ward",
        "dates": {"notice": "2026-02-01", "valuation": on.isoformat()},
        "members": [{"id": "m1"}],
        "parcels": [
            {
                "ref": "p",
                "land_use_code": "ODT",
                "recovered_area": "10",
                "segment": ROAD,
                "position": position,
            }
        ],
    }
    lines = compute(CaseFacts.from_dict(facts), pack).lines
    line = next(x for x in lines if x.code == "LAND")
    return line.unit_price


def test_upload_preview_and_publish_a_new_version(client, make_user, tmp_path):
    base, _ = pack_for_code(CODE)
    before_text, before_digest = base.source_text, base.digest
    admin = make_user(Role.ADMINISTRATOR)
    client.force_login(admin)
    assert "Cập nhật bảng giá đất" in client.get(f"/policy/{base.pk}/").content.decode()

    start = base.valid_from + dt.timedelta(days=30)  # a date already past
    response = upload(client, base, hai_phong_layout(tmp_path / "bang-gia.xlsx"), start)
    assert response.status_code == 302
    preview = client.get(response["Location"])
    page = preview.content.decode()
    # The preview says what the table changes, in Vietnamese numbers, before anything is
    # published.
    assert preview.status_code == 200, preview.context.get("errors")
    assert "Đường Hồ Sen – Cầu Rào 2" in page
    assert "70.000.000" in page
    assert PolicyPack.objects.filter(code=CODE).count() == 1
    digest = preview.context["draft"].digest

    # Without the instrument that issues it, nothing is published.
    refused = client.post(response["Location"], {"digest": digest, "reason": " "})
    assert refused.status_code == 400 and PolicyPack.objects.filter(code=CODE).count() == 1

    done = client.post(response["Location"], {"digest": digest, "reason": "QĐ 01/2026/QĐ-UBND"})
    assert done.status_code == 302
    new = PolicyPack.objects.newest(CODE)
    assert new.pk != base.pk and new.valid_from == start
    assert PolicyPack.objects.current(CODE) == new
    # The version before is untouched; plans computed with it still name it.
    base.refresh_from_db()
    assert (base.source_text, base.digest) == (before_text, before_digest)
    # The new version prices the road from the table: 70,000,000 đ/m² at VT1.
    assert land_price(engine_pack(new), start) == 70_000_000
    event = AuditEvent.objects.get(kind="policy.publish")
    assert event.user == admin and event.reason == "QĐ 01/2026/QĐ-UBND"
    assert Upload.objects.get(kind="price_table").used_at is not None


def test_a_version_published_ahead_of_its_date_waits_for_it(client, make_user, tmp_path):
    base, _ = pack_for_code(CODE)
    client.force_login(make_user(Role.ADMINISTRATOR))
    later = base.valid_to  # within the pack's validity, as the engine requires
    location = upload(client, base, hai_phong_layout(tmp_path / "bang-gia.xlsx"), later)["Location"]
    digest = client.get(location).context["draft"].digest
    assert client.post(location, {"digest": digest, "reason": "NQ 02/2026"}).status_code == 302
    new = PolicyPack.objects.newest(CODE)
    assert new.valid_from == later
    assert PolicyPack.objects.current(CODE, on=later - dt.timedelta(days=1)) == base
    assert PolicyPack.objects.current(CODE, on=later) == new


def test_a_bad_table_is_explained_and_nothing_is_published(client, make_user, tmp_path):
    base, _ = pack_for_code(CODE)
    client.force_login(make_user(Role.ADMINISTRATOR))
    path = hai_phong_layout(tmp_path / "bang-gia.xlsx")
    import openpyxl

    book = openpyxl.load_workbook(path)
    book.active["E4"] = "70.OOO.000"
    book.save(path)
    preview = client.get(upload(client, base, path, timezone.localdate())["Location"])
    page = preview.content.decode()
    assert preview.status_code == 400
    assert "bang-gia.xlsx" in page and "dòng 4" in page and "cột E" in page
    assert PolicyPack.objects.filter(code=CODE).count() == 1


def test_only_an_administrator_of_the_whole_system_publishes(client, make_user, tmp_path):
    base, _ = pack_for_code(CODE)
    project = ProjectFactory()
    path = hai_phong_layout(tmp_path / "bang-gia.xlsx")
    for user in (
        make_user(Role.COMPENSATION_OFFICER),
        make_user(Role.ADMINISTRATOR, project=project),
        make_user(Role.APPROVER),
    ):
        client.force_login(user)
        assert "Cập nhật bảng giá đất" not in client.get(f"/policy/{base.pk}/").content.decode()
        assert client.get(f"/policy/{base.pk}/price-table/").status_code == 403
        assert upload(client, base, path, timezone.localdate()).status_code == 403
    assert not Upload.objects.filter(kind="price_table").exists()
    assert PolicyPack.objects.filter(code=CODE).count() == 1
    client.force_login(UserFactory(is_superuser=True))
    assert client.get(f"/policy/{base.pk}/price-table/").status_code == 200
