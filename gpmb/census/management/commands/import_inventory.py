import time

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gpmb.census.excel import InventoryImportError, import_inventory
from gpmb.core.permissions import NotPermitted
from gpmb.projects.commands import add_user_argument, get_actor, get_project

SHOWN_ERRORS = 200
SHOWN_MISSING = 50


class Command(BaseCommand):
    help = (
        "Nhập số liệu kiểm đếm từ Excel: kiểm tra toàn bộ tệp, một lỗi là không ghi gì; "
        "nhập lại thì sửa theo mã hộ + loại + TT, không tạo trùng."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="tệp .xlsx")
        parser.add_argument("--project", required=True, help="mã dự án")
        add_user_argument(parser)
        parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi")

    def handle(self, *args: object, **options: object) -> None:
        project = get_project(str(options["project"]))
        actor = get_actor(options.get("user"))  # type: ignore[arg-type]
        started = time.perf_counter()
        try:
            report = import_inventory(
                project, str(options["file"]), actor=actor, dry_run=bool(options["dry_run"])
            )
        except InventoryImportError as exc:
            for error in exc.errors[:SHOWN_ERRORS]:
                self.stderr.write(str(error))
            if len(exc.errors) > SHOWN_ERRORS:
                self.stderr.write(f"… và {len(exc.errors) - SHOWN_ERRORS} lỗi khác.")
            raise CommandError(f"{len(exc.errors)} lỗi; không ghi dữ liệu nào.") from exc
        except NotPermitted as exc:
            raise CommandError(str(exc)) from exc
        r = report.result
        verb = "Kiểm tra (không ghi)" if report.dry_run else "Đã nhập"
        self.stdout.write(
            f"{verb}: {report.rows} dòng — {r.created} mới, {r.updated} sửa, "
            f"{r.unchanged} không đổi, trong {time.perf_counter() - started:.1f} giây."
        )
        if r.missing:
            self.stdout.write(
                f"{len(r.missing)} tài sản đã có nhưng không có trong tệp (giữ nguyên, không xóa):"
            )
            for code, kind, line in r.missing[:SHOWN_MISSING]:
                self.stdout.write(f"  {code} / {kind} / TT {line}")
