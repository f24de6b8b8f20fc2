"""gpmb report --scope city|ward|project [--code X] --period 2026-H1|2026 --format
docx|xlsx|pdf OUT: the site-clearance section of a half-year or annual review."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gpmb.documents.pdf import PdfFailed, PdfUnavailable
from gpmb.reports.queries import ScopeKind, ScopeNotFound
from gpmb.reports.review import review_docx, review_pdf, review_xlsx
from gpmb.reports.services import PERIOD

WRITERS = {"docx": review_docx, "xlsx": review_xlsx, "pdf": review_pdf}


class _Shell:
    """Whoever holds the server's shell reads every record (as `gpmb shell` would)."""

    is_authenticated = True
    is_active = True
    is_superuser = True
    pk = None


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scope", choices=ScopeKind.ALL, default=ScopeKind.CITY)
        parser.add_argument("--code", default="", help="the ward's or the project's code")
        parser.add_argument("--period", required=True, help="2026-H1, 2026-H2 or 2026")
        parser.add_argument("--format", choices=sorted(WRITERS), default="docx")
        parser.add_argument("--user", default="", help="read only what this user may see")
        parser.add_argument("out", help="the file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        period = options["period"]
        if not PERIOD.match(period):
            raise CommandError(f"--period “{period}”: viết 2026, 2026-H1 hoặc 2026-H2.")
        scope, code = options["scope"], options["code"].strip() or None
        if scope != ScopeKind.CITY and not code:
            raise CommandError(f"--scope {scope} cần --code (mã xã/phường hoặc mã dự án).")
        user: Any = _Shell()
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"--user “{options['user']}”: không có người dùng này.")
        try:
            data = WRITERS[options["format"]](user, scope, code, period)
        except ScopeNotFound as exc:
            raise CommandError(f"--code “{code}”: không có hoặc không được xem.") from exc
        except (PdfUnavailable, PdfFailed) as exc:
            raise CommandError(f"PDF: {exc}") from exc
        Path(options["out"]).write_bytes(data)
        self.stdout.write(f"{options['out']}: {len(data):,} bytes")
