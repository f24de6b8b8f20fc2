from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gpmb.parcels.exporting import FORMATS, ExportError, parcels_export
from gpmb.projects.commands import get_actor, get_project


class Command(BaseCommand):
    help = "Xuất thửa đất của dự án kèm diện tích thu hồi (GeoPackage mặc định)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out")
        parser.add_argument("--project", required=True)
        parser.add_argument("--format", default=None, choices=list(FORMATS))
        parser.add_argument("--user", help="xuất trong phạm vi quyền của người dùng này")

    def handle(self, *args: Any, **options: Any) -> None:
        project = get_project(options["project"])
        fmt = options["format"]
        if fmt is None:
            suffix = options["out"].rsplit(".", 1)[-1].lower()
            fmt = suffix if suffix in FORMATS else "gpkg"
        user = get_actor(options["user"])
        try:
            count = parcels_export(
                project=project, fmt=fmt, path=options["out"], actor=user, user=user
            )
        except ExportError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Đã xuất {count} thửa ra {options['out']}"))
