import time

from django.core.management.base import BaseCommand, CommandParser

from gpmb.census.excel import export_inventory
from gpmb.projects.commands import get_project


class Command(BaseCommand):
    help = "Xuất số liệu kiểm đếm của dự án ra Excel (mỗi loại tài sản một trang)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", help="tệp .xlsx")
        parser.add_argument("--project", required=True, help="mã dự án")

    def handle(self, *args: object, **options: object) -> None:
        project = get_project(str(options["project"]))
        started = time.perf_counter()
        count = export_inventory(project, str(options["out"]))
        self.stdout.write(
            f"Đã xuất {count} tài sản ra {options['out']} "
            f"trong {time.perf_counter() - started:.1f} giây."
        )
