"""gpmb progress_rebuild: recompute every case's progress row (gpmb.reports.progress)
from the records — after data was loaded outside the services (a restore, a bulk
load). The services keep the rows themselves; running this again changes nothing."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from gpmb.reports.progress import rebuild


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args: Any, **options: Any) -> None:
        start = time.perf_counter()
        count = rebuild()
        self.stdout.write(
            f"{count} hồ sơ / cases: progress rows rebuilt in {time.perf_counter() - start:.1f} s"
        )
