from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParcelsConfig(AppConfig):
    name = "gpmb.parcels"
    label = "parcels"
    verbose_name = _("Thửa đất")

    def ready(self) -> None:
        from gpmb.core.panels import Panel, register_panel
        from gpmb.parcels import jobs, redact
        from gpmb.parcels.views.parcels import household_parcels_panel

        jobs.register()
        redact.install()  # OGC read tokens sent in URLs never reach a log

        register_panel(
            "household",
            Panel("parcels", "parcels/_household_parcels.html", household_parcels_panel, 10),
        )
