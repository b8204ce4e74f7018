"""Slugs that are free: the one helper every writer (questionnaire, importer, vocabularies) uses."""

import re

from django.db import models
from django.utils.text import slugify


def unique_slug(objects: type[models.Model] | models.QuerySet, base: str, exclude_pk=None) -> str:
    """`base`, or `base-2`, `base-3`…: the first one no row of `objects` (a model, or a queryset
    for slugs unique within a part of a table) has, `exclude_pk`'s own aside."""
    rows = objects if isinstance(objects, models.QuerySet) else objects._default_manager.all()
    slug, counter = base, 1
    while rows.filter(slug=slug).exclude(pk=exclude_pk).exists():
        counter += 1
        slug = f"{base}-{counter}"
    return slug


def plan_slug(plan) -> str:
    """A free slug for a plan, from its title, its lab's country and its year."""
    base = slugify(f"{plan.title[:70]} {plan.lab.country or plan.lab.slug} {plan.year}")
    base = re.sub(r"-+", "-", base)[:110].strip("-") or "plan"
    return unique_slug(type(plan), base, exclude_pk=plan.pk)
