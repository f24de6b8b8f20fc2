"""Who may see and change the census: anonymous, no role, a view-only role, a role
scoped to another commune, and the compensation officer."""

import pytest
from django.urls import reverse

from gpmb.census.choices import ItemKind
from gpmb.census.services import item_create
from gpmb.core.choices import Role
from gpmb.core.services import assignment_create
from gpmb.projects.models import AdminUnit


@pytest.fixture
def users(world, django_user_model):
    def make(name, role=None, commune=None):
        user = django_user_model.objects.create_user(name, password="x-secret-123")
        if role:
            assignment_create(
                actor=None,
                user=user,
                role=role,
                project=world.project,
                commune=AdminUnit.objects.get(code=commune) if commune else None,
            )
        return user

    return {
        "none": make("khongvaitro"),
        "leader": make("lanhdao2", Role.LEADERSHIP),
        "other_commune": make("dc.anbien", Role.COMPENSATION_OFFICER, "11407"),
        "officer": world.officer,
    }


def urls(world, item):
    household, case = world.households[0], world.cases[0]
    return {
        "household": ("get", reverse("census:household_inventory", args=[household.pk])),
        "project": ("get", reverse("census:project_census", args=["tp"])),
        "export": ("get", reverse("census:inventory_export", args=["tp"])),
        "xlsform": ("get", reverse("census:xlsform_export", args=["tp"])),
        "record": ("get", reverse("documents:inventory_record", args=[case.pk, "docx"])),
        "add": ("post", reverse("census:item_add", args=[case.pk])),
        "edit": ("post", reverse("census:item_edit", args=[item.pk])),
        "delete": ("post", reverse("census:item_delete", args=[item.pk])),
        "import": ("post", reverse("census:inventory_import", args=["tp"])),
    }


EXPECTED = {
    # who: {url: status}; anonymous users are sent to the login page.
    "none": dict.fromkeys(
        ["household", "project", "export", "xlsform", "record", "add", "edit", "delete", "import"],
        404,
    ),
    "other_commune": {"household": 404, "record": 404, "add": 404, "edit": 404, "delete": 404},
    "leader": {
        "household": 200,
        "project": 200,
        "export": 403,
        "xlsform": 403,
        "record": 200,
        "add": 403,
        # Seen but not theirs to change: refused with a reason, not hidden.
        "edit": 403,
        "delete": 403,
        "import": 403,
    },
    "officer": {
        "household": 200,
        "project": 200,
        "export": 200,
        "xlsform": 200,
        "record": 200,
        "edit": 200,
    },
}


@pytest.mark.parametrize("who", ["anonymous", *EXPECTED])
def test_permission_matrix(client, world, users, who):
    item = item_create(
        actor=world.officer,
        case=world.cases[0],
        kind=ItemKind.HOUSE,
        raw={"name": "Nhà", "quantity": "60"},
    )
    if who != "anonymous":
        client.force_login(users[who])
    data = {"kind": "house", "name": "Nhà", "quantity": "61"}
    for name, (method, url) in urls(world, item).items():
        response = getattr(client, method)(url, data) if method == "post" else client.get(url)
        if who == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
            continue
        expected = EXPECTED[who].get(name)
        if expected is not None:
            assert response.status_code == expected, (who, name, response.status_code)


def test_household_table_query_count_does_not_grow_with_items(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.officer)
    url = reverse("census:household_inventory", args=[world.households[0].pk])
    for index in range(30):
        item_create(
            actor=world.officer,
            case=world.cases[0],
            kind=ItemKind.TREE,
            raw={"name": f"Cây {index}", "quantity": "1"},
        )
    with django_assert_max_num_queries(20):
        response = client.get(url)
    assert response.content.decode().count("census-row") >= 30
