from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = _("Public browsing")

    def ready(self):
        from . import receivers  # noqa: F401  (refresh the cached pages on the plans' signals)
