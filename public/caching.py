"""Public pages served from Django's cache to anonymous visitors.

A page is kept under a key made of the public generation, the active language and the page's
full address (scheme, host, path and query string). Whatever changes what the public sees starts
a new generation (`refresh_public_pages`, after the commit): every page kept before is then
simply never asked for again, and expires. A request reads the generation before it reads the
database, so a page rendered while a change commits is kept under the old generation, never the
new one.

What differs between visitors is never kept: signed-in people (who see drafts, and their own
header) and visitors with a message waiting get a fresh page and leave nothing in the cache; the
per-request CSP nonce and the CSRF token of the header's forms are kept as placeholders and
filled in for each visitor; cookies are set by the middleware, per request, outside what is kept.
"""

import hashlib
import re
import secrets
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.template.response import SimpleTemplateResponse
from django.utils import translation
from django.utils.crypto import salted_hmac

GENERATION_KEY = "public:generation"
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')


def _placeholder(name: str) -> bytes:
    # Derived from the secret key: the same in every worker, and no plan's text can hold it.
    return salted_hmac("public.caching", name, algorithm="sha256").hexdigest().encode()


CSRF_PLACEHOLDER = _placeholder("csrf")
NONCE_PLACEHOLDER = _placeholder("nonce")


def cache_for_anonymous(view):
    """Serve `view`'s successful GET and HEAD answers to anonymous visitors from the cache."""

    @wraps(view)
    def cached_view(request, *args, **kwargs):
        if (
            not settings.ALP_PUBLIC_CACHE_SECONDS
            or request.method not in ("GET", "HEAD")
            or request.user.is_authenticated
            or len(get_messages(request))
        ):
            return view(request, *args, **kwargs)
        key = _page_key(request)
        if (kept := cache.get(key)) is not None:
            return _replayed(request, *kept)
        response = view(request, *args, **kwargs)
        if isinstance(response, SimpleTemplateResponse):
            response.render()
        if response.status_code == 200 and not response.streaming and not response.cookies:
            cache.set(key, _kept(request, response), settings.ALP_PUBLIC_CACHE_SECONDS)
        return response

    return cached_view


def refresh_public_pages() -> None:
    """Pages kept so far are not served again, once the current transaction commits (a change
    rolled back leaves them be)."""
    # Robust: the change is committed whatever happens to the cache.
    transaction.on_commit(_new_generation, robust=True)


def _new_generation() -> None:
    # A random value, not a counter: a generation evicted from the cache and started again can
    # never meet the pages kept under an earlier one.
    cache.set(GENERATION_KEY, secrets.token_hex(8), None)


def _page_key(request) -> str:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, secrets.token_hex(8), None)
        generation = cache.get(GENERATION_KEY)
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"public:page:{generation}:{translation.get_language()}:{address}"


def _kept(request, response) -> tuple[bytes, list]:
    """The page with its visitor's nonce and CSRF token replaced by placeholders."""
    content = response.content
    nonce = get_nonce(request)
    if nonce:  # only when the page used it
        content = content.replace(str(nonce).encode(), NONCE_PLACEHOLDER)
    content = CSRF_INPUT.sub(rb"\g<1>" + CSRF_PLACEHOLDER + rb"\g<2>", content)
    return content, list(response.items())


def _replayed(request, content: bytes, headers: list) -> HttpResponse:
    """A kept page with this visitor's nonce (the CSP header names it) and CSRF token."""
    if NONCE_PLACEHOLDER in content:
        content = content.replace(NONCE_PLACEHOLDER, str(get_nonce(request)).encode())
    if CSRF_PLACEHOLDER in content:
        content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    return response
