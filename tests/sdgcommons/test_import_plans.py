import shutil
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from labs.models import Lab
from partners.models import PartnerOrganisation, Partnership
from plans.models import LearningPlan, Tag
from tests.conftest import FIXTURES

pytestmark = pytest.mark.django_db

GOOD = [
    "plan_2021_packed.md",
    "plan_2023_numbered.md",
    "progress_2022_a.md",
    "progress_2024_b.md",
    "plan_fr.md",
    "plan_es.md",
    "combined_2021.md",
    "metadata_only.md",
    "heading_wrapped.md",
    "heading_empty.md",
    "hard_breaks.md",
    "hard_breaks_report.md",
    "structure_in_answers.md",
]


def run(*args):
    out, err = StringIO(), StringIO()
    try:
        call_command("import_plans", *map(str, args), stdout=out, stderr=err)
        code = 0
    except SystemExit as exit:
        code = exit.code
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def folder(tmp_path):
    for name in GOOD:
        shutil.copy(FIXTURES / name, tmp_path / name)
    return tmp_path


def test_it_imports_a_folder_and_ends_with_one_summary_line(folder):
    code, out, err = run(folder)
    assert code == 0
    assert out.strip().splitlines()[-1] == f"created={len(GOOD)} updated=0 unchanged=0 failed=0"
    assert "documents/s" in out
    assert LearningPlan.objects.count() == len(GOOD)
    assert set(LearningPlan.objects.values_list("status", flat=True)) == {"published"}


def test_a_second_run_changes_nothing(folder):
    run(folder)
    before = list(LearningPlan.objects.values_list("pk", "updated_at", "slug").order_by("pk"))
    code, out, _ = run(folder)
    assert code == 0
    assert out.strip().splitlines()[-1] == f"created=0 updated=0 unchanged={len(GOOD)} failed=0"
    assert list(LearningPlan.objects.values_list("pk", "updated_at", "slug").order_by("pk")) == (
        before
    )


def test_a_changed_file_updates_its_plan(folder):
    run(folder)
    path = folder / "plan_2023_numbered.md"
    path.write_text(path.read_text().replace("Rubble is a resource.", "Rubble is gold."))
    code, out, _ = run(folder)
    assert out.strip().splitlines()[-1] == f"created=0 updated=1 unchanged={len(GOOD) - 1} failed=0"
    plan = LearningPlan.objects.get(title="Reusing construction waste in Belgrade")
    assert plan.tweet_summary == "Rubble is gold."
    assert plan.partnerships.count() == 4


def test_it_stores_the_plan_in_structure():
    run(FIXTURES / "plan_2021_packed.md")
    plan = LearningPlan.objects.get()
    assert plan.kind == "plan"
    assert plan.questionnaire == "plan-2021"
    assert plan.lab.country == "ZM"
    assert plan.lab.region == "RBA"
    assert plan.focal_point.email == "ana.banda@example.org"
    assert plan.lab.members.filter(pk=plan.focal_point.pk).exists()
    assert [p.name for p in plan.partnerships.all()] == [
        "Lusaka City Council",
        "Copperbelt Stove Makers",
        "Women in Energy Zambia",
    ]
    assert [q.stages for q in plan.learning_questions.all()] == [["sense", "explore"], ["test"]]
    assert plan.other_answers.filter(is_preamble=True, answer="****").exists()
    assert sorted(plan.tags.filter(vocabulary="sdg").values_list("number", flat=True)) == [7, 10]


def test_progress_reports_keep_their_insights_in_order():
    run(FIXTURES / "progress_2022_a.md")
    report = LearningPlan.objects.get()
    assert report.kind == "progress"
    assert [i.text.split()[0] for i in report.insights.all()] == [
        "Cooks",
        "Pay-as-you-go",
        "Neighbours",
    ]
    assert report.time_sense == 30


def test_a_report_is_linked_to_its_plan(folder):
    (folder / "progress_2022_a.md").write_text(
        (folder / "progress_2022_a.md")
        .read_text()
        .replace(
            "# Cleaner cookstoves: what we learned", "# Cleaner cookstoves in Lusaka households"
        )
    )
    run(folder)
    report = LearningPlan.objects.get(kind="progress", lab__country="ZM")
    assert report.plan.questionnaire == "plan-2021"


def test_partner_organisations_are_shared_across_plans(tmp_path):
    for number in (1, 2):
        text = (FIXTURES / "progress_2024_b.md").read_text().replace("Dhaka", f"Dhaka {number}")
        (tmp_path / f"report_{number}.md").write_text(text.replace("ICT Division", "ict  division"))
    run(tmp_path)
    assert PartnerOrganisation.objects.count() == 1
    assert Partnership.objects.count() == 2


def test_tag_variants_collapse_onto_one_tag(tmp_path):
    run(FIXTURES / "plan_2023_numbered.md")
    themes = Tag.objects.filter(vocabulary="theme")
    assert list(themes.values_list("name", flat=True)) == ["circular economy"]


def test_the_status_option_sets_the_status_of_new_plans():
    code, _, _ = run(FIXTURES / "plan_fr.md", "--status", "draft")
    assert code == 0
    assert LearningPlan.objects.get().status == "draft"


def test_an_article_is_refused_by_name_and_nothing_is_written():
    code, out, err = run(FIXTURES / "article.txt")
    assert code == 1
    assert "article.txt: not a learning plan" in err
    assert out.strip().splitlines()[-1] == "created=0 updated=0 unchanged=0 failed=1"
    assert LearningPlan.objects.count() == 0
    assert Lab.objects.count() == 0


def test_a_bad_file_is_reported_with_its_line_and_the_others_land(folder):
    shutil.copy(FIXTURES / "bad_year.md", folder / "bad_year.md")
    code, out, err = run(folder)
    assert code == 1
    assert 'bad_year.md: line 5: the year "twenty-two" is not a year like 2023' in err
    assert out.strip().splitlines()[-1] == f"created={len(GOOD)} updated=0 unchanged=0 failed=1"


def test_a_document_that_fails_while_saving_writes_nothing(tmp_path):
    text = (FIXTURES / "plan_fr.md").read_text()
    long_title = "Très long titre " * 40
    (tmp_path / "long.md").write_text(
        text.replace("Valoriser les déchets plastiques à Dakar", long_title)
    )
    code, _, err = run(tmp_path / "long.md")
    assert code == 1
    assert "long.md: could not be saved: the title is" in err
    assert LearningPlan.objects.count() == 0
    assert Lab.objects.count() == 0
    assert Tag.objects.count() == 0


def test_a_file_that_is_not_text_is_reported(tmp_path):
    (tmp_path / "binary.md").write_bytes(b"# Title\n\n\xff\xfe broken")
    code, _, err = run(tmp_path / "binary.md")
    assert code == 1
    assert "binary.md: line 3: not UTF-8 text" in err


def plan_text(**replacements) -> str:
    text = (FIXTURES / "plan_2023_numbered.md").read_text()
    for old, new in replacements.items():
        assert old in text
        text = text.replace(old, new)
    return text


def test_a_truncated_file_does_not_erase_the_stored_plan(tmp_path):
    full = plan_text()
    path = tmp_path / "plan.md"
    path.write_text(full)
    run(path)
    plan = LearningPlan.objects.get()
    partners, questions = plan.partnerships.count(), plan.learning_questions.count()
    assert partners > 1 and questions

    # Cut off before the second partner, as a broken download or copy would.
    second = full.index("> Please state the name of the partner:", full.index("## Partners") + 300)
    path.write_text(full[:second])
    code, out, err = run(path)

    assert code == 1
    assert out.strip().splitlines()[-1] == "created=0 updated=0 unchanged=0 failed=1"
    assert "plan.md: this would remove what the stored plan" in err
    assert f"of its {partners} partners" in err
    assert f"{questions} of its {questions} learning questions" in err
    assert "--replace" in err
    plan.refresh_from_db()
    assert plan.partnerships.count() == partners
    assert plan.learning_questions.count() == questions


def test_replace_lets_an_update_remove_answers(tmp_path):
    path = tmp_path / "plan.md"
    path.write_text(plan_text())
    run(path)
    path.write_text(plan_text(**{"Rubble is a resource.": ""}))
    assert run(path)[0] == 1
    code, out, _ = run(path, "--replace")
    assert (code, out.strip().splitlines()[-1]) == (0, "created=0 updated=1 unchanged=0 failed=0")
    assert LearningPlan.objects.get().tweet_summary == ""


@pytest.mark.parametrize(
    ("country", "hint"),
    [("Atlantis", ""), ("Serbiaa", "did you mean “Serbia”")],
)
def test_an_unknown_country_is_refused_and_no_lab_is_created(tmp_path, country, hint):
    path = tmp_path / "plan.md"
    path.write_text(plan_text(**{"[[country:Serbia]]": f"[[country:{country}]]"}))
    code, out, err = run(path)
    assert code == 1
    assert f"plan.md: [[country:{country}]] is not a country of the network" in err
    assert hint in err and "--create-labs" in err
    assert not Lab.objects.exists() and not LearningPlan.objects.exists()


def test_create_labs_creates_a_lab_for_a_name_outside_the_network(tmp_path):
    path = tmp_path / "plan.md"
    path.write_text(plan_text(**{"[[country:Serbia]]": "[[country:Atlantis]]"}))
    assert run(path, "--create-labs")[0] == 0
    assert LearningPlan.objects.get().lab.name == "Atlantis"
    # Once it exists, the lab is known: no flag is needed for its next documents.
    path.write_text(plan_text(**{"[[country:Serbia]]": "[[country:atlantis]]", "2023": "2024"}))
    assert run(path)[0] == 0
    assert Lab.objects.filter(name="Atlantis").count() == 1


def test_identical_copies_in_one_run_make_one_plan(tmp_path):
    for name in ("plan.md", "plan copy.md"):
        (tmp_path / name).write_text(plan_text())
    code, out, _ = run(tmp_path, "--verbosity", "2")
    assert code == 0
    assert out.strip().splitlines()[-1] == "created=1 updated=0 unchanged=1 failed=0"
    assert f"plan.md: unchanged {LearningPlan.objects.get().slug} (a copy of " in out
    assert run(tmp_path)[1].strip().splitlines()[-1] == "created=0 updated=0 unchanged=2 failed=0"


def test_a_focal_point_is_one_account_whatever_the_case_of_the_email(client, django_user_model):
    account = django_user_model.objects.create_user(
        username="marko", email="Marko.Petrovic@Example.org", password="a long test password"
    )
    run(FIXTURES / "plan_2023_numbered.md")
    assert django_user_model.objects.count() == 1
    assert LearningPlan.objects.get().focal_point == account
    for typed in ("marko.petrovic@example.org", "Marko.Petrovic@Example.org"):
        response = client.post(
            reverse("accounts:sign_in"), {"email": typed, "password": "a long test password"}
        )
        assert response.status_code == 302, typed
        client.logout()
