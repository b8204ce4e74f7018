"""Which organisation a partner's name stands for: the importer, the focal points' forms and
restoring a revision all ask the same question."""

from django.utils.text import slugify

from plans.slugs import unique_slug

from .models import PartnerAlias, PartnerOrganisation, normalise_name


def organisation_for(name: str) -> PartnerOrganisation | None:
    """The organisation a partner's name stands for (by normalised name), created when new."""
    key = normalise_name(name)
    if not key:
        return None
    # A name merged into another organisation in the admin stays with it.
    alias = PartnerAlias.objects.filter(normalised_name=key).select_related("organisation").first()
    if alias is not None:
        return alias.organisation
    organisation = PartnerOrganisation.objects.filter(normalised_name=key).first()
    if organisation is None:
        label = " ".join(name.split())[:300]
        organisation = PartnerOrganisation.objects.create(
            name=label,
            normalised_name=key,
            slug=unique_slug(PartnerOrganisation, slugify(label)[:100] or "partner"),
        )
    return organisation
