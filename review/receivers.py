"""The review app's answers to what happens to plans: revisions and notifications."""

from django.dispatch import receiver

from plans.signals import plan_saved, plan_transitioned

from . import notifications, revisions


@receiver(plan_saved)
def keep_revisions(sender, plans, by=None, reason="edit", restored_from=None, **kwargs):
    revisions.record_many(plans, by=by, reason=reason, restored_from=restored_from)


@receiver(plan_transitioned)
def tell_people(sender, event, **kwargs):
    if event.action == "submit":
        revisions.record(event.plan, by=event.actor, reason="submit")
    notifications.on_transition(event)
