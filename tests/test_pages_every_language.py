"""Every page, in each interface language, on plans that came in through the importer.

French, Spanish and Portuguese write decimals with a comma; a drawing's coordinates must not
follow them, or the browser draws nothing. So besides answering 200, every page's SVG must parse
as XML and give each of its numbers in plain decimal notation.
"""

import re
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.urls import reverse

from partners.models import PartnerOrganisation
from plans.models import LearningPlan
from questionnaire.views import steps_for
from sdgcommons.importers import Importer

from .conftest import FIXTURES

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _ in settings.LANGUAGES]
# Plans and progress reports of five countries, each with its coordinates: markers on the map.
DOCUMENTS = [
    "plan_2021_packed.md",
    "progress_2022_a.md",
    "plan_2023_numbered.md",
    "plan_fr.md",
    "plan_es.md",
    "progress_2024_b.md",
]
NUMBER = re.compile(r"-?\d+(\.\d+)?")
# SVG attributes holding one number, and those holding a list of them. Our drawings separate a
# list's numbers with spaces, so that a comma can only be a decimal written for people.
SVG_NUMBER = {"x", "y", "cx", "cy", "r", "rx", "ry", "x1", "y1", "x2", "y2", "width", "height"}
SVG_NUMBERS = {"viewBox", "points", "transform"}
# Numbers scripts and browsers read back outside drawings: form values, data-* attributes.
COMMA_DECIMAL_ATTRIBUTE = re.compile(r'\s(?:data-[\w-]+|value|min|max|step)="-?\d+,\d+"')


def imported(status=LearningPlan.Status.PUBLISHED) -> list[LearningPlan]:
    importer = Importer(status=status)
    return [importer.import_file(FIXTURES / name).plan for name in DOCUMENTS]


def in_language(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def page(client, url, language) -> str:
    response = client.get(url, follow=True)
    assert response.status_code == 200, url
    text = response.content.decode()
    assert f'<html lang="{language}">' in text, url
    assert not COMMA_DECIMAL_ATTRIBUTE.search(text), url
    return text


def drawings(text) -> list[ElementTree.Element]:
    """Every <svg> of the page, parsed as XML, its numbers checked."""
    found = []
    for source in re.findall(r"<svg\b.*?</svg>", text, flags=re.DOTALL):
        svg = ElementTree.fromstring(source)
        for element in svg.iter():
            for name, value in element.attrib.items():
                if name in SVG_NUMBER:
                    numbers = [value]
                elif name in SVG_NUMBERS:
                    numbers = re.sub(r"[a-zA-Z]+\(|\)", " ", value).split()
                else:
                    continue
                for number in numbers:
                    assert NUMBER.fullmatch(number), f'{element.tag} {name}="{value}"'
        found.append(svg)
    return found


def circles(svg) -> list[ElementTree.Element]:
    return [element for element in svg.iter() if element.tag == "circle"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_renders_in_each_language_with_plain_numbers_in_drawings(
    client, language
):
    plans = imported()
    in_language(client, language)
    partner = PartnerOrganisation.objects.filter(partnerships__plan__in=plans).first()
    urls = [
        reverse("home"),
        reverse("plans:list"),
        *(plan.get_absolute_url() for plan in plans),
        reverse("partners:list"),
        partner.get_absolute_url(),
        reverse("map"),
        reverse("stats"),
    ]
    for url in urls:
        drawings(page(client, url, language))

    (world,) = drawings(page(client, reverse("plans:map"), language))
    markers = [circle for circle in circles(world) if circle.get("class") == "map-marker"]
    assert len(markers) == 5  # one per country
    # Not a vacuous check: coordinates with decimals are drawn, as numbers.
    assert any("." in marker.get("cx") + marker.get("cy") for marker in markers)
    charts = drawings(page(client, reverse("plans:stats"), language))
    assert len(charts) >= 4
    widths = [rect.get("width") for chart in charts for rect in chart.iter("rect")]
    assert any("." in width for width in widths)

    feed = client.get(reverse("plans:feed"))
    assert feed.status_code == 200
    ElementTree.fromstring(feed.content)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_step_of_the_questionnaire_renders_in_each_language(
    client, alice, zambia, open_cycle, language
):
    client.force_login(alice)
    in_language(client, language)
    response = client.post(reverse("my:start_plan", args=[zambia.pk]))
    assert response.status_code == 302
    plan = LearningPlan.objects.get(lab=zambia, status=LearningPlan.Status.DRAFT)
    assert plan.language == language

    page(client, reverse("my:home"), language)
    for step in steps_for(plan):
        drawings(page(client, reverse("my:step", args=[plan.pk, step.key]), language))
    page(client, reverse("my:review", args=[plan.pk]), language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_review_page_renders_in_each_language(client, rita, language):
    plans = imported(status=LearningPlan.Status.SUBMITTED)
    client.force_login(rita)
    in_language(client, language)
    page(client, reverse("review:queue"), language)
    for plan in plans:
        drawings(page(client, reverse("review:plan", args=[plan.pk]), language))
        page(client, reverse("review:history", args=[plan.pk]), language)
    page(client, reverse("review:notifications"), language)
    page(client, reverse("review:cycle_current"), language)
