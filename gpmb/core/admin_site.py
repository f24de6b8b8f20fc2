"""Django's admin, for superusers only. It edits rows directly, outside the services,
their rights on the object and their reasons (security review #7): a project's or a
ward's administrator works through the pages of the site, which check all of these."""

from __future__ import annotations

from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class SuperuserAdminSite(AdminSite):
    site_header = _("GPMB — quản trị hệ thống")
    site_title = _("GPMB — quản trị")

    def has_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)


class SuperuserAdminConfig(AdminConfig):
    default_site = "gpmb.core.admin_site.SuperuserAdminSite"
