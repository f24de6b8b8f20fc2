from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gpmb.geo.crs import CRSError, parse_epsg
from gpmb.parcels.overlay import BoundaryError, boundary_import
from gpmb.projects.commands import add_user_argument, get_actor, get_project


class Command(BaseCommand):
    help = "Nhập chỉ giới GPMB thành phiên bản mới và tính lại diện tích thu hồi của mọi thửa."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--project", required=True)
        parser.add_argument("--crs", help="hệ tọa độ khi tệp không khai báo, EPSG:9210")
        parser.add_argument("--layer")
        parser.add_argument("--note", default="")
        add_user_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        project = get_project(options["project"])
        try:
            epsg = parse_epsg(options["crs"]) if options["crs"] else None
            boundary = boundary_import(
                options["file"],
                project=project,
                actor=get_actor(options["user"]),
                layer=options["layer"],
                epsg=epsg,
                note=options["note"],
            )
        except (BoundaryError, CRSError) as exc:
            raise CommandError(str(exc)) from exc
        summary = boundary.summary
        states = summary.get("states", {})
        self.stdout.write(
            self.style.SUCCESS(
                f"Chỉ giới phiên bản {boundary.version}: {summary.get('parcels', 0)} thửa, "
                f"{states.get('wholly', 0)} thu hồi toàn bộ, {states.get('partly', 0)} một phần, "
                f"{summary.get('below_minimum', 0)} phần còn lại dưới diện tích tối thiểu; "
                f"{summary.get('changed_count', 0)} thửa thay đổi."
            )
        )
        for row in summary.get("changed", [])[:50]:
            self.stdout.write(
                f"  tờ {row['map_sheet']} thửa {row['parcel_number']}: "
                f"{row['before'] or '—'} → {row['after']} m²"
            )
