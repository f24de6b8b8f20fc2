from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CensusConfig(AppConfig):
    name = "gpmb.census"
    label = "census"
    verbose_name = _("Điều tra, kiểm đếm")

    def ready(self) -> None:
        from gpmb.census import jobs
        from gpmb.census.views import household_inventory_panel
        from gpmb.core.panels import Panel, register_panel

        jobs.register()

        register_panel(
            "household",
            Panel("census", "census/_inventory.html", household_inventory_panel, 20),
        )
