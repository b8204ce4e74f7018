from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

admin.site.site_header = "ALP Portal administration"
admin.site.site_title = "ALP Portal"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="plans:list", permanent=False), name="home"),
    path("plans/", include("plans.urls")),
    path("partners/", include("partners.urls")),
    path("admin/", admin.site.urls),
]
