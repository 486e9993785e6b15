"""Promoted results and the daily hit counts editors see, counted without a
database write per search."""

import datetime

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion

import pytest

from search import hits
from search.tests.factories import article, neutral_home

pytestmark = pytest.mark.django_db

WRITE_STATEMENTS = ("INSERT", "UPDATE", "DELETE", "REPLACE")


@pytest.fixture
def home(home_page):
    """The bare home page, with text that no test searches for."""
    return neutral_home(home_page)


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


def writes(ctx):
    return [q["sql"] for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith(WRITE_STATEMENTS)]


def test_a_search_writes_nothing_to_the_database(client, home):
    article(home, "Samskabelse")
    client.get(reverse("search"))  # the site settings row is created on the first page view
    with CaptureQueriesContext(connection) as ctx:
        for _ in range(3):
            assert client.get(reverse("search"), {"q": "samskabelse"}).status_code == 200
        client.get(reverse("search"), {"q": "velfærd"})
    assert writes(ctx) == []
    assert not QueryDailyHits.objects.exists()


def test_flush_writes_the_daily_hits_editors_see(client, home, settings):
    settings.SEARCH_HITS_FLUSH_INTERVAL = 0
    article(home, "Samskabelse")
    for _ in range(3):
        client.get(reverse("search"), {"q": "Samskabelse"})
    client.get(reverse("search"), {"q": "velfærd"})
    client.get(reverse("search"), {"q": ""})  # an empty query is not counted

    call_command("flush_search_hits", verbosity=0)

    today = timezone.localdate()
    assert Query.objects.get(query_string="samskabelse").daily_hits.get(date=today).hits == 3
    assert Query.objects.get(query_string="velfærd").hits == 1
    assert Query.objects.count() == 2
    # Flushing again writes nothing twice; new searches add to the same day.
    assert hits.flush() == 0
    client.get(reverse("search"), {"q": "samskabelse"})
    assert hits.flush() == 1
    assert Query.objects.get(query_string="samskabelse").hits == 4
    # Wagtail's own "most popular" list (the promotions admin) sees them.
    assert [q.query_string for q in Query.get_most_popular(today - datetime.timedelta(days=1))][0] == "samskabelse"


def test_hits_flush_at_most_once_per_interval_from_the_request(client, home, settings):
    settings.SEARCH_HITS_FLUSH_INTERVAL = 300
    client.get(reverse("search"), {"q": "samskabelse"})  # opens the interval, nothing to flush yet
    client.get(reverse("search"), {"q": "samskabelse"})
    assert not QueryDailyHits.objects.exists()
    cache.delete(hits.FLUSH_LOCK_KEY)  # the interval has passed
    client.get(reverse("search"), {"q": "samskabelse"})
    assert Query.objects.get(query_string="samskabelse").hits == 2


def test_promotions_are_shown_above_ranked_hits(client, home):
    ranked = article(home, "Samskabelse i praksis")
    promoted = article(home, "Manifest for fællesskab", intro="Læs manifestet.")
    query = Query.objects.create(query_string="samskabelse")
    SearchPromotion.objects.create(query=query, page=promoted, sort_order=0, description="Editorens valg.")
    SearchPromotion.objects.create(
        query=query,
        external_link_url="https://example.org/samskabelse",
        external_link_text="Ekstern guide",
        sort_order=1,
    )
    response = client.get(reverse("search"), {"q": "Samskabelse "})
    html = response.content.decode()
    assert [p["title"] for p in response.context["promotions"]][1] == "Ekstern guide"
    assert response.context["promotions"][0]["page"].pk == promoted.pk
    assert "Editorens valg." in html
    assert html.index("Manifest for fællesskab") < html.index("</mark> i praksis")
    assert html.index("Ekstern guide") < html.index("</mark> i praksis")
    assert [h["page"].pk for h in response.context["hits"]] == [ranked.pk]


def test_promoted_page_that_is_no_longer_live_is_not_shown(client, home):
    promoted = article(home, "Gammel side")
    query = Query.objects.create(query_string="samskabelse")
    SearchPromotion.objects.create(query=query, page=promoted, sort_order=0)
    promoted.unpublish()
    response = client.get(reverse("search"), {"q": "samskabelse"})
    assert response.context["promotions"] == []


def test_promotion_lookup_does_not_create_queries(client, home):
    client.get(reverse("search"), {"q": "noget nyt"})
    assert not Query.objects.exists()
