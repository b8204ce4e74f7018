from django.urls import path

from . import api, explore, exports, feeds, views
from .caching import cache_for_anonymous

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("map/", explore.plan_map, name="map"),
    path("stats/", explore.plan_stats, name="stats"),
    path("filters/<slug:name>/", views.facet_options, name="facet"),
    path("feed/", cache_for_anonymous(feeds.PlanFeed()), name="feed"),
    path("export.csv", exports.export_csv, name="export_csv"),
    path("export.json", exports.export_json, name="export_json"),
    path("export.zip", exports.export_zip, name="export_zip"),
    path("<slug:slug>/evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("<slug:slug>/", views.plan_detail, name="detail"),
    path("<slug:slug>/export.md", views.plan_markdown, name="markdown"),
]

# Not namespaced: the API's names have always been `api_plans`, `api_plan`, ...
api_urls = [
    path("plans/", cache_for_anonymous(api.PlanList.as_view()), name="api_plans"),
    path("plans/<slug:slug>/", cache_for_anonymous(api.PlanDetail.as_view()), name="api_plan"),
    path("partners/", cache_for_anonymous(api.PartnerList.as_view()), name="api_partners"),
    path(
        "partners/<slug:slug>/",
        cache_for_anonymous(api.PartnerDetail.as_view()),
        name="api_partner",
    ),
    path("openapi.json", api.Schema.as_view(), name="api_openapi"),
    path("docs/", api.Docs.as_view(), name="api_docs"),
]
