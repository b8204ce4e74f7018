import re
import unicodedata

from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plans.models import LearningPlan
from plans.sectors import Sector


def normalise_name(name: str) -> str:
    """The key two spellings of one organisation share: case, accents and punctuation dropped."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", " ", text.lower().replace("&", " and "))
    text = re.sub(r"^the ", "", text.strip())
    return " ".join(text.split())[:300]


class PartnerOrganisationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Organisations with at least one plan this user may see, annotated with how many such
        plans (`plan_count`) and how often one calls them new and unusual."""
        visible = LearningPlan.objects.visible_to(user).values("pk")
        in_visible = Q(partnerships__plan__in=visible)
        return self.annotate(
            plan_count=Count("partnerships__plan", filter=in_visible, distinct=True),
            is_new_and_unusual=Count(
                "partnerships", filter=in_visible & Q(partnerships__is_new_and_unusual=True)
            ),
        ).filter(plan_count__gt=0)


class PartnerOrganisation(models.Model):
    """An organisation labs work with, de-duplicated across plans by its normalised name."""

    name = models.CharField(_("name"), max_length=300)
    normalised_name = models.CharField(_("normalised name"), max_length=300, unique=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = PartnerOrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner organisation")
        verbose_name_plural = _("partner organisations")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partners:detail", args=[self.slug])


class PartnerAlias(models.Model):
    """The normalised name of an organisation merged into another, so that later imports and
    the questionnaire find the one kept instead of creating the merged one again."""

    normalised_name = models.CharField(_("normalised name"), max_length=300, unique=True)
    organisation = models.ForeignKey(
        PartnerOrganisation,
        on_delete=models.CASCADE,
        related_name="aliases",
        verbose_name=_("organisation"),
    )

    class Meta:
        ordering = ["normalised_name"]
        verbose_name = _("partner alias")
        verbose_name_plural = _("partner aliases")

    def __str__(self):
        return f"{self.normalised_name} → {self.organisation}"


class Partnership(models.Model):
    """A partner as one plan ranks it: position 1 is the most important."""

    plan = models.ForeignKey(
        LearningPlan, on_delete=models.CASCADE, related_name="partnerships", verbose_name=_("plan")
    )
    organisation = models.ForeignKey(
        PartnerOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partnerships",
        verbose_name=_("organisation"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name_as_written = models.TextField(_("name as written"), blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector, blank=True)
    description = models.TextField(_("description"), blank=True)
    is_new_and_unusual = models.BooleanField(_("new and unusual"), null=True, blank=True)
    source = models.JSONField(
        _("source"),
        default=dict,
        blank=True,
        help_text=_("For partners split from one packed answer: that answer as written."),
    )

    class Meta:
        ordering = ["plan_id", "position"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.name_as_written or (self.organisation.name if self.organisation else "")
