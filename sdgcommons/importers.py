"""Loading exported documents into the portal, each document whole or not at all.

`Importer.import_file` returns what happened to one file; the management command and the tests
call it. A second run over the same files changes nothing: a document whose text was imported
before is reported unchanged.
"""

import difflib
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import DatabaseError
from django.utils import timezone
from django.utils.text import slugify

from labs.models import Lab, Membership
from partners.models import Partnership
from partners.organisations import OrganisationBook
from plans import countries
from plans.models import Insight, LearningPlan, LearningQuestion, OtherAnswer
from plans.questionnaire import PLAN_FIELDS
from plans.slugs import creating, next_free, plan_slug_base, unique_slug
from plans.vocabularies import TagBook
from plans.writing import writing

from . import document

CREATED, UPDATED, UNCHANGED, FAILED = "created", "updated", "unchanged", "failed"
# Documents written in one transaction, whose search index, tag counts and revisions are then
# refreshed together: one commit and one refresh for many documents is most of the speed.
BATCH_SIZE = 50


@dataclass
class Result:
    path: Path
    outcome: str
    plan: LearningPlan | None = None
    error: str = ""
    copy_of: Path | None = None  # an identical file met earlier in the same run

    def __str__(self):
        if self.outcome == FAILED:
            return f"{self.path}: {self.error}"
        if self.copy_of:
            return f"{self.path}: {self.outcome} {self.plan.slug} (a copy of {self.copy_of})"
        return f"{self.path}: {self.outcome} {self.plan.slug}"


class Refused(ValueError):
    """A document that reads well but must not be written as it is; says why."""


def find_documents(paths: list[str]) -> list[Path]:
    """Files as given, and every file under a folder, in a stable order."""
    found = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found += sorted(
                p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")
            )
        else:
            found.append(path)
    return found


def import_key(data: document.PlanData) -> str:
    country = countries.lookup(data.country)
    natural = "|".join(
        [
            country.code if country else data.country,
            str(data.year),
            data.kind,
            data.heading or data.title,
        ]
    )
    return hashlib.sha256(natural.encode()).hexdigest()


class Importer:
    """Writes documents; `replace` lets an update remove answers the stored plan has,
    `create_labs` lets a document name a lab that is not a country of the network."""

    def __init__(
        self,
        *,
        status: str = LearningPlan.Status.PUBLISHED,
        replace: bool = False,
        create_labs: bool = False,
    ):
        self.status = status
        self.replace = replace
        self.create_labs = create_labs
        self.claimed: set[int] = set()
        # The files written in this run, by content: an identical copy is not a second plan.
        self.written: dict[str, tuple[Path, LearningPlan]] = {}
        self.parts: list = []  # of the documents written in the open batch, to write together
        self._reset_caches()

    def _reset_caches(self):
        """Forget what was read or made: after a rollback, some of it may not exist."""
        self.tags = TagBook()
        self.organisations = OrganisationBook()
        self.labs: dict[str, Lab] = {}
        self.users: dict[str, object] = {}
        self.members: set[tuple[int, int]] = set()
        self.plan_slugs: set[str] | None = None  # every plan's, read when a batch's first is new

    def import_files(self, paths: list[Path]):
        """Import each file, yielding its Result.

        Documents are written in the order of their natural keys, not of their file names, so
        that which of two same-titled plans gets the plain slug does not depend on file names.
        """
        parsed = []
        for path in paths:
            outcome = self.read_file(path)
            if isinstance(outcome, Result):
                yield outcome
            else:
                parsed.append(outcome)
        parsed.sort(key=lambda item: (item[3], item[2]))
        for start in range(0, len(parsed), BATCH_SIZE):
            yield from self.save_all(parsed[start : start + BATCH_SIZE])

    def save_all(self, documents: list[tuple]) -> list[Result]:
        """Write (path, data, source hash, key) documents in one transaction, each whole or not
        at all (a savepoint each), and their parts and what derives from them (search index, tag
        counts, revisions) once for them all. Should the transaction fail as a whole, each
        document is written on its own instead."""
        written, claimed = dict(self.written), set(self.claimed)
        try:
            with writing(reason="import") as writes:
                # One import's batch at a time: another import, run meanwhile, may have stored
                # these same documents, or taken the slugs this run would give its new plans.
                creating()
                self.plan_slugs = None
                self.existing = self._stored([key for *_, key in documents])
                self.parts = []
                results = [self.save(*document, writes=writes) for document in documents]
                write_parts(self.parts)
        except DatabaseError as error:
            self._reset_caches()
            self.written, self.claimed = written, claimed
            if len(documents) == 1:
                return [Result(documents[0][0], FAILED, error=f"could not be saved: {error}")]
            return [result for document in documents for result in self.save_all([document])]
        return results

    def _stored(self, keys) -> dict[str, list[LearningPlan]]:
        """The stored plans of these natural keys, by key."""
        stored = {}
        plans = LearningPlan.objects.filter(import_key__in=keys).order_by("pk")
        for plan in plans.only("id", "slug", "source_hash", "import_key"):
            stored.setdefault(plan.import_key, []).append(plan)
        return stored

    def import_file(self, path: Path) -> Result:
        return next(iter(self.import_files([path])))

    def read_file(self, path: Path):
        """(path, data, source hash, natural key), or a failed Result saying why."""
        try:
            raw = path.read_bytes()
            text = raw.decode("utf-8")
        except OSError as error:
            return Result(path, FAILED, error=f"cannot be read ({error.strerror})")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            return Result(path, FAILED, error=f"line {line}: not UTF-8 text")
        try:
            data = document.read(text)
        except document.DocumentError as error:
            return Result(path, FAILED, error=str(error))
        return path, data, hashlib.sha256(raw).hexdigest(), import_key(data)

    def save(self, path: Path, data: document.PlanData, source_hash: str, key: str, *, writes):
        if source_hash in self.written:
            first, plan = self.written[source_hash]
            return Result(path, UNCHANGED, plan, copy_of=first)
        try:
            # Writes nothing before `writes.each(plan)`, which holds the document's savepoint.
            result = self._save(path, data, source_hash, key, writes)
        except Refused as error:
            self._reset_caches()
            return Result(path, FAILED, error=str(error))
        except (DatabaseError, ValueError) as error:
            # The transaction rolled back: anything cached during it may not exist.
            self._reset_caches()
            return Result(path, FAILED, error=f"could not be saved: {error}")
        self.written[source_hash] = (path, result.plan)
        return result

    def _save(self, path, data: document.PlanData, source_hash: str, key: str, writes) -> Result:
        existing = self.existing.get(key, [])
        for plan in existing:
            if plan.source_hash == source_hash and plan.pk not in self.claimed:
                self.claimed.add(plan.pk)
                return Result(path, UNCHANGED, plan)
        plan = next((p for p in existing if p.pk not in self.claimed), None)
        outcome = UPDATED if plan else CREATED
        if plan and not self.replace and (lost := losses(plan, data)):
            raise Refused(
                "this would remove what the stored plan "
                f"“{plan.slug}” has: {'; '.join(lost)}. "
                "If that is intended, import it again with --replace."
            )
        plan = plan or LearningPlan(status=self.status)
        plan.import_key, plan.source_hash = key, source_hash
        with writes.each(plan):
            self.parts += save_plan(data, plan=plan, importer=self)
        self.claimed.add(plan.pk)
        return Result(path, outcome, plan)

    def new_plan_slug(self, plan: LearningPlan) -> str:
        """`plan_slug` for a new plan, from the slugs the plans have, read once per batch (a
        query per plan asked for a base, then for its numbered ones, when it was taken)."""
        if self.plan_slugs is None:
            self.plan_slugs = set(LearningPlan.objects.values_list("slug", flat=True))
        return next_free(plan_slug_base(plan), self.plan_slugs)

    def lab_for(self, name: str, data: document.PlanData) -> Lab:
        country = countries.lookup(name)
        label = country.name if country else " ".join(name.split())
        if label not in self.labs:
            lab = Lab.objects.filter(name__iexact=label).first()
            if lab is None and country is None and not self.create_labs:
                raise Refused(unknown_country(name))
            if lab is None:
                lab = Lab.objects.create(
                    name=label,
                    slug=unique_slug(Lab, slugify(label) or "lab"),
                    country=country.code if country else "",
                    region=country.region if country else "",
                    latitude=data.latitude,
                    longitude=data.longitude,
                )
            self.labs[label] = lab
        return self.labs[label]

    def user_for(self, email: str, lab: Lab):
        email = email.strip().lower()
        if not email:
            return None
        if email not in self.users:
            User = get_user_model()
            # E-mail addresses are one account whatever their case (see accounts.forms).
            user = User.objects.filter(email__iexact=email).order_by("pk").first()
            if user is None:
                user = User(username=email[:150], email=email)
                user.set_unusable_password()
                user.save()
            self.users[email] = user
        user = self.users[email]
        if (user.pk, lab.pk) not in self.members:
            # A membership there is keeps its role; one statement, with no savepoint.
            Membership.objects.bulk_create([Membership(user=user, lab=lab)], ignore_conflicts=True)
            self.members.add((user.pk, lab.pk))
        return user


def losses(plan: LearningPlan, data: document.PlanData) -> list[str]:
    """What writing `data` over the stored `plan` would remove: answers it has that `data`
    leaves empty, and partners, questions, insights or other answers it has more of."""
    stored = LearningPlan.objects.get(pk=plan.pk)
    lost = [
        f"the answer “{LearningPlan._meta.get_field(name).verbose_name}”"
        for name in PLAN_FIELDS
        if _filled(getattr(stored, name)) and not _filled(data.fields.get(name))
    ]
    for noun, count, incoming in [
        ("partners", stored.partnerships.count(), data.repeats.get("partnerships", [])),
        (
            "learning questions",
            stored.learning_questions.count(),
            data.repeats.get("learning_questions", []),
        ),
        ("key insights", stored.insights.count(), data.fields.get("insights", [])),
        ("other answers", stored.other_answers.count(), data.others),
    ]:
        if len(incoming) < count:
            lost.append(f"{count - len(incoming)} of its {count} {noun}")
    return lost


def _filled(value) -> bool:
    if isinstance(value, str):
        return bool(value.strip())
    return value not in (None, [], {})


def unknown_country(name: str) -> str:
    """Why a document naming no country of the network (nor an existing lab) is refused."""
    names = [country.name for country in countries.COUNTRIES]
    names += Lab.objects.exclude(name__in=names).values_list("name", flat=True)
    close = difflib.get_close_matches(" ".join(name.split()), names, n=3, cutoff=0.6)
    message = f"[[country:{name}]] is not a country of the network nor an existing lab"
    if close:
        message += "; did you mean " + " or ".join(f"“{c}”" for c in close) + "?"
    return message + " Labs are created in the admin, or with --create-labs."


def save_plan(data: document.PlanData, *, plan: LearningPlan, importer: Importer) -> list:
    """Write `data` onto `plan` (new or existing), inside `writing(plan)`, which refreshes what
    derives from it; return its parts (partners, questions, answers, a new plan's tag links)
    for `write_parts`, which writes those of many plans together."""
    if len(data.title) > 500:
        raise ValueError(f"the title is {len(data.title)} characters long; at most 500 fit")
    lab = importer.lab_for(data.country, data)
    plan.kind = data.kind
    plan.questionnaire = data.version.key
    plan.language = data.language
    plan.lab = lab
    plan.focal_point = importer.user_for(data.focal_point, lab)
    plan.year = data.year
    plan.title = data.title
    plan.heading = data.heading
    plan.latitude, plan.longitude = data.latitude, data.longitude
    plan.extra_metadata = data.extra_metadata
    for name in PLAN_FIELDS:
        field = LearningPlan._meta.get_field(name)
        plan_value = data.fields.get(name)
        setattr(plan, name, field.get_default() if plan_value is None else plan_value)
    if plan.status == LearningPlan.Status.PUBLISHED and not plan.published_at:
        plan.published_at = timezone.now()
    is_new = plan.pk is None
    if is_new:
        plan.slug = importer.new_plan_slug(plan)
    plan.save()
    if not is_new:
        for related in (
            plan.partnerships,
            plan.learning_questions,
            plan.insights,
            plan.other_answers,
        ):
            related.all().delete()
    terms = [(vocabulary, term) for vocabulary, terms in data.tags.items() for term in terms]
    tags = {tag.pk: tag for tag in importer.tags.get_all(terms) if tag is not None}
    links = []
    if is_new:
        through = LearningPlan.tags.through
        links = [through(learningplan=plan, tag_id=pk) for pk in tags]
    else:
        plan.tags.set(tags)
    return links + _parts(plan, data, importer)


def write_parts(parts: list) -> None:
    """Write the parts `save_plan` returned, of one plan or many: a statement per kind."""
    by_model = {}
    for part in parts:
        by_model.setdefault(type(part), []).append(part)
    for model, objects in by_model.items():
        model.objects.bulk_create(objects)


def _parts(plan: LearningPlan, data: document.PlanData, importer: Importer) -> list:
    """The plan's partners, questions, insights and other answers, to be written."""
    items = data.repeats.get("partnerships", [])
    organisations = importer.organisations.get_all([item.get("name", "") for item in items])
    parts = [
        Partnership(
            plan=plan,
            position=position,
            organisation=organisation,
            name_as_written=item.get("name", ""),
            sector=item.get("sector", ""),
            description=item.get("description", ""),
            is_new_and_unusual=item.get("is_new_and_unusual"),
            source=item.get("source") or {},
        )
        for position, (item, organisation) in enumerate(zip(items, organisations, strict=True), 1)
    ]
    parts += [
        LearningQuestion.from_answers(plan, position, item)
        for position, item in enumerate(data.repeats.get("learning_questions", []), 1)
    ]
    parts += [
        Insight(plan=plan, position=position, marker=marker, text=text)
        for position, (marker, text) in enumerate(data.fields.get("insights", []), 1)
    ]
    parts += [
        OtherAnswer(
            plan=plan,
            position=position,
            section=other.section,
            prompt=other.prompt or "",
            answer=other.answer,
            is_group=other.is_group,
            is_preamble=other.prompt is None,
        )
        for position, other in enumerate(data.others, 1)
    ]
    return parts


def link_progress_reports() -> int:
    """Link each unlinked progress report to the plan of its lab it most likely reports on.

    The export has no identifier for this: a report shares the lab, comes the same year or later,
    and usually repeats words of the plan's title.
    """
    linked = 0
    plans_by_lab: dict[int, list[LearningPlan]] = {}
    for plan in LearningPlan.objects.filter(kind=LearningPlan.Kind.PLAN).only(
        "id", "lab_id", "year", "title"
    ):
        plans_by_lab.setdefault(plan.lab_id, []).append(plan)
    reports = LearningPlan.objects.filter(kind=LearningPlan.Kind.PROGRESS, plan__isnull=True)
    for report in reports.only("id", "lab_id", "year", "title"):
        words = _title_words(report.title)
        best, best_score = None, 0.0
        for plan in plans_by_lab.get(report.lab_id, []):
            if not (report.year - 1 <= plan.year <= report.year):
                continue
            other = _title_words(plan.title)
            score = len(words & other) / len(words | other) if words and other else 0.0
            if score > best_score:
                best, best_score = plan, score
        if best is not None and best_score >= 0.3:
            LearningPlan.objects.filter(pk=report.pk).update(plan=best)
            linked += 1
    return linked


_STOP_WORDS = {
    "the",
    "and",
    "for",
    "of",
    "in",
    "on",
    "to",
    "a",
    "an",
    "with",
    "closing",
    "learnings",
    "learning",
    "plan",
    "progress",
    "report",
    "completed",
    "closure",
}


def _title_words(title: str) -> set[str]:
    return {
        word
        for word in re.findall(r"\w+", title.casefold())
        if len(word) > 2 and word not in _STOP_WORDS
    }
