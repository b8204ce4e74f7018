"""Opening and closing a cycle today, from the admin (labs.models.Cycle).

Which cycle a lab may start or hand in plans for is asked of `plans.cycles`.
"""

from datetime import timedelta

from django.utils import timezone

from .models import Cycle


def open_now(cycle: Cycle, kind: str) -> None:
    """Make the cycle take `kind` today (keeping a later close date)."""
    today = timezone.localdate()
    opens, closes = Cycle.WINDOWS[kind]
    setattr(cycle, opens, min(getattr(cycle, opens), today))
    setattr(cycle, closes, max(getattr(cycle, closes), today))
    cycle.save(update_fields=[opens, closes])


def close_now(cycle: Cycle, kind: str) -> None:
    """Make the cycle stop taking `kind` from today on: it closed yesterday."""
    yesterday = timezone.localdate() - timedelta(days=1)
    opens, closes = Cycle.WINDOWS[kind]
    setattr(cycle, closes, min(getattr(cycle, closes), yesterday))
    setattr(cycle, opens, min(getattr(cycle, opens), getattr(cycle, closes)))
    cycle.save(update_fields=[opens, closes])
