"""A cycle's dates at work: which cycle takes new plans today, why one refuses a plan or a
progress report, and opening or closing a cycle today (from the admin)."""

from datetime import timedelta

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Cycle

NO_OPEN_CYCLE = gettext_lazy(
    "No cycle is open for new plans today: a plan can be started only while the administrators "
    "keep a cycle open. Your plans are unchanged."
)


def open_for_plans(day=None) -> Cycle | None:
    """The cycle new plans go into today: the latest one accepting plans."""
    return Cycle.objects.accepting_plans(day).order_by("-year").first()


def refusal(kind: str, year: int, day=None) -> str:
    """Why a plan or progress report (`kind`, as in `Cycle.WINDOWS`) of `year` cannot be started
    or submitted today ("" if it can)."""
    cycle = Cycle.objects.filter(year=year).first()
    if cycle is not None and cycle.accepts(kind, day):
        return ""
    if cycle is None:
        return _("There is no %(year)s cycle, so nothing can be handed in for it.") % {"year": year}
    if kind == "progress":
        sentence = _(
            "Progress reports of the %(year)s cycle are taken from %(opens)s to %(closes)s."
        )
    else:
        sentence = _("Plans of the %(year)s cycle are taken from %(opens)s to %(closes)s.")
    opens, closes = cycle.window(kind)
    dates = {"opens": formats.date_format(opens), "closes": formats.date_format(closes)}
    return " ".join(
        [sentence % {"year": year, **dates}, _("Nothing was changed: your answers are kept.")]
    )


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
