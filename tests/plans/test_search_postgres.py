"""Ranked, language-aware search: PostgreSQL only."""

import numpy as np
import pytest
from django.contrib.postgres.search import SearchQuery
from django.urls import reverse

from plans import search
from plans.models import LearningPlan, PlanRankTerm, PlanSearchVector
from plans.writing import writing
from tests.conftest import make_plan

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def found(client, q):
    response = client.get(reverse("plans:list"), {"q": q})
    return [plan.title for plan in response.context["page"].object_list]


@pytest.fixture
def plans(zambia):
    return [
        make_plan(
            title="Circular economy in Dakar",
            language="en",
            tweet_summary="Waste becomes value.",
            lab=zambia,
        ),
        make_plan(
            title="Water kiosks",
            language="en",
            background="A note on the circular economy of water.",
            lab=zambia,
        ),
        make_plan(
            title="Valoriser les déchets",
            language="fr",
            challenge_statement="Notre défi est que les déchets plastiques s'accumulent.",
            lab=zambia,
        ),
        make_plan(
            title="Jóvenes y empleo",
            language="es",
            challenge_statement="Nuestro desafío es que los jóvenes no encuentran trabajo.",
            lab=zambia,
        ),
        make_plan(
            title="Hidden draft about circular economy",
            status=LearningPlan.Status.DRAFT,
            lab=zambia,
        ),
    ]


def test_a_match_in_the_title_ranks_above_one_in_the_background(client, plans):
    assert found(client, "circular economy") == ["Circular economy in Dakar", "Water kiosks"]


def test_french_words_match_their_stems_and_ignore_accents(client, plans):
    assert found(client, "déchet") == ["Valoriser les déchets"]
    assert found(client, "dechets") == ["Valoriser les déchets"]


def test_spanish_words_match_without_accents(client, plans):
    assert found(client, "jovenes") == ["Jóvenes y empleo"]
    assert found(client, "trabajo") == ["Jóvenes y empleo"]


def test_web_search_syntax(client, plans):
    assert found(client, '"circular economy" -water') == ["Circular economy in Dakar"]
    assert set(found(client, "kiosks or jóvenes")) == {"Water kiosks", "Jóvenes y empleo"}


def test_the_vector_is_stored_not_computed_per_request(plans):
    assert PlanSearchVector.objects.filter(plan__in=LearningPlan.objects.all()).count() == 5


def test_snippets_mark_matches_and_escape_the_text(client, zambia):
    make_plan(title="Markup", background="circular thinking: if 5 < 6 & <b>bold</b>", lab=zambia)
    response = client.get(reverse("plans:list"), {"q": "circular"})
    assert "<mark>circular</mark>" in response.text
    assert "5 &lt; 6 &amp;" in response.text
    assert "<b>bold" not in response.text


def test_a_long_answers_snippet_is_cut_from_around_its_first_match(client, zambia):
    filler = " ".join(f"word{number}" for number in range(800))
    make_plan(
        title="Long",
        lab=zambia,
        background=f"{filler} The farmers of the valley share one pump. {filler}",
        challenge_statement="Later, the farming cooperative",
    )
    for q, marked in [("farmers", "farmers"), ("farming", "farming"), ("valley pump", "pump")]:
        response = client.get(reverse("plans:list"), {"q": q})
        snippet = str(next(iter(response.context["snippets"].values())))
        assert f"<mark>{marked}</mark>" in snippet, q
        assert len(snippet) < 600


def test_ranking_reads_a_small_vector_of_the_title_tweet_and_challenge(plans):
    kiosks = LearningPlan.objects.get(title="Water kiosks")
    # Matched through the whole vector, ranked by the small one, which skips the background.
    assert "kiosk" in kiosks.rank_vector
    assert "note" in kiosks.search_vector.vector
    assert "note" not in kiosks.rank_vector


def test_a_plan_matching_only_outside_the_ranked_fields_is_still_found(client, plans):
    assert found(client, "note") == ["Water kiosks"]


def test_words_joined_by_a_slash_are_found_each(client, zambia):
    make_plan(title="Farms", background="What is the future impact/scenario of smart crops?")
    assert found(client, "scenario") == ["Farms"]
    assert found(client, "impact/scenario") == ["Farms"]


def test_quotes_and_backslashes_in_a_search_are_words_to_rank_by(client, zambia):
    make_plan(title=r"O'Neil's C:\data\wells", tweet_summary="Wells and O'Neil's data", lab=zambia)
    make_plan(title="Wells", background=r"O'Neil's C:\data", lab=zambia)
    assert found(client, r"O'Neil's C:\data") == [r"O'Neil's C:\data\wells", "Wells"]
    for q in [r"'\'", "wells -'x'", r'"C:\data" or \\']:
        response = client.get(reverse("plans:list"), {"q": q})
        assert response.status_code == 200, q


def test_a_short_answers_snippet_is_the_whole_answer(client, zambia):
    make_plan(title="Short", background="Boreholes run dry by May.", lab=zambia)
    response = client.get(reverse("plans:list"), {"q": "boreholes"})
    snippet = str(next(iter(response.context["snippets"].values())))
    assert snippet == "<mark>Boreholes</mark> run dry by May."


def test_a_plan_rewritten_keeps_one_search_vector_of_its_new_words(client, plans):
    kiosks = LearningPlan.objects.get(title="Water kiosks")
    with writing(kiosks):
        kiosks.background = "Boreholes run dry by May."
        kiosks.save()
    assert PlanSearchVector.objects.filter(plan=kiosks).count() == 1
    assert found(client, "boreholes") == ["Water kiosks"]
    assert found(client, "note") == []


def test_a_deleted_plan_takes_its_search_vector_with_it(plans):
    kiosks = LearningPlan.objects.get(title="Water kiosks")
    kiosks.delete()
    assert not PlanSearchVector.objects.filter(plan_id=kiosks.pk).exists()
    assert PlanSearchVector.objects.count() == 4


# Searches of every shape: languages, stems, phrases, either-or, stop words, quotes, slashes.
RANKED_SEARCHES = [
    "circular economy",
    "waste value",
    "déchets plastiques",
    "jovenes trabajo",
    '"circular economy" water',
    "water or kiosks",
    "the of",
    "economy -water",
    r"O'Neil's C:\data",
    "impact/scenario",
    "nothing-matches-this",
]


def ranks_by_postgres(q, plans=LearningPlan.objects):
    """Each plan's rank as PostgreSQL's ts_rank gives it, for the plans that rank above 0."""
    rows = search.ranked(plans.all(), q).values_list("pk", "rank")
    return {pk: np.float32(rank) for pk, rank in rows}


def ranks_by_terms(q):
    pks, ranks = search.ranks(q)
    return dict(zip(pks.tolist(), ranks, strict=True))


def test_ranks_summed_from_rank_terms_equal_postgres_ranks_to_the_last_bit(plans, zambia):
    make_plan(title=r"O'Neil's C:\data\wells", tweet_summary="Wells, O'Neil's data", lab=zambia)
    make_plan(
        title="Economy of the circular economy",
        tweet_summary="Circular, circular, circular: economy of waste and of water.",
        challenge_statement="The economy of water is circular; the waste of the economy too.",
        lab=zambia,
    )
    for q in RANKED_SEARCHES:
        by_postgres = ranks_by_postgres(q)
        assert ranks_by_terms(q) == by_postgres, q
    assert ranks_by_postgres("circular economy")  # not all empty


def test_a_search_read_as_one_and_of_its_words_is_ranked_by_how_near_they_are(plans, monkeypatch):
    # Read in no language but the plain reading, a search is one AND of its words, which
    # PostgreSQL ranks by proximity (the stop words of four languages leave one reading of two
    # different words nowhere today): the terms cannot say that, so PostgreSQL is asked.
    plain = lambda q: SearchQuery(q, search_type="websearch", config=search.SIMPLE)  # noqa: E731
    monkeypatch.setattr(search, "_query", plain)
    assert search._words_and_top("'circular' & 'economy'") == (["circular", "economy"], "&")
    # Of the published plans, those the listing ranks.
    by_postgres = ranks_by_postgres("circular dakar", LearningPlan.objects.published())
    [rank] = by_postgres.values()  # "Circular economy in Dakar": both words, three apart
    assert rank > 0.01
    assert ranks_by_terms("circular dakar") == by_postgres


def test_a_plan_rewritten_keeps_the_rank_terms_of_its_new_words_only(plans):
    kiosks = LearningPlan.objects.get(title="Water kiosks")
    assert PlanRankTerm.objects.filter(plan=kiosks, lexeme="kiosk").exists()
    with writing(kiosks):
        kiosks.title = "Borehole pumps"
        kiosks.save()
    lexemes = set(PlanRankTerm.objects.filter(plan=kiosks).values_list("lexeme", flat=True))
    assert {"borehol", "pump"} <= lexemes
    assert "kiosk" not in lexemes
    assert ranks_by_terms("kiosks") == ranks_by_postgres("kiosks") == {}
    assert kiosks.pk in ranks_by_terms("pumps")


def test_a_deleted_plan_takes_its_rank_terms_with_it(plans):
    kiosks = LearningPlan.objects.get(title="Water kiosks")
    kiosks.delete()
    assert not PlanRankTerm.objects.filter(plan_id=kiosks.pk).exists()
    assert PlanRankTerm.objects.exists()
