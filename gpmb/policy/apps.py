from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    name = "gpmb.policy"
    label = "policy"
    verbose_name = _("Gói chính sách")

    def ready(self) -> None:
        from gpmb.policy.packs import load_packs_after_migrate

        post_migrate.connect(load_packs_after_migrate, sender=self, dispatch_uid="gpmb_load_packs")
