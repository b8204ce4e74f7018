"""The 17 Sustainable Development Goals: their official English names, as the export writes them,
and their names in the interface's language, as pages show them."""

from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop

SDGS = {
    1: gettext_noop("No poverty"),
    2: gettext_noop("Zero hunger"),
    3: gettext_noop("Good health and well-being"),
    4: gettext_noop("Quality education"),
    5: gettext_noop("Gender equality"),
    6: gettext_noop("Clean water and sanitation"),
    7: gettext_noop("Affordable and clean energy"),
    8: gettext_noop("Decent work and economic growth"),
    9: gettext_noop("Industry, innovation and infrastructure"),
    10: gettext_noop("Reduced inequalities"),
    11: gettext_noop("Sustainable cities and communities"),
    12: gettext_noop("Responsible consumption and production"),
    13: gettext_noop("Climate action"),
    14: gettext_noop("Life below water"),
    15: gettext_noop("Life on land"),
    16: gettext_noop("Peace, justice and strong institutions"),
    17: gettext_noop("Partnerships for the goals"),
}


def sdg_name(number: int) -> str:
    """The goal as the export names it: always in English."""
    return f"{number}. {SDGS[number]}"


def sdg_label(number: int) -> str:
    """The goal in the interface's language."""
    return f"{number}. {gettext(SDGS[number])}"


sdg_label_lazy = lazy(sdg_label, str)
