"""Browser tests: Playwright drives Debian's Chromium against a live test server with a
small demo. No browser is ever downloaded."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

DEMO_PASSWORD = "demo-e2e-2026"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's sync API runs an event loop; Django must still allow the live-server
# fixtures to touch the database from the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def chromium_path() -> str:
    path = os.environ.get("GPMB_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        pytest.fail("Chromium is missing: install Debian's package `chromium` (see .ci/run)")
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def jobs_run_at_once(settings) -> None:
    """Jobs run inside the request that starts them (django-tasks' immediate backend):
    the live server has no worker beside it. The worker itself is tested in
    tests/core/test_worker.py."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def demo(transactional_db: None) -> dict:
    """A small illustrative demo (the same builder as `gpmb demo`).

    An earlier live-server test flushed the database: the communes its migration loads
    are gone (Django's serialized rollback cannot restore them here, Playwright's
    greenlet has its own connection object) and the content types came back with new
    ids that ContentType's cache does not know; the change log would point at the old
    ones."""
    from django.contrib.contenttypes.models import ContentType

    from gpmb.demo.projects import build_demo
    from gpmb.projects.admin_units import load_admin_units
    from gpmb.projects.models import AdminUnit

    ContentType.objects.clear_cache()  # the flush gave the content types new ids
    if not AdminUnit.objects.exists():
        load_admin_units(AdminUnit)
    return build_demo(households=60, seed=7, password=DEMO_PASSWORD)


@pytest.fixture
def page(browser, live_server) -> Iterator[object]:
    context = browser.new_context(base_url=live_server.url, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def login(page):
    def do(username: str) -> None:
        page.goto("/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/projects/")

    return do
