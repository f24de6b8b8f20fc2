"""What the `gpmb` commands of every app share: the project by its code, the acting user
of `--user` (so the shell leaves the same audit trail as the web), a progress bar."""

from __future__ import annotations

import sys

from django.contrib.auth.models import User
from django.core.management.base import CommandError, CommandParser

from gpmb.core.models import Actor
from gpmb.projects.models import Project

STAGES = {"read": "Đọc tệp", "check": "Kiểm tra", "write": "Ghi dữ liệu", "compute": "Tính"}


def add_user_argument(parser: CommandParser) -> None:
    parser.add_argument(
        "--user",
        help="tài khoản thực hiện, ghi vào lịch sử và giới hạn theo phân công của người đó "
        "/ the acting user: recorded in the audit trail, limited to their assignments",
    )


def get_project(code: str) -> Project:
    try:
        return Project.objects.select_related("province").get(code=code)
    except Project.DoesNotExist:
        raise CommandError(f"Không có dự án mã “{code}” / no project “{code}”") from None


def get_actor(username: str | None) -> Actor:
    if not username:
        return None
    try:
        return User.objects.get(username=username, is_active=True)
    except User.DoesNotExist:
        raise CommandError(f"Không có người dùng “{username}” / no user “{username}”") from None


class ProgressBar:
    """A one-line bar on stderr: "Kiểm tra  [#######.....]  7.000/10.000"."""

    def __init__(self, enabled: bool = True, width: int = 30) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.width = width
        self.last = ("", -1)

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or total <= 0:
            return
        filled = int(self.width * done / total)
        if (stage, filled) == self.last and done != total:
            return
        self.last = (stage, filled)
        bar = "#" * filled + "." * (self.width - filled)
        label = STAGES.get(stage, stage)
        sys.stderr.write(f"\r{label:12} [{bar}] {done:>9,}/{total:,}".replace(",", "."))
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()
