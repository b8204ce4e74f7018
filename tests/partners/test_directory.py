"""The public partner directory counts in the index of the published plans as SQL counts for
the signed-in, and the index is renewed when a published plan's partners change: plans written
through the importer and the one write path, on SQLite and PostgreSQL."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Paginator
from django.db import connection
from django.http import QueryDict
from django.urls import reverse

from partners.merging import merge_organisations
from partners.models import PartnerOrganisation, Partnership
from partners.organisations import organisation_for
from plans.models import LearningPlan, PublishedVersion
from plans.sectors import Sector
from plans.writing import writing
from public import partners
from sdgcommons.importers import Importer, find_documents
from tests.conftest import FIXTURES, make_plan

pytestmark = pytest.mark.django_db


def partnered(*names_and_sectors, new=False):
    """A plan's `parts`: its partners, each an organisation found or created by name."""

    def parts(plan):
        for position, (name, sector) in enumerate(names_and_sectors, start=1):
            Partnership.objects.create(
                plan=plan,
                organisation=organisation_for(name),
                name_as_written=name,
                sector=sector,
                position=position,
                is_new_and_unusual=new,
            )

    return parts


@pytest.fixture
def directory(zambia, serbia):
    """The fixture documents imported, and plans naming partners more or less often: one twice
    in the same plan, one only in a draft, one in a draft under another sector."""
    list(Importer().import_files(find_documents([str(FIXTURES)])))
    for number in range(7):
        names = [(f"Partner {letter}", Sector.values[number % 4]) for letter in "ABCDEFG"[number:]]
        make_plan(lab=[zambia, serbia][number % 2], parts=partnered(*names, new=number == 3))
    make_plan(parts=partnered(("Twice Ltd", "private"), ("Twice Ltd", "private")))
    make_plan(
        status=LearningPlan.Status.DRAFT,
        parts=partnered(("Draft Only", "un"), ("Partner A", "media")),
    )


def rows(page):
    return page.paginator.count, [
        (partner.name, partner.plan_count, bool(partner.is_new_and_unusual)) for partner in page
    ]


def both_ways(query=""):
    """The directory's page from the index and by SQL, as the public sees it."""
    data = QueryDict(query)
    text, sectors, number = data.get("q", ""), data.getlist("sector"), data.get("page")
    by_sql = Paginator(partners.directory_by_sql(AnonymousUser(), text, sectors), 5)
    directory, places = partners.directory_from_index(text, sectors)
    from_index = Paginator(places, 5).get_page(number)
    from_index.object_list = partners.organisations_at(directory, from_index.object_list)
    return rows(from_index), rows(by_sql.get_page(number))


QUERIES = [
    "",
    "page=2",
    "q=partner",
    "q=twice",
    "q=nothing-like-it",
    *(f"sector={sector}" for sector in Sector.values),
    "sector=private&q=partner",
    "sector=private&sector=academia",
]


def test_the_index_lists_and_counts_partners_as_the_database_does(directory):
    (total, first_page), _ = both_ways()
    assert total > 10
    assert first_page[0] == ("Partner G", 7, True)
    for query in QUERIES:
        from_index, from_sql = both_ways(query)
        assert from_index == from_sql, query


def test_the_apis_partner_list_counts_in_the_index_too(client, directory):
    query = {"sector": ["private", "academia"], "page_size": 3, "page": 2}
    listed = client.get(reverse("api_partners"), query).json()
    by_sql = partners.directory_by_sql(AnonymousUser(), "", query["sector"])
    assert listed["count"] == by_sql.count() > 6
    expected = [(partner.slug, partner.plan_count) for partner in by_sql[3:6]]
    assert [(item["slug"], item["plan_count"]) for item in listed["results"]] == expected


def test_a_partner_named_twice_in_a_plan_counts_that_plan_once(directory):
    (_, listed), _ = both_ways("q=twice")
    assert listed == [("Twice Ltd", 1, False)]


def test_partners_of_drafts_stay_out_of_the_public_directory(directory):
    (_, listed), _ = both_ways("q=draft")
    assert listed == []
    (_, media), _ = both_ways("sector=media")
    assert "Partner A" not in [name for name, _, _ in media]


def token():
    return PublishedVersion.objects.get().token


def names(client, query=""):
    response = client.get(reverse("partners:list") + query)
    return [(partner.name, partner.plan_count) for partner in response.context["page"]]


@pytest.fixture
def uncached(settings):
    settings.ALP_PUBLIC_CACHE_SECONDS = 0


def test_a_published_plans_partners_changed_renew_the_index_and_a_drafts_do_not(
    client, directory, uncached
):
    assert ("Partner A", 1) in names(client, "?q=partner+a")
    draft = LearningPlan.objects.get(status=LearningPlan.Status.DRAFT)
    before = token()
    with writing(draft):
        partnered(("Another Draft Partner", "un"))(draft)
    assert token() == before

    published = LearningPlan.objects.published().filter(partnerships__isnull=True).first()
    with writing(published):
        partnered(("Partner A", "government"))(published)
    assert token() != before
    assert names(client, "?q=partner+a") == [("Partner A", 2)]

    before = token()
    Partnership.objects.filter(plan=published).update(sector="academia")
    assert token() != before
    assert ("Partner A", 2) in names(client, "?sector=academia")

    before = token()
    with writing(published):
        Partnership.objects.filter(plan=published).delete()
    assert token() != before
    assert names(client, "?q=partner+a") == [("Partner A", 1)]


def test_renaming_or_merging_organisations_renews_the_index(client, directory, uncached):
    before = token()
    PartnerOrganisation.objects.filter(name="Partner G").update(name="Aardvark Partners")
    assert token() != before
    assert names(client, "?q=aardvark") == [("Aardvark Partners", 7)]

    before = token()
    kept = PartnerOrganisation.objects.get(name="Partner F")
    merge_organisations(sources=[PartnerOrganisation.objects.get(name="Twice Ltd")], target=kept)
    assert token() != before
    assert names(client, "?q=partner+f") == [("Partner F", 7)]


def test_the_directory_reads_a_fixed_number_of_queries(
    client, directory, uncached, django_assert_max_num_queries
):
    client.get(reverse("partners:list"))  # the index and its directory built
    with django_assert_max_num_queries(2) as few:  # the token, the page's organisations
        client.get(reverse("partners:list"))
    for number in range(30):
        make_plan(parts=partnered(*((f"Extra {number} {n}", "other") for n in range(3))))
    client.get(reverse("partners:list"))
    with django_assert_max_num_queries(2) as many:
        page = client.get(reverse("partners:list")).context["page"]
    assert len(many.captured_queries) == len(few.captured_queries)
    assert page.paginator.count > 90


@pytest.mark.postgres
def test_a_search_by_part_of_a_name_reads_the_trigram_index(directory):
    searched = PartnerOrganisation.objects.filter(name__icontains="partner b")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a few rows: else a scan is cheaper
        plan = searched.explain()
    assert "partner_name_trigram" in plan
    assert [organisation.name for organisation in searched] == ["Partner B"]
