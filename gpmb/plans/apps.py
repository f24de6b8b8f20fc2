from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "gpmb.plans"
    label = "plans"
    verbose_name = _("Phương án bồi thường")

    def ready(self) -> None:
        from gpmb.cases.services import act_steps_register
        from gpmb.core.panels import Panel, register_panel
        from gpmb.plans import jobs
        from gpmb.plans.views import household_plans_panel

        jobs.register()

        register_panel(
            "household", Panel("plans", "plans/household_plans.html", household_plans_panel, 30)
        )
        # The plan's acts record their own steps (gpmb.plans.services): a bare step on the
        # batch steps page would earn "posted" or "approved" with no plan behind it.
        where = _("trang Phương án của đợt (niêm yết, lấy ý kiến, trình, thẩm định, phê duyệt)")
        act_steps_register(
            dict.fromkeys(
                (
                    "draft_plan",
                    "posting",
                    "posting_end",
                    "consultation",
                    "submission",
                    "appraisal",
                    "approval",
                ),
                where,
            )
        )
