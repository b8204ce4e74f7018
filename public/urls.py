from django.urls import path

from . import explore, exports, feeds, views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("map/", explore.plan_map, name="map"),
    path("stats/", explore.plan_stats, name="stats"),
    path("feed/", feeds.PlanFeed(), name="feed"),
    path("export.csv", exports.export_csv, name="export_csv"),
    path("export.json", exports.export_json, name="export_json"),
    path("export.zip", exports.export_zip, name="export_zip"),
    path("<slug:slug>/evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("<slug:slug>/", views.plan_detail, name="detail"),
    path("<slug:slug>/export.md", views.plan_markdown, name="markdown"),
]
