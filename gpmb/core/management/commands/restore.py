"""`gpmb restore IN`: put back what `gpmb backup` saved (core.backup)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gpmb.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Khôi phục CSDL và tệp tải lên từ một bản sao lưu của `gpmb backup` (dừng dịch vụ "
        "trước). Restore the database and uploaded files from a `gpmb backup` archive "
        "(stop the service first)."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="ghi đè CSDL/tệp đang có / overwrite an existing database and uploads",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            restore_backup(options["archive"], force=options["force"], log=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
