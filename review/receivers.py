"""The review app's answers to what happens to plans: revisions and notifications."""

from django.dispatch import receiver

from plans.signals import plan_saved, plan_transitioned

from . import notifications, revisions


@receiver(plan_saved)
def keep_revision(sender, plan, by=None, reason="edit", **kwargs):
    revisions.record(plan, by=by, reason=reason)


@receiver(plan_transitioned)
def tell_people(sender, event, **kwargs):
    if event.action == "submit":
        revisions.record(event.plan, by=event.actor, reason="submit")
    notifications.on_transition(event)
