"""Which organisation a partner's name stands for: the importer, the focal points' forms and
restoring a revision all ask the same question."""

from django.db import transaction
from django.utils.text import slugify

from plans.slugs import creating, free_slugs

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
    return organisation or _create({key: name})[0]


def _create(names: dict[str, str]) -> list[PartnerOrganisation]:
    """New organisations, by normalised name, in a few queries for them all; a name another
    writer created (or merged) meanwhile keeps that organisation."""
    with transaction.atomic():
        creating()
        found = _known(names)
        new = {key: name for key, name in names.items() if key not in found}
        labels = [" ".join(name.split())[:300] for name in new.values()]
        bases = [slugify(label)[:100] or "partner" for label in labels]
        created = PartnerOrganisation.objects.bulk_create(
            PartnerOrganisation(name=label, normalised_name=key, slug=slug)
            for key, label, slug in zip(
                new, labels, free_slugs(PartnerOrganisation, bases), strict=True
            )
        )
    found |= zip(new, created, strict=True)
    return [found[key] for key in names]


def _known(names) -> dict[str, PartnerOrganisation]:
    """The organisations these normalised names already stand for (an alias first)."""
    found = PartnerOrganisation.objects.in_bulk(list(names), field_name="normalised_name")
    aliases = PartnerAlias.objects.filter(normalised_name__in=list(names))
    return found | {
        alias.normalised_name: alias.organisation
        for alias in aliases.select_related("organisation")
    }


class OrganisationBook:
    """`organisation_for`, remembering across one import run: every organisation and alias is
    read once, and only new ones cost queries."""

    def __init__(self):
        self.by_key = {
            organisation.normalised_name: organisation
            for organisation in PartnerOrganisation.objects.all()
        }
        for alias in PartnerAlias.objects.select_related("organisation"):
            self.by_key[alias.normalised_name] = alias.organisation

    def get(self, name: str) -> PartnerOrganisation | None:
        return self.get_all([name])[0]

    def get_all(self, names: list[str]) -> list[PartnerOrganisation | None]:
        """The organisation of each name; those neither an organisation nor an alias has are
        new, and are created together."""
        keys = [normalise_name(name) for name in names]
        new = {}
        for key, name in zip(keys, names, strict=True):
            if key and key not in self.by_key:
                new.setdefault(key, name)  # the first spelling names it
        if new:
            self.by_key.update(zip(new, _create(new), strict=True))
        return [self.by_key.get(key) for key in keys]
