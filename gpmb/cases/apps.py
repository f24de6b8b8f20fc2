from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "gpmb.cases"
    label = "cases"
    verbose_name = _("Hồ sơ")

    def ready(self) -> None:
        from gpmb.cases.models import Case

        post_save.connect(_case_created, sender=Case, dispatch_uid="cases.case_created")


def _case_created(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    """A new case counts on the dashboards at once (gpmb.core.changes). Cases written in
    bulk (the demo) are announced by their writer."""
    if created and not kwargs.get("raw"):
        from gpmb.core.changes import cases_changed

        cases_changed([instance.pk])
