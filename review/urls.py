"""Reviewers' pages under /review/, and everyone's notifications under /notifications/."""

from django.urls import path

from . import cycle_views, history, views

app_name = "review"
urlpatterns = [
    path("review/", views.queue, name="queue"),
    path("review/plans/<int:pk>/", views.plan_review, name="plan"),
    path("review/plans/<int:pk>/assign/", views.assign, name="assign"),
    path("review/plans/<int:pk>/decide/", views.decide, name="decide"),
    path("review/plans/<int:pk>/comments/", views.comment, name="comment"),
    path("review/plans/<int:pk>/history/", history.history, name="history"),
    path("review/plans/<int:pk>/history/compare/", history.compare, name="history_compare"),
    path(
        "review/plans/<int:pk>/history/<int:number>/restore/",
        history.restore,
        name="history_restore",
    ),
    path("review/cycle/", cycle_views.current, name="cycle_current"),
    path("review/cycle/<int:year>/", cycle_views.dashboard, name="cycle"),
    path("review/cycle/<int:year>/export.csv", cycle_views.export, name="cycle_export"),
    path("review/cycle/<int:year>/remind/", cycle_views.remind, name="cycle_remind"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("notifications/<int:pk>/", views.notification_open, name="notification"),
]
