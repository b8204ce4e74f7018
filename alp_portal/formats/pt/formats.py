# Portuguese keeps Django's formats ("2 de dezembro de 2026 às 16:33"), but writes the months in
# lowercase, as its spelling has since 1990, where Django's Portuguese catalogue capitalises them.
# The names ("F" in a format) are this portal's catalogue's (locale/pt), which Django reads before
# its own; they are marked here so that makemessages keeps them (French and Spanish write them as
# Django does).
from django.utils.translation import gettext_noop as _

MONTHS = (
    _("January"),
    _("February"),
    _("March"),
    _("April"),
    _("May"),
    _("June"),
    _("July"),
    _("August"),
    _("September"),
    _("October"),
    _("November"),
    _("December"),
)
