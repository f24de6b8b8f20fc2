from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "gpmb.reports"
    label = "reports"
    verbose_name = _("Báo cáo tiến độ")

    def ready(self) -> None:
        from gpmb.reports import jobs

        jobs.register()
