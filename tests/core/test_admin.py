"""Django's admin is for superusers only, and even there the audit trail shows personal
data masked (security review #7)."""

import pytest

from gpmb.core.choices import Role
from gpmb.core.models import ObjectChange
from gpmb.parties.models import Party
from tests.factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_scoped_administrator_cannot_use_the_admin(client, make_user):
    project, other = ProjectFactory(code="mine"), ProjectFactory(code="theirs", name="Khác")
    admin = make_user(Role.ADMINISTRATOR, project=project)
    admin.is_staff = True
    admin.save()
    client.force_login(admin)
    response = client.get(f"/admin/projects/project/{other.pk}/change/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    response = client.post(
        f"/admin/projects/project/{other.pk}/change/", {"name": "Đổi tên", "code": "theirs"}
    )
    other.refresh_from_db()
    assert other.name == "Khác"
    assert client.get("/admin/core/objectchange/").status_code == 302


def test_the_audit_trail_in_the_admin_masks_personal_data(client):
    party = Party.objects.create(full_name="Lê Thị Hoa", national_id="031190000001")
    party.phone = "0912345678"
    party.save()
    change = ObjectChange.objects.filter(object_id=party.pk).latest("pk")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    page = client.get(f"/admin/core/objectchange/{change.pk}/change/").content.decode()
    assert "Lê Thị Hoa" in page
    assert "031190000001" not in page and "0912345678" not in page
    assert "•••" in page
