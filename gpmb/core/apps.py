from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "gpmb.core"
    label = "core"
    verbose_name = _("Hệ thống")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_migrate

        from gpmb.core import signals
        from gpmb.core.roles import sync_role_groups
        from gpmb.core.sessions import mark_seen

        signals.connect_signals()
        post_migrate.connect(sync_role_groups, dispatch_uid="gpmb_role_groups")
        user_logged_in.connect(mark_seen, dispatch_uid="gpmb_session_seen")
