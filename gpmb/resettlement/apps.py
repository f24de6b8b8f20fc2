from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResettlementConfig(AppConfig):
    name = "gpmb.resettlement"
    label = "resettlement"
    verbose_name = _("Tái định cư")

    def ready(self) -> None:
        from gpmb.plans.facts import register_facts
        from gpmb.resettlement.facts import resettlement_facts

        register_facts("", resettlement_facts)
