from typing import Any

from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "gpmb.reports"
    label = "reports"
    verbose_name = _("Báo cáo tiến độ")

    def ready(self) -> None:
        from gpmb.core.changes import on_cases_changed
        from gpmb.reports import jobs, progress

        jobs.register()
        on_cases_changed(progress.refresh, progress.refresh_households)
        # Rows for the cases that came before them (this migration) or were loaded
        # outside the services: after every migrate, if the counts differ.
        post_migrate.connect(_fill_progress, sender=self)


def _fill_progress(**kwargs: Any) -> None:
    from gpmb.reports.progress import rebuild_if_incomplete

    rebuild_if_incomplete(using=kwargs.get("using", DEFAULT_DB_ALIAS))
