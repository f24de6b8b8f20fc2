from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "gpmb.plans"
    label = "plans"
    verbose_name = _("Phương án bồi thường")

    def ready(self) -> None:
        from gpmb.core.panels import Panel, register_panel
        from gpmb.plans import jobs
        from gpmb.plans.views import household_plans_panel

        jobs.register()

        register_panel(
            "household", Panel("plans", "plans/household_plans.html", household_plans_panel, 30)
        )
