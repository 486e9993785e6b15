"""Query counts that do not grow with the number of articles.

Each page type and the API listing must not run more SQL queries with 30
generated articles (on top of the demo content) than with 5: a count that
grows means a query per item (a missing prefetch, a query in a template
loop). Counted through the test client after one warm-up request, so
Wagtail's per-process caches (content types, site root paths) are filled.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

import news.demo
from news.models import ArticlePage, ArticleTag

pytestmark = pytest.mark.django_db

# Generous ceiling so a new per-item query is caught even where the count is
# still the same at both sizes; the aim is 10 or fewer (docs/performance.md).
MAX_QUERIES = 40


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


def test_pages_do_not_run_more_queries_with_more_articles(client, demo_site):
    news.demo.generate_articles(5)
    targets = urls()
    # Page 2 of the feed exists only with more articles: measure the others.
    small = counts(client, {name: url for name, url in targets.items() if name != "feed page 2"})
    news.demo.generate_articles(25)
    large = counts(client, {name: url for name, url in targets.items() if name != "feed page 2"})
    # Not always equal: with 5 generated articles the first page mixes the
    # demo's events and articles (one query per kind of item), with 30 it
    # holds only generated articles. What must never happen is growth.
    grown = {name: (small[name], large[name]) for name in small if large[name] > small[name]}
    assert not grown, f"queries grew with the number of articles (5 -> 30): {grown}"
    assert max(large.values()) <= MAX_QUERIES, large
    # Deeper pages of the feed cost what the first one does.
    assert count(client, targets["feed page 2"]) <= large["feed"] + 1


def test_api_listing_does_not_run_more_queries_with_more_articles(client, demo_site):
    url = "/api/v2/pages/?type=news.ArticlePage&fields=*"
    news.demo.generate_articles(5)
    small = count(client, url)
    news.demo.generate_articles(25)
    assert count(client, url) <= small
