"""Read-only roles are not shown actions they cannot take (issue 11 point 5; UX review
D14): on every page they reach, no form that writes and no link to a page that would
answer 403."""

from __future__ import annotations

import re

import pytest

from tests.core.test_permission_matrix import REACH, make_users, reads, world  # noqa: F401

pytestmark = pytest.mark.django_db
# The forms every page has: the language switch and logging out; and the review report
# of a dashboard, which any reader may ask for (a job that reads what the user sees).
EVERYONE = ("/i18n/setlang/", "/accounts/logout/", "/reports/review/")
# What a read-only role still does itself: leadership of the whole city sets its targets.
OWN_ACTS = {"leadership": ("/reports/targets/",)}
POST_FORM = re.compile(r"<form\b[^>]*method=\"post\"[^>]*>", re.IGNORECASE)
ACTION = re.compile(r'action="([^"]*)"')
HREF = re.compile(r'(?:href|hx-get|hx-post)="([^"]+)"')


@pytest.mark.parametrize("who", ["leadership", "investor_q", "inspector_p"])
def test_read_only_roles_see_no_action_they_cannot_take(client, world, who):  # noqa: F811
    client.force_login(make_users(world)[who])
    seen = 0
    for url, expected in reads(world, REACH[who]):
        if expected != 200:
            continue
        response = client.get(url)
        if not response["Content-Type"].startswith("text/html"):
            continue
        seen += 1
        html = response.content.decode()
        for form in POST_FORM.findall(html):
            action = ACTION.search(form)
            allowed = EVERYONE + OWN_ACTS.get(who, ())
            assert action and action.group(1).startswith(allowed), (who, url, form)
        for link in set(HREF.findall(html)):
            if not link.startswith("/") or link.startswith(("/static/", "/accounts/")):
                continue
            status = client.get(link.replace("&amp;", "&")).status_code
            assert status != 403, (who, url, link)
    assert seen
