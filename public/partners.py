from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from partners.models import PartnerOrganisation
from plans.models import LearningPlan
from plans.sectors import Sector

from .caching import cache_for_anonymous


@cache_for_anonymous
def partner_list(request):
    partners = PartnerOrganisation.objects.visible_to(request.user)
    query = request.GET.get("q", "").strip()
    if query:
        partners = partners.filter(name__icontains=query)
    sector = request.GET.get("sector", "")
    if sector in Sector.values:
        partners = partners.filter(partnerships__sector=sector).distinct()
    page = Paginator(partners.order_by("-plan_count", "name"), 50).get_page(request.GET.get("page"))
    context = {"page": page, "query": query, "sector": sector, "sectors": Sector.choices}
    return render(request, "partners/partner_list.html", context)


@cache_for_anonymous
def partner_detail(request, slug):
    partner = get_object_or_404(PartnerOrganisation.objects.visible_to(request.user), slug=slug)
    plans = (
        LearningPlan.objects.visible_to(request.user)
        .filter(partnerships__organisation=partner)
        .distinct()
        .with_cards()
        .order_by("-year", "title")
    )
    return render(request, "partners/partner_detail.html", {"partner": partner, "plans": plans})
