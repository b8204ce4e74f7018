"""The portal's roles, in one place.

- focal point: a member of a lab (labs.Membership); fills in and submits their labs' plans;
- reviewer: staff (`is_staff`); reads every plan, comments and decides, but does not type into a
  lab's answers;
- administrator: a superuser; everything a reviewer does, plus editing any plan, restoring
  revisions, curating vocabularies and opening or closing cycles, and granting rights: staff and
  superuser status, groups and permissions, and lab memberships in the admin (where the change
  is recorded). An invitation never makes a staff account a focal point.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import Http404
from django.urls import reverse


def require_reviewer(user) -> None:
    """For reviewers' pages: to anyone else they are not there (404, not 403)."""
    if not is_reviewer(user):
        raise Http404


def is_reviewer(user) -> bool:
    return bool(user.is_active and (user.is_staff or user.is_superuser))


def reviewers():
    """Everyone who reviews: whom a submission is told of, and whom a plan can be assigned to."""
    return get_user_model().objects.filter(is_active=True, is_staff=True)


def is_administrator(user) -> bool:
    return bool(user.is_active and user.is_superuser)


def home_for(user) -> str:
    """Where a person lands after signing in: what their role uses first."""
    if is_reviewer(user):
        return reverse("review:queue")
    if user.labs.exists():
        return reverse("my:home")
    return settings.LOGIN_REDIRECT_URL
