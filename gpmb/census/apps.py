from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CensusConfig(AppConfig):
    name = "gpmb.census"
    label = "census"
    verbose_name = _("Điều tra, kiểm đếm")
