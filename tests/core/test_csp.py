"""The Content-Security-Policy allows no inline script: every page sends it, and no
template relies on what it forbids (inline <script>, on…= handlers, style= attributes,
javascript: URLs), so the policy never has to be loosened to keep a page working."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import gpmb
from gpmb.core.choices import Role

TEMPLATES = sorted(Path(gpmb.__file__).parent.glob("*/templates/**/*.html"))
STATIC_JS = sorted(Path(gpmb.__file__).parent.glob("*/static/**/*.js"))

# <script> with a body (src-less), except data blocks (type="application/json").
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
HANDLER = re.compile(r"\s(on[a-z]+|hx-on[:\w-]*)\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.I)
JS_URL = re.compile(r"javascript:", re.I)
# htmx evaluates trigger filters (hx-trigger="keyup[...]"), hx-vars and js: values as code.
HTMX_EVAL = re.compile(r"hx-trigger=\S*\[|hx-vars|hx-vals=.\s*(js|javascript):", re.I)


def test_templates_were_found():
    assert len(TEMPLATES) > 30 and STATIC_JS


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_template_needs_inline_script_or_style(path):
    text = path.read_text()
    for name, pattern in [
        ("inline <script>", INLINE_SCRIPT),
        ("inline event handler", HANDLER),
        ("style= attribute", STYLE_ATTRIBUTE),
        ("javascript: URL", JS_URL),
        ("htmx code", HTMX_EVAL),
    ]:
        found = pattern.search(text)
        assert found is None, (
            f"{path}: {name} at {text[max(found.start() - 40, 0) : found.end()]!r}"
        )


@pytest.mark.parametrize("path", STATIC_JS, ids=lambda p: p.name)
def test_static_js_writes_no_html_from_data(path):
    """Text from the server reaches the DOM as text: the only HTML a script may insert
    is the map popup, a server-rendered (escaped) template."""
    text = path.read_text()
    writes = re.findall(r"\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write", text)
    allowed = {"map.js": 1}.get(path.name, 0)
    assert len(writes) == allowed, path
    # Leaflet writes a string tooltip or popup with innerHTML.
    assert not re.search(r"bind(Tooltip|Popup)\(\s*item", text), path


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/projects/", "/households/", "/admin/"])
def test_every_page_sends_the_policy(make_user, client, url):
    user = make_user(Role.ADMINISTRATOR)
    user.is_staff = user.is_superuser = True
    user.save()
    if url != "/accounts/login/":
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
