import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gpmb.engine import cli


class Command(BaseCommand):
    help = (
        "Compute one case from a facts JSON file (docs/compute-case-format.md) with a "
        "policy pack and print the lines as JSON. Nothing is stored."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("case", help="case facts JSON file")
        parser.add_argument("--pack", required=True, help="pack code or path to a pack file")
        parser.add_argument("--decisions", help="JSON file: decision key -> {choice, reason}")
        parser.add_argument("--indent", type=int, default=2)

    def handle(self, *args: object, **options: object) -> None:
        argv = [str(options["case"]), "--pack", str(options["pack"])]
        if options["decisions"]:
            argv += ["--decisions", str(options["decisions"])]
        argv += ["--indent", str(options["indent"])]
        # The engine CLI prints its errors (file, path, value) to stderr itself.
        out: Any = getattr(self.stdout, "_out", sys.stdout)
        code = cli.main(argv, out=out)
        if code != 0:
            raise CommandError("Dữ liệu không hợp lệ / invalid input", returncode=code)
