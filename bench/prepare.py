"""Build one benchmark database and report what to measure (run by bench.run).

Runs in its own process with the bench's environment (production settings,
temporary VAR_DIR/MEDIA_ROOT, the bench database): migrates, loads the demo
content, times `news.demo.generate_articles(N)`, makes the renditions the
templates use, picks the URLs, then counts the SQL queries of each URL
through Django's test client (not through gunicorn, so the count is exact).
Prints one JSON object on the last line of stdout.
"""

import argparse
import io
import json
import os
import sys
import time


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, required=True)
    args = parser.parse_args(argv)
    os.environ["PAGE_CACHE_ENABLED"] = "false"  # count the queries of a real render

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.templatetags.static import static
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    timings = {}
    start = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    timings["migrate_s"] = round(time.perf_counter() - start, 2)

    start = time.perf_counter()
    call_command("load_demo_content", verbosity=0, stdout=io.StringIO())
    timings["demo_content_s"] = round(time.perf_counter() - start, 2)

    import news.demo

    generated = args.articles
    start = time.perf_counter()
    if generated:
        news.demo.generate_articles(generated, stdout=io.StringIO())
    timings["generate_articles_s"] = round(time.perf_counter() - start, 2)
    timings["generated_articles"] = generated

    start = time.perf_counter()
    try:
        from movement.images import generate_all_renditions

        timings["renditions"] = generate_all_renditions()
    except ImportError:
        timings["renditions"] = None
    timings["renditions_s"] = round(time.perf_counter() - start, 2)

    urls = pick_urls(static)
    client = Client(HTTP_HOST="127.0.0.1")
    queries = {}
    for name, url in urls.items():
        if name == "static":
            continue
        counts, status = [], None
        for _ in range(2):  # the first render may fill Wagtail's in-process caches
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url)
            status = response.status_code
            counts.append(len(captured.captured_queries))
        queries[name] = {"first": counts[0], "steady": counts[1], "status": status}
    timings["cold_search"] = cold_search(client)
    print(json.dumps({"urls": urls, "queries": queries, "timings": timings, "articles": _article_count()}))


# Words the demo and generated articles use; each is searched once, so no
# ranking is in the structure cache yet (the wrk row repeats one query).
COLD_SEARCH_WORDS = [
    "velfærd",
    "kommunerne",
    "borgerne",
    "fællesskab",
    "ledelse",
    "tillid",
    "sundhed",
    "frivillige",
    "klimatilpasning",
    "regionen",
]


def cold_search(client):
    """Milliseconds of a first search for each word (test client, in-process)."""
    from wagtail.models import Page

    times, hits = [], []
    for word in COLD_SEARCH_WORDS:
        start = time.perf_counter()
        response = client.get("/search/", {"q": word})
        times.append((time.perf_counter() - start) * 1000)
        if response.status_code == 200:
            hits.append(Page.objects.live().public().search(word, operator="and").count())
    times.sort()
    return {
        "words": len(times),
        "p50_ms": round(times[len(times) // 2], 1),
        "max_ms": round(times[-1], 1),
        "max_hits": max(hits, default=0),
    }


def _article_count():
    from news.models import ArticlePage

    return ArticlePage.objects.live().count()


def pick_urls(static):
    """The URLs the issue names, found in this database (not hard-coded)."""
    from events.models import EventPage
    from news.models import ArticlePage, ArticleTag, NewsIndexPage

    index = NewsIndexPage.objects.live().first()
    count = ArticlePage.objects.live().count()
    # An article from the middle of the list: neither the newest nor the oldest.
    article = ArticlePage.objects.live().order_by("-date", "-pk")[count // 2]
    tag = ArticleTag.objects.filter(tagged_items__isnull=False).order_by("name").first()
    event = EventPage.objects.live().filter(slug="nytaarskur-2018").first() or EventPage.objects.live().first()
    index_url = index.url
    return {
        "home": "/",
        "feed": index_url,
        "tag": f"{index_url}tag/{tag.slug}/",
        "article": article.url,
        "event": event.url,
        "search": "/search/?q=samskabelse",
        "api_listing": "/api/v2/pages/?type=news.ArticlePage&fields=*",
        "api_detail": f"/api/v2/pages/{article.pk}/",
        "static": static("movement/css/site.css"),
    }


if __name__ == "__main__":
    sys.exit(main())
