"""The structure cache (movement/caching/structure.py): site-wide facts kept in each
worker's memory follow every change an editor makes, at once.

The cache is on here, as in production; every change runs inside
`committed()`, so the on-commit bumps run as they do after a real commit.
Through the test client and the real middleware stack.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import Page, PageViewRestriction

import pytest

from movement.caching import structure
from movement.models import SiteSettings
from news.models import NewsIndexPage
from search.tests.factories import article, neutral_home

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(home_page, structure_on, committed):
    with committed():
        return neutral_home(home_page)


def feed_titles(client, url="/nyheder/"):
    response = client.get(url)
    assert response.status_code == 200, url
    return [item.title for item in response.context["items"]]


def api_titles(client):
    response = client.get("/api/v2/pages/", {"type": "news.ArticlePage", "fields": "title"})
    assert response.status_code == 200
    return [item["title"] for item in response.json()["items"]]


def search_titles(client, q):
    response = client.get(reverse("search"), {"q": q})
    assert response.status_code == 200
    return [hit["title"].replace("<mark>", "").replace("</mark>", "") for hit in response.context["hits"]]


def test_a_page_made_private_disappears_everywhere_at_once(client, home, committed):
    with committed():
        secret = article(home, "Hemmelig plan", body_text="Ordet blåbærtærte.")
        article(home, "Åben plan", body_text="Ordet blåbærtærte.")
    # Read once, so the snapshot without restrictions is in memory.
    assert set(feed_titles(client)) == {"Hemmelig plan", "Åben plan"}
    assert client.get(secret.url).status_code == 200

    with committed():
        restriction = PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.LOGIN)

    assert feed_titles(client) == ["Åben plan"]
    assert "Hemmelig plan" not in [item.title for item in client.get("/").context["latest_items"]]
    assert search_titles(client, "blåbærtærte") == ["Åben plan"]
    assert api_titles(client) == ["Åben plan"]
    response = client.get(secret.url)
    assert response.status_code == 302  # to the login page

    with committed():
        restriction.delete()
    assert set(feed_titles(client)) == {"Hemmelig plan", "Åben plan"}
    assert client.get(secret.url).status_code == 200


def test_moving_a_private_page_keeps_it_private(client, home, committed):
    """The snapshot holds tree paths; a move changes them (and its
    siblings'), so a move must bump it: else the old path would protect
    whatever page takes it, and the moved page would be public."""
    with committed():
        public = article(home, "Offentlig", body_text="x")
        secret = article(home, "Hemmelig", body_text="x")
        PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.LOGIN)
    assert api_titles(client) == ["Offentlig"]

    with committed():
        Page.objects.get(pk=secret.pk).move(Page.objects.get(pk=public.pk), pos="left")
    secret.refresh_from_db()
    public.refresh_from_db()
    assert secret.path < public.path  # they swapped places in the tree
    assert api_titles(client) == ["Offentlig"]
    assert feed_titles(client) == ["Offentlig"]
    assert client.get(secret.url).status_code == 302
    assert client.get(public.url).status_code == 200


def test_menu_follows_publishing(client, home, committed):
    client.get("/")
    with committed():
        index = NewsIndexPage(title="Nyt fra netværket", slug="netvaerk", show_in_menus=True)
        home.add_child(instance=index)
        index.save_revision().publish()
    assert "Nyt fra netværket" in client.get("/").content.decode()
    with committed():
        index.unpublish()
    assert "Nyt fra netværket" not in client.get("/").content.decode()


def test_site_settings_follow_saving(client, home, committed):
    client.get("/")
    with committed():
        site_settings = SiteSettings.load()
        site_settings.organisation_name = "Samskabelsesnetværket Danmark"
        site_settings.save()
    assert "Samskabelsesnetværket Danmark" in client.get("/").content.decode()


def test_latest_items_tag_counts_and_feed_count_follow_publishing(client, home, committed):
    with committed():
        first = article(home, "Første", body_text="x")
        first.tags.add("Ledelse")
        first.save_revision().publish()
    response = client.get("/nyheder/")
    assert response.context["paginator"].count == 1
    assert [(tag.name, tag.count) for tag in response.context["all_tags"]] == [("Ledelse", 1)]
    assert [item.title for item in client.get("/").context["latest_items"]] == ["Første"]

    with committed():
        second = article(home, "Anden", body_text="x")
        second.tags.add("Ledelse")
        second.save_revision().publish()
    response = client.get("/nyheder/")
    assert response.context["paginator"].count == 2
    assert [(tag.name, tag.count) for tag in response.context["all_tags"]] == [("Ledelse", 2)]
    assert [item.title for item in client.get("/").context["latest_items"]] == ["Anden", "Første"]

    with committed():
        second.unpublish()
    assert client.get("/nyheder/").context["paginator"].count == 1
    assert [item.title for item in client.get("/").context["latest_items"]] == ["Første"]


def test_unchanged_site_is_answered_from_memory(client, home, committed):
    """A second reader of an unchanged page runs fewer queries than the
    first: the site, restrictions, menu, settings and counts are remembered."""
    with committed():
        article(home, "Første", body_text="x")
    client.get("/nyheder/")  # Wagtail's own per-process caches
    structure.clear()
    with CaptureQueriesContext(connection) as cold:
        client.get("/nyheder/")
    with CaptureQueriesContext(connection) as warm:
        client.get("/nyheder/")
    assert len(warm) < len(cold)
    tables = " ".join(query["sql"] for query in warm.captured_queries)
    for table in ("wagtailcore_site", "wagtailcore_pageviewrestriction", "movement_sitesettings", "news_category"):
        assert f'FROM "{table}"' not in tables


def test_changes_made_by_another_worker_are_seen(client, home, committed):
    """Values are per worker, stamps are shared: a bump from elsewhere (here:
    written straight to the shared stamps) makes this worker read again."""
    client.get("/")
    SiteSettings.objects.update(organisation_name="Ændret af en anden proces")
    assert "Ændret af en anden proces" not in client.get("/").content.decode()  # no bump yet
    from movement.caching import page_cache

    page_cache.bump({"site"})
    assert "Ændret af en anden proces" in client.get("/").content.decode()


def test_callers_get_their_own_copy(home):
    first = SiteSettings.load(request_or_site=type("R", (), {"path": "/"})())
    first.organisation_name = "Ændret i hukommelsen"
    second = SiteSettings.load(request_or_site=type("R", (), {"path": "/"})())
    assert second.organisation_name != "Ændret i hukommelsen"


def test_alias_pages_are_left_to_wagtail(home, committed):
    with committed():
        page = article(home, "Original", body_text="x")
        alias = page.create_alias(update_slug="alias-af-original")
    assert structure.view_restriction_ids(alias) is None
    assert structure.view_restriction_ids(page) == []
