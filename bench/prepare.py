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
import statistics
import sys
import time


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--profile", action="store_true", help="cProfile one render of each URL")
    parser.add_argument(
        "--no-admin", action="store_true", help="skip the admin and publish lines (bench.run --only without them)"
    )
    args = parser.parse_args(argv)
    os.environ["PAGE_CACHE_ENABLED"] = "false"  # count the queries of a real render (the API cache follows)
    os.environ["ADMIN_2FA_REQUIRED"] = "false"  # the bench's admin user has no TOTP device

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
    if args.profile:
        timings["profiles"] = profile(client, urls, args.articles)
    if not args.no_admin:
        timings["admin"] = admin_figures(urls)
        timings["publish"] = publish_cost(urls)
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


def _ms(function, repeat=1):
    """Median milliseconds of `repeat` calls, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return round(times[len(times) // 2], 1), result


def _admin_client(editor=False):
    """A superuser, or (editor=True) an editor as the demo's: in the group
    "Redaktører" (Wagtail's Editors: add and change, no publish), whose
    per-row permission checks are what issue 20 measured."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    User = get_user_model()
    group = Group.objects.filter(name="Redaktører").first()
    if editor and group is not None:
        user = User.objects.filter(username="bench-editor").first() or User.objects.create_user(
            "bench-editor", "bench-editor@example.org", None
        )
        user.groups.add(group)
    else:
        user = User.objects.filter(username="bench-admin").first() or User.objects.create_superuser(
            "bench-admin", "bench@example.org", None
        )
    from django.test.utils import override_settings

    client = Client(HTTP_HOST="127.0.0.1")
    # force_login sends user_logged_in with a bare HttpRequest: django-axes
    # logs its address as "unknown", which PostgreSQL's inet column refuses.
    # The bench measures pages, not the login, so axes sits this one out.
    with override_settings(AXES_ENABLED=False):
        client.force_login(user)
    return client, user


# Words in the generated titles (the admin's search matches titles) and not in
# COLD_SEARCH_WORDS: neither search has seen them when admin_figures runs.
ADMIN_FIRST_WORDS = [
    "løsning",
    "handlekraft",
    "innovation",
    "værdi",
    "strategi",
    "samarbejde",
    "erfaring",
    "fremtid",
    "praksis",
    "udvikling",
    "dialog",
]


def admin_figures(urls, word="samskabelse"):
    """The explorer of the news index (pages 1 and 2) and the admin page
    search, in-process as the editor sees them (issue 20), beside the public
    search for the same word: a repeated word (after one warm-up request,
    median of 3: the admin's kept answer, movement/editing/kept_search.py,
    against the public kept ranking), and the first search of each of
    ADMIN_FIRST_WORDS on both (p50: nothing kept on either side)."""
    import re

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from news.models import NewsIndexPage

    client, user = _admin_client(editor=True)
    index = NewsIndexPage.objects.live().first()
    explorer = f"/admin/pages/{index.pk}/"

    def get(url):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    def counted(url):
        get(url)
        with CaptureQueriesContext(connection) as captured:
            response = get(url)
        return len(captured.captured_queries), response

    explorer_queries, response = counted(explorer)
    rows = max(0, len(re.findall(r"<tr[\s>]", response.content.decode())) - 1)
    page2_queries = counted(explorer + "?p=2")[0] if index.get_children().count() > 50 else explorer_queries
    explorer_ms, _ = _ms(lambda: get(explorer), 3)
    search_url = f"/admin/pages/search/?q={word}"
    search_queries, _ = counted(search_url)
    search_ms, _ = _ms(lambda: get(search_url), 3)
    public = Client(HTTP_HOST="127.0.0.1")
    public.get(f"/search/?q={word}")
    public_ms, _ = _ms(lambda: public.get(f"/search/?q={word}"), 3)
    first_admin, first_public = [], []
    for first_word in ADMIN_FIRST_WORDS:
        ms, response = _ms(lambda w=first_word: get(f"/admin/pages/search/?q={w}"))
        assert response.headers.get("X-Admin-Search") == "fresh", first_word
        first_admin.append(ms)
        first_public.append(_ms(lambda w=first_word: public.get(f"/search/?q={w}"))[0])
    first_admin_ms, first_public_ms = statistics.median(first_admin), statistics.median(first_public)
    return {
        "user": "editor (Redaktører)" if not user.is_superuser else "superuser",
        "explorer_ms": explorer_ms,
        "explorer_queries": explorer_queries,
        "explorer_page2_queries": page2_queries,
        "explorer_rows": rows,
        "word": word,
        "search_ms": search_ms,
        "search_queries": search_queries,
        "public_search_ms": public_ms,
        "search_ratio": round(search_ms / public_ms, 2) if public_ms else None,
        "first_words": len(ADMIN_FIRST_WORDS),
        "first_search_ms": round(first_admin_ms, 1),
        "first_public_search_ms": round(first_public_ms, 1),
        "first_search_ratio": round(first_admin_ms / first_public_ms, 2) if first_public_ms else None,
    }


def publish_cost(urls):
    """An editor publishes the bench's article (a new title): save, revision,
    publish and everything queued on commit (stamp bumps, renditions,
    webhooks), then the first uncached view of each page it invalidated."""
    from django.db import transaction
    from django.test import Client

    from news.models import ArticlePage

    _, user = _admin_client()
    slug = urls["article"].rstrip("/").rsplit("/", 1)[-1]
    page = ArticlePage.objects.get(slug=slug)
    started = time.perf_counter()
    with transaction.atomic():
        page.title = page.title + " (opdateret)"
        page.save_revision(user=user).publish(user=user)
        inside = time.perf_counter()
    done = time.perf_counter()
    client = Client(HTTP_HOST="127.0.0.1")
    first = {}
    for name in ("article", "feed", "tag", "home", "event", "api_detail", "api_listing"):
        ms, response = _ms(lambda url=urls[name]: client.get(url))
        first[name] = ms if response.status_code == 200 else f"status {response.status_code}"
    return {
        "publish_ms": round((done - started) * 1000, 1),
        "on_commit_ms": round((done - inside) * 1000, 1),
        "first_view_ms": first,
    }


def profile(client, urls, size):
    """cProfile one warm render of each URL; the 25 costliest functions by
    cumulative time go to bench/results/profile-<size>-<url>.txt."""
    import cProfile
    import pstats
    from pathlib import Path

    out_dir = Path(__file__).resolve().parent / "results"
    out_dir.mkdir(exist_ok=True)
    written = {}
    for name, url in urls.items():
        if name == "static":
            continue
        client.get(url)
        profiler = cProfile.Profile()
        profiler.enable()
        client.get(url)
        profiler.disable()
        path = out_dir / f"profile-{size}-{name}.txt"
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(25)
        path.write_text(stream.getvalue())
        written[name] = str(path)
    return written


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
