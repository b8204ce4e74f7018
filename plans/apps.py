from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Learning plans"

    def ready(self):
        from . import receivers  # noqa: F401
