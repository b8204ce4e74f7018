"""The interface and the questionnaire in English, French, Spanish and Portuguese."""

import html

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from accounts.models import Profile, language_of
from plans import questionnaire as q
from plans.models import LearningPlan, Tag
from sdgcommons.exporters import export_plan

from .conftest import ROOT, make_plan, send_queued

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _ in settings.LANGUAGES]
TRANSLATED = [code for code in LANGUAGES if code != "en"]
CATALOGS = {code: ROOT / "locale" / code / "LC_MESSAGES" / "django.po" for code in TRANSLATED}

# Per language: a country's name; a piece of the header, of the listing, of a plan page (a section
# heading and a prompt's label), of the sign-in page and of the questionnaire (a prompt's question).
EXPECTED = {
    "en": {
        "counter": "characters",
        "country": "Zambia",
        "chrome": "Learning plans",
        "listing": "Sort by",
        "heading": "Challenge statement",
        "label": "Value proposition",
        "sign_in": "Forgot your password?",
        "prompt": "What is the history of your challenge?",
        "step": "Save and continue",
    },
    "fr": {
        "counter": "caractères",
        "country": "Zambie",
        "chrome": "Plans d’apprentissage",
        "listing": "Trier par",
        "heading": "Énoncé du défi",
        "label": "Proposition de valeur",
        "sign_in": "Mot de passe oublié ?",
        "prompt": "Quel est l’historique de votre défi ?",
        "step": "Enregistrer et continuer",
    },
    "es": {
        "counter": "caracteres",
        "country": "Zambia",
        "chrome": "Planes de aprendizaje",
        "listing": "Ordenar por",
        "heading": "Declaración del desafío",
        "label": "Propuesta de valor",
        "sign_in": "¿Olvidó su contraseña?",
        "prompt": "¿Cuál es la historia de su desafío?",
        "step": "Guardar y continuar",
    },
    "pt": {
        "counter": "caracteres",
        "country": "Zâmbia",
        "chrome": "Planos de aprendizagem",
        "listing": "Ordenar por",
        "heading": "Declaração do desafio",
        "label": "Proposta de valor",
        "sign_in": "Esqueceu a palavra-passe?",
        "prompt": "Qual é a história do seu desafio?",
        "step": "Guardar e continuar",
    },
}


def text(response) -> str:
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.fixture
def plan(zambia):
    return make_plan(lab=zambia, title="Clean air", slug="clean-air", value_proposition="Ours.")


@pytest.fixture
def draft(zambia):
    return make_plan(lab=zambia, status=LearningPlan.Status.DRAFT, slug="draft")


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_renders_the_public_pages_chosen_by_the_browser(client, plan, language):
    expected = EXPECTED[language]
    accept = {"HTTP_ACCEPT_LANGUAGE": f"{language},en;q=0.5"}

    page = text(client.get(reverse("plans:list"), **accept))
    assert f'<html lang="{language}">' in page
    assert expected["chrome"] in page
    assert expected["listing"] in page
    assert f"{expected['country']} <span" in page  # the country facet, in CLDR's words
    assert f"{expected['country']} · {plan.year}" in page  # the plan's card names its lab so too

    page = text(client.get(plan.get_absolute_url(), **accept))
    assert expected["heading"] in page
    assert expected["label"] in page
    assert "Ours." in page  # answers are shown as typed

    page = text(client.get(reverse("accounts:sign_in"), **accept))
    assert expected["sign_in"] in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_language_renders_the_questionnaire_prompts(client, alice, draft, language):
    expected = EXPECTED[language]
    client.force_login(alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    page = text(client.get(reverse("my:step", args=[draft.pk, "challenge"])))
    assert expected["heading"] in page
    assert expected["prompt"] in page
    assert expected["step"] in page
    assert f'data-counter="{expected["counter"]}"' in page  # the tweet's character counter

    page = text(client.get(reverse("my:review", args=[draft.pk])))
    assert expected["heading"] in page  # the steps' navigation


def test_the_questionnaire_is_translated_only_where_shown():
    prompt = q.PLAN_CHALLENGE.prompts[1]
    with translation.override("fr"):
        assert prompt.translated_text.startswith("Énoncé du défi\u00a0:\u00a0Quel est votre défi ?")
        assert q.PLAN_CHALLENGE.translated_heading == "Énoncé du défi"
        # What the importer matches and the exporter writes stays as the form asked it.
        assert prompt.text.startswith("Challenge statement:\u00a0What is your challenge?")
        assert q.PLAN_CHALLENGE.heading_in("en") == "Challenge statement"


def test_the_switcher_sets_the_language_without_javascript(client, plan):
    page = text(client.get(reverse("plans:list")))
    assert f'action="{reverse("set_language")}"' in page

    response = client.post(reverse("set_language"), {"language": "es", "next": "/plans/"})
    assert response.status_code == 302
    assert response["Location"] == "/plans/"
    # The cookie outweighs the browser's languages.
    page = text(client.get(reverse("plans:list"), HTTP_ACCEPT_LANGUAGE="fr"))
    assert EXPECTED["es"]["chrome"] in page


def test_the_switcher_records_a_signed_in_persons_language(client, alice):
    client.force_login(alice)
    client.post(reverse("set_language"), {"language": "pt", "next": "/plans/"})
    assert language_of(alice) == "pt"

    client.post(reverse("set_language"), {"language": "xx", "next": "/plans/"})
    assert language_of(alice) == "pt"


def test_signing_in_records_the_language_in_use_when_none_is_stored(client, alice):
    response = client.post(
        reverse("accounts:sign_in"),
        {"email": "alice@example.org", "password": "a long test password"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.status_code == 302
    assert language_of(alice) == "fr"


def test_signing_in_on_a_new_browser_brings_back_the_stored_language(client, alice):
    Profile.objects.create(user=alice, language="es")
    response = client.post(
        reverse("accounts:sign_in"),
        {"email": "alice@example.org", "password": "a long test password"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert language_of(alice) == "es"
    assert EXPECTED["es"]["chrome"] in text(client.get(reverse("plans:list")))


def test_language_of_falls_back_to_the_default(alice):
    assert language_of(alice) == settings.LANGUAGE_CODE
    Profile.objects.create(user=alice)
    assert language_of(alice) == settings.LANGUAGE_CODE


def test_a_started_plan_records_the_language_in_use(client, alice, zambia, open_cycle):
    client.force_login(alice)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    response = client.post(reverse("my:start_plan", args=[zambia.pk]))
    assert response.status_code == 302
    plan = LearningPlan.objects.get(lab=zambia)
    assert plan.language == "es"
    assert plan.title == ""  # until typed


def test_the_first_step_changes_the_plans_language_and_keeps_answers_as_typed(client, alice, draft):
    client.force_login(alice)
    response = client.post(
        reverse("my:step", args=[draft.pk, "title"]),
        {"version": draft.version, "save": "1", "title": "Aire limpio", "language": "es"},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.language) == ("Aire limpio", "es")


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_catalogue_is_complete(language):
    with CATALOGS[language].open("rb") as source:
        catalogue = read_po(source)
    assert not catalogue.fuzzy
    untranslated, fuzzy = [], []
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            untranslated.append(message.id)
        if message.fuzzy:
            fuzzy.append(message.id)
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_prompt_and_heading_of_the_questionnaire_is_translated(language):
    with CATALOGS[language].open("rb") as source:
        catalogue = read_po(source)
    with translation.override(language):
        for version in q.VERSIONS:
            for section in version.sections:
                assert section.translated_heading != section.heading
                for prompt in section.all_prompts:
                    for piece in (prompt.label, prompt.text.removeprefix(f"{prompt.label}:\u00a0")):
                        if piece:
                            assert catalogue.get(piece), piece
        for option in q.HANDOVER_OPTIONS:
            assert catalogue.get(option), option


def test_an_invitation_goes_out_in_the_language_chosen_for_a_new_person(client, rita, zambia):
    client.force_login(rita)
    client.post(
        reverse("accounts:invite"), {"email": "ana@example.org", "lab": zambia.pk, "language": "pt"}
    )
    (message,) = send_queued()
    assert message.subject == "Portal ALP: é ponto focal de Zambia"
    assert "Para escolher a sua palavra-passe" in message.body
    assert Profile.objects.get(user__email="ana@example.org").language == "pt"


def test_an_invitation_goes_out_in_the_recipients_own_language(client, rita, alice, serbia):
    Profile.objects.create(user=alice, language="fr")
    client.force_login(rita)
    # The inviter reads the portal in Spanish and suggests English: alice keeps French.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    response = client.post(
        reverse("accounts:invite"),
        {"email": "alice@example.org", "lab": serbia.pk, "language": "en"},
    )
    assert response.status_code == 302
    (message,) = send_queued()
    assert message.subject == "Portail ALP : vous êtes point focal de Serbia"
    assert "Connectez-vous comme d’habitude" in message.body
    assert language_of(alice) == "fr"
    # The inviter's confirmation is in the inviter's language.
    page = text(client.get(reverse("accounts:invite")))
    assert "alice@example.org es ahora punto focal de Serbia" in page


def test_a_password_reset_goes_out_in_the_recipients_language(client, alice):
    Profile.objects.create(user=alice, language="es")
    client.post(
        reverse("accounts:password_reset"),
        {"email": "alice@example.org"},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    (message,) = send_queued()
    assert message.subject == "Portal ALP: elija una nueva contraseña"
    assert "Para elegir una nueva contraseña" in message.body


@pytest.mark.parametrize(
    "language, goal", [("fr", "13. Mesures relatives"), ("es", "13. Acción por el clima")]
)
def test_goals_are_named_in_the_interfaces_language_but_exported_in_english(
    client, zambia, language, goal
):
    climate = Tag.objects.create(vocabulary="sdg", name="13. Climate action", slug="13", number=13)
    plan = make_plan(lab=zambia, slug="goal", tags=[climate])
    accept = {"HTTP_ACCEPT_LANGUAGE": language}
    assert goal in text(client.get(plan.get_absolute_url(), **accept))
    assert goal in text(client.get(reverse("plans:list"), **accept))  # the SDG facet
    assert "[[sdgs:13. Climate action]]" in export_plan(plan)


@pytest.mark.parametrize("language, separator", [("en", ":\u00a0"), ("fr", "\u00a0:\u00a0")])
def test_a_labelled_prompt_is_punctuated_as_its_language_does(
    client, alice, draft, language, separator
):
    client.force_login(alice)
    # The read-back before submitting gives each prompt whole (a step shows its label and its
    # question apart).
    page = text(client.get(reverse("my:review", args=[draft.pk]), HTTP_ACCEPT_LANGUAGE=language))
    label = {"en": "Background", "fr": "Contexte"}[language]
    assert f"{label}{separator}{EXPECTED[language]['prompt']}" in page
