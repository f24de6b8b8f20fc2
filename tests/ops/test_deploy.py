"""Production settings (issue 9, point 11; review finding 17): `gpmb check --deploy` is
clean with the documented production environment (.env.example), the generated secret
key is readable by GPMB's account only, and pages are never stored by browsers."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from gpmb.core.secretkey import read_or_create

ROOT = Path(__file__).resolve().parents[2]


def documented_env() -> dict[str, str]:
    """The variables .env.example sets (its commented lines are options, not settings)."""
    values = {}
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Z_][A-Z0-9_]*)=(.*)$", line)
        if match:
            values[match.group(1)] = match.group(2)
    return values


def deploy_check(env: dict[str, str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "SESSION_"))}
    # DJANGO_ALLOW_ASYNC_UNSAFE: set by the browser tests in the same pytest process.
    for name in ("DATABASE_URL", "SECRET_KEY", "DEBUG", "CSRF_COOKIE_SECURE",
                 "DJANGO_ALLOW_ASYNC_UNSAFE"):  # fmt: skip
        base.pop(name, None)
    base.update(env, GPMB_DATA_DIR=str(data_dir))
    return subprocess.run(
        [sys.executable, "-m", "gpmb", "check", "--deploy", "--fail-level", "WARNING"],
        env=base,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_deploy_check_is_clean_with_the_documented_environment(tmp_path):
    env = documented_env()
    assert env["DEBUG"] == "0" and env["SECURE_SSL_REDIRECT"] == "1"
    result = deploy_check(env, tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output
    # The key it ran with was generated into the data folder, private.
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600


def test_deploy_check_warns_without_it(tmp_path):
    # The same check does catch a server run with the development defaults.
    result = deploy_check({"DEBUG": "0", "ALLOWED_HOSTS": "gpmb.example.gov.vn"}, tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    for code in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert code in output, output


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_secret_key_file_is_private_and_stable(tmp_path):
    key_file = tmp_path / "data" / "secret_key"
    key = read_or_create(key_file)
    assert len(key) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert read_or_create(key_file) == key
    # A key left world-readable by an older GPMB is made private, not replaced.
    key_file.chmod(0o644)
    assert read_or_create(key_file) == key
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert [p.name for p in key_file.parent.iterdir()] == ["secret_key"]
