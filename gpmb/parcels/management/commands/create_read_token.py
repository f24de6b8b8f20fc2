from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from gpmb.parcels.services import TokenError, read_token_create
from gpmb.projects.commands import add_user_argument, get_actor


class Command(BaseCommand):
    help = (
        "Tạo khóa chỉ-đọc để QGIS/GDAL đọc /ogc/ thay mặt một người dùng "
        "(thấy đúng những gì người đó được xem). Khóa chỉ hiện một lần; "
        "xem các khóa: gpmb read_tokens; thu hồi: gpmb revoke_read_token."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="QGIS")
        parser.add_argument(
            "--days", type=int, help="số ngày khóa còn dùng được (mặc định GPMB_READ_TOKEN_DAYS)"
        )
        add_user_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_actor(options["username"])
        try:
            token, key = read_token_create(
                user=user,
                name=options["name"],
                actor=get_actor(options["user"]),
                days=options["days"],
            )
        except TokenError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(key)
        self.stderr.write(
            f"Khóa {token.prefix}… hết hạn {timezone.localtime(token.expires_at):%d/%m/%Y}. "
            "Dùng trong QGIS/GDAL: tiêu đề HTTP “Authorization: Bearer <khóa>” "
            "(GDAL: GDAL_HTTP_AUTH=BEARER, GDAL_HTTP_BEARER=<khóa>); chỉ khi trình khách "
            "không gửi được tiêu đề mới thêm ?token=<khóa> vào địa chỉ /ogc/."
        )
