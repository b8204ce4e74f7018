"""Imports that run at the same time, or a focal point proposing a term meanwhile, share the terms,
partner organisations, labs and accounts they both create: each is created once, and no document
fails."""

import threading

import pytest
from django.db import connection, transaction

from partners.models import PartnerOrganisation
from partners.organisations import OrganisationBook
from plans.models import LearningPlan, Tag
from plans.vocabularies import TagBook
from sdgcommons.importers import Importer
from tests.conftest import FIXTURES, run_together

DOCUMENT = FIXTURES / "plan_2023_numbered.md"


def test_a_term_created_since_a_book_was_read_is_found_not_made_again(db):
    stale = TagBook()
    made = TagBook().get("theme", "Blue carbon")
    assert stale.get("theme", "blue  Carbon") == made
    assert Tag.objects.filter(name="Blue carbon").count() == 1


def test_an_organisation_created_since_a_book_was_read_is_found_not_made_again(db):
    stale = OrganisationBook()
    made = OrganisationBook().get("Lake Fishers' Union")
    assert stale.get("lake fishers union") == made
    assert PartnerOrganisation.objects.count() == 1


ASKED = {
    "term": (
        TagBook,
        lambda book: book.get("theme", "Blue carbon"),
        Tag.objects.exclude(number__gt=0),
    ),
    "organisation": (OrganisationBook, lambda book: book.get("Acme"), PartnerOrganisation.objects),
}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("asked", ASKED)
def test_a_writer_creating_what_another_is_creating_waits_and_takes_its_row(asked):
    # The first creates and holds its transaction open; the second asks for the same while
    # the first's row is not yet visible to it, and gets that row once it is committed.
    book, ask, rows = ASKED[asked]
    created, commit, first = threading.Event(), threading.Event(), {}

    def create_and_hold():
        try:
            with transaction.atomic():
                first["pk"] = ask(book()).pk
                created.set()
                commit.wait(timeout=5)
        finally:
            connection.close()

    thread = threading.Thread(target=create_and_hold)
    thread.start()
    assert created.wait(timeout=10)
    second_book = book()
    threading.Timer(0.3, commit.set).start()  # while the second waits
    second = ask(second_book)
    thread.join()
    assert second.pk == first["pk"]
    assert rows.count() == 1


def copies(folder, count) -> list:
    """The document `count` times, under titles alike in their first seventy letters: new plans
    whose slugs every run would count up from the same base."""
    text = DOCUMENT.read_text()
    heading = text.splitlines()[0]
    long = f"{heading} about water and farmers in the dry season, and what they taught us"
    paths = [folder / f"copy_{number}.md" for number in range(count)]
    for number, path in enumerate(paths):
        path.write_text(text.replace(heading, f"{long} (copy {number})", 1))
    return paths


def import_at_once(paths) -> list:
    def run(number, start):
        importer = Importer()  # its books read before any other import has written
        start()
        result = importer.import_file(paths[number])
        return result.outcome, result.error

    return run_together(len(paths), run)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_imports_at_the_same_time_of_documents_naming_the_same_new_terms_all_land(tmp_path):
    assert import_at_once(copies(tmp_path, 4)) == [("created", "")] * 4
    names = list(Tag.objects.values_list("vocabulary", "name"))
    assert len(names) == len(set(names))
    organisations = list(PartnerOrganisation.objects.values_list("normalised_name", flat=True))
    assert organisations and len(organisations) == len(set(organisations))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_imports_at_the_same_time_give_their_new_plans_slugs_of_their_own(tmp_path):
    first, *others = copies(tmp_path, 5)
    # A run before them made the lab, terms and partners: these create none of them.
    assert Importer().import_file(first).outcome == "created"
    assert import_at_once(others) == [("created", "")] * 4
    slugs = list(LearningPlan.objects.values_list("slug", flat=True))
    base = min(slugs, key=len)
    assert sorted(slugs) == [base, *(f"{base}-{number}" for number in range(2, 6))]
