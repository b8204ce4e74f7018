"""The API's shapes: a plan in the listing and in full, a partner organisation.

The JSON export is made of the same plan summaries as the API's plan list, and the CSV row is
flattened from one. Blank choices and countries are written as null, not as empty strings.
"""

from collections import namedtuple

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from labs.models import Region
from partners.models import PartnerOrganisation, Partnership
from plans import countries
from plans.models import LearningPlan, LearningQuestion, OtherAnswer, Tag
from plans.questionnaire import PLAN_FIELDS
from plans.sectors import Sector


@extend_schema_field(OpenApiTypes.URI)
class PageURLField(serializers.Field):
    """The object's public page, as an absolute URL."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value):
        return self.context["request"].build_absolute_uri(value.get_absolute_url())


class ChoiceOrNullField(serializers.ChoiceField):
    """A choice, or null where none was made (a blank value)."""

    def __init__(self, choices, **kwargs):
        super().__init__(choices, allow_null=True, read_only=True, **kwargs)

    def to_representation(self, value):
        return super().to_representation(value) or None


class IsoDateTimeField(serializers.DateTimeField):
    """As Python writes it (`…+00:00`), as the API and the exports always have."""

    def __init__(self, **kwargs):
        super().__init__(allow_null=True, read_only=True, **kwargs)

    def to_representation(self, value):
        return value.isoformat() if value else None


class CountrySerializer(serializers.Serializer):
    """A lab's country: its ISO code (null for a lab without one) and its English name."""

    code = serializers.SerializerMethodField()
    name = serializers.SerializerMethodField()

    def get_code(self, lab) -> str | None:
        return lab.country or None

    def get_name(self, lab) -> str:
        return country_name(lab)


def country_name(lab) -> str:
    country = countries.BY_CODE.get(lab.country)
    return country.name if country else lab.name


class PlanSummarySerializer(serializers.ModelSerializer):
    """A plan as the listing shows it. Reads `lab` and `tags`, which callers fetch in bulk."""

    url = PageURLField(help_text="The plan's public page.")
    country = CountrySerializer(source="lab", read_only=True)
    region = ChoiceOrNullField(Region.choices, source="lab.region")
    challenge_type = ChoiceOrNullField(LearningPlan.ChallengeType.choices)
    sdgs = serializers.SerializerMethodField()
    methods = serializers.SerializerMethodField()
    datasources = serializers.SerializerMethodField()
    themes = serializers.SerializerMethodField()
    published_at = IsoDateTimeField()

    class Meta:
        model = LearningPlan
        fields = [
            "slug",
            "url",
            "title",
            "kind",
            "year",
            "country",
            "region",
            "challenge_type",
            "sdgs",
            "methods",
            "datasources",
            "themes",
            "tweet_summary",
            "published_at",
        ]
        read_only_fields = fields

    @extend_schema_field(
        {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": 17}}
    )
    def get_sdgs(self, plan) -> list[int]:
        return sorted(tag.number for tag in _tags(plan, Tag.Vocabulary.SDG) if tag.number)

    def get_methods(self, plan) -> list[str]:
        return [tag.name for tag in _tags(plan, Tag.Vocabulary.METHOD)]

    def get_datasources(self, plan) -> list[str]:
        return [tag.name for tag in _tags(plan, Tag.Vocabulary.DATASOURCE)]

    def get_themes(self, plan) -> list[str]:
        return [tag.name for tag in _tags(plan, Tag.Vocabulary.THEME)]

    def to_representation(self, plan):
        """The fields above, written out by `summary`: DRF's field by field walk took most of an
        API page's time. They still describe the shape (the schema reads them), and a test holds
        the two ways equal."""
        lab = plan.lab
        row = {
            **{name: getattr(plan, name) for name in SUMMARY_FIELDS if "__" not in name},
            "lab__name": lab.name,
            "lab__country": lab.country,
            "lab__region": lab.region,
        }
        url = self.context["request"].build_absolute_uri(plan.get_absolute_url())
        tags = getattr(plan, "summary_tags", None)  # as `with_summary_tags` reads them
        return summary(row, url, plan.tags.all() if tags is None else tags)


# What a summary reads of a plan, its tags apart (`summary`): the API list and the exports read
# no more.
SUMMARY_FIELDS = [
    "slug",
    "title",
    "kind",
    "year",
    "challenge_type",
    "tweet_summary",
    "published_at",
    "lab__name",
    "lab__country",
    "lab__region",
]


SummaryTag = namedtuple("SummaryTag", "vocabulary name number")


def with_summary_tags(plans: list) -> list:
    """The plans, each with its tags as a summary reads them (`summary_tags`, in the tags' own
    order), read in one query as rows: as model instances, a page's few hundred tags took a
    third of an API page's time."""
    tags = {plan.pk: [] for plan in plans}
    order = [f"tag__{name}" for name in Tag._meta.ordering]
    links = LearningPlan.tags.through.objects.filter(learningplan__in=list(tags)).order_by(*order)
    fields = [f"tag__{name}" for name in SummaryTag._fields]
    for plan_id, *tag in links.values_list("learningplan_id", *fields):
        tags[plan_id].append(SummaryTag(*tag))
    for plan in plans:
        plan.summary_tags = tags[plan.pk]
    return plans


def _tags(plan, vocabulary):
    return [tag for tag in plan.tags.all() if tag.vocabulary == vocabulary]


# The vocabularies' values as plain strings: read per plan by the exports, where the enum's
# properties took a twentieth of a CSV export.
_VOCABULARIES = list(map(str, Tag.Vocabulary.values))
_SDG, _METHOD, _DATASOURCE, _THEME = (str(v) for v in Tag.Vocabulary)


def summary(row: dict, url: str, tags) -> dict:
    """What `PlanSummarySerializer` gives, from a plan's row, its page's address and its tags in
    their order (read by attribute: `vocabulary`, `name`, `number`). The exports write every plan
    through this, twenty times faster than the serializer; a test holds the two equal."""
    names = {vocabulary: [] for vocabulary in _VOCABULARIES}
    for tag in tags:
        names[tag.vocabulary].append(tag)
    code = row["lab__country"]
    country = countries.BY_CODE.get(code)
    published_at = row["published_at"]
    return {
        "slug": row["slug"],
        "url": url,
        "title": row["title"],
        "kind": row["kind"],
        "year": row["year"],
        "country": {"code": code or None, "name": country.name if country else row["lab__name"]},
        "region": row["lab__region"] or None,
        "challenge_type": row["challenge_type"] or None,
        "sdgs": sorted(tag.number for tag in names[_SDG] if tag.number),
        "methods": [tag.name for tag in names[_METHOD]],
        "datasources": [tag.name for tag in names[_DATASOURCE]],
        "themes": [tag.name for tag in names[_THEME]],
        "tweet_summary": row["tweet_summary"],
        "published_at": published_at.isoformat() if published_at else None,
    }


class OrganisationLinkSerializer(serializers.ModelSerializer):
    url = PageURLField()

    class Meta:
        model = PartnerOrganisation
        fields = ["slug", "url"]
        read_only_fields = fields


class RankedListSerializer(serializers.ListSerializer):
    """Each item ranked by its place in the list, from 1: the order the plan gives them."""

    def to_representation(self, data):
        items = list(data.all())
        for rank, item in enumerate(items, start=1):
            item.rank = rank
        return super().to_representation(items)


class PartnershipSerializer(serializers.ModelSerializer):
    rank = serializers.IntegerField(read_only=True, min_value=1)
    name = serializers.CharField(read_only=True)
    sector = ChoiceOrNullField(Sector.choices)
    organisation = OrganisationLinkSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Partnership
        fields = ["rank", "name", "sector", "description", "is_new_and_unusual", "organisation"]
        read_only_fields = fields
        list_serializer_class = RankedListSerializer


class LearningQuestionSerializer(serializers.ModelSerializer):
    stages = serializers.ListField(
        child=serializers.ChoiceField(choices=LearningQuestion.Stage.values), read_only=True
    )

    class Meta:
        model = LearningQuestion
        fields = ["question", "stages", "methods_usage", "data_gaps"]
        read_only_fields = fields


class OtherAnswerSerializer(serializers.ModelSerializer):
    class Meta:
        model = OtherAnswer
        fields = ["section", "prompt", "answer"]
        read_only_fields = fields


class PlanSerializer(PlanSummarySerializer):
    """A plan with every answer. The view passes the slugs of the related plans this user may
    see in the context: `parent` (a report's plan) and `reports` (a plan's reports)."""

    questionnaire = serializers.CharField(
        read_only=True, help_text="The questionnaire version it answers."
    )
    partners = PartnershipSerializer(source="partnerships", many=True, read_only=True)
    learning_questions = LearningQuestionSerializer(many=True, read_only=True)
    insights = serializers.SlugRelatedField(slug_field="text", many=True, read_only=True)
    other_answers = OtherAnswerSerializer(many=True, read_only=True)
    plan = serializers.SerializerMethodField(help_text="For a progress report: the plan's slug.")
    progress_reports = serializers.SerializerMethodField(
        help_text="Slugs of the reports on this plan."
    )
    markdown_url = serializers.SerializerMethodField(
        help_text="The plan in the SDG Commons markdown format."
    )

    class Meta(PlanSummarySerializer.Meta):
        fields = [
            *PlanSummarySerializer.Meta.fields,
            "heading",
            "questionnaire",
            "language",
            *(name for name in PLAN_FIELDS if name not in PlanSummarySerializer.Meta.fields),
            "partners",
            "learning_questions",
            "insights",
            "other_answers",
            "plan",
            "progress_reports",
            "markdown_url",
        ]
        read_only_fields = fields

    # One plan: DRF's own walk over the fields (the summary's shortcut covers only its fields).
    to_representation = serializers.ModelSerializer.to_representation

    def get_plan(self, plan) -> str | None:
        return self.context["parent"]

    def get_progress_reports(self, plan) -> list[str]:
        return list(self.context["reports"])

    @extend_schema_field(OpenApiTypes.URI)
    def get_markdown_url(self, plan) -> str:
        url = reverse("plans:markdown", args=[plan.slug])
        return self.context["request"].build_absolute_uri(url)


class PartnerSummarySerializer(serializers.ModelSerializer):
    """An organisation and how many plans this user may see list it (annotated by the view)."""

    url = PageURLField()
    sector = ChoiceOrNullField(Sector.choices)
    plan_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = PartnerOrganisation
        fields = ["slug", "url", "name", "sector", "plan_count"]
        read_only_fields = fields


class PlanLinkSerializer(serializers.ModelSerializer):
    url = PageURLField()

    class Meta:
        model = LearningPlan
        fields = ["slug", "title", "url"]
        read_only_fields = fields


class PartnerSerializer(PartnerSummarySerializer):
    """An organisation and the plans that list it; the view passes them as `plans`."""

    plans = serializers.SerializerMethodField()

    class Meta(PartnerSummarySerializer.Meta):
        fields = [*PartnerSummarySerializer.Meta.fields, "plans"]
        read_only_fields = fields

    @extend_schema_field(PlanLinkSerializer(many=True))
    def get_plans(self, partner):
        return PlanLinkSerializer(self.context["plans"], many=True, context=self.context).data
