import re
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache

LINK = re.compile(r"https?://\S+/accounts/password-reset/[^/\s]+/[^/\s]+/")


@pytest.fixture(autouse=True)
def _empty_cache():
    # Sign-in failures are counted in the cache; each test starts with none.
    cache.clear()
    yield
    cache.clear()


def link_in(message) -> str:
    """The one-time link an e-mail carries, as a path the test client can open."""
    match = LINK.search(message.body)
    assert match, message.body
    return urlsplit(match.group(0)).path


def set_password(client, link: str, password: str):
    """Open a one-time link and choose a password, as the browser would."""
    response = client.get(link, follow=True)
    assert response.status_code == 200
    assert response.context["validlink"], "the link was refused"
    return client.post(
        response.redirect_chain[-1][0],
        {"new_password1": password, "new_password2": password},
    )
