from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "review"
    verbose_name = "Review"

    def ready(self):
        from . import receivers  # noqa: F401  (connects to the plans app's signals)
