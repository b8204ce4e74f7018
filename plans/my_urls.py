"""The focal points' own pages: their labs' plans and the questionnaire."""

from django.urls import path

from . import editing

app_name = "my"
urlpatterns = [
    path("", editing.my_home, name="home"),
    path("labs/<int:lab_pk>/start/", editing.start_plan, name="start_plan"),
    path("plans/<int:pk>/", editing.open_plan, name="plan"),
    path("plans/<int:pk>/report/", editing.start_report, name="start_report"),
    path("plans/<int:pk>/delete/", editing.delete_draft, name="delete"),
    path("plans/<int:pk>/review/", editing.check_answers, name="review"),
    path("plans/<int:pk>/submit/", editing.plan_submit, name="submit"),
    path("plans/<int:pk>/evidence/", editing.evidence_upload, name="evidence_upload"),
    path(
        "plans/<int:pk>/evidence/<int:file_pk>/delete/",
        editing.evidence_delete,
        name="evidence_delete",
    ),
    path("plans/<int:pk>/<slug:step>/", editing.plan_step, name="step"),
]
