"""The real export in ../shared: every document imports, and the round trip holds."""

from io import StringIO

import pytest
from django.core.management import call_command

from plans import answers
from plans.models import LearningPlan
from tests.conftest import CORPUS, SEEDS
from tests.plans.test_export_plans import empty_database
from tests.plans.test_import_plans import run as run_import

pytestmark = [pytest.mark.django_db, pytest.mark.corpus]


def run(*paths):
    """The exit code, the summary line and the errors of one import run."""
    code, out, err = run_import(*paths)
    return code, out.strip().splitlines()[-1], err


def test_the_whole_corpus_imports_and_round_trips(tmp_path):
    count = len(list(CORPUS.glob("*.md")))
    code, summary, err = run(CORPUS)
    assert (code, err) == (0, "")
    assert summary == f"created={count} updated=0 unchanged=0 failed=0"
    assert run(CORPUS)[1] == f"created=0 updated=0 unchanged={count} failed=0"

    call_command("export_plans", str(tmp_path / "first"), stdout=StringIO())
    first = {path.name: path.read_bytes() for path in (tmp_path / "first").iterdir()}
    empty_database()
    assert run(tmp_path / "first")[1] == f"created={count} updated=0 unchanged=0 failed=0"
    call_command("export_plans", str(tmp_path / "second"), stdout=StringIO())
    second = {path.name: path.read_bytes() for path in (tmp_path / "second").iterdir()}
    assert first == second

    # Entities are decoded on the way in, and written back only where decoding needs them.
    exported = " ".join(
        " ".join(answers.decode_entities(text.decode()).split()) for text in first.values()
    )
    missing = [
        (path.name, paragraph[:80])
        for path in sorted(CORPUS.glob("*.md"))
        for paragraph in _answer_paragraphs(path.read_text())
        if " ".join(answers.decode_entities(paragraph).split()) not in exported
    ]
    assert missing == []


def test_the_seeds_import_and_the_article_is_refused():
    code, summary, err = run(*sorted(SEEDS.iterdir()))
    assert code == 1
    assert summary == "created=2 updated=0 unchanged=0 failed=1"
    assert "001_d50f476f5dbd128f.txt: not a learning plan" in err
    report = LearningPlan.objects.get(kind="progress")
    assert report.lab.country == "BD"
    plan = LearningPlan.objects.get(kind="plan")
    assert plan.lab.country == "AZ"
    assert plan.partnerships.count() == 5


def _answer_paragraphs(text):
    paragraph = []
    for line in [*text.splitlines(), ""]:
        if line.startswith(("#", ">", "[[", "<div", "</div")) or not line.strip():
            if paragraph:
                yield "\n".join(paragraph)
            paragraph = []
        else:
            paragraph.append(line)
