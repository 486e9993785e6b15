"""What the bench's search figures measure, counted instead of timed (issue 21,
"Done when": the first search for a new word and search req/s at 10,000
articles within 1.5x of the figures before the expansion).

A first search for a compound's part, an ASCII spelling, a typo or a plain
word runs the same SQL queries at 10 and at a few hundred articles (the
vocabulary is read once per publish, not per search; the ranking returns ids,
not pages), a repeated search runs no page query at all, and the expansion
stays bounded however large the vocabulary grows. Speed itself lives in
`make bench` only."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from movement.caching import structure
from search import lexicon
from search.tests.factories import article, neutral_home

pytestmark = pytest.mark.django_db

# A part of a compound, æ typed as ae, a typo, a prefix, a plain word.
FIRST_WORDS = ["bevægelse", "velfaerd", "samskabele", "samskabels", "ledelse"]


def _first_search_queries(client, words):
    """SQL of a first search per word, after one warm-up search has read the
    per-worker facts (site, vocabulary, tag filter) as a running worker has."""
    structure.clear()
    client.get("/search/", {"q": "opvarmning"})
    counts, sql = {}, {}
    for word in words:
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/search/", {"q": word})
        assert response.status_code == 200
        assert response.context["result_count"] > 0, word
        counts[word] = len(captured.captured_queries)
        sql[word] = [q["sql"] for q in captured.captured_queries]
    return counts, sql


def test_a_first_search_runs_the_same_queries_at_10_and_at_200_articles(client, home_page, structure_on):
    import news.demo

    home = neutral_home(home_page)
    article(home, "Samskabelsesbevægelsen mødes", body_text="Velfærd og ledelse i samskabelsen.")
    news.demo.generate_articles(9)
    small, small_sql = _first_search_queries(client, FIRST_WORDS)

    news.demo.generate_articles(190)
    large, large_sql = _first_search_queries(client, FIRST_WORDS)

    assert large == small, (small, large)
    for word in FIRST_WORDS:
        # The vocabulary is per worker, not per search; no page row is read to rank.
        assert not any("search_indexedword" in sql for sql in large_sql[word]), word
        assert max(small.values()) <= 12, small  # a count, the ranking, the hits' types, promotions


def test_a_repeated_search_runs_no_page_query(client, home_page, structure_on):
    import news.demo

    home = neutral_home(home_page)
    article(home, "Samskabelsesbevægelsen mødes", body_text="Velfærd og ledelse.")
    news.demo.generate_articles(30)
    client.get("/search/", {"q": "samskabelse"})
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/search/", {"q": "samskabelse"})
    assert len(response.context["hits"]) == 10
    page_queries = [q["sql"] for q in captured.captured_queries if "wagtailcore_page" in q["sql"]]
    assert page_queries == []
    # Page 2 is not kept: it loads its pages, one query per type among them.
    with CaptureQueriesContext(connection) as captured:
        client.get("/search/", {"q": "samskabelse", "page": 2})
    assert any("wagtailcore_page" in q["sql"] for q in captured.captured_queries)


def test_the_expansion_is_bounded_whatever_the_vocabulary():
    """Thousands of compounds, prefixes, typos and foldings of one word: the
    query still asks for at most MAX_EXTRA extra terms per word (both database
    backends build their query from the same expansion)."""
    rows = [("velfærd", ""), ("velfaerd", "")]
    rows += [(f"velfærds{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}tilbud", "") for i in range(600)]
    rows += [(f"velfærd{chr(97 + i % 26)}", "") for i in range(26)]  # prefixes and typos
    rows += [
        (f"{head}velfærd", f"{head} velfærd|{head} velfærd")
        for head in ("social", "borger", "lokal", "fælles", "ældre")
    ]
    lex = lexicon.Lexicon(rows)
    for word in ("velfærd", "velfaerd", "velfærdx", "socialvelfaerd"):
        expansion = lex.expand(word)
        assert len(expansion.slots) == 1
        slot = expansion.slots[0]
        assert len(slot.extra) <= lexicon.MAX_EXTRA, word
        words = sum(len(alternative) for alternative in [*slot.exact, *slot.extra])
        assert words <= 1 + lexicon.MAX_EXTRA * 3, word  # a split adds its parts as one AND
        if connection.vendor == "sqlite":  # the FTS5 expression the backend builds from it
            from search.backends.sqlite_danish import fts_expressions

            exact, full = fts_expressions(expansion)
            assert (full or exact).count('"') // 2 <= words, word
    # Several words: the bound holds per word, so a query's terms grow with its words, not the site.
    three = lex.expand("velfærd velfaerd velfærdx")
    assert sum(len(slot.extra) for slot in three.slots) <= 3 * lexicon.MAX_EXTRA
    # Worked out once per lexicon: the view, the count and the ranking share it.
    assert lex.expand("velfærd") is lex.expand("velfærd")


def test_kept_first_pages_are_bounded(client, home_page, structure_on, monkeypatch):
    from movement.caching import page_cache
    from search import views

    home = neutral_home(home_page)
    article(home, "Samskabelse og velfærd", body_text="Ledelse i kommunerne.")
    monkeypatch.setattr(views, "KEPT_FIRST_PAGES", 2)
    for word in ("samskabelse", "velfærd", "ledelse", "kommunerne"):
        assert client.get("/search/", {"q": word}).context["result_count"] == 1
    kept = structure.cached("search-first-pages", dict, deps=(page_cache.ANY,), copy_value=False)
    assert 1 <= len(kept) <= 2


def test_the_admin_search_counts_its_hits_once_for_the_total_and_the_page_types(client, demo_site):
    """Wagtail's admin search asks its backend three times over the same hits:
    the page-type counts, "Alle (N)" and the paginator. One grouped query
    answers all three, with the same numbers as modelsearch's own facet."""
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite backend's grouped count")
    from django.contrib.auth import get_user_model

    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchResults
    from wagtail.models import Page

    from movement.editing import kept_search

    client.force_login(get_user_model().objects.create_superuser("taeller", "t@example.org", "x"))
    kept_search.bump()
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/admin/pages/search/", {"q": "samskabelse"})
    assert response.status_code == 200
    over_hits = [q["sql"] for q in captured.captured_queries if "wagtailsearch_indexentry_fts" in q["sql"]]
    assert len(over_hits) == 2, over_hits  # the grouped count, and the ranked page of ids
    assert sum("GROUP BY" in sql for sql in over_hits) == 1
    assert not any('content_type_id" AS "content_type_id", COUNT' in q["sql"] for q in captured.captured_queries)
    for word in ("samskabelse", "nytår", "ledelse i"):
        ours = Page.objects.autocomplete(word)
        theirs = SQLiteSearchResults.facet(Page.objects.autocomplete(word), "content_type_id")
        assert dict(ours.facet("content_type_id")) == dict(theirs), word
        assert ours.count() == sum(theirs.values()), word
    total = sum(dict(Page.objects.autocomplete("samskabelse").facet("content_type_id")).values())
    assert f"({total})" in response.content.decode()
