from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gpmb.census.choices import DuplicatePolicy
from gpmb.census.excel import InventoryImportError
from gpmb.census.fieldsurvey import DuplicateSubmissions, import_field_survey
from gpmb.core.permissions import NotPermitted
from gpmb.projects.commands import add_user_argument, get_actor, get_project


class Command(BaseCommand):
    help = (
        "Nhập kết quả kiểm đếm thực địa: tệp XLSX xuất từ KoboToolbox (mỗi nhóm lặp một "
        "trang) hoặc CSV/ZIP xuất từ ODK Central. Phiếu trùng: hỏi, bỏ qua hoặc thay thế."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", help="tệp .xlsx (Kobo) hoặc .zip/.csv (ODK)")
        parser.add_argument("--project", required=True)
        add_user_argument(parser)
        parser.add_argument(
            "--on-duplicate",
            choices=[DuplicatePolicy.ASK, DuplicatePolicy.SKIP, DuplicatePolicy.REPLACE],
            default=DuplicatePolicy.ASK,
        )

    def handle(self, *args: object, **options: object) -> None:
        project = get_project(str(options["project"]))
        files = [Path(str(f)) for f in options["files"]]  # type: ignore[attr-defined]
        source: object = files if len(files) > 1 else files[0]
        try:
            report = import_field_survey(
                project,
                source,  # type: ignore[arg-type]
                actor=get_actor(options.get("user")),  # type: ignore[arg-type]
                on_duplicate=str(options["on_duplicate"]),
            )
        except DuplicateSubmissions as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(
                "Có phiếu trùng; chạy lại với --on-duplicate skip hoặc --on-duplicate replace."
            ) from exc
        except InventoryImportError as exc:
            for error in exc.errors[:200]:
                self.stderr.write(str(error))
            raise CommandError(f"{len(exc.errors)} lỗi; không ghi dữ liệu nào.") from exc
        except NotPermitted as exc:
            raise CommandError(str(exc)) from exc
        r = report.result
        self.stdout.write(
            f"Đã nhập {report.rows} dòng: {r.created} mới, {r.updated} sửa, "
            f"{r.unchanged} không đổi, {r.deleted} thay thế."
        )
