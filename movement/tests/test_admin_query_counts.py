"""The admin at many articles (issue 20): the explorer of "What else is
cooking?" must run the same number of queries for a page of 5 rows as for a
page of 30, for a superuser and for an editor without publish rights (the
demo's "Redaktører"), whose per-row permission checks are Wagtail's rules
answered from the row for leaf pages (movement/editing/permissions.py)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

import news.demo
from movement.editing import kept_search
from news.models import NewsIndexPage

pytestmark = pytest.mark.django_db


def explorer_queries(client):
    url = f"/admin/pages/{NewsIndexPage.objects.get().pk}/"
    client.get(url)  # warm-up
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def grows(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        news.demo.generate_articles(5)
    small = explorer_queries(client)
    with django_capture_on_commit_callbacks(execute=True):
        news.demo.generate_articles(25)
    return small, explorer_queries(client)


def test_explorer_queries_are_flat_per_page_for_a_superuser(
    client, demo_site, admin_user, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    small, large = grows(client, django_capture_on_commit_callbacks)
    assert large <= small, f"explorer queries grew with rows: {small} -> {large}"


def test_explorer_queries_are_flat_per_page_for_an_editor(client, demo_site, django_capture_on_commit_callbacks):
    editor = get_user_model().objects.create_user("bench-editor", "e@example.org", "x")
    editor.groups.add(Group.objects.get(name="Redaktører"))
    client.force_login(editor)
    small, large = grows(client, django_capture_on_commit_callbacks)
    assert large <= small, f"explorer queries grew with rows: {small} -> {large}"


# The admin's page search (Wagtail autocompletes with relevance): ranked
# inside the FTS table, one page of ids (search/backends/sqlite_danish.py).

ADMIN_SEARCH_WORDS = ("samskabelse", "velfærd", "kommune", "ledelse i")


def admin_search_queries(client, word):
    """Queries of a search rendered afresh (not the kept answer of
    movement/editing/kept_search.py, which test_kept_admin_search.py counts)."""
    url = f"/admin/pages/search/?q={word}"
    client.get(url)  # warm-up
    kept_search.bump()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert response.headers[kept_search.HEADER] == "fresh"
    return len(captured.captured_queries)


def test_admin_search_queries_are_flat_for_an_editor(client, demo_site, django_capture_on_commit_callbacks):
    editor = get_user_model().objects.create_user("soege-redaktoer", "s@example.org", "x")
    editor.groups.add(Group.objects.get(name="Redaktører"))
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        news.demo.generate_articles(5)
    small = admin_search_queries(client, "samskabelse")
    with django_capture_on_commit_callbacks(execute=True):
        news.demo.generate_articles(40)
    large = admin_search_queries(client, "samskabelse")
    assert large <= small, f"admin search queries grew with hits: {small} -> {large}"


def listed_page_ids(html):
    import re

    return [int(pk) for pk in dict.fromkeys(re.findall(r'href="/admin/pages/(\d+)/edit/"', html))]


@pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="compares our FTS5 ranking with modelsearch's SQLite compiler; PostgreSQL ranks in Wagtail's own backend",
)
def test_admin_search_finds_what_modelsearch_found_in_the_same_order(admin_client, demo_site):
    """The ranked page is the one modelsearch's own autocomplete query (a
    correlated bm25 subquery per page) returned: same pages, same order, same count."""
    from modelsearch.backends.database.sqlite import sqlite as modelsearch_sqlite
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    news.demo.generate_articles(30)
    backend = get_search_backend()
    for word in ADMIN_SEARCH_WORDS:
        results = backend.autocomplete(word, Page.objects.all())
        compiler = results.query_compiler
        before = list(
            modelsearch_sqlite.SQLiteSearchQueryCompiler.search(compiler, compiler.get_config(backend), 0, 20)
        )
        before_count = modelsearch_sqlite.SQLiteSearchQueryCompiler.search(
            compiler, compiler.get_config(backend), None, None
        ).count()
        assert before, word
        assert [page.pk for page in results[:20]] == [page.pk for page in before], word
        assert results.count() == before_count, word

        html = admin_client.get("/admin/pages/search/", {"q": word}).content.decode()
        assert listed_page_ids(html) == [page.pk for page in before], word
