"""scripts/nightly-backup (docs/deploy.md): one archive a night, the newest 14 daily and
12 monthly kept, counted rather than aged so failed nights never delete good backups."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(os.name != "posix", reason="a POSIX shell script")


def test_rotation_keeps_the_newest_archives(tmp_path):
    fake = tmp_path / "gpmb"
    fake.write_text('#!/bin/sh\n[ "$1" = backup ] && echo archive > "$2"\n')
    fake.chmod(0o755)
    backups = tmp_path / "backups"
    (backups / "daily").mkdir(parents=True)
    (backups / "monthly").mkdir()
    old_daily = [f"gpmb-200011{day:02d}-023000.tar.gz" for day in range(1, 21)]
    old_monthly = [f"gpmb-1999{m:02d}01-023000.tar.gz" for m in range(1, 13)]
    for name in old_daily:
        (backups / "daily" / name).write_text("old")
    for name in old_monthly:
        (backups / "monthly" / name).write_text("old")

    env = dict(os.environ, GPMB_BIN=str(fake), GPMB_BACKUP_DIR=str(backups))
    result = subprocess.run(
        ["sh", str(ROOT / "scripts" / "nightly-backup")], env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr

    daily = sorted(p.name for p in (backups / "daily").iterdir())
    new = [n for n in daily if n not in old_daily]
    assert len(daily) == 14 and len(new) == 1
    assert daily[:-1] == old_daily[-13:]  # the 13 newest old ones and tonight's
    assert (backups / "daily" / new[0]).read_text() == "archive\n"
    monthly = sorted(p.name for p in (backups / "monthly").iterdir())
    # Tonight's archive is this month's first: copied, and the oldest monthly one goes.
    assert len(monthly) == 12 and new[0] in monthly and old_monthly[0] not in monthly
