import pytest

from plans.vocabularies import TagBook, normalise, sdg_number

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("co -creation", "Co-creation"),
        ("in depth interviews", "in-depth interviews"),
        ("Geospatial data", "geospatial  data"),
        ("Data Ethography", "data ethnography"),
        ("citizen engagment", "Citizen engagement"),
        ("Survey", "surveys"),
    ],
)
def test_spelling_variants_share_a_key(first, second):
    assert normalise(first) == normalise(second)


def test_different_ideas_keep_different_keys():
    assert normalise("social media data") != normalise("satellite data")


@pytest.mark.parametrize(
    ("term", "number"),
    [
        ("10. Reduced innequalities", 10),
        ("5. Gender equality", 5),
        ("Climate action", 13),
        ("SDG 7", 7),
    ],
)
def test_sdgs_map_onto_the_seventeen_goals(term, number):
    assert sdg_number(term) == number


def test_an_unknown_goal_is_not_a_tag():
    assert sdg_number("18. Something else") is None
    assert TagBook().get("sdg", "18. Something else") is None


def test_the_first_spelling_names_the_tag_and_later_ones_find_it():
    book = TagBook()
    tag = book.get("theme", "co -creation")
    assert tag.name == "co-creation"
    assert book.get("theme", "Co-Creation") == tag
    assert TagBook().get("theme", "co creation") == tag
