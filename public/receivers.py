"""When what the public sees changes, the pages kept for anonymous visitors are refreshed
(public/caching.py). Each receiver refreshes them after the commit of the change."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from labs.models import Lab
from plans.models import LearningPlan, Tag
from plans.signals import plan_saved, plan_transitioned

from .caching import refresh_public_pages

PUBLISHED = LearningPlan.Status.PUBLISHED


@receiver(plan_saved)
def plans_written(sender, plans, **kwargs):
    # Drafts are saved at every questionnaire step, and the public never sees them. Terms and
    # organisations edited or merged in the admin are written with the plans that name them.
    if any(plan.status == PUBLISHED for plan in plans):
        refresh_public_pages()


@receiver(plan_transitioned)
def plan_moved(sender, event, **kwargs):
    if PUBLISHED in (event.from_status, event.to_status):
        refresh_public_pages()


@receiver(post_delete, sender=LearningPlan)
def plan_deleted(sender, instance, **kwargs):
    if instance.status == PUBLISHED:
        refresh_public_pages()


@receiver(post_save, sender=Tag)
def term_saved(sender, instance, **kwargs):
    # An approved term joins the public filters (the admin's "approve" action saves each), and
    # a filter names its term even where no published plan says it.
    if instance.is_approved:
        refresh_public_pages()


@receiver([post_save, post_delete], sender=Lab)
def lab_changed(sender, **kwargs):
    # Every plan card names its lab.
    refresh_public_pages()
