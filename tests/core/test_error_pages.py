"""Errors a person can act on (issue 11 point 5; UX review D15): 400/403/404/500 pages
say what happened and what to do, in Vietnamese or in the language chosen, in the site's
layout with a way back."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.utils import translation
from django.views.defaults import server_error

from tests.core.test_permission_matrix import make_users, world  # noqa: F401

pytestmark = pytest.mark.django_db


def page(response) -> str:
    html = response.content.decode()
    assert 'class="topbar"' in html and 'href="/"' in html  # the site's layout, a way back
    return html


@pytest.mark.parametrize(
    ("language", "not_found", "forbidden"),
    [
        ("vi", "Không tìm thấy trang", "Bạn không có quyền làm việc này"),
        ("en", "Page not found", "You may not do this"),
    ],
)
def test_not_found_and_forbidden_pages_in_the_chosen_language(
    client,
    world,  # noqa: F811
    language,
    not_found,
    forbidden,
):
    client.force_login(make_users(world)["investor_q"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    missing = client.get("/households/999999/")
    assert missing.status_code == 404 and not_found in page(missing)
    refused = client.get(f"/parcels/import/{world['q'].project.code}/")
    assert refused.status_code == 403 and forbidden in page(refused)
    assert "Forbidden" not in refused.content.decode()


@pytest.mark.parametrize(("language", "text"), [("vi", "Lỗi hệ thống"), ("en", "System error")])
def test_server_error_page_needs_nothing_but_says_what_to_do(language, text):
    with translation.override(language):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500 and text in page(response)


def test_an_expired_form_is_explained(world):  # noqa: F811
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_users(world)["officer_p"])
    response = client.post(f"/plans/cases/{world['lc'].case.pk}/compute/")
    assert response.status_code == 403 and "Biểu mẫu đã hết hạn" in page(response)
