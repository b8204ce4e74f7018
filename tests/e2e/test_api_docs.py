"""The API's Swagger UI page runs under the site's CSP, from our own static files."""

import pytest
from playwright.sync_api import expect

from tests.conftest import make_plan

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_api_docs_page_lists_the_endpoints_and_tries_one(live_server, page, console_errors):
    make_plan(title="Water for Lusaka", slug="water-for-lusaka")
    page.goto(f"{live_server.url}/api/docs/")
    expect(page.get_by_text("Plans, filtered and paginated")).to_be_visible()
    expect(page.get_by_text("One partner organisation and its plans")).to_be_visible()
    assert console_errors == []
