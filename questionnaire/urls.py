"""The focal points' own pages: their labs' plans and the questionnaire."""

from django.urls import path

from . import views

app_name = "my"
urlpatterns = [
    path("", views.my_home, name="home"),
    path("labs/<int:lab_pk>/start/", views.start_plan, name="start_plan"),
    path("plans/<int:pk>/", views.open_plan, name="plan"),
    path("plans/<int:pk>/report/", views.start_report, name="start_report"),
    path("plans/<int:pk>/delete/", views.delete_draft, name="delete"),
    path("plans/<int:pk>/review/", views.check_answers, name="review"),
    path("plans/<int:pk>/submit/", views.plan_submit, name="submit"),
    path("plans/<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path(
        "plans/<int:pk>/evidence/<int:file_pk>/delete/",
        views.evidence_delete,
        name="evidence_delete",
    ),
    path("plans/<int:pk>/<slug:step>/", views.plan_step, name="step"),
]
