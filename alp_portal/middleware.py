"""Input no view should see: refused (or dropped) before any of them reads it."""

from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy

NUL = "\x00"
NUL_MESSAGE = gettext_lazy("The request contains a null character, which is not allowed.")


class RefuseNulMiddleware:
    """A NUL byte in a query or form parameter, its name or its value, is a 400.

    PostgreSQL cannot store or compare text holding one: any filter, search or form field that
    carries it to the database would fail with a server error, a streamed export in the middle of
    the download. A cookie holding one is dropped instead, before the session reads it: a sibling
    site can set cookies, and must not be able to shut someone out of the portal.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name, value in list(request.COOKIES.items()):
            if NUL in name or NUL in value:
                del request.COOKIES[name]
        if _holds_nul(request.GET) or _holds_nul(request.POST):
            return _refuse(request)
        return self.get_response(request)


def _holds_nul(parameters) -> bool:
    return any(
        NUL in name or any(NUL in value for value in values) for name, values in parameters.lists()
    )


def _refuse(request):
    # This runs before LocaleMiddleware, so it picks the visitor's language itself.
    with translation.override(translation.get_language_from_request(request)):
        response = render(request, "400.html", {"message": NUL_MESSAGE}, status=400)
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response
