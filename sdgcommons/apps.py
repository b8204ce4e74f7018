from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SdgCommonsConfig(AppConfig):
    name = "sdgcommons"
    verbose_name = _("SDG Commons export format")
