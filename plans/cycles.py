"""Which cycle a lab may start or hand in plans and progress reports for, today.

Administrators open and close cycles by their dates (labs.models.Cycle, in the admin; opening
or closing one today is `labs.cycles`).
"""

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labs.models import Cycle

from .models import LearningPlan

NO_OPEN_CYCLE = gettext_lazy(
    "No cycle is open for new plans today: a plan can be started only while the administrators "
    "keep a cycle open. Your plans are unchanged."
)


def open_for_plans(day=None) -> Cycle | None:
    """The cycle new plans go into today: the latest one accepting plans."""
    return Cycle.objects.accepting_plans(day).order_by("-year").first()


def refusal(kind: str, year: int, day=None) -> str:
    """Why a plan or report of `year` cannot be started or submitted today ("" if it can)."""
    cycle = Cycle.objects.filter(year=year).first()
    if cycle is not None and cycle.accepts(kind, day):
        return ""
    if cycle is None:
        return _("There is no %(year)s cycle, so nothing can be handed in for it.") % {"year": year}
    if kind == LearningPlan.Kind.PROGRESS:
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
