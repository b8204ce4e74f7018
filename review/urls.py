"""Reviewers' pages under /review/, and everyone's notifications under /notifications/."""

from django.urls import path

from . import views

app_name = "review"
urlpatterns = [
    path("review/", views.queue, name="queue"),
    path("review/plans/<int:pk>/", views.plan_review, name="plan"),
    path("review/plans/<int:pk>/assign/", views.assign, name="assign"),
    path("review/plans/<int:pk>/decide/", views.decide, name="decide"),
    path("review/plans/<int:pk>/comments/", views.comment, name="comment"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications_read"),
    path("notifications/<int:pk>/", views.notification_open, name="notification"),
]
