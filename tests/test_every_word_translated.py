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
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.core.mail import send_mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst

from partners.models import PartnerOrganisation, Partnership
from plans import questionnaire as q
from plans.models import LearningPlan, LearningQuestion, Tag
from plans.writing import writing
from review.models import Comment, Notification, ReviewerRegion

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


# The apps whose models the portal's admin shows (besides Django's own accounts and groups).
ADMIN_APPS = ["labs", "plans", "partners", "review", "outbox", "accounts"]
# What the portal's own code writes into the admin: its sections, labels, actions, messages, the
# names of its apps, models and fields, and the questionnaire's version titles.
ADMIN_SOURCES = [
    "questionnaire/admin.py",
    "plans/questionnaire.py",
    "alp_portal/urls.py",
    *(f"{app}/{module}.py" for app in ADMIN_APPS for module in ("admin", "models")),
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
    english = {}
    for piece, msgid in english_left(language).items():
        if msgid in msgids:
            # The admin shows the names of models and fields with a capital: "Ranked partners".
            english.update({piece: msgid, capfirst(piece): msgid})
    return english


def admin_request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def admin_pages(portal, root):
    """The admin's index, the plan's change form, and each of the portal's models' list and one
    of them (or its add form, when there is none and one may be added)."""
    yield reverse("admin:index")
    yield reverse("admin:plans_learningplan_change", args=[portal["published"].pk])
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        if meta.app_label not in ADMIN_APPS:
            continue
        yield reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        if first := model._default_manager.first():
            yield reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[first.pk])
        elif model_admin.has_add_permission(admin_request(root)):
            yield reverse(f"admin:{meta.app_label}_{meta.model_name}_add")


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_admin_of_plans_and_terms_speaks_the_language(client, portal, root, rita, language):
    # Something of each kind the admin lists, so that every list has its columns.
    send_mail("Kwa heri", "Asante.", "Tovuti <tovuti@example.org>", ["rafiki@example.org"])
    ReviewerRegion.objects.create(user=rita, region="RBA")
    Notification.objects.create(
        recipient=rita, event="commented", plan=portal["submitted"], url="/"
    )
    english = admin_english(language)
    assert "Publish the selected plans" in english and "Challenge statement" in english
    assert "partner organisations" in english and "Action learning plan, 2021–2023" in english
    client.force_login(root)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    left = {}
    for url in admin_pages(portal, root):
        if found := left_in_english(get(client, url), english):
            left[url] = found
    assert left == {}, "\n".join(f"{name}: {found}" for name, found in left.items())


def names_the_admin_shows(request):
    """The names of the portal's models and of the model fields its admin shows: in the lists'
    columns and filters, the forms and their inlines, with the inlines' own titles."""
    for app in ADMIN_APPS:
        for model in apps.get_app_config(app).get_models():
            yield model, "", model._meta.verbose_name
            yield model, "", model._meta.verbose_name_plural
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in ADMIN_APPS:
            continue
        names = [
            *model_admin.get_list_display(request),
            *(name for name in model_admin.get_list_filter(request) if not isinstance(name, type)),
            *flatten_fieldsets(model_admin.get_fieldsets(request)),
        ]
        if model is LearningPlan:  # its answers are labelled by the questionnaire's prompts
            names = [name for name in names if name not in q.PLAN_FIELDS]
        shown = [(model, name if isinstance(name, str) else name[0]) for name in names]
        for inline in model_admin.get_inline_instances(request):
            yield inline.model, "", inline.verbose_name
            yield inline.model, "", inline.verbose_name_plural
            shown += [
                (inline.model, name) for name in flatten_fieldsets(inline.get_fieldsets(request))
            ]
        for shown_model, path in shown:
            *through, name = path.split("__")
            for step in through:
                shown_model = shown_model._meta.get_field(step).related_model
            fields = {field.name: field for field in shown_model._meta.get_fields()}
            if name in fields and hasattr(fields[name], "verbose_name"):
                yield shown_model, name, fields[name].verbose_name


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_model_and_field_the_admin_shows_is_named_in_the_language(root, language):
    with (ROOT / "locale" / language / "LC_MESSAGES" / "django.po").open("rb") as source:
        catalogue = {message.id: message.string for message in read_po(source) if message.id}
    names = list(names_the_admin_shows(admin_request(root)))
    with translation.override("en"):
        english = [str(name) for _model, _field, name in names]
    with translation.override(language):
        shown = [str(name) for _model, _field, name in names]
    named = {
        (model._meta.label, field, msgid, said)
        for (model, field, _name), msgid, said in zip(names, english, shown, strict=True)
    }
    assert ("labs.Lab", "region", "region", catalogue["region"]) in named  # filter by lab__region
    assert (
        "partners.Partnership",
        "is_new_and_unusual",
        "new and unusual",
        catalogue["new and unusual"],
    ) in named
    # Each is marked for translation (a plain string would be shown as written) and translated.
    untranslated = sorted(
        entry for entry in named if not catalogue.get(entry[2]) or entry[3] != catalogue[entry[2]]
    )
    assert untranslated == []


@pytest.mark.parametrize(
    "language, message",
    [("en", "No plan found with this slug."), ("fr", "Aucun plan ne porte cet identifiant.")],
)
def test_the_apis_errors_keep_their_shape_in_each_language(client, language, message):
    response = client.get(reverse("api_plan", args=["nowhere"]), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    assert response.json() == {"detail": message}
