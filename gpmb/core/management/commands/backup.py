"""`gpmb backup OUT`: the database and the uploaded files in one archive (core.backup)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gpmb.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Sao lưu CSDL và tệp tải lên vào một tệp .tar.gz có manifest và tổng kiểm tra. "
        "Back up the database and uploaded files into one .tar.gz with a manifest."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "out", type=Path, help="the archive to write, e.g. gpmb-2026-12-07.tar.gz"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            create_backup(options["out"], log=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
