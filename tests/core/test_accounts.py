"""Accounts (issue 9, point 10; security review finding 12): passwords that name the user
or are trivial are refused, a user changes their own password, a login is locked after
repeated failures and unlocked after the cool-off, on the site and the admin, and a
session ends after a working day idle and at browser close."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from gpmb.core.passwords import fold
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
GOOD = "Lua-chin-vang-7k"


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    # The real hasher costs ~0.3 s per login; these tests log in dozens of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def clock(monkeypatch):
    """A clock the session store, GPMB and django-axes all read; `clock.advance(...)`."""
    import axes.attempts
    import axes.handlers.proxy

    class Clock:
        current = timezone.now()

        def now(self) -> dt.datetime:
            return self.current

        def advance(self, **delta: float) -> None:
            self.current += dt.timedelta(**delta)

    clock = Clock()
    monkeypatch.setattr(timezone, "now", clock.now)
    monkeypatch.setattr(axes.attempts, "now", clock.now)
    monkeypatch.setattr(axes.handlers.proxy, "now", clock.now)
    return clock


@pytest.fixture
def boi():
    return UserFactory(username="canbo.bt", first_name="Bồi", last_name="Nguyễn Văn", password=GOOD)


# --- password policy ------------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    # Every password the review saw accepted (finding 12), for user canbo.bt, Nguyễn Văn Bồi.
    ["11111112", "20262026", "canbo.bt1", "canbobt2026", "nguyenvanboi", "Nguyen Van Boi",
     "gpmb2026", "Bồi@NguyễnVăn", "matkhau123", "aaaabbbb1"],
)  # fmt: skip
def test_weak_and_personal_passwords_are_refused(boi, password):
    with pytest.raises(ValidationError):
        validate_password(password, boi)


@pytest.mark.parametrize("password", [GOOD, "tq8-Hoa-sen-Cau", "Cây đa 1987 bến nước"])
def test_reasonable_passwords_pass(boi, password):
    validate_password(password, boi)


def test_fold_removes_vietnamese_marks():
    assert fold("Nguyễn Văn Bồi") == "nguyenvanboi"
    assert fold("Đặng Thị Ánh") == "dangthianh"
    assert fold("canbo.bt") == "canbobt"


# --- own password change --------------------------------------------------------------


def test_user_menu_links_to_password_change(client, boi):
    client.force_login(boi)
    page = client.get(reverse("reports:project_list")).content.decode()
    assert reverse("password_change") in page


def test_user_changes_own_password_and_weak_one_is_refused(client, boi):
    client.force_login(boi)
    url = reverse("password_change")
    assert client.get(url).status_code == 200

    refused = client.post(
        url, {"old_password": GOOD, "new_password1": "canbobt2026", "new_password2": "canbobt2026"}
    )
    assert refused.status_code == 200
    assert "không được chứa tên hoặc tên đăng nhập" in refused.content.decode()
    boi.refresh_from_db()
    assert boi.check_password(GOOD)

    new = "Sen-ho-tay-91x"
    done = client.post(url, {"old_password": GOOD, "new_password1": new, "new_password2": new})
    assert done.status_code == 302 and done["Location"] == reverse("password_change_done")
    boi.refresh_from_db()
    assert boi.check_password(new)
    # The session that changed it stays logged in.
    assert client.get(reverse("reports:project_list")).status_code == 200


def test_anonymous_cannot_reach_password_change(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


# --- throttling and lockout -----------------------------------------------------------


def _login(client, url, password, ip="10.0.0.5"):
    return client.post(url, {"username": "canbo.bt", "password": password}, REMOTE_ADDR=ip)


@pytest.mark.parametrize("url_name", ["login", "admin:login"])
def test_lockout_after_failures_and_its_end(client, boi, clock, url_name):
    boi.is_staff = True
    boi.save()
    url = reverse(url_name)
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        assert _login(client, url, "wrong-password").status_code == 200
    locked = _login(client, url, "wrong-password")
    assert locked.status_code == 429
    # While locked, even the right password is refused, with a message saying why.
    locked = _login(client, url, GOOD)
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "tạm bị khóa" in text and f"{limit} lần" in text
    assert "_auth_user_id" not in client.session

    # The same user from another address is not locked (a stranger cannot lock them out).
    assert _login(client, url, GOOD, ip="10.0.0.9").status_code == 302
    client.logout()

    # Each try while locked restarted the wait; once the cool-off passes, login works.
    clock.advance(minutes=settings.AXES_COOLOFF_TIME.total_seconds() / 60 - 1)
    assert _login(client, url, GOOD).status_code == 429
    clock.advance(seconds=settings.AXES_COOLOFF_TIME.total_seconds() + 1)
    assert _login(client, url, GOOD).status_code == 302
    # A successful login clears the failures of that pair.
    assert not AccessAttempt.objects.filter(ip_address="10.0.0.5").exists()


def test_lockout_page_in_english(client, boi):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, reverse("login"), "wrong-password")
    text = _login(client, reverse("login"), GOOD).content.decode()
    assert "temporarily locked" in text


def test_client_address_behind_proxy(rf, settings):
    from gpmb.core.sessions import client_ip

    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    settings.GPMB_PROXY_COUNT = 0
    assert client_ip(request) == "127.0.0.1"
    settings.GPMB_PROXY_COUNT = 1
    # The proxy appended the address it saw; what the client wrote before it is ignored.
    assert client_ip(request) == "203.0.113.7"


# --- sessions -------------------------------------------------------------------------


def test_session_cookie_ends_at_browser_close(client, boi):
    response = client.post(reverse("login"), {"username": "canbo.bt", "password": GOOD})
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"] and not cookie["expires"]
    assert cookie["httponly"]


def test_session_ends_after_a_working_day_idle_and_lives_while_used(client, boi, clock):
    assert settings.SESSION_COOKIE_AGE == 9 * 3600
    page = reverse("reports:project_list")
    login = client.post(reverse("login"), {"username": "canbo.bt", "password": GOOD})
    assert login.status_code == 302
    assert client.get(page).status_code == 200

    # Working: a request every 8 hours keeps the session for far longer than 9 hours.
    for _ in range(3):
        clock.advance(hours=8)
        assert client.get(page).status_code == 200

    # Idle for a working day: the session is gone, the user logs in again.
    clock.advance(hours=9, minutes=1)
    response = client.get(page)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_pages_and_files_are_not_stored_by_browsers(client, boi):
    """Cache-Control: no-store on every dynamic response (pages, file downloads, errors,
    the login page), never on static files (WhiteNoise answers those first)."""
    client.force_login(boi)
    download = client.get(reverse("census:inventory_template"))
    assert download.status_code == 200 and download["Content-Type"].startswith("application/")
    for response in (
        client.get(reverse("reports:project_list")),
        download,
        client.get("/no-such-page/"),
        client.get(reverse("login")),
    ):
        assert "no-store" in response["Cache-Control"], response
    static = client.get("/static/gpmb/gpmb.css")
    assert static.status_code == 200 and "no-store" not in static.get("Cache-Control", "")
