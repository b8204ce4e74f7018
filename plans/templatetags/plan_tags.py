import functools

from django import template
from django.urls import get_script_prefix, get_urlconf
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from plans import countries
from plans.models import LearningPlan, Tag, term_url
from plans.rendering import digest, render
from plans.sdgs import sdg_label

register = template.Library()


@register.filter
def lab_name(lab):
    return countries.lab_name(lab)


@register.filter
def markdown(text, plan=None):
    """An answer as safe HTML: as rendered when `plan` was written, or else (a plan written
    before plans kept their answers rendered) rendered now."""
    if not text:
        return ""
    # Only if read with the plan: a deferred field would cost a query per answer.
    stored = plan.__dict__.get("rendered") if isinstance(plan, LearningPlan) else None
    return mark_safe((stored or {}).get(digest(text)) or render(text))


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def sdg_badges(numbers):
    """A result card's goals, by number, as linked badges, written here rather than looped over
    in its template: a listing shows twenty cards, and the loop took a third of each card's
    time."""
    where = (get_language(), get_script_prefix(), get_urlconf())
    return mark_safe("".join(_sdg_badge(number, *where) for number in numbers or ()))


@functools.cache
def _sdg_badge(number: int, language, script_prefix, urlconf) -> str:
    # The same wherever it shows in a language (and under a prefix): a listing page shows some
    # eighty, each translated twice and escaped when written anew.
    return format_html(
        '<li><a class="sdg-badge sdg-{}" href="{}" title="{}">{}</a></li>',
        number,
        term_url(Tag.Vocabulary.SDG, number),
        sdg_label(number),
        gettext("SDG %(number)s") % {"number": number},
    )


@register.filter
def by_vocabulary(tags):
    """The terms grouped by vocabulary, in their order, each group with its vocabulary's name
    and its terms as linked chips: written here rather than in the template, where grouping and
    a chip's lookups were a tenth of a plan page."""
    groups = {}
    for tag in tags:
        groups.setdefault(tag.vocabulary, []).append(tag)
    return [
        (Tag.Vocabulary(vocabulary).label, mark_safe("".join(_chip(tag) for tag in group)))
        for vocabulary, group in groups.items()
    ]


def _chip(tag):
    look = f"sdg-badge sdg-{tag.number}" if tag.number else "text-bg-light border"
    proposed = ""
    if not tag.is_approved:
        proposed = format_html(' <span class="fst-italic">({})</span>', gettext("proposed"))
    return format_html(
        '<a class="badge rounded-pill tag-chip {} me-1 mb-1" href="{}">{}{}</a>',
        look,
        tag.get_absolute_url(),
        tag.label,
        proposed,
    )
