from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gpmb.parcels.services import read_token_create
from gpmb.projects.commands import get_actor


class Command(BaseCommand):
    help = (
        "Tạo khóa chỉ-đọc để QGIS/GDAL đọc /ogc/ thay mặt một người dùng "
        "(thấy đúng những gì người đó được xem). Khóa chỉ hiện một lần."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="QGIS")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_actor(options["username"])
        _token, key = read_token_create(user=user, name=options["name"], actor=None)
        self.stdout.write(key)
        self.stderr.write(
            "Dùng trong QGIS/GDAL: tiêu đề HTTP “Authorization: Bearer <khóa>”, "
            "hoặc thêm ?token=<khóa> vào địa chỉ /ogc/."
        )
