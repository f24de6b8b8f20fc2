from django.core.management.base import BaseCommand, CommandError, CommandParser

from gpmb.engine.pack import PACKS_DIR
from gpmb.policy.packs import PolicyError, packs_load
from gpmb.projects.commands import add_user_argument, get_actor


class Command(BaseCommand):
    help = "Validate the policy pack files and store each new version (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--folder", default=str(PACKS_DIR), help="folder of *.yaml packs")
        add_user_argument(parser)

    def handle(self, *args: object, **options: object) -> None:
        try:
            loaded = packs_load(
                actor=get_actor(options["user"]),  # type: ignore[arg-type]
                folder=str(options["folder"]),
            )
        except PolicyError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError("Không nạp gói nào / no pack loaded") from None
        for row, created in loaded:
            state = "mới / new" if created else "đã có / unchanged"
            self.stdout.write(f"{row.code:28} {row.digest[:12]}  {state}")
