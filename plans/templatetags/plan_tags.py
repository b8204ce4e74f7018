from django import template
from django.core.cache import cache
from django.utils.safestring import mark_safe

from plans import countries
from plans.models import LearningPlan
from plans.rendering import digest, render

register = template.Library()


@register.filter
def lab_name(lab):
    return countries.lab_name(lab)


@register.filter
def markdown(text, plan=None):
    """An answer as safe HTML: as rendered when `plan` was written, or else rendered now and
    kept in the cache under a digest of the text (an edited answer is a new text)."""
    if not text:
        return ""
    key = digest(text)
    # Only if read with the plan: a deferred field would cost a query per answer.
    stored = plan.__dict__.get("rendered") if isinstance(plan, LearningPlan) else None
    if stored and key in stored:
        return mark_safe(stored[key])
    return mark_safe(cache.get_or_set(f"markdown:{key}", lambda: render(text), RENDERED_SECONDS))


RENDERED_SECONDS = 7 * 24 * 3600


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
