from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from gpmb.parcels.models import ReadToken
from gpmb.parcels.services import read_token_state
from gpmb.projects.commands import get_actor

STATES = {"active": "còn hiệu lực", "expired": "hết hạn", "revoked": "đã thu hồi"}


def _date(value: Any) -> str:
    return f"{timezone.localtime(value):%d/%m/%Y %H:%M}" if value else "—"


class Command(BaseCommand):
    help = "Liệt kê các khóa đọc bản đồ (OGC API): mã, người dùng, tên, đầu khóa, hạn, trạng thái."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", help="chỉ khóa của người dùng này")
        parser.add_argument("--all", action="store_true", help="cả khóa đã hết hạn hoặc đã thu hồi")

    def handle(self, *args: Any, **options: Any) -> None:
        tokens = ReadToken.objects.select_related("user").order_by("user__username", "-created_at")
        if options["user"]:
            tokens = tokens.filter(user=get_actor(options["user"]))
        shown = 0
        for token in tokens:
            state = read_token_state(token)
            if state != "active" and not options["all"]:
                continue
            shown += 1
            self.stdout.write(
                f"{token.pk}\t{token.user.get_username()}\t{token.name}\t{token.prefix}…\t"
                f"tạo {_date(token.created_at)}\thết hạn {_date(token.expires_at)}\t"
                f"dùng lần cuối {_date(token.last_used_at)}\t{STATES[state]}"
            )
        if not shown:
            self.stderr.write("Không có khóa nào.")
