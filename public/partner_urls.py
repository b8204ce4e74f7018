from django.urls import path

from . import partners as views

app_name = "partners"
urlpatterns = [
    path("", views.partner_list, name="list"),
    path("<slug:slug>/", views.partner_detail, name="detail"),
]
