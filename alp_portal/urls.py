from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from accounts.views import set_language
from public import views as public_views
from public.urls import api_urls

admin.site.site_header = _("ALP Portal administration")
admin.site.site_title = _("ALP Portal")

urlpatterns = [
    path("", public_views.home, name="home"),
    path("plans/", include("public.urls")),
    path("partners/", include("public.partner_urls")),
    path("my/", include("questionnaire.urls")),
    path("map/", RedirectView.as_view(pattern_name="plans:map", query_string=True), name="map"),
    path(
        "stats/", RedirectView.as_view(pattern_name="plans:stats", query_string=True), name="stats"
    ),
    path("api/", include(api_urls)),
    path("accounts/", include("accounts.urls")),
    path("", include("review.urls")),
    # Django's language switch (POST, a cookie), which also remembers a signed-in person's choice.
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]
