from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class PartiesConfig(AppConfig):
    name = "gpmb.parties"
    label = "parties"
    verbose_name = _("Người sử dụng đất")

    def ready(self) -> None:
        from gpmb.parties.models import Tenure

        post_save.connect(_tenure_changed, sender=Tenure, dispatch_uid="parties.tenure_saved")
        post_delete.connect(_tenure_changed, sender=Tenure, dispatch_uid="parties.tenure_deleted")


def _tenure_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A holding added, edited (origin confirmed) or removed: the dashboards' figures of
    every household holding that parcel (gpmb.core.changes). Bulk writers (the demo)
    announce their own."""
    if kwargs.get("raw"):
        return
    from gpmb.core.changes import households_changed

    households_changed(
        [
            instance.household_id,
            *sender.objects.filter(parcel_id=instance.parcel_id).values_list(
                "household_id", flat=True
            ),
        ]
    )
