from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ParcelsConfig(AppConfig):
    name = "gpmb.parcels"
    label = "parcels"
    verbose_name = _("Thửa đất")

    def ready(self) -> None:
        from gpmb.core.panels import Panel, register_panel
        from gpmb.parcels import jobs, redact
        from gpmb.parcels.models import ParcelImpact
        from gpmb.parcels.views.parcels import household_parcels_panel

        post_save.connect(_impact_changed, sender=ParcelImpact, dispatch_uid="parcels.impact_saved")
        post_delete.connect(
            _impact_changed, sender=ParcelImpact, dispatch_uid="parcels.impact_deleted"
        )
        jobs.register()
        redact.install()  # OGC read tokens sent in URLs never reach a log

        register_panel(
            "household",
            Panel("parcels", "parcels/_household_parcels.html", household_parcels_panel, 10),
        )


def _impact_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A recovered area saved or removed one by one: the dashboards' figures of the
    parcel's holders (gpmb.core.changes). The overlay and the import, which write in
    bulk, announce their own."""
    if kwargs.get("raw"):
        return
    from gpmb.core.changes import households_changed
    from gpmb.parties.models import Tenure

    households_changed(
        Tenure.objects.filter(parcel_id=instance.parcel_id).values_list("household_id", flat=True)
    )
