"""The listing over the real export, imported as plans really arrive: hundreds of free-text
themes and data sources, markdown answers with images and links. One test, one import."""

import re

import pytest
from django.db import connection
from django.urls import reverse

from plans.models import LearningPlan
from plans.search import ranked, search
from sdgcommons.importers import FAILED, Importer, find_documents
from tests.conftest import CORPUS
from tests.public.test_plan_index import both_ways

pytestmark = [pytest.mark.django_db, pytest.mark.corpus]


def test_the_listing_stays_small_its_snippets_plain_and_its_ranking_exact_over_the_real_export(
    client,
):
    for result in Importer().import_files(find_documents([str(CORPUS)])):
        assert result.outcome != FAILED, str(result)

    response = client.get(reverse("plans:list"))
    assert response.status_code == 200
    # Every term of every facet made it 78 KB, half the page's time.
    assert len(response.content) <= 40_000
    for name in ["country", "method", "datasource", "theme"]:
        assert len(re.findall(rf'type="checkbox" name="{name}"', response.text)) <= 10
    all_themes = client.get(reverse("plans:facet", args=["theme"]))
    assert len(re.findall(r'type="checkbox" name="theme"', all_themes.text)) > 100

    for query in ["water", "eau", "data"]:
        response = client.get(reverse("plans:list"), {"q": query})
        assert len(response.content) <= 45_000
        snippets = [str(text) for text in response.context["snippets"].values() if text]
        assert snippets, query
        for snippet in snippets:
            for noise in ["http", "www.", "![", "](", ".png", "big_bet", "**"]:
                assert noise not in snippet, snippet

    # The index ranks a search's matches by those `ranked` finds, the others 0: in the order
    # the database gives when it ranks every match.
    queries = ["water", "eau", "data", "water farmers", "covid-19", '"climate change" -youth']
    queries += ["agua or eau", "impact/scenario", "innovation lab", "economía circular"]
    for query in queries:
        (_, _, from_sql), (_, _, from_index) = both_ways(f"q={query}")
        assert from_index == from_sql, query
    matches = search(LearningPlan.objects.published(), "data")
    if connection.vendor == "postgresql":
        assert 0 < ranked(LearningPlan.objects.published(), "data").count() < matches.count()
