from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from partners.models import PartnerOrganisation
from plans.models import LearningPlan
from plans.sectors import Sector

from . import plan_index
from .caching import cache_for_anonymous
from .listing import CARD_FIELDS, in_order

PAGE_SIZE = 50


@cache_for_anonymous
def partner_list(request):
    query = request.GET.get("q", "").strip()
    sector = request.GET.get("sector", "")
    sector = sector if sector in Sector.values else ""
    sectors, number = [sector] if sector else [], request.GET.get("page")
    if request.user.is_authenticated:
        page = Paginator(directory_by_sql(request.user, query, sectors), PAGE_SIZE).get_page(number)
    else:
        directory, places = directory_from_index(query, sectors)
        page = Paginator(places, PAGE_SIZE).get_page(number)
        page.object_list = organisations_at(directory, page.object_list)
    context = {"page": page, "query": query, "sector": sector, "sectors": Sector.choices}
    return render(request, "partners/partner_list.html", context)


def directory_by_sql(user, query: str, sectors: list[str]):
    """For the signed-in, who may see drafts: the organisations of the plans they may see,
    named like `query` and partnered in any of `sectors` there, most plans first."""
    partners = PartnerOrganisation.objects.visible_to(user)
    if query:
        partners = partners.filter(name__icontains=query)
    if sectors:
        visible = LearningPlan.objects.visible_to(user).values("pk")
        partners = partners.filter(
            partnerships__sector__in=sectors, partnerships__plan__in=visible
        ).distinct()
    return partners.order_by("-plan_count", "name", "pk")


def directory_from_index(query: str, sectors: list[str]):
    """For the public, the same from the index of the published plans (grouping every
    partnership by SQL took 1.4 s at 100,000 plans): the directory and the places in it of the
    organisations listed, in order; `organisations_at` reads a page of them."""
    directory = plan_index.current().directory
    among = PartnerOrganisation.objects.filter(name__icontains=query) if query else None
    return directory, directory.ordered(sectors=sectors, among=among)


def organisations_at(directory, places) -> list[PartnerOrganisation]:
    """The organisations at these places of the directory, in their order, with their counts."""
    places = [int(place) for place in places]
    shown = dict(zip(directory.ids[places].tolist(), places, strict=True))
    organisations = in_order(PartnerOrganisation.objects.all(), list(shown))
    for organisation in organisations:
        place = shown[organisation.pk]
        organisation.plan_count = int(directory.plans[place])
        organisation.is_new_and_unusual = int(directory.new_and_unusual[place])
    return organisations


@cache_for_anonymous
def partner_detail(request, slug):
    partner = get_object_or_404(PartnerOrganisation.objects.visible_to(request.user), slug=slug)
    plans = (
        LearningPlan.objects.visible_to(request.user)
        .filter(partnerships__organisation=partner)
        .distinct()
        .with_cards()
        .only(*CARD_FIELDS)
        .order_by("-year", "title")
    )
    return render(request, "partners/partner_detail.html", {"partner": partner, "plans": plans})
