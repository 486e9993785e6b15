"""Routing from the structure cache (`BasePage._cached_child`): the page
below an index is found by slug from memory, and every publish, slug change,
unpublish and delete is seen by the next request. The structure cache is on
and the page cache off, as for a member or the first reader after a publish.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from search.tests.factories import article, neutral_home

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(home_page, structure_on, committed):
    with committed():
        return neutral_home(home_page)


def status(client, url):
    return client.get(url).status_code


def test_an_article_found_from_memory_follows_its_slug_unpublish_and_delete(client, home, committed):
    with committed():
        page = article(home, "Tillid i praksis", body_text="Om tillid.")
        page.save_revision().publish()
    old_url = page.url
    assert status(client, old_url) == 200
    with CaptureQueriesContext(connection) as warm:
        assert status(client, old_url) == 200
    routing = [q["sql"] for q in warm.captured_queries if '"slug" = ' in q["sql"]]
    assert routing == [], routing  # found by slug from memory

    with committed():
        page.title = "Tillid i hverdagen"
        page.slug = "tillid-i-hverdagen"
        page.save_revision().publish()
    page.refresh_from_db()
    moved = client.get(old_url)  # Wagtail's redirect from the old slug, not the kept page
    assert moved.status_code == 301 and moved["Location"].endswith(page.url), moved
    response = client.get(page.url)
    assert response.status_code == 200
    assert "Tillid i hverdagen" in response.content.decode()

    with committed():
        page.unpublish()
    assert status(client, page.url) == 404

    with committed():
        page.save_revision().publish()
    assert status(client, page.url) == 200
    url = page.url
    with committed():
        page.delete()
    assert status(client, url) == 404


def test_a_mistyped_slug_is_not_kept(client, home, committed):
    with committed():
        page = article(home, "Ny artikel", body_text="Tekst.", live=False)
    missing = page.url  # a draft: not live yet
    assert status(client, missing) == 404
    with committed():
        page.save_revision().publish()
    assert status(client, missing) == 200
