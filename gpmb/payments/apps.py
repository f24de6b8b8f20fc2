from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "gpmb.payments"
    label = "payments"
    verbose_name = _("Chi trả và bàn giao mặt bằng")

    def ready(self) -> None:
        from gpmb.cases.services import act_steps_register
        from gpmb.core.panels import Panel, register_panel
        from gpmb.payments.facts import handover_facts
        from gpmb.payments.views import household_money_panel
        from gpmb.plans.facts import register_facts

        # The handover and first payment dates: the early-handover bonus's window.
        register_facts("handover", handover_facts)

        register_panel(
            "household",
            Panel("payments", "payments/household_money.html", household_money_panel, 40),
        )

        # Paid, deposited and handed over only through the payment services, with their
        # money and minutes (never a bare step on the batch steps page).
        where = _("trang Chi trả và bàn giao của hộ")
        act_steps_register({"payment": where, "recovery_decision": where, "handover": where})
