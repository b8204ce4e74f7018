from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Profile(models.Model):
    """What the portal remembers about a person beyond Django's user: their language, so that
    e-mails sent to them (by someone else's action) are written in it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("account"),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return f"{self.user} ({self.language or '-'})"


def name_of(user) -> str:
    """How pages and e-mails name a person: full name, else e-mail address, else username."""
    return user.get_full_name() or user.email or user.get_username()


def language_of(user) -> str:
    """The language to write to this person in: their chosen one, else the portal's default."""
    try:
        return user.profile.language or settings.LANGUAGE_CODE
    except (AttributeError, Profile.DoesNotExist):
        return settings.LANGUAGE_CODE


def set_language_of(user, language: str, *, keep_existing: bool = False) -> None:
    """Record the person's language; with keep_existing, only when none is recorded yet."""
    if language not in dict(settings.LANGUAGES):
        return
    profile, created = Profile.objects.get_or_create(user=user, defaults={"language": language})
    if not created and profile.language != language and not (keep_existing and profile.language):
        profile.language = language
        profile.save(update_fields=["language"])
