from django.core.management.base import BaseCommand, CommandParser

from gpmb.census.excel import export_template


class Command(BaseCommand):
    help = "Tạo mẫu Excel trống để nhập số liệu kiểm đếm."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", help="tệp .xlsx")

    def handle(self, *args: object, **options: object) -> None:
        export_template(str(options["out"]))
        self.stdout.write(f"Đã tạo mẫu {options['out']}.")
