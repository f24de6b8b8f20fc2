from django.core.management.base import BaseCommand, CommandError, CommandParser

from gpmb.census.choices import CensusStatus
from gpmb.census.models import Census
from gpmb.census.services import CensusError, census_close
from gpmb.projects.commands import add_user_argument, get_actor, get_project


class Command(BaseCommand):
    help = "Khóa số liệu lần kiểm đếm đang mở của một đợt (lưu bản chốt và mã băm)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--project", required=True)
        parser.add_argument("--batch", required=True)
        add_user_argument(parser)

    def handle(self, *args: object, **options: object) -> None:
        project = get_project(str(options["project"]))
        census = Census.objects.filter(
            project=project, batch__code=options["batch"], status=CensusStatus.OPEN
        ).first()
        if census is None:
            raise CommandError("Đợt này không có lần kiểm đếm đang mở.")
        try:
            census = census_close(actor=get_actor(options.get("user")), census=census)  # type: ignore[arg-type]
        except CensusError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Đã khóa {census}; SHA-256 {census.snapshot_hash}.")
