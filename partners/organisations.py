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
    return organisation or _create(name, key)


def _create(name: str, key: str) -> PartnerOrganisation:
    label = " ".join(name.split())[:300]
    return PartnerOrganisation.objects.create(
        name=label,
        normalised_name=key,
        slug=unique_slug(PartnerOrganisation, slugify(label)[:100] or "partner"),
    )


class OrganisationBook:
    """`organisation_for`, remembering across one import run: every organisation and alias is
    read once, and only a new one costs queries."""

    def __init__(self):
        self.by_key = {
            organisation.normalised_name: organisation
            for organisation in PartnerOrganisation.objects.all()
        }
        for alias in PartnerAlias.objects.select_related("organisation"):
            self.by_key[alias.normalised_name] = alias.organisation

    def get(self, name: str) -> PartnerOrganisation | None:
        key = normalise_name(name)
        if key and key not in self.by_key:
            # Neither an organisation nor an alias has this name: it is new.
            self.by_key[key] = _create(name, key)
        return self.by_key.get(key)
