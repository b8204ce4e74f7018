"""The labs of the network, the people attached to them, and the yearly cycles.

The tables keep the names they had as models of `plans` (`plans_lab`, `plans_membership`,
`plans_cycle`): the models moved, the data did not.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    RBA = "RBA", _("Africa")
    RBAP = "RBAP", _("Asia and the Pacific")
    RBAS = "RBAS", _("Arab States")
    RBEC = "RBEC", _("Europe and Central Asia")
    RBLAC = "RBLAC", _("Latin America and the Caribbean")


class Lab(models.Model):
    """One Accelerator Lab: the country office team whose focal points file the plans."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    country = models.CharField(_("ISO country code"), max_length=2, blank=True)
    region = models.CharField(_("region"), max_length=5, choices=Region, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        related_name="labs",
        blank=True,
        verbose_name=_("members"),
    )

    class Meta:
        db_table = "plans_lab"
        ordering = ["name"]
        verbose_name = _("lab")
        verbose_name_plural = _("labs")
        constraints = [
            models.UniqueConstraint(
                fields=["country"], condition=~Q(country=""), name="lab_unique_country"
            )
        ]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A person attached to a lab. Focal points edit their labs' plans."""

    class Role(models.TextChoices):
        FOCAL_POINT = "focal_point", _("Focal point")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name=_("account")
    )
    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, verbose_name=_("lab"))
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.FOCAL_POINT)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        db_table = "plans_membership"
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "lab"], name="membership_unique_user_lab")
        ]

    def __str__(self):
        return f"{self.user} @ {self.lab}"


class CycleQuerySet(models.QuerySet):
    def accepting_plans(self, day=None):
        return self._accepting("plan", day)

    def accepting_reports(self, day=None):
        return self._accepting("progress", day)

    def _accepting(self, kind, day):
        opens, closes = Cycle.WINDOWS[kind]
        day = day or timezone.localdate()
        return self.filter(**{f"{opens}__lte": day, f"{closes}__gte": day})


class Cycle(models.Model):
    """One year of the network's learning: when plans, then progress reports, may be handed in.

    Administrators open and close a cycle by its dates; outside them labs can still read and
    reviewers can still decide, but nothing new is started or submitted.
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    plans_open_on = models.DateField(_("plans open on"))
    plans_close_on = models.DateField(_("plans close on"))
    reports_open_on = models.DateField(_("progress reports open on"))
    reports_close_on = models.DateField(_("progress reports close on"))

    # The dates that bound when each kind (LearningPlan.Kind) is started and submitted.
    WINDOWS = {
        "plan": ("plans_open_on", "plans_close_on"),
        "progress": ("reports_open_on", "reports_close_on"),
    }

    objects = CycleQuerySet.as_manager()

    class Meta:
        db_table = "plans_cycle"
        ordering = ["-year"]
        verbose_name = _("cycle")
        verbose_name_plural = _("cycles")
        constraints = [
            models.CheckConstraint(
                condition=Q(plans_open_on__lte=models.F("plans_close_on")),
                name="cycle_plans_window_in_order",
            ),
            models.CheckConstraint(
                condition=Q(reports_open_on__lte=models.F("reports_close_on")),
                name="cycle_reports_window_in_order",
            ),
        ]

    def __str__(self):
        return str(self.year)

    def window(self, kind: str) -> tuple:
        """The first and last day `kind` is taken."""
        opens, closes = self.WINDOWS[kind]
        return getattr(self, opens), getattr(self, closes)

    def accepts(self, kind: str, day=None) -> bool:
        opens, closes = self.window(kind)
        return opens <= (day or timezone.localdate()) <= closes
