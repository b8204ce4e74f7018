"""Telling people what happened to a plan: in the portal and by e-mail, in their language."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.models import language_of, name_of
from labs.roles import reviewers
from plans.models import LearningPlan

from .models import Notification, ReviewerRegion

Event = Notification.Event

# What each event says, and to whom: reviewers look at the review page, labs at their own.
SENTENCES = {
    Event.SUBMITTED: _("{actor} submitted “{plan}” ({lab}) for review."),
    Event.CHANGES_REQUESTED: _("{actor} asked for changes to “{plan}”."),
    Event.APPROVED: _("{actor} approved “{plan}”."),
    Event.PUBLISHED: _("“{plan}” is now published: everyone can read it."),
    Event.COMMENTED: _("{actor} commented on “{plan}”."),
    Event.REMINDER: _("A reminder about the {year} cycle of {lab}."),
}
FOR_REVIEWERS = {Event.SUBMITTED}
TRANSITION_EVENTS = {
    LearningPlan.Action.SUBMIT: Event.SUBMITTED,
    LearningPlan.Action.REQUEST_CHANGES: Event.CHANGES_REQUESTED,
    LearningPlan.Action.APPROVE: Event.APPROVED,
    LearningPlan.Action.PUBLISH: Event.PUBLISHED,
}


def reviewers_of(plan: LearningPlan) -> list:
    """The plan's assigned reviewer; else its region's reviewers; else every reviewer."""
    if plan.reviewer and plan.reviewer.is_active:
        return [plan.reviewer]
    users = reviewers()
    regional = users.filter(
        pk__in=ReviewerRegion.objects.filter(region=plan.lab.region).values("user")
    )
    return list(regional) or list(users)


def focal_points_of(plan: LearningPlan) -> list:
    users = get_user_model().objects.filter(is_active=True)
    return list(users.filter(Q(labs=plan.lab_id) | Q(pk=plan.focal_point_id)).distinct())


def review_url(plan: LearningPlan) -> str:
    return reverse("review:plan", args=[plan.pk])


def lab_url(plan: LearningPlan) -> str:
    return reverse("my:review", args=[plan.pk])


def on_transition(event) -> None:
    kind = TRANSITION_EVENTS.get(event.action)
    if kind is None:
        return
    plan = event.plan
    if kind in FOR_REVIEWERS:
        notify(reviewers_of(plan), kind, plan=plan, actor=event.actor, url=review_url(plan))
    else:
        notify(
            focal_points_of(plan),
            kind,
            plan=plan,
            actor=event.actor,
            message=event.message,
            url=lab_url(plan),
        )


def notify(recipients, event, *, plan=None, actor=None, message="", url="", context=None):
    """One in-portal notification and one e-mail per recipient (the actor is not told).

    The e-mails are kept in the outbox with the notifications, in one transaction (and in the
    caller's, such as a plan's transition); the outbox's worker sends them.
    """
    recipients = [user for user in recipients if user != actor]
    context = context or {}
    with transaction.atomic():
        Notification.objects.bulk_create(
            Notification(
                recipient=user, event=event, plan=plan, actor=actor, message=message, url=url
            )
            for user in recipients
        )
        for user in recipients:
            if user.email:
                _send(user, event, plan=plan, actor=actor, message=message, url=url, **context)


def _send(user, event, *, plan, actor, message, url, **context):
    with translation.override(language_of(user)):
        words = {
            "actor": _name(actor),
            "plan": plan.title if plan else "",
            "lab": plan.lab.name if plan else context.get("lab", ""),
            "year": plan.year if plan else context.get("year", ""),
        }
        sentence = str(SENTENCES[event]).format(**words)
        body = render_to_string(
            "review/emails/notification.txt",
            {
                "user": user,
                "sentence": sentence,
                "message": message,
                "link": settings.PORTAL_URL + url,
                **context,
            },
        )
        subject = f"ALP Portal: {sentence}"
        # Inside the recipient's language, which the outbox records with the message.
        send_mail(subject[:200], body, None, [user.email])


def _name(user) -> str:
    if user is None:
        return str(_("The portal"))
    return name_of(user)
