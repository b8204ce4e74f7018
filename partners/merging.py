"""Merging duplicate partner organisations, remembering the merged names."""

from plans.models import LearningPlan
from plans.writing import writing

from .models import PartnerAlias, PartnerOrganisation, Partnership


def merge_organisations(*, sources, target: PartnerOrganisation, by=None) -> int:
    """Move every partnership and alias of `sources` onto `target`, keep their names as aliases
    of it, delete them; returns how many were merged."""
    sources = [source for source in sources if source.pk != target.pk]
    if not sources:
        return 0
    partnerships = Partnership.objects.filter(organisation__in=sources)
    # The search text and sector bits of the plans name their partners' organisations.
    plans = LearningPlan.objects.filter(pk__in=partnerships.values("plan_id"))
    with writing(*plans, by=by, reason="admin"):
        partnerships.update(organisation=target)
        PartnerAlias.objects.filter(organisation__in=sources).update(organisation=target)
        for source in sources:
            PartnerAlias.objects.update_or_create(
                normalised_name=source.normalised_name, defaults={"organisation": target}
            )
            if not target.sector and source.sector:
                target.sector = source.sector
        target.save(update_fields=["sector"])
        PartnerOrganisation.objects.filter(pk__in=[source.pk for source in sources]).delete()
    return len(sources)
