import shutil
from io import StringIO

import pytest
from django.core.management import call_command

from labs.models import Lab
from plans.models import LearningPlan, Tag
from tests.conftest import FIXTURES
from tests.sdgcommons.test_document import typed_lines
from tests.sdgcommons.test_import_plans import GOOD

pytestmark = pytest.mark.django_db


def import_and_export(source, target):
    call_command("import_plans", str(source), stdout=StringIO(), stderr=StringIO())
    call_command("export_plans", str(target), stdout=StringIO())
    return {path.name: path.read_bytes() for path in sorted(target.iterdir())}


def empty_database():
    LearningPlan.objects.all().delete()
    Lab.objects.all().delete()
    Tag.objects.all().delete()


def test_export_import_export_is_byte_identical(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    for name in GOOD:
        shutil.copy(FIXTURES / name, source / name)
    first = import_and_export(source, tmp_path / "first")
    assert len(first) == len(GOOD)
    empty_database()
    second = import_and_export(tmp_path / "first", tmp_path / "second")
    assert first == second


def test_it_writes_the_prompts_of_the_plans_own_version(tmp_path):
    exported = import_and_export(FIXTURES / "plan_2021_packed.md", tmp_path / "out")
    (text,) = exported.values()
    assert b"> Please state the name of the Parter:" in text
    assert text.startswith(b"# Cleaner cookstoves for peri-urban households")


@pytest.mark.parametrize("name", ["hard_breaks.md", "hard_breaks_report.md"])
def test_the_spaces_that_end_answer_lines_survive_the_database(tmp_path, name):
    (text,) = import_and_export(FIXTURES / name, tmp_path / "out").values()
    assert typed_lines((FIXTURES / name).read_text()) <= set(text.decode().split("\n"))
