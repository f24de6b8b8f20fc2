"""`gpmb serve` (issue 9, point 11): the real server answers pages (no-store) and static
files (WhiteNoise, cacheable), and honours the proxy's X-Forwarded-Proto, with gunicorn
and with waitress (the Windows server, runnable everywhere)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url: str, **headers: str):
    opener = urllib.request.build_opener(NoRedirect)
    try:
        return opener.open(urllib.request.Request(url, headers=headers), timeout=10)
    except urllib.error.HTTPError as error:
        return error


@pytest.mark.parametrize("server", ["gunicorn", "waitress"])
def test_serve_answers_pages_and_static_files(tmp_path, server):
    if server == "gunicorn" and sys.platform == "win32":
        pytest.skip("gunicorn does not run on Windows")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        GPMB_DATA_DIR=str(tmp_path),
        DEBUG="0",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="1",
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
    )
    command = [sys.executable, "-m", "gpmb", "serve", "--server", server]
    command += ["--port", str(port), "--workers", "1", "--threads", "2"]
    process = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"{server} did not start: {process.stdout.read()}")
                time.sleep(0.3)

        # Plain http (no proxy header) is sent to https.
        plain = get(f"{base}/accounts/login/")
        assert plain.status == 301 and plain.headers["Location"].startswith("https://")
        # Through the TLS proxy: the page itself, never stored.
        page = get(f"{base}/accounts/login/", **{"X-Forwarded-Proto": "https"})
        assert page.status == 200, page.read()[:500]
        assert "no-store" in page.headers["Cache-Control"]
        assert "Strict-Transport-Security" not in page.headers  # off unless configured
        # Static files straight from WhiteNoise, cacheable.
        css = get(f"{base}/static/gpmb/gpmb.css", **{"X-Forwarded-Proto": "https"})
        assert css.status == 200 and b".topbar" in css.read()
        assert "no-store" not in css.headers.get("Cache-Control", "")
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
