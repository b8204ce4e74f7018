from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("<slug:slug>/", views.plan_detail, name="detail"),
    path("<slug:slug>/export.md", views.plan_markdown, name="markdown"),
]
