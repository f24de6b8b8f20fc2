"""The apps' layers (DESIGN.md "Layout"): an app imports only the apps below it, and the
engine and the geometry library import neither Django nor an app. The contract is
import-linter's (pyproject.toml); it sees imports inside functions too."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).parent / "lint-imports"


def lint(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT), "--no-cache"],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_apps_keep_their_layers():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken." in result.stdout


def test_a_forbidden_import_fails_the_contract(tmp_path):
    shutil.copytree(ROOT / "gpmb", tmp_path / "gpmb", ignore=shutil.ignore_patterns("locale"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    # census (below plans) reaching up into plans, inside a function; and the engine
    # reaching for Django's settings.
    with open(tmp_path / "gpmb" / "census" / "queries.py", "a") as module:
        module.write("\n\ndef _sneak():\n    from gpmb.plans import models  # noqa\n")
    with open(tmp_path / "gpmb" / "engine" / "cite.py", "a") as module:
        module.write("\nfrom django.conf import settings  # noqa\n")
    result = lint(tmp_path)
    assert result.returncode != 0
    assert "gpmb.census.queries -> gpmb.plans.models" in result.stdout
    assert "gpmb.engine.cite -> django (l." in result.stdout
    assert "Contracts: 0 kept, 2 broken." in result.stdout
