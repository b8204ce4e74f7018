from django.apps import AppConfig


class SdgCommonsConfig(AppConfig):
    name = "sdgcommons"
    verbose_name = "SDG Commons export format"
