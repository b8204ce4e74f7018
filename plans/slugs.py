"""Slugs that stay unique, for the importer, the focal points' forms and partner organisations."""


def unique_slug(model, base: str, exclude_pk=None) -> str:
    """`base`, or `base-2`, `base-3`… whichever no other row of `model` has."""
    slug, counter = base, 1
    while model.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        counter += 1
        slug = f"{base}-{counter}"
    return slug
