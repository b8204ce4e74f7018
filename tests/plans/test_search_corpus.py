"""Search over the real export, imported as plans really arrive (`import_plans`): a word that a
plan's answers contain finds that plan, in English, French and Spanish, accents ignored."""

import re
import unicodedata
from collections import Counter

import pytest

from plans.models import LearningPlan
from plans.search import search
from sdgcommons import document
from sdgcommons.importers import FAILED, Importer, find_documents
from tests.conftest import CORPUS

pytestmark = [pytest.mark.django_db, pytest.mark.postgres, pytest.mark.corpus]

WORDS_PER_LANGUAGE = 5
# Web addresses and e-mail addresses are single tokens to PostgreSQL's parser, not words.
_ADDRESS = re.compile(r"\S+@\S+|\w+://\S+|www\.\S+")
_WORD = re.compile(r"(?<!\w)[^\W\d_]{6,}(?!\w)")


def plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def answer_text(data: document.PlanData) -> str:
    """All a document answers (not the questionnaire's own words), as the reader finds it."""
    values = [data.title, data.heading, *data.fields.values()]
    values += [value for item in sum(data.repeats.values(), []) for value in item.values()]
    values += [other.answer for other in data.others]
    return _ADDRESS.sub(" ", "\n".join(_strings(values)))


def _strings(values):
    for value in values:
        if isinstance(value, str):
            yield value
        elif isinstance(value, list | tuple | dict):
            yield from _strings(value.values() if isinstance(value, dict) else value)


def test_a_word_of_a_plans_answers_finds_that_plan_in_every_language():
    importer = Importer()
    plan_of = {}
    for result in importer.import_files(find_documents([str(CORPUS)])):
        assert result.outcome != FAILED, str(result)
        plan_of[result.path] = result.plan.pk
    documents = {path: document.read(path.read_text()) for path in plan_of}
    texts = {path: answer_text(data) for path, data in documents.items()}
    words_of = {path: set(_WORD.findall(text.casefold())) for path, text in texts.items()}
    plain_texts = {path: plain(text) for path, text in texts.items()}

    # Words the files themselves use, per language, in a few plans to a third of them.
    chosen = []
    for language in ("en", "fr", "es"):
        paths = [path for path, data in documents.items() if data.language == language]
        frequency = Counter(word for path in paths for word in words_of[path])
        fewest = 3 if len(paths) > 30 else 1  # the export holds only a few Spanish plans
        common = [
            word
            for word, count in frequency.most_common()
            if fewest <= count <= max(len(paths) // 3, 3) and word not in chosen
        ]
        accented = [w for w in common if plain(w) != w]
        picked = accented[:2] + [w for w in common if w not in accented][: WORDS_PER_LANGUAGE - 2]
        assert len(picked) == WORDS_PER_LANGUAGE, (language, len(paths))
        chosen += picked
    assert len(chosen) >= 12

    published = LearningPlan.objects.published()
    for word in chosen:
        pattern = re.compile(rf"(?<!\w){re.escape(plain(word))}(?!\w)")
        expected = {plan_of[path] for path, text in plain_texts.items() if pattern.search(text)}
        assert expected, word
        for query in {word, plain(word)}:
            found = set(search(published, query).values_list("pk", flat=True))
            missed = expected - found
            assert not missed, f"“{query}” misses {len(missed)} of {len(expected)} plans"
