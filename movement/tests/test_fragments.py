"""The fragment cache (movement/caching/fragments.py): rendered pieces of
pages kept per worker follow every publish, rename and unpublish at once.

The structure cache is on, as in production, and the page cache off (what a
member or the first reader after a publish gets): every request renders,
and the pieces come from memory until a stamp they depend on moves. Every
change runs inside `committed()`, so the on-commit bumps run as after a real
commit. Through the test client and the real middleware stack.
"""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from movement.caching import structure
from search.tests.factories import article, neutral_home

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(home_page, structure_on, committed):
    with committed():
        return neutral_home(home_page)


def tagged(home, title, *tags, **fields):
    page = article(home, title, body_text=f"Om {title}.", **fields)
    for tag in tags:
        page.tags.add(tag)
    page.save_revision().publish()
    return page


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_an_article_shows_its_own_rename_and_its_related_articles_changes(client, home, committed):
    with committed():
        first = tagged(home, "Tillid i praksis", "Ledelse")
        second = tagged(home, "Ledelse nedefra", "Ledelse")
    page = html(client, first.url)
    assert "Ledelse nedefra" in page  # related by the shared tag
    with CaptureQueriesContext(connection) as warm:
        assert html(client, first.url) == page  # from memory, same bytes
    cold_queries = len(warm.captured_queries)

    with committed():
        second.title = "Ledelse fra gulvet"
        second.save_revision().publish()
    page = html(client, first.url)
    assert "Ledelse fra gulvet" in page
    assert "Ledelse nedefra" not in page

    with committed():
        first.title = "Tillid i hverdagen"
        first.save_revision().publish()
    assert "<h1>Tillid i hverdagen</h1>" in html(client, first.url)

    with committed():
        second.unpublish()
    assert "Ledelse fra gulvet" not in html(client, first.url)

    with committed():
        third = tagged(home, "Ledelse i regionen", "Ledelse")
    assert "Ledelse i regionen" in html(client, first.url)  # a new article with the tag
    assert third.pk
    assert cold_queries <= 3


def test_feed_tag_page_and_tag_counts_follow_publishing(client, home, committed):
    with committed():
        tagged(home, "Første indlæg", "Ledelse", date=datetime.date(2020, 1, 1))
    assert "Første indlæg" in html(client, "/nyheder/")
    assert "(1<span" in html(client, "/nyheder/tag/ledelse/")

    with committed():
        second = tagged(home, "Andet indlæg", "Ledelse", date=datetime.date(2020, 2, 1))
    feed = html(client, "/nyheder/")
    assert feed.index("Andet indlæg") < feed.index("Første indlæg")  # newest first
    tag_page = html(client, "/nyheder/tag/ledelse/")
    assert "Andet indlæg" in tag_page
    assert "(2<span" in tag_page  # the sidebar's count

    with committed():
        second.unpublish()
    assert "Andet indlæg" not in html(client, "/nyheder/")
    tag_page = html(client, "/nyheder/tag/ledelse/")
    assert "Andet indlæg" not in tag_page
    assert "(1<span" in tag_page


def test_a_person_renamed_changes_the_byline(client, home, committed):
    from movement.models import Person
    from news.models import ArticleAuthor

    with committed():
        person = Person.objects.create(name="Jens Hansen")
        page = tagged(home, "Med forfatter")
        page.authors.add(ArticleAuthor(person=person))
        page.save_revision().publish()
    assert "Jens Hansen" in html(client, page.url)
    with committed():
        person.name = "Jens Holm"
        person.save()
    body = html(client, page.url)
    assert "Jens Holm" in body
    assert "Jens Hansen" not in body


def test_a_preview_is_never_kept_nor_served_from_memory(client, home, committed):
    with committed():
        page = tagged(home, "Offentlig titel")
    assert "<h1>Offentlig titel</h1>" in html(client, page.url)  # kept

    draft = page.get_latest_revision_as_object()
    draft.title = "Kladdens titel"
    preview = draft.make_preview_request().content.decode()
    assert "<h1>Kladdens titel</h1>" in preview
    assert "<h1>Offentlig titel</h1>" not in preview
    public = html(client, page.url)
    assert "<h1>Offentlig titel</h1>" in public
    assert "Kladdens titel" not in public


def test_the_page_cache_entry_depends_on_what_its_fragments_show(client, home, committed, settings, empty_page_caches):
    """An article's related cards come from memory, so its template no longer
    walks the related pages: the fragment's dependencies must reach the
    page cache's entry, or a related article's rename would stay cached."""
    settings.PAGE_CACHE_ENABLED = True
    with committed():
        first = tagged(home, "Hovedartikel", "Velfærd")
        second = tagged(home, "Sidemand", "Velfærd")
    client.get(first.url)
    assert client.get(first.url)["X-Page-Cache"] == "HIT"
    with committed():
        second.title = "Sidemand omdøbt"
        second.save_revision().publish()
    response = client.get(first.url)
    assert response["X-Page-Cache"] == "MISS"
    assert "Sidemand omdøbt" in response.content.decode()


def test_api_listing_total_and_ids_follow_publishing(client, home, committed):
    url = "/api/v2/pages/?type=news.ArticlePage&fields=title"
    with committed():
        tagged(home, "Et")
    assert client.get(url).json()["meta"]["total_count"] == 1
    with committed():
        second = tagged(home, "To")
    data = client.get(url).json()
    assert data["meta"]["total_count"] == 2
    assert {item["title"] for item in data["items"]} == {"Et", "To"}
    with committed():
        second.title = "To omdøbt"
        second.save_revision().publish()
    assert {item["title"] for item in client.get(url).json()["items"]} == {"Et", "To omdøbt"}
    with committed():
        second.unpublish()
    data = client.get(url).json()
    assert data["meta"]["total_count"] == 1
    assert [item["title"] for item in data["items"]] == ["Et"]


def test_without_the_structure_cache_every_fragment_renders(client, home, committed, settings):
    with committed():
        page = tagged(home, "Uden cache")
    settings.STRUCTURE_CACHE_ENABLED = False
    structure.clear()
    assert "<h1>Uden cache</h1>" in html(client, page.url)
    page.title = "Direkte i databasen"
    page.save()  # no publish, no bump: only a render without memory shows it
    type(page).objects.filter(pk=page.pk).update(title="Direkte i databasen")
    assert "<h1>Direkte i databasen</h1>" in html(client, page.url)


def test_an_event_page_follows_its_own_rename_and_the_feed(client, demo_site, structure_on, committed):
    from django.utils import timezone

    from events.models import EventPage
    from news.models import ArticlePage, NewsIndexPage

    event = EventPage.objects.get(slug="nytaarskur-2018")
    page = html(client, event.url)
    assert "AFHOLDT" in page  # the seed's reception is held: the status is in the fragment's name
    assert html(client, event.url) == page

    with committed():
        index = NewsIndexPage.objects.get()
        news = ArticlePage(title="Helt nyt fra netværket", slug="helt-nyt", date=timezone.localdate(), intro="Nyt.")
        index.add_child(instance=news)
        news.save_revision().publish()
    assert "Helt nyt fra netværket" in html(client, event.url)  # the sidebar's latest items

    with committed():
        event.title = "Nytårskur med nyt navn"
        event.save_revision().publish()
    assert "Nytårskur med nyt navn" in html(client, event.url)


def test_api_detail_data_follows_a_publish_and_a_person_rename(client, home, committed):
    """The serialised page is kept like a fragment; its own publish and the
    people it names move its stamps."""
    from movement.models import Person
    from news.models import ArticleAuthor

    with committed():
        person = Person.objects.create(name="Karen Blixen")
        page = tagged(home, "API-artikel")
        page.authors.add(ArticleAuthor(person=person))
        page.save_revision().publish()
    url = f"/api/v2/pages/{page.pk}/"
    assert client.get(url).json()["authors"][0]["name"] == "Karen Blixen"
    listing = "/api/v2/pages/?type=news.ArticlePage&fields=authors"
    assert client.get(listing).json()["items"][0]["authors"][0]["name"] == "Karen Blixen"
    with committed():
        person.name = "Karen Dinesen"
        person.save()
    assert client.get(url).json()["authors"][0]["name"] == "Karen Dinesen"
    assert client.get(listing).json()["items"][0]["authors"][0]["name"] == "Karen Dinesen"
    with committed():
        page.title = "API-artikel, ny titel"
        page.save_revision().publish()
    assert client.get(url).json()["title"] == "API-artikel, ny titel"
    with committed():
        page.unpublish()
    assert client.get(url).status_code == 404


def test_api_drafts_are_never_kept(client, home, committed):
    """The headless preview serialises a draft: with the kept data on, each
    draft still shows itself and the live page stays live."""
    from movement.api.preview import make_preview_token

    with committed():
        page = tagged(home, "Live titel")
    assert client.get(f"/api/v2/pages/{page.pk}/").json()["title"] == "Live titel"  # kept
    for title in ("Første kladde", "Anden kladde"):
        page.title = title
        token = make_preview_token(page, page.save_revision())
        response = client.get(f"/api/v2/page_preview/?content_type=news.articlepage&token={token}")
        assert response.json()["title"] == title
    assert client.get(f"/api/v2/pages/{page.pk}/").json()["title"] == "Live titel"
