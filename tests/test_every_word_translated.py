"""Every page in French, Spanish and Portuguese, with no interface string left in English.

The English strings looked for are the catalogue's own msgids (their literal pieces, between
placeholders and markup), so a string whose translation goes missing is caught on whichever page
shows it. A piece is left out only where it cannot tell: when the language writes it the same
(“Total” in Spanish), or when it is part of what the language writes for something else. Plans,
partners and people are named in made-up words, so that no answer can pass for the interface.
"""

import re
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.pofile import read_po
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from partners.models import PartnerOrganisation, Partnership
from plans import questionnaire as q
from plans.models import LearningPlan, LearningQuestion, Tag
from plans.writing import writing
from review.models import Comment

from .conftest import ROOT, make_plan

pytestmark = pytest.mark.django_db

TRANSLATED = [code for code, _ in settings.LANGUAGES if code != "en"]
# Placeholders and markup inside a msgid: what is between them is the text a reader sees.
NOT_TEXT = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|<[^>]+>|&\w+;")
# Interface strings that were once left in English, and what a page must not show instead of
# their translation (a raw stored value, an untranslated label).
KNOWN = [
    "- Select an option -",
    "Sense",
    "Explore",
    "Untitled plan",
    "ALP Portal",
    "Tweet summary",
    "Short “tweet” summary",
    "academia",
    "big_bet",
    "Back to results",
    "Challenge classification",
]
ATTRIBUTES = {"aria-label", "title", "placeholder", "alt"}


class VisibleText(HTMLParser):
    """The text a person reads or hears: text outside scripts and styles, and the attributes
    a screen reader or a tooltip says."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1
        self.pieces.extend(value for name, value in attrs if name in ATTRIBUTES and value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.pieces.append(data)


def normalised(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def visible(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return normalised(" | ".join(parser.pieces))


def pieces(text: str) -> list[str]:
    """The literal pieces of a msgid worth looking for: some words, one of them long enough not
    to occur by chance."""
    found = []
    for piece in NOT_TEXT.split(text):
        piece = normalised(piece).strip(" .,:;·—–-()“”\"'…?!|×→←#")
        if re.search(r"[A-Za-z]{4,}", piece):
            found.append(piece)
    return found


def english_left(language) -> dict[str, str]:
    """Each English piece of the catalogue that a page in `language` must not show, with the
    msgid it comes from."""
    with (ROOT / "locale" / language / "LC_MESSAGES" / "django.po").open("rb") as source:
        catalogue = read_po(source)
    messages = [message for message in catalogue if message.id]
    written = []
    for message in messages:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        written.extend(normalised(string) for string in strings if string)
    written = " | ".join(written)
    english = {}
    for message in messages:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        for piece in (piece for msgid in ids for piece in pieces(msgid)):
            if not re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", written):
                english.setdefault(piece, ids[0])
    return english


def left_in_english(text: str, english: dict[str, str]) -> list[str]:
    return sorted(
        f"{piece!r} (from {msgid!r})"
        for piece, msgid in english.items()
        if re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", text)
    )


@pytest.fixture
def portal(zambia, serbia, alice, rita, open_cycle):
    """A published plan and a submitted one of the Zambia lab, with everything a page shows:
    a challenge type, tags, a ranked partner of each sector, learning questions at each stage,
    a reviewer's comment, two revisions to compare; a draft, and a new one still untitled."""
    goal = Tag.objects.create(vocabulary="sdg", name="13. Climate action", slug="13", number=13)
    method = Tag.objects.create(vocabulary="method", name="Kwazulu mapping", slug="kwazulu")
    organisation = PartnerOrganisation.objects.create(
        name="Bodi ya Maji", normalised_name="bodi ya maji", slug="bodi-ya-maji"
    )

    def parts(plan):
        Partnership.objects.create(
            plan=plan,
            organisation=organisation,
            position=1,
            sector="academia",
            description="Kisima kikuu",
            is_new_and_unusual=True,
        )
        LearningQuestion.objects.create(
            plan=plan,
            position=1,
            question="Nani anamiliki visima?",
            is_sense=True,
            is_explore=True,
            is_test=True,
            is_grow=True,
            methods_usage="Ramani",
            data_gaps="Takwimu",
        )

    answers = {
        "lab": zambia,
        "focal_point": alice,
        "challenge_type": "big_bet",
        "challenge_statement": "Visima vinakauka.",
        "tweet_summary": "Visima vikavu.",
        "tags": [goal, method],
        "parts": parts,
    }
    published = make_plan(title="Maji safi", slug="maji-safi", **answers)
    submitted = make_plan(title="Hewa safi", slug="hewa-safi", status="submitted", **answers)
    with writing(submitted, by=alice, reason="edit"):
        submitted.challenge_type = "exploratory"
        submitted.tweet_summary = "Visima vipya."
        submitted.save()
        submitted.partnerships.update(sector="government")
        submitted.learning_questions.update(is_grow=False)
    Comment.objects.create(
        plan=submitted, section="challenge", field="tweet_summary", author=rita, body="Kwa nini?"
    )
    draft = make_plan(lab=zambia, title="Rasimu", slug="rasimu", status="draft")
    # A plan just started keeps its placeholder title until the lab names it. (The focal points'
    # own pages, templates/my/, still show it as stored: they are looked at with a named draft.)
    untitled = make_plan(
        lab=serbia,
        title="Untitled plan",
        slug="untitled",
        status=LearningPlan.Status.DRAFT,
        year=open_cycle.year,
    )
    return {
        "published": published,
        "submitted": submitted,
        "draft": draft,
        "untitled": untitled,
        "partner": organisation,
    }


def pages(client, language, portal, alice, rita):
    """(name, text) of every page, each seen by whom it is for."""
    published, submitted, draft = portal["published"], portal["submitted"], portal["draft"]
    public = [
        ("home", reverse("home")),
        ("listing", reverse("plans:list")),
        ("plan", published.get_absolute_url()),
        ("partners", reverse("partners:list")),
        ("partner", portal["partner"].get_absolute_url()),
        ("map", reverse("plans:map")),
        ("stats", reverse("plans:stats")),
        ("sign-in", reverse("accounts:sign_in")),
    ]
    for name, url in public:
        yield name, get(client, url)
    client.force_login(alice)
    yield "my", get(client, reverse("my:home"))
    yield "step", get(client, reverse("my:step", args=[draft.pk, "challenge"]))
    client.force_login(rita)
    yield "draft", get(client, portal["untitled"].get_absolute_url())
    yield "queue", get(client, reverse("review:queue"))
    yield "review", get(client, reverse("review:plan", args=[submitted.pk]))
    yield "history", get(client, reverse("review:history", args=[submitted.pk]))
    numbers = sorted(submitted.revisions.values_list("number", flat=True))
    compare = reverse("review:history_compare", args=[submitted.pk])
    yield "compare", get(client, f"{compare}?a={numbers[0]}&b={numbers[-1]}")
    yield "cycle", get(client, reverse("review:cycle_current"))
    client.logout()  # which forgets the language too
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    feed = client.get(reverse("plans:feed"))
    assert feed.status_code == 200
    atom = "{http://www.w3.org/2005/Atom}"
    texts = [
        e.text or "" for e in ElementTree.fromstring(feed.content).iter() if e.tag != f"{atom}id"
    ]
    yield "feed", normalised(" | ".join(texts))


def get(client, url) -> str:
    response = client.get(url, follow=True)
    assert response.status_code == 200, url
    return visible(response.content.decode())


@pytest.mark.parametrize("language", TRANSLATED)
def test_no_page_shows_an_interface_string_in_english(client, portal, alice, rita, language):
    english = english_left(language)
    assert len(english) > 500  # not a vacuous check: most of the interface is looked for
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    left = {}
    for name, text in pages(client, language, portal, alice, rita):
        found = left_in_english(text, english)
        found += [
            repr(known) for known in KNOWN if re.search(rf"(?<!\w){re.escape(known)}(?!\w)", text)
        ]
        if found:
            left[name] = found
    assert left == {}, "\n".join(f"{name}: {found}" for name, found in left.items())


def test_the_check_finds_english_where_a_translation_is_missing():
    english = english_left("fr")
    page = visible('<p>Trier par</p><a href="/plans/" aria-label="Back to results">←</a>')
    assert left_in_english(page, english) == ["'Back to results' (from 'Back to results')"]
    assert pieces("Remove filter %(label)s") == ["Remove filter"]
    assert "Total" not in english_left("es")  # written the same in Spanish


# What the portal's own code writes into the admin: its sections, labels, actions, messages and
# the names of its apps (the names of models and fields are Django's English for now).
ADMIN_SOURCES = [
    "questionnaire/admin.py",
    "plans/admin.py",
    "partners/admin.py",
    "labs/admin.py",
    "outbox/admin.py",
    "plans/questionnaire.py",
    "alp_portal/urls.py",
    *(path.relative_to(ROOT).as_posix() for path in ROOT.glob("*/apps.py")),
]


def admin_english(language) -> dict[str, str]:
    keywords = {**DEFAULT_KEYWORDS, "gettext_lazy": None}
    msgids = set()
    for source in ADMIN_SOURCES:
        for _line, message, _comments, _context in extract_from_file(
            "python", ROOT / source, keywords=keywords
        ):
            msgids.update(message if isinstance(message, tuple) else [message])
    # Pieces that are also a model's or a field's own name cannot tell which one is shown; but
    # the fields of a plan are labelled by the questionnaire's prompts, which are looked for.
    asked = set(q.PLAN_FIELDS)
    with translation.override("en"):
        names = " | ".join(
            str(name)
            for model in apps.get_models()
            for name in (
                model._meta.verbose_name,
                model._meta.verbose_name_plural,
                *(
                    getattr(field, "verbose_name", "")
                    for field in model._meta.get_fields()
                    if not (model is LearningPlan and field.name in asked)
                ),
            )
        )
    return {
        piece: msgid
        for piece, msgid in english_left(language).items()
        if msgid in msgids
        and not re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", names, flags=re.IGNORECASE)
    }


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_admin_of_plans_and_terms_speaks_the_language(client, portal, root, language):
    english = admin_english(language)
    assert "Publish the selected plans" in english and "Challenge statement" in english
    client.force_login(root)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    plan = portal["published"]
    left = {}
    for url in [
        reverse("admin:index"),
        reverse("admin:plans_learningplan_change", args=[plan.pk]),
        reverse("admin:plans_learningplan_changelist"),
        reverse("admin:plans_tag_changelist"),
        reverse("admin:partners_partnerorganisation_changelist"),
        reverse("admin:labs_cycle_changelist"),
        reverse("admin:outbox_email_changelist"),
    ]:
        if found := left_in_english(get(client, url), english):
            left[url] = found
    assert left == {}, "\n".join(f"{name}: {found}" for name, found in left.items())


@pytest.mark.parametrize(
    "language, message",
    [("en", "No plan found with this slug."), ("fr", "Aucun plan ne porte cet identifiant.")],
)
def test_the_apis_errors_keep_their_shape_in_each_language(client, language, message):
    response = client.get(reverse("api_plan", args=["nowhere"]), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    assert response.json() == {"detail": message}
