"""`gpmb document_template list|fields|export|import|reset`: see or replace the template
files documents are rendered from, without a developer (docs/documents.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gpmb.documents.registry import KINDS
from gpmb.documents.rendering import TemplateFault, override_path, template_path
from gpmb.documents.services import document_kind, template_install, template_reset


class Command(BaseCommand):
    help = (
        "Mẫu văn bản (.docx): list — các mẫu và mẫu đang dùng; fields TÊN — dữ liệu mẫu được "
        "dùng; export TÊN TỆP — lấy mẫu đang dùng; import TÊN TỆP — thay mẫu (kiểm tra trước); "
        "reset TÊN — dùng lại mẫu gốc."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("list", help="các mẫu và tệp đang dùng")
        fields = actions.add_parser("fields", help="dữ liệu mẫu (JSON) mà mẫu được dùng")
        fields.add_argument("name")
        export = actions.add_parser("export", help="ghi mẫu đang dùng ra tệp")
        export.add_argument("name")
        export.add_argument("file")
        install = actions.add_parser("import", help="kiểm tra rồi dùng tệp làm mẫu")
        install.add_argument("name")
        install.add_argument("file")
        install.add_argument("--user", help="tên đăng nhập người thay (ghi vào nhật ký)")
        reset = actions.add_parser("reset", help="bỏ mẫu đã thay, dùng lại mẫu gốc")
        reset.add_argument("name")
        reset.add_argument("--user", help="tên đăng nhập người thực hiện (ghi vào nhật ký)")

    def handle(self, *args: object, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "list":
                self._list()
                return
            name = options["name"]
            document_kind(name)
            if action == "fields":
                sample = KINDS[name].sample
                self.stdout.write(json.dumps(sample, ensure_ascii=False, indent=2))
            elif action == "export":
                Path(options["file"]).write_bytes(template_path(name).read_bytes())
                self.stdout.write(
                    f"Đã ghi mẫu {name} ({template_path(name)}) ra {options['file']}."
                )
            elif action == "import":
                source = Path(options["file"])
                if not source.is_file():
                    raise CommandError(f"Không có tệp {source}.")
                actor = _actor(options.get("user"))
                target = template_install(
                    name=name, data=source.read_bytes(), actor=actor, source=str(source)
                )
                self.stdout.write(f"Mẫu {name} đã kiểm tra và đang dùng: {target}.")
            elif action == "reset":
                if template_reset(name=name, actor=_actor(options.get("user"))):
                    self.stdout.write(f"Đã bỏ mẫu thay thế; mẫu gốc {name} đang dùng.")
                else:
                    self.stdout.write(f"Mẫu {name} chưa bị thay; mẫu gốc đang dùng.")
        except (TemplateFault, PermissionDenied) as exc:
            raise CommandError(str(exc)) from exc

    def _list(self) -> None:
        for name, kind in KINDS.items():
            own = override_path(name).is_file()
            where = "đã thay" if own else "mẫu gốc"
            self.stdout.write(f"{name}\t{kind.title}\t{where}\t{template_path(name)}")


def _actor(username: str | None) -> Any:
    if not username:
        return None
    try:
        return get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist as exc:
        raise CommandError(f"Không có người dùng “{username}”.") from exc
