from django import template
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
