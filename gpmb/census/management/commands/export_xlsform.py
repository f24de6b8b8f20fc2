from django.core.management.base import BaseCommand, CommandParser

from gpmb.census.xlsform import export_xlsform
from gpmb.projects.commands import get_project


class Command(BaseCommand):
    help = "Tạo biểu mẫu kiểm đếm XLSForm cho KoboToolbox / ODK (danh sách hộ của dự án)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", help="tệp .xlsx")
        parser.add_argument("--project", required=True)

    def handle(self, *args: object, **options: object) -> None:
        project = get_project(str(options["project"]))
        export_xlsform(project, str(options["out"]))
        self.stdout.write(f"Đã tạo biểu mẫu XLSForm {options['out']}.")
