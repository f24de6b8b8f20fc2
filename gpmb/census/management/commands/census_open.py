from django.core.management.base import BaseCommand, CommandError, CommandParser

from gpmb.census.services import CensusError, census_open
from gpmb.core.vnformat import parse_date
from gpmb.projects.commands import add_user_argument, get_actor, get_project


class Command(BaseCommand):
    help = "Mở lần kiểm đếm (lần đầu hoặc bổ sung) cho một đợt thu hồi."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--project", required=True)
        parser.add_argument("--batch", required=True, help="mã đợt, ví dụ D1")
        parser.add_argument(
            "--cutoff",
            help="mốc khóa số liệu dd/mm/yyyy (mặc định: ngày thông báo)",
        )
        add_user_argument(parser)

    def handle(self, *args: object, **options: object) -> None:
        project = get_project(str(options["project"]))
        batch = project.batches.filter(code=options["batch"]).first()
        if batch is None:
            raise CommandError(f"Dự án không có đợt “{options['batch']}”.")
        try:
            cutoff = parse_date(options.get("cutoff"))  # type: ignore[arg-type]
            census = census_open(
                actor=get_actor(options.get("user")),  # type: ignore[arg-type]
                batch=batch,
                cutoff_date=cutoff,
            )
        except (CensusError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Đã mở {census} (mốc {census.cutoff_date:%d/%m/%Y}).")
