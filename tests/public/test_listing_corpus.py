"""The listing over the real export, imported as plans really arrive: hundreds of free-text
themes and data sources, markdown answers with images and links. One test, one import."""

import re

import pytest
from django.urls import reverse

from sdgcommons.importers import FAILED, Importer, find_documents
from tests.conftest import CORPUS

pytestmark = [pytest.mark.django_db, pytest.mark.corpus]


def test_the_listing_stays_small_and_its_snippets_plain_over_the_real_export(client):
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
