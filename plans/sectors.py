"""The sectors a partner belongs to, as the questionnaire asks them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    PRIVATE = "private", _("Private sector")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    ACADEMIA = "academia", _("Academia and research")
    UN = "un", _("United Nations")
    INTERNATIONAL = "international", _("International organisation or donor")
    MEDIA = "media", _("Media")
    OTHER = "other", _("Other")
