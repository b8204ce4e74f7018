"""Open data: the filtered listing as CSV, JSON and markdown, and the JSON API. (Being written.)"""

from django.http import HttpResponse


def _todo(request, **kwargs):
    return HttpResponse("")


export_csv = export_json = export_zip = api_plans = api_plan = api_partners = api_partner = (
    openapi
) = _todo
