"""The real export in ../shared: every document imports, and the round trip holds."""

from io import StringIO

import pytest
from django.core.management import call_command

from plans import questionnaire as q
from plans.models import LearningPlan
from sdgcommons import answers, document
from tests.conftest import CORPUS, SEEDS
from tests.sdgcommons.test_export_plans import empty_database
from tests.sdgcommons.test_import_plans import run as run_import

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


def test_every_document_reads_and_its_export_keeps_every_answer_line():
    """In memory, line by line: what the export writes reads back to the same export, and holds
    every line of the document's answers as it was typed (entities aside)."""
    refused, unstable, missing = [], [], []
    for path in [*sorted(CORPUS.glob("*.md")), *sorted(SEEDS.iterdir())]:
        text = path.read_text()
        try:
            data = document.read(text)
        except document.DocumentError as error:
            refused.append((path.name, str(error)))
            continue
        written = document.write(data)
        if document.write(document.read(written)) != written:
            unstable.append(path.name)
        exported = {answers.decode_entities(line) for line in written.split("\n")}
        exported_stripped = {line.strip() for line in exported}
        for line, exact in _answer_lines(text, data):
            line = answers.decode_entities(line)
            if line not in exported and (exact or line.strip() not in exported_stripped):
                missing.append((path.name, line[:80]))
    assert refused == [
        (
            "001_d50f476f5dbd128f.txt",
            "not a learning plan: it has no [[type:learningplan]] metadata line",
        )
    ]
    assert unstable == []
    assert missing == []


def _answer_lines(text, data):
    """(line, exact) for each line of a document after its metadata that is not a prompt, a
    section heading, a group's <div> or an answer that is a value (a choice, a stage), which the
    export writes as a value. The title is written without the spaces around it: `exact` is
    False for it."""
    _, _, blocks = document.lex(text)
    values = {
        line
        for block in blocks
        for item in block.items
        if item.prompt is not None
        and (found := data.version.prompt_index.get(q.prompt_key(item.prompt)))
        and found[1].kind not in (q.TEXT, q.EVIDENCE, q.INSIGHTS)
        for line in item.lines
    }
    lines = text.split("\n")
    start = next((i for i, line in enumerate(lines) if line.startswith("##")), len(lines))
    for line in lines[start:]:
        prompt = line[1:].strip() if line.startswith(">") else None
        if (
            not line.strip()
            or line in values
            or line.strip() in (document.GROUP_OPEN, document.GROUP_CLOSE)
            or (line.startswith("##") and _is_section(line[2:]))
            or (prompt is not None and _is_prompt(prompt))
        ):
            continue
        yield line, answers.decode_entities(line).strip() != data.title


def _is_section(heading):
    return not heading.strip() or q.section_for_heading(heading) is not None


def _is_prompt(prompt):
    return q.prompt_key(prompt) in q.ALL_PROMPT_KEYS or q.prompt_key(prompt) in ("", "none")


def _answer_paragraphs(text):
    paragraph = []
    for line in [*text.splitlines(), ""]:
        if line.startswith(("#", ">", "[[", "<div", "</div")) or not line.strip():
            if paragraph:
                yield "\n".join(paragraph)
            paragraph = []
        else:
            paragraph.append(line)
