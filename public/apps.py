from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "public"
    verbose_name = "Public browsing"

    def ready(self):
        from . import receivers  # noqa: F401  (refresh the cached pages on the plans' signals)
