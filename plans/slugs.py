"""Slugs that are free: the one helper every writer (questionnaire, importer, vocabularies) uses;
and the lock under which new named rows (terms, organisations) are created."""

import re
import zlib

from django.db import connection, models
from django.utils.text import slugify

# One lock for every kind of named row: a writer creating a lab, then terms, and another
# creating terms, then a lab, would otherwise each wait for the other's.
CREATING = zlib.crc32(b"alp-portal: creating named rows")


def creating() -> None:
    """Wait for any other transaction creating named rows (labs, accounts, terms, partner
    organisations) to end, and hold them off until this one ends (PostgreSQL; SQLite has one
    writer at a time). Two imports, or an import and a focal point's new term, would otherwise
    each find a term missing and both create it: one failed on the slug both chose, or made a
    second tag of the same name. Under the lock the caller looks again for what it is about to
    create: it sees what the other committed."""
    if connection.vendor == "postgresql":
        assert connection.in_atomic_block, "the lock lasts as long as the transaction"
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CREATING])


def free_slugs(objects: type[models.Model] | models.QuerySet, bases: list[str]) -> list[str]:
    """For each of `bases` in turn, `base`, or `base-2`, `base-3`…: the first that no row of
    `objects` (a model, or a queryset for slugs unique within a part of a table) has and no
    earlier base was given. One query for them all, and one more for each base that is taken."""
    rows = objects if isinstance(objects, models.QuerySet) else objects._default_manager.all()
    taken = set(rows.filter(slug__in=set(bases)).values_list("slug", flat=True))
    slugs = []
    for base in bases:
        if base in taken:
            taken |= set(rows.filter(slug__startswith=f"{base}-").values_list("slug", flat=True))
        slugs.append(next_free(base, taken))
    return slugs


def next_free(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`…: the first not in `taken`, which then holds it."""
    slug, counter = base, 1
    while slug in taken:
        counter += 1
        slug = f"{base}-{counter}"
    taken.add(slug)
    return slug


def unique_slug(objects: type[models.Model] | models.QuerySet, base: str, exclude_pk=None) -> str:
    """`base`, or `base-2`, `base-3`…: the first one no row of `objects` has, `exclude_pk`'s
    own aside."""
    rows = objects if isinstance(objects, models.QuerySet) else objects._default_manager.all()
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    return free_slugs(rows, [base])[0]


def plan_slug(plan) -> str:
    """A free slug for a plan, from its title, its lab's country and its year."""
    return unique_slug(type(plan), plan_slug_base(plan), exclude_pk=plan.pk)


def plan_slug_base(plan) -> str:
    base = slugify(f"{plan.title[:70]} {plan.lab.country or plan.lab.slug} {plan.year}")
    return re.sub(r"-+", "-", base)[:110].strip("-") or "plan"
