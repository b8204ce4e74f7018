import functools
from urllib.parse import quote

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models, transaction
from django.db.models import Case, Count, Max, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from labs.models import Lab
from labs.roles import is_reviewer

from .sdgs import sdg_label
from .signals import plan_transitioned


class TagQuerySet(models.QuerySet):
    def recount(self) -> None:
        """Store how many published plans carry each of these tags (0 until it is approved).

        One grouped query counts them all and one statement stores them. A count per tag, as a
        correlated subquery, was planned from the tables' statistics, which a freshly imported
        database has not got yet: PostgreSQL then read every published plan once per tag.
        """
        approved = dict(self.values_list("pk", "is_approved"))
        if not approved:
            return
        links = LearningPlan.tags.through.objects.filter(
            tag__in=list(approved), learningplan__status=LearningPlan.Status.PUBLISHED
        )
        counts = dict(links.values_list("tag").annotate(Count("pk")).order_by())
        by_count = {}
        for pk, is_approved in approved.items():
            by_count.setdefault(counts.get(pk, 0) if is_approved else 0, []).append(pk)
        Tag.objects.filter(pk__in=list(approved)).update(
            published_count=Case(
                *(When(pk__in=pks, then=Value(count)) for count, pks in by_count.items()),
                default=Value(0),
            )
        )


@functools.cache
def _listing_path(script_prefix, urlconf) -> str:
    # A listing page links dozens of terms: the listing's address is made once per prefix.
    return reverse("plans:list", urlconf=urlconf)


def term_url(vocabulary: str, value) -> str:
    """The listing filtered by one term: the vocabularies double as the filters' names, and
    `value` is a goal's number or another term's slug."""
    return f"{_listing_path(get_script_prefix(), get_urlconf())}?{vocabulary}={value}"


def plan_paths():
    """A function giving a plan page's path from its slug, as `reverse` gives it, under the
    current script prefix. The path around the slug is reversed once per prefix: reversing each
    took ~30 µs, and listings and exports link plans by the dozen or thousand. Bound to the
    prefix when called, it can be used on another thread (the exports')."""
    before, after = _plan_path(get_script_prefix(), get_urlconf())
    return lambda slug: before + quote(slug, safe="!$&'()*+,;=/~:@") + after  # as `reverse`


@functools.cache
def _plan_path(script_prefix, urlconf) -> tuple[str, str]:
    marker = "-slug-"
    before, after = reverse("plans:detail", args=[marker], urlconf=urlconf).split(marker)
    return before, after


class Tag(models.Model):
    """A term of one of the four vocabularies. Variant spellings live on as aliases."""

    class Vocabulary(models.TextChoices):
        SDG = "sdg", _("SDG")
        METHOD = "method", _("Method")
        DATASOURCE = "datasource", _("Data source")
        THEME = "theme", _("Thematic area")

    vocabulary = models.CharField(_("vocabulary"), max_length=12, choices=Vocabulary)
    # Some labs typed whole sentences as terms; they are kept, and can be merged away.
    name = models.TextField(_("name"))
    slug = models.SlugField(_("slug"), max_length=300)
    number = models.PositiveSmallIntegerField(
        _("number"), null=True, blank=True, help_text=_("Goal number, for SDGs.")
    )
    # A term a focal point typed in is used on their plan at once but stays out of the public
    # facets until a curator approves it (or merges it into an existing term).
    is_approved = models.BooleanField(_("approved"), default=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_tags",
        verbose_name=_("proposed by"),
    )
    # How many published plans carry the tag: the unfiltered listing's facet counts, kept by
    # `recount()` whenever plans are written, published or unpublished (0 until approved).
    published_count = models.PositiveIntegerField(default=0, editable=False)

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["vocabulary", "number", "name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        indexes = [
            # A long facet's top terms, read without its tail.
            models.Index(fields=["vocabulary", "-published_count"], name="tag_published_count_idx")
        ]
        constraints = [
            models.UniqueConstraint(fields=["vocabulary", "slug"], name="tag_unique_slug"),
            models.UniqueConstraint(
                fields=["vocabulary", "number"],
                condition=Q(number__isnull=False),
                name="tag_unique_sdg_number",
            ),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | Q(number__gte=1, number__lte=17),
                name="tag_sdg_number_in_range",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        sdg = self.vocabulary == self.Vocabulary.SDG
        return term_url(self.vocabulary, self.number if sdg else self.slug)

    @property
    def label(self) -> str:
        """The name to show: a goal's in the interface's language, any other term as written."""
        return sdg_label(self.number) if self.number else self.name


# The vocabularies by the names the questionnaire gives them where a section asks for terms
# (`Section.terms`), which are also the names of the focal points' form fields.
TERMS = {
    "sdgs": Tag.Vocabulary.SDG,
    "methods": Tag.Vocabulary.METHOD,
    "datasources": Tag.Vocabulary.DATASOURCE,
    "themes": Tag.Vocabulary.THEME,
}


class TagAlias(models.Model):
    """A normalised spelling that the importer maps onto a tag (kept when tags are merged)."""

    vocabulary = models.CharField(_("vocabulary"), max_length=12, choices=Tag.Vocabulary)
    key = models.CharField(_("spelling"), max_length=300)
    tag = models.ForeignKey(
        Tag, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("tag")
    )

    class Meta:
        verbose_name = _("spelling")
        verbose_name_plural = _("spellings")
        constraints = [
            models.UniqueConstraint(fields=["vocabulary", "key"], name="tagalias_unique_key")
        ]

    def __str__(self):
        return f"{self.key} → {self.tag}"


class LearningPlanQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=LearningPlan.Status.PUBLISHED)

    def visible_to(self, user):
        if user.is_active and user.is_staff:
            return self
        if user.is_authenticated:
            own_labs = Lab.objects.filter(members=user)
            return self.filter(Q(status=LearningPlan.Status.PUBLISHED) | Q(lab__in=own_labs))
        return self.published()

    def worked_on_by(self, user):
        """The plans this person works on: every plan for reviewers, their labs' for others."""
        if is_reviewer(user):
            return self
        return self.filter(lab__in=Lab.objects.filter(members=user))

    def with_cards(self):
        """What a result card shows, in one query: the plan, its lab, and its first insight (shown
        when it has no tweet). Its goals come with it (`goal_numbers`): reading them and the
        insights in queries of their own took half a listing's cards."""
        insights = Insight.objects.filter(plan=OuterRef("pk")).order_by("position")
        return self.select_related("lab").annotate(
            first_insight=Coalesce(
                Subquery(insights.values("text")[:1]), Value(""), output_field=models.TextField()
            )
        )

    def with_answers(self):
        """Every answer with the plans (what the plan page, the review page and the exports read),
        in a fixed number of queries."""
        # Partnership's model is partners', which imports this module: reached through the field.
        partnerships = LearningPlan._meta.get_field("partnerships").related_model.objects
        return self.select_related("lab", "focal_point").prefetch_related(
            "tags",
            Prefetch("partnerships", queryset=partnerships.select_related("organisation")),
            "learning_questions",
            "insights",
            "other_answers",
        )

    def without_search(self):
        """Leave out the search texts and vectors, which are long and only searching reads."""
        return self.defer("search_text", "answer_text", "rank_vector")


# The title a plan starts with, stored in English and shown in the reader's language.
UNTITLED = gettext_noop("Untitled plan")


class LearningPlan(models.Model):
    """An action learning plan or its end-of-cycle progress report, as the questionnaire asks it.

    The questionnaire (plans/questionnaire.py) decides which prompt fills which field; a prompt
    with no field here lands in OtherAnswer so nothing a lab wrote is dropped.
    """

    class Kind(models.TextChoices):
        PLAN = "plan", _("Learning plan")
        PROGRESS = "progress", _("Progress report")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")

    class Action(models.TextChoices):
        SUBMIT = "submit", _("Submit")
        REQUEST_CHANGES = "request_changes", _("Request changes")
        APPROVE = "approve", _("Approve")
        PUBLISH = "publish", _("Publish")
        UNPUBLISH = "unpublish", _("Unpublish")

    # The review workflow, defined once: action -> (the statuses it may start from, where it
    # leads). A stored plan's status moves only through `transition`: the review page's
    # decisions, submission (questionnaire/views.py) and the admin's publish and unpublish actions.
    # The importer, the demo and the tests' factories create plans in a status; writers keep the
    # stored one (plans/writing.py).
    TRANSITIONS = {
        Action.SUBMIT: ({Status.DRAFT, Status.CHANGES_REQUESTED}, Status.SUBMITTED),
        Action.REQUEST_CHANGES: ({Status.SUBMITTED, Status.APPROVED}, Status.CHANGES_REQUESTED),
        Action.APPROVE: ({Status.SUBMITTED}, Status.APPROVED),
        Action.PUBLISH: ({Status.APPROVED, Status.UNPUBLISHED}, Status.PUBLISHED),
        Action.UNPUBLISH: ({Status.PUBLISHED}, Status.UNPUBLISHED),
    }

    class ChallengeType(models.TextChoices):
        BIG_BET = "big_bet", _("Big bet")
        EXPLORATORY = "exploratory", _("Exploratory")

    # A lab's challenges a year: at most 3 plans, of which at most 1 big bet.
    MAX_PLANS_PER_YEAR = 3

    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.PLAN)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT)
    # Optimistic locking: a save must name the version it started from (see questionnaire/views.py).
    version = models.PositiveIntegerField(default=1, editable=False)
    questionnaire = models.CharField(
        _("questionnaire version"),
        max_length=30,
        help_text=_("The prompts it was written against."),
    )
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="en"
    )
    lab = models.ForeignKey(
        Lab, on_delete=models.PROTECT, related_name="plans", verbose_name=_("lab")
    )
    focal_point = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="learning_plans",
        verbose_name=_("focal point"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plans_to_review",
        limit_choices_to={"is_staff": True},
        verbose_name=_("reviewer"),
        help_text=_("The reviewer who looks after it; notified when it is submitted."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    plan = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="progress_reports",
        verbose_name=_("plan"),
        help_text=_("For a progress report: the plan it reports on."),
    )
    title = models.CharField(_("title"), max_length=500)
    heading = models.TextField(
        _("heading"), blank=True, help_text=_("The document's heading when it differs.")
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    tags = models.ManyToManyField(Tag, related_name="plans", blank=True, verbose_name=_("tags"))

    # The plan
    challenge_type = models.CharField(max_length=12, choices=ChallengeType, blank=True)
    challenge_statement = models.TextField(blank=True)
    background = models.TextField(blank=True)
    quantitative_evidence = models.TextField(blank=True)
    qualitative_evidence = models.TextField(blank=True)
    value_proposition = models.TextField(blank=True)
    tweet_summary = models.TextField(blank=True)
    early_leads = models.TextField(_("early leads to grow"), blank=True)

    # The progress report
    handover_options = models.JSONField(default=list, blank=True)
    handover_detail = models.TextField(blank=True)
    blog_links = models.TextField(blank=True)
    barriers = models.TextField(blank=True)
    time_sense = models.PositiveSmallIntegerField(null=True, blank=True)
    time_explore = models.PositiveSmallIntegerField(null=True, blank=True)
    time_test = models.PositiveSmallIntegerField(null=True, blank=True)
    time_grow = models.PositiveSmallIntegerField(null=True, blank=True)
    data_rationale = models.TextField(blank=True)
    methods_rationale = models.TextField(blank=True)
    partners_government = models.TextField(blank=True)
    partners_private = models.TextField(blank=True)
    partners_civil_society = models.TextField(blank=True)
    partners_academic = models.TextField(blank=True)
    partners_un = models.TextField(blank=True)
    partners_new_unusual = models.TextField(blank=True)
    supporting_evidence = models.TextField(blank=True)
    bonus_answer = models.TextField(blank=True)

    # Import bookkeeping: the natural key of the source document and a hash of its text.
    import_key = models.CharField(max_length=64, blank=True, db_index=True)
    source_hash = models.CharField(max_length=64, blank=True)
    extra_metadata = models.JSONField(default=list, blank=True)

    # Search (plans/search.py): all the plan says as one text (on PostgreSQL its vector is a
    # `PlanSearchVector`), and the small vector that ranking reads (title, tweet, challenge
    # statement).
    search_text = models.TextField(blank=True, editable=False)
    rank_vector = SearchVectorField(null=True, editable=False)
    # What the labs wrote in answer, as plain text: what a search result's excerpt is cut from.
    # Nullable because a NOT NULL column added on SQLite rebuilds the table, which drops the
    # triggers three apps keep on it (migration 0022 fills it for the plans there are).
    answer_text = models.TextField(null=True, editable=False)  # noqa: DJ001
    # The learning-cycle stages of its questions and the sectors of its partners, as bits (see
    # plans/filters.py), so that filtering and counting them needs no join.
    stage_mask = models.PositiveSmallIntegerField(default=0, editable=False)
    sector_mask = models.PositiveSmallIntegerField(default=0, editable=False)
    # Its tags' ids: on PostgreSQL, GIN-indexed, tag filters and counts need no join.
    tag_ids = models.JSONField(default=list, editable=False)
    # The numbers of its goals (its SDG terms), which its result card shows without a join.
    # Nullable for the reason `answer_text` is (migration 0027 fills it in).
    goal_numbers = models.JSONField(null=True, editable=False)
    # Its answers and its parts' as safe HTML, by a digest of their text (plans/rendering.py):
    # rendered once when it is written, read by its pages.
    rendered = models.JSONField(default=dict, editable=False)

    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = LearningPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("learning plan")
        verbose_name_plural = _("learning plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="plan_year_plausible"
            ),
            models.CheckConstraint(
                condition=Q(published_at__isnull=False) | ~Q(status="published"),
                name="plan_published_has_date",
            ),
        ]
        indexes = [
            # The public listing: published plans, newest first.
            models.Index(
                fields=["status", "-year", "-published_at", "title"], name="plan_listing_idx"
            ),
            # The home page's latest publications.
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(status="published"),
                name="plan_latest_published_idx",
            ),
            # Facet counts read only these columns: on PostgreSQL an index-only scan.
            models.Index(
                fields=["status"],
                include=["kind", "year", "challenge_type", "lab", "stage_mask", "sector_mask"],
                name="plan_facets_idx",
            ),
        ]

    def __str__(self):
        return self.display_title

    def get_absolute_url(self):
        return plan_paths()(self.slug)

    @property
    def display_title(self) -> str:
        # Not named yet: a new plan's title is empty (earlier ones stored UNTITLED itself).
        return gettext(UNTITLED) if self.title.strip() in ("", UNTITLED) else self.title

    def lab_year_problems(self, challenge_type: str | None = None) -> list[str]:
        """What breaks 'at most 3 plans per lab and year, of which at most 1 big bet', were the
        plan of `challenge_type` (default: its own)."""
        if self.kind != self.Kind.PLAN:
            return []
        challenge_type = self.challenge_type if challenge_type is None else challenge_type
        others = LearningPlan.objects.filter(
            lab_id=self.lab_id, year=self.year, kind=self.Kind.PLAN
        ).exclude(pk=self.pk)
        problems = []
        if others.count() >= self.MAX_PLANS_PER_YEAR:
            problems.append(
                gettext(
                    "Your lab already has %(count)s plans for %(year)s: at most 3 challenges a "
                    "year (1 big bet, 2 exploratory)."
                )
                % {"count": self.MAX_PLANS_PER_YEAR, "year": self.year}
            )
        big_bet = self.ChallengeType.BIG_BET
        if challenge_type == big_bet and others.filter(challenge_type=big_bet).exists():
            problems.append(
                gettext(
                    "Your lab already has a big bet for %(year)s: choose “exploratory” for this "
                    "one."
                )
                % {"year": self.year}
            )
        return problems

    def allowed_actions(self) -> list[str]:
        return [
            action for action, (sources, _) in self.TRANSITIONS.items() if self.status in sources
        ]

    def transition(
        self, action: str, *, by=None, message: str = "", seen_status=None, seen_event=None
    ) -> "PlanEvent":
        """Move the plan along the workflow, or raise IllegalTransition; records who, when, why.

        The decision is made on what the person saw: `seen_status` (default: the status this
        instance was read with) and, when given, `seen_event`, the id of the plan's last event
        then (0 for none). The status moves only if it is still the one seen, with a conditional
        UPDATE, in one transaction with the event, the approval of proposed terms, the tag counts
        and what the review app records on it (a revision, notifications and their e-mails): of
        concurrent decisions exactly one is taken, and one that another got ahead of raises
        `Overtaken` (an IllegalTransition), changing nothing.
        """

        seen_status = seen_status or self.status
        if action not in self.TRANSITIONS:
            raise IllegalTransition(
                gettext("“%(action)s” is not an action of the review workflow.")
                % {"action": action}
            )
        sources, target = self.TRANSITIONS[action]
        if seen_status not in sources:
            raise IllegalTransition(
                gettext("A plan that is %(status)s cannot be %(target)s (“%(action)s”).")
                % {
                    "status": self.Status(seen_status).label.lower(),
                    "target": target.label.lower(),
                    "action": self.Action(action).label,
                }
            )
        if action == self.Action.REQUEST_CHANGES and not message.strip():
            raise IllegalTransition(gettext("Say what should change: a message is required."))
        now = timezone.now()
        changes = {"status": target, "updated_at": now}
        if action == self.Action.SUBMIT:
            changes["submitted_at"] = now
        if action == self.Action.PUBLISH:
            changes["published_at"] = Coalesce("published_at", Value(now))
        try:
            with transaction.atomic():
                rows = LearningPlan.objects.filter(pk=self.pk, status=seen_status)
                # On PostgreSQL the row stays locked until the transaction ends: a concurrent
                # decision waits here, then finds the status moved on and updates nothing.
                if not rows.update(**changes) or (
                    seen_event is not None and self._last_event_id() != seen_event
                ):
                    raise Overtaken
                if action == self.Action.PUBLISH:
                    # The reviewer who publishes has seen the terms the lab proposed: they
                    # become ordinary terms, listed and counted like any other.
                    self.tags.filter(is_approved=False).update(is_approved=True)
                event = PlanEvent.objects.create(
                    plan=self,
                    action=action,
                    from_status=seen_status,
                    to_status=target,
                    actor=by,
                    message=message,
                )
                if self.Status.PUBLISHED in (seen_status, target):
                    self.tags.all().recount()
                self.refresh_from_db(
                    fields=["status", "updated_at", "submitted_at", "published_at"]
                )
                # In the same transaction: the review app's receivers keep a revision and the
                # notifications with their e-mails, which only wait in the outbox (its worker
                # sends them after the commit), so no mail server holds the row.
                plan_transitioned.send(LearningPlan, event=event)
        except Overtaken:
            # Said after the rollback, with the status the other decision left.
            raise Overtaken(self._overtaken_message()) from None
        return event

    def _last_event_id(self) -> int:
        return self.events.aggregate(last=Max("pk"))["last"] or 0

    def _overtaken_message(self) -> str:
        status = LearningPlan.objects.filter(pk=self.pk).values_list("status", flat=True).first()
        return gettext(
            "Someone else changed “%(title)s” meanwhile: it is now %(status)s. Nothing was "
            "done; look at it again first."
        ) % {"title": self.title, "status": self.Status(status).label.lower()}

    def publish(self, *, by=None):
        return self.transition(self.Action.PUBLISH, by=by)


class PlanSearchVector(models.Model):
    """On PostgreSQL, a plan's full-text search vector (see plans/search.py), in a narrow table
    of its own: a broad search matches a fifth of the plans, and PostgreSQL reads each match's
    row to know it still holds. From the plans' wide rows that was 12,000 pages at 100,000
    plans; here, the vectors kept in TOAST storage, it is 700."""

    plan = models.OneToOneField(
        LearningPlan, on_delete=models.CASCADE, primary_key=True, related_name="search_vector"
    )
    vector = SearchVectorField()

    class Meta:
        verbose_name = _("search vector")
        verbose_name_plural = _("search vectors")

    def __str__(self):
        return str(self.plan_id)


class PlanRankTerm(models.Model):
    """On PostgreSQL, one word of a plan's rank vector (see plans/search.py) and what it adds to
    the plan's rank for a search that asks for it: PostgreSQL's `ts_rank` of an any-word
    search, term by term. A broad search's thousands of ranked plans are summed from these rows,
    found by word, where ranking read each plan's row and vector."""

    pk = models.CompositePrimaryKey("plan", "lexeme")
    # The primary key, led by the plan, is the index that finds a plan's terms.
    plan = models.ForeignKey(
        LearningPlan, on_delete=models.CASCADE, related_name="rank_terms", db_index=False
    )
    lexeme = models.TextField()
    score = models.FloatField()

    class Meta:
        verbose_name = _("rank term")
        verbose_name_plural = _("rank terms")
        indexes = [
            models.Index(fields=["lexeme", "plan"], include=["score"], name="plan_rank_term_word")
        ]

    def __str__(self):
        return f"{self.plan_id}: {self.lexeme}"


class PublishedGroup(models.Model):
    """How many published plans share a lab, year, kind and challenge type, and how many of
    them touch each learning stage and partner sector: the unfiltered listing's facet counts
    and the number of published plans, read from a few thousand rows however many plans there
    are. Kept by database triggers on the plans table (migration 0017), so that every way a
    plan is written, published, unpublished or deleted keeps them, in the same transaction."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10)
    challenge_type = models.CharField(max_length=12)
    plans = models.IntegerField(default=0)
    # One count per bit of `LearningPlan.stage_mask` and `sector_mask`, in the bits' order.
    stage_sense = models.IntegerField(default=0)
    stage_explore = models.IntegerField(default=0)
    stage_test = models.IntegerField(default=0)
    stage_grow = models.IntegerField(default=0)
    sector_government = models.IntegerField(default=0)
    sector_private = models.IntegerField(default=0)
    sector_civil_society = models.IntegerField(default=0)
    sector_academia = models.IntegerField(default=0)
    sector_un = models.IntegerField(default=0)
    sector_international = models.IntegerField(default=0)
    sector_media = models.IntegerField(default=0)
    sector_other = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("group of published plans")
        verbose_name_plural = _("groups of published plans")
        constraints = [
            models.UniqueConstraint(
                fields=["lab", "year", "kind", "challenge_type"], name="published_group_unique"
            )
        ]

    def __str__(self):
        return f"{self.lab_id} {self.year} {self.kind} {self.challenge_type}: {self.plans}"


class PublishedVersion(models.Model):
    """A token that changes whenever what the public listing reads of the published plans does:
    one is published, unpublished, deleted, or changes its lab, year, kind, challenge type,
    stages, partner sectors, terms, title or publication date, or a term changes vocabulary, is
    approved or unapproved, or is deleted. Set by database triggers on the plans and terms
    tables (migration 0019), in the same transaction as the change, to a random value: a
    process holding the listing's index of the published plans (`public.plan_index`) reads it
    to know whether that index still holds. One row."""

    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("version of the published plans")
        verbose_name_plural = _("versions of the published plans")

    def __str__(self):
        return self.token


class IllegalTransition(ValueError):
    """An action the workflow does not allow from the plan's status."""


class Overtaken(IllegalTransition):
    """A decision made on a state of the plan that another decision has since left."""


class PlanEvent(models.Model):
    """One step of a plan through the review workflow: who did what, when, and why."""

    plan = models.ForeignKey(
        LearningPlan, on_delete=models.CASCADE, related_name="events", verbose_name=_("plan")
    )
    action = models.CharField(_("action"), max_length=20, choices=LearningPlan.Action)
    from_status = models.CharField(_("from status"), max_length=20, choices=LearningPlan.Status)
    to_status = models.CharField(_("to status"), max_length=20, choices=LearningPlan.Status)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("by"),
    )
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["plan_id", "created_at", "pk"]
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")

    def __str__(self):
        return f"{self.plan}: {self.get_action_display()} by {self.actor or 'system'}"


class LearningQuestion(models.Model):
    class Stage(models.TextChoices):
        """The stages of the learning cycle, in order: a question relates to some of them, and a
        progress report splits its time between them."""

        SENSE = "sense", _("Sense")
        EXPLORE = "explore", _("Explore")
        TEST = "test", _("Test")
        GROW = "grow", _("Grow")

    plan = models.ForeignKey(
        LearningPlan,
        on_delete=models.CASCADE,
        related_name="learning_questions",
        verbose_name=_("plan"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    question = models.TextField(_("question"), blank=True)
    is_sense = models.BooleanField(_("Sense"), default=False)
    is_explore = models.BooleanField(_("Explore"), default=False)
    is_test = models.BooleanField(_("Test"), default=False)
    is_grow = models.BooleanField(_("Grow"), default=False)
    methods_usage = models.TextField(_("usage of methods"), blank=True)
    data_gaps = models.TextField(_("existing data gaps"), blank=True)

    class Meta:
        ordering = ["plan_id", "position"]
        verbose_name = _("learning question")
        verbose_name_plural = _("learning questions")

    def __str__(self):
        return self.question[:80]

    @property
    def stages(self):
        return [stage for stage in self.Stage.values if getattr(self, f"is_{stage}")]

    @stages.setter
    def stages(self, values):
        for stage in self.Stage.values:
            setattr(self, f"is_{stage}", stage in values)

    @property
    def stage_choices(self) -> list[tuple[str, str]]:
        """(value, label) of each of its stages, the label in the interface's language."""
        return [(stage, self.Stage(stage).label) for stage in self.stages]

    @classmethod
    def from_answers(cls, plan, position: int, answers: dict) -> "LearningQuestion":
        """An unsaved question holding `answers` (shaped as `answers()` gives them)."""
        question = cls(
            plan=plan,
            position=position,
            question=answers.get("question", ""),
            methods_usage=answers.get("methods_usage", ""),
            data_gaps=answers.get("data_gaps", ""),
        )
        question.stages = answers.get("stages", [])
        return question

    def answers(self) -> dict:
        """The question's answers by questionnaire field, as the export and the API give them."""
        return {
            "question": self.question,
            "stages": self.stages,
            "methods_usage": self.methods_usage,
            "data_gaps": self.data_gaps,
        }


class Insight(models.Model):
    """One key insight of a progress report, in the order the lab ranked them."""

    # A longer "marker" is text, not a list marker (see sdgcommons/answers.py).
    MARKER_LENGTH = 20

    plan = models.ForeignKey(
        LearningPlan, on_delete=models.CASCADE, related_name="insights", verbose_name=_("plan")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    marker = models.CharField(
        _("marker"),
        max_length=MARKER_LENGTH,
        blank=True,
        help_text=_('The list marker as written, e.g. "1." or "-".'),
    )
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["plan_id", "position"]
        verbose_name = _("key insight")
        verbose_name_plural = _("key insights")

    def __str__(self):
        return self.text[:80]


class OtherAnswer(models.Model):
    """An answer to a prompt the model has no field for, kept so that nothing is dropped."""

    plan = models.ForeignKey(
        LearningPlan,
        on_delete=models.CASCADE,
        related_name="other_answers",
        verbose_name=_("plan"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    section = models.TextField(_("section"), blank=True, help_text=_("The heading as written."))
    prompt = models.TextField(_("prompt"), blank=True)
    answer = models.TextField(_("answer"), blank=True)
    is_group = models.BooleanField(_("group of answers"), default=False)
    is_preamble = models.BooleanField(
        _("preamble"),
        default=False,
        help_text=_("Text written under the heading, before any prompt."),
    )

    class Meta:
        ordering = ["plan_id", "position"]
        verbose_name = _("other answer")
        verbose_name_plural = _("other answers")

    def __str__(self):
        return f"{self.section}: {self.prompt[:60]}"


class EvidenceFile(models.Model):
    """A supporting file a lab uploaded with its plan or report (checked by content on upload).

    Served only through the `plans:evidence` view, to people who may see the plan: MEDIA_ROOT is
    never served directly.
    """

    plan = models.ForeignKey(LearningPlan, on_delete=models.CASCADE, related_name="evidence_files")
    file = models.FileField(upload_to="evidence/%Y/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan_id", "created_at", "pk"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self):
        return self.original_name

    def get_absolute_url(self):
        return reverse("plans:evidence", args=[self.plan.slug, self.pk])
