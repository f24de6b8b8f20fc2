from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    name = "gpmb.policy"
    label = "policy"
    verbose_name = _("Gói chính sách")

    def ready(self) -> None:
        from gpmb.census.codes import register_price_codes
        from gpmb.parcels.pricing import register_segment_names
        from gpmb.policy.packs import load_packs_after_migrate
        from gpmb.policy.queries import inventory_price_codes, parcel_segment_names

        # The census offers the pack's price rows and refuses a code it does not have;
        # the parcel page names a parcel's road segments.
        register_price_codes(inventory_price_codes)
        register_segment_names(parcel_segment_names)

        post_migrate.connect(load_packs_after_migrate, sender=self, dispatch_uid="gpmb_load_packs")
