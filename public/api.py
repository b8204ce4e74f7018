"""The read-only JSON API: plans and partner organisations, described at /api/openapi.json.

Anyone may read it without a key. Each view starts from what the user may see
(`LearningPlan.objects.visible_to`), so the anonymous public only ever gets published plans. The
plan list takes the public listing's query string: its FilterSet, its search and its sorts.
"""

from django.core.paginator import InvalidPage
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.renderers import OpenApiJsonRenderer2
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from drf_spectacular.views import SpectacularJSONAPIView, SpectacularSwaggerSplitView
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from labs.models import Region
from partners.models import PartnerOrganisation
from plans.models import LearningPlan
from plans.sectors import Sector

from . import partners as partner_views
from . import plan_index
from .filters import SORTS, STAGES, PlanFilter
from .listing import chosen_sort, in_order, sorted_plans, visible_plans
from .serializers import (
    SUMMARY_FIELDS,
    PartnerSerializer,
    PartnerSummarySerializer,
    PlanSerializer,
    PlanSummarySerializer,
    with_summary_tags,
)

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class Pagination(PageNumberPagination):
    """`count`, `next`, `previous` and `results`; a page out of range, or no number, is a 404."""

    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    last_page_strings = ()
    invalid_page_message = _("Invalid page: {message}")

    def get_page_size(self, request):
        # Out of bounds is brought within them; only what is not a number gives the default.
        try:
            size = int(request.query_params.get(self.page_size_query_param, self.page_size))
        except ValueError:
            return self.page_size
        return min(max(size, 1), self.max_page_size)

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        try:
            self.page = paginator.page(request.query_params.get(self.page_query_param) or 1)
        except InvalidPage as error:
            raise NotFound(self.invalid_page_message.format(message=error)) from None
        return list(self.page)

    def get_next_link(self):
        return self._page_url(self.page.next_page_number()) if self.page.has_next() else None

    def get_previous_link(self):
        if not self.page.has_previous():
            return None
        return self._page_url(self.page.previous_page_number())

    def _page_url(self, number) -> str:
        # The query string as it came, the page number last.
        params = self.request.GET.copy()
        params[self.page_query_param] = number
        return self.request.build_absolute_uri(f"{self.request.path}?{params.urlencode()}")

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "in": "query",
                "required": False,
                "description": "Page number, from 1.",
                "schema": {"type": "integer", "minimum": 1, "default": 1},
            },
            {
                "name": self.page_size_query_param,
                "in": "query",
                "required": False,
                "description": f"Results per page; larger values are capped at {MAX_PAGE_SIZE}.",
                "schema": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": MAX_PAGE_SIZE,
                    "default": PAGE_SIZE,
                },
            },
        ]


class OpenToAnySite:
    """Public data: any site may read it (cookies are never sent cross-origin with "*")."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response


def _repeated(name, description, schema) -> OpenApiParameter:
    return OpenApiParameter(
        name,
        type={"type": "array", "items": schema},
        explode=True,
        style="form",
        description=f"{description} Repeat the parameter to match any of several values.",
    )


TERM_SLUG = {"type": "string", "pattern": r"^[-a-zA-Z0-9_]+$"}
PLAN_PARAMETERS = [
    OpenApiParameter("q", str, description='Full-text search: words, "a phrase", `or`, -excluded.'),
    _repeated(
        "country",
        "ISO 3166-1 alpha-2 code of the lab's country.",
        {"type": "string", "pattern": "^[A-Z]{2}$"},
    ),
    _repeated("region", "UNDP regional bureau.", {"type": "string", "enum": Region.values}),
    _repeated("year", "Year of the plan.", {"type": "string", "pattern": r"^\d{4}$"}),
    _repeated(
        "kind",
        "Learning plan or progress report.",
        {"type": "string", "enum": LearningPlan.Kind.values},
    ),
    _repeated(
        "challenge_type",
        "Type of challenge.",
        {"type": "string", "enum": LearningPlan.ChallengeType.values},
    ),
    _repeated(
        "sdg",
        "Sustainable Development Goal number.",
        {"type": "integer", "minimum": 1, "maximum": 17},
    ),
    _repeated("method", "Method term slug.", TERM_SLUG),
    _repeated("datasource", "Data source term slug.", TERM_SLUG),
    _repeated("theme", "Thematic area term slug.", TERM_SLUG),
    _repeated(
        "stage",
        "A learning question of the plan is at this stage of the learning cycle.",
        {"type": "string", "enum": [stage for stage, _ in STAGES]},
    ),
    _repeated(
        "partner_sector",
        "A partner of the plan is in this sector.",
        {"type": "string", "enum": Sector.values},
    ),
    OpenApiParameter(
        "sort",
        str,
        enum=[sort for sort, _ in SORTS],
        description="Order: relevance (the default with q), newest (the default without), title.",
    ),
]
NOT_FOUND = OpenApiResponse(
    {"type": "object", "properties": {"detail": {"type": "string"}}, "required": ["detail"]},
    description="Not found, or not visible to you.",
)


@extend_schema_view(
    get=extend_schema(
        summary="Plans, filtered and paginated",
        operation_id="listPlans",
        parameters=PLAN_PARAMETERS,
        # Described above: the FilterSet's own fields do not say their types.
        filters=False,
        responses={200: PlanSummarySerializer(many=True), 404: NOT_FOUND},
    )
)
class PlanList(OpenToAnySite, generics.ListAPIView):
    serializer_class = PlanSummarySerializer
    pagination_class = Pagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = PlanFilter

    def get_queryset(self):
        plans, _ = sorted_plans(self.request, visible_plans(self.request))
        return plans.select_related("lab").only(*SUMMARY_FIELDS)

    def paginate_queryset(self, queryset):
        """A page of the plans: for the public, its ids counted and ordered by the listing's
        index of the published plans, then only those read (a deep page by OFFSET read every
        plan before it: 48 ms for page 1,000 of 20,000 plans); for the signed-in, by SQL."""
        sort = chosen_sort(self.request)
        selection = plan_index.selection_for(self.request, ranked=sort == "relevance")
        if selection is None:
            return with_summary_tags(super().paginate_queryset(queryset))
        ids = [int(pk) for pk in super().paginate_queryset(selection.ids(sort))]
        return with_summary_tags(in_order(queryset, ids))


@extend_schema_view(
    get=extend_schema(
        summary="One plan with every answer",
        operation_id="getPlan",
        responses={200: PlanSerializer, 404: NOT_FOUND},
    )
)
class PlanDetail(OpenToAnySite, generics.RetrieveAPIView):
    serializer_class = PlanSerializer

    def retrieve(self, request, slug):
        visible = LearningPlan.objects.visible_to(request.user)
        # Its answers as written: not as its page shows them.
        everything = visible.with_answers().without_search().defer("rendered")
        plan = everything.filter(slug=slug).first()
        if plan is None:
            # The same answer for a plan that does not exist and one this user may not see.
            raise NotFound(_("No plan found with this slug."))
        parent = visible.filter(pk=plan.plan_id).values_list("slug", flat=True).first()
        reports = visible.filter(plan=plan).order_by("year", "slug").values_list("slug", flat=True)
        context = self.get_serializer_context() | {"parent": parent, "reports": reports}
        return Response(PlanSerializer(plan, context=context).data)


@extend_schema_view(
    get=extend_schema(
        summary="Partner organisations with at least one published plan",
        operation_id="listPartners",
        parameters=[
            OpenApiParameter("q", str, description="Part of the organisation's name."),
            _repeated(
                "sector",
                "Organisations some plan lists under this sector.",
                {"type": "string", "enum": Sector.values},
            ),
        ],
        responses={200: PartnerSummarySerializer(many=True), 404: NOT_FOUND},
    )
)
class PartnerList(OpenToAnySite, generics.ListAPIView):
    serializer_class = PartnerSummarySerializer
    pagination_class = Pagination

    def get_queryset(self):
        return partner_views.directory_by_sql(self.request.user, *self._asked())

    def paginate_queryset(self, queryset):
        """For the public, counted and ordered in the index of the published plans, as the
        partner directory page is; for the signed-in, by SQL."""
        if self.request.user.is_authenticated:
            return super().paginate_queryset(queryset)
        directory, places = partner_views.directory_from_index(*self._asked())
        return partner_views.organisations_at(directory, super().paginate_queryset(places))

    def _asked(self) -> tuple[str, list[str]]:
        query = self.request.GET.get("q", "").strip()
        return query, [s for s in self.request.GET.getlist("sector") if s in Sector.values]


@extend_schema_view(
    get=extend_schema(
        summary="One partner organisation and its plans",
        operation_id="getPartner",
        responses={200: PartnerSerializer, 404: NOT_FOUND},
    )
)
class PartnerDetail(OpenToAnySite, generics.RetrieveAPIView):
    serializer_class = PartnerSerializer

    def retrieve(self, request, slug):
        partner = PartnerOrganisation.objects.visible_to(request.user).filter(slug=slug).first()
        if partner is None:
            raise NotFound(_("No partner found with this slug."))
        plans = (
            LearningPlan.objects.visible_to(request.user)
            .filter(partnerships__organisation=partner)
            .distinct()
            .order_by("-year", "title")
            .only("slug", "title")
        )
        context = self.get_serializer_context() | {"plans": plans}
        return Response(PartnerSerializer(partner, context=context).data)


class Schema(OpenToAnySite, SpectacularJSONAPIView):
    """The OpenAPI document, generated from the views above, as plain JSON."""

    renderer_classes = [OpenApiJsonRenderer2]


class Docs(SpectacularSwaggerSplitView):
    """Swagger UI over the schema, served from our static files (the CSP allows no CDN and no
    inline script: its start-up script is served from this URL too)."""

    template_name = "api/docs.html"
    url_name = "api_openapi"


def plan_parameters_as_components(result, generator, request, public):
    """Keep the plan list's parameters as named components, as the hand-written document had
    them: clients generated from it refer to them by name."""
    operation = result["paths"]["/api/plans/"]["get"]
    components = result.setdefault("components", {}).setdefault("parameters", {})
    for parameter in operation["parameters"]:
        components[parameter["name"]] = parameter
    operation["parameters"] = [
        {"$ref": f"#/components/parameters/{parameter['name']}"}
        for parameter in operation["parameters"]
    ]
    return result
