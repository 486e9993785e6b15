"""Query counts that do not grow with the number of articles.

Each page type and the API listing must not run more SQL queries with 30
generated articles (on top of the demo content) than with 5: a count that
grows means a query per item (a missing prefetch, a query in a template
loop). Counted through the test client after one warm-up request, so
Wagtail's per-process caches (content types, site root paths) are filled.
The structure cache (movement/caching/structure.py) is on, as in production.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

import news.demo
from news.models import ArticlePage, ArticleTag

pytestmark = pytest.mark.django_db

# The aim is 10 or fewer per page (docs/performance.md). What the fragment
# cache keeps (movement/caching/fragments.py: an article's body and related
# cards, the feed's cards and tag list, an event's program and sidebar, the
# API's serialised pages) runs no query on a warm render.
MAX_QUERIES = 10
BUDGET = {
    "home": 3,
    "feed": 2,
    "tag": 0,
    "rss": 6,
    "article": 1,
    "event index": 2,
    "event": 1,
    "manifesto": 7,
    "principles": 2,
    "search": 8,
    "api detail": 2,
}
# The API listing's total, ids and items' data are kept: the page is read by id.
API_LISTING_BUDGET = 1


@pytest.fixture(autouse=True)
def _structure_on(structure_on):
    """As in production."""


@pytest.fixture
def generate(django_capture_on_commit_callbacks):
    def generate(count):
        with django_capture_on_commit_callbacks(execute=True):
            news.demo.generate_articles(count)

    return generate


def urls():
    article = ArticlePage.objects.filter(slug__startswith="genereret-artikel").order_by("pk").first()
    tag = ArticleTag.objects.filter(tagged_items__content_object=article).order_by("slug").first()
    return {
        "home": "/",
        "feed": "/nyheder/",
        "feed page 2": "/nyheder/?page=2",
        "tag": f"/nyheder/tag/{tag.slug}/",
        "rss": "/nyheder/rss/",
        "article": article.url,
        "event index": "/arrangementer/",
        "event": "/arrangementer/nytaarskur-2018/",
        "manifesto": "/manifest/",
        "principles": "/principper/",
        "search": "/search/?q=samskabelse",
        "api detail": f"/api/v2/pages/{article.pk}/",
    }


def count(client, url):
    client.get(url)  # warm-up
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def counts(client, targets):
    return {name: count(client, url) for name, url in targets.items()}


def test_pages_do_not_run_more_queries_with_more_articles(client, demo_site, generate):
    generate(5)
    targets = urls()
    # Page 2 of the feed exists only with more articles: measure the others.
    small = counts(client, {name: url for name, url in targets.items() if name != "feed page 2"})
    generate(25)
    large = counts(client, {name: url for name, url in targets.items() if name != "feed page 2"})
    # Not always equal: with 5 generated articles the first page mixes the
    # demo's events and articles (one query per kind of item), with 30 it
    # holds only generated articles. What must never happen is growth.
    grown = {name: (small[name], large[name]) for name in small if large[name] > small[name]}
    assert not grown, f"queries grew with the number of articles (5 -> 30): {grown}"
    over = {name: n for name, n in large.items() if n > BUDGET.get(name, MAX_QUERIES)}
    assert not over, f"over the query budget: {over}"
    # Deeper pages of the feed cost what the first one does.
    assert count(client, targets["feed page 2"]) <= large["feed"] + 1


def test_api_listing_does_not_run_more_queries_with_more_articles(client, demo_site, generate):
    url = "/api/v2/pages/?type=news.ArticlePage&fields=*"
    generate(5)
    small = count(client, url)
    generate(25)
    assert count(client, url) <= small <= API_LISTING_BUDGET
