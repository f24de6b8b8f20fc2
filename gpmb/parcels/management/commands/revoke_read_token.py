from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gpmb.parcels.models import ReadToken
from gpmb.parcels.services import read_token_revoke
from gpmb.projects.commands import add_user_argument, get_actor


class Command(BaseCommand):
    help = (
        "Thu hồi ngay một khóa đọc bản đồ, theo mã (cột đầu của gpmb read_tokens) hoặc "
        "đầu khóa (8 ký tự sau “gpmb_”)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("token", help="mã hoặc đầu khóa")
        add_user_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        wanted = options["token"].strip().removeprefix("gpmb_").rstrip("…")
        found = list(ReadToken.objects.filter(prefix=wanted[:8]).select_related("user"))
        if not found and wanted.isdigit() and len(wanted) < 12:
            found = list(ReadToken.objects.filter(pk=int(wanted)).select_related("user"))
        if not found:
            raise CommandError(f"Không có khóa “{options['token']}” (xem: gpmb read_tokens --all)")
        if len(found) > 1:
            raise CommandError(
                f"“{options['token']}” khớp {len(found)} khóa; hãy dùng mã của khóa "
                "(cột đầu của gpmb read_tokens)"
            )
        token = read_token_revoke(token=found[0], actor=get_actor(options["user"]))
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã thu hồi khóa {token.prefix}… “{token.name}” của {token.user.get_username()}"
            )
        )
