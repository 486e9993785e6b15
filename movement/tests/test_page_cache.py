"""The page cache: what is stored, what never is, and what a change drops.

Through the test client and the real middleware stack; the cache is turned
on here only (movement/settings/test.py keeps it off for every other test).
"""

import pytest

from movement.tests.factories import PersonFactory, PrinciplesPageFactory
from news.models import ArticleAuthor, ArticlePage, NewsIndexPage
from news.tests.factories import ArticlePageFactory, NewsIndexPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings, empty_page_caches):
    settings.PAGE_CACHE_ENABLED = True


@pytest.fixture
def site(home_page, page_cache, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return build_site(home_page)


def build_site(home_page):
    """Home, news index with tagged articles (one with an author), principles:
    built with the factories, because the full demo takes too long per test."""
    index = NewsIndexPageFactory(parent=home_page)
    for number in range(4):
        article = ArticlePageFactory(parent=index, title=f"Artikel nummer {number}", tags=["Ledelse", f"Emne {number}"])
    ArticleAuthor.objects.create(page=article, person=PersonFactory(name="Mette Forfatter"), sort_order=0)
    article.save_revision().publish()
    PrinciplesPageFactory(parent=home_page)
    return home_page


def newest_article():
    return ArticlePage.objects.live().order_by("-date", "-pk").first()


def tag_url(article):
    tag = article.tags.order_by("slug").first()
    return f"/nyheder/tag/{tag.slug}/"


def cache_state(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response.get("X-Page-Cache")


def test_anonymous_page_is_stored_then_served_without_a_query(client, site, django_assert_num_queries):
    first = client.get("/nyheder/")
    assert first["X-Page-Cache"] == "MISS"
    with django_assert_num_queries(0):
        second = client.get("/nyheder/")
    assert second["X-Page-Cache"] == "HIT"
    assert second.content == first.content
    assert "public" in second["Cache-Control"] and "s-maxage=" in second["Cache-Control"]


def test_query_string_is_part_of_the_key(client, site):
    assert cache_state(client, "/nyheder/") == "MISS"
    assert cache_state(client, "/nyheder/?page=1") == "MISS"
    assert cache_state(client, "/nyheder/?page=1") == "HIT"


def test_logged_in_user_is_never_served_or_stored(client, site, admin_user):
    assert cache_state(client, "/") == "MISS"
    client.force_login(admin_user)
    for _ in range(2):
        response = client.get("/")
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        assert "private" in response["Cache-Control"]
    client.logout()
    assert cache_state(client, "/") == "HIT"  # the anonymous copy is untouched


def test_request_with_a_session_cookie_is_not_cached(client, site, settings):
    client.cookies[settings.SESSION_COOKIE_NAME] = "abc"
    assert cache_state(client, "/") is None
    assert cache_state(client, "/") is None


def test_authorization_header_is_not_cached(client, site):
    assert cache_state(client, "/", HTTP_AUTHORIZATION="Bearer x") is None
    assert cache_state(client, "/") == "MISS"


def test_search_admin_and_member_pages_are_never_stored(client, site):
    search = client.get("/search/?q=samskabelse")
    assert "X-Page-Cache" not in search
    assert "public" in search["Cache-Control"]
    admin = client.get("/admin/login/")
    assert "X-Page-Cache" not in admin
    assert "no-store" in admin["Cache-Control"]
    login = client.get("/medlem/login/")
    assert "X-Page-Cache" not in login
    assert "no-store" in login["Cache-Control"]


def test_publishing_an_article_drops_the_pages_that_show_it(client, site, django_capture_on_commit_callbacks):
    article = newest_article()
    urls = ["/", "/nyheder/", tag_url(article), "/nyheder/rss/", article.url]
    for url in [*urls, "/principper/"]:
        assert cache_state(client, url) == "MISS"
        assert cache_state(client, url) == "HIT"

    article.title = "Ny overskrift fra redaktionen"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()

    for url in urls:
        response = client.get(url)
        assert response["X-Page-Cache"] == "MISS", url
        assert "Ny overskrift fra redaktionen" in response.content.decode(), url
    # Pages that do not show the article keep their copy.
    assert cache_state(client, "/principper/") == "HIT"


def test_new_article_drops_the_feed_but_not_other_articles(client, site, django_capture_on_commit_callbacks):
    unrelated = ArticlePage.objects.live().get(title="Artikel nummer 1")  # shares no tag with the new one
    unrelated.tags.clear()
    unrelated.save_revision().publish()
    for url in ["/nyheder/", "/principper/", unrelated.url]:
        cache_state(client, url)
    index = NewsIndexPage.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePageFactory(parent=index, title="En helt ny artikel", tags=["Ledelse"])
    response = client.get("/nyheder/")
    assert response["X-Page-Cache"] == "MISS"
    assert "En helt ny artikel" in response.content.decode()
    assert cache_state(client, "/principper/") == "HIT"
    assert cache_state(client, unrelated.url) == "HIT"


def test_unpublishing_drops_the_article_itself(client, site, django_capture_on_commit_callbacks):
    article = newest_article()
    assert cache_state(client, article.url) == "MISS"
    assert cache_state(client, article.url) == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert client.get(article.url).status_code == 404


def test_making_a_page_private_drops_it_and_the_pages_that_list_it(client, site, django_capture_on_commit_callbacks):
    """A view restriction is not a page: saving one sends no publish signal,
    and a cached copy would go on showing the page to anyone."""
    from wagtail.models import PageViewRestriction

    article = newest_article()
    for url in ["/", "/nyheder/", article.url]:
        cache_state(client, url)
        assert cache_state(client, url) == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(article.url)
    assert response.status_code == 302  # to the login page, not the cached copy
    for url in ["/", "/nyheder/"]:
        response = client.get(url)
        assert response["X-Page-Cache"] == "MISS", url
        assert article.title not in response.content.decode(), url


def test_renaming_an_author_drops_the_article_that_shows_them(client, site, django_capture_on_commit_callbacks):
    article = ArticlePage.objects.live().filter(authors__isnull=False).get()
    person = article.authors.get().person
    assert cache_state(client, article.url) == "MISS"
    assert cache_state(client, "/principper/") == "MISS"
    assert "Mette Forfatter" in client.get(article.url).content.decode()
    person.name = "Et nyt navn på forfatteren"
    with django_capture_on_commit_callbacks(execute=True):
        person.save()
    response = client.get(article.url)
    assert response["X-Page-Cache"] == "MISS"
    assert "Et nyt navn på forfatteren" in response.content.decode()
    assert cache_state(client, "/principper/") == "HIT"


def test_a_rolled_back_change_does_not_lose_later_invalidations(client, site, django_capture_on_commit_callbacks):
    from django.db import transaction

    article = newest_article()
    cache_state(client, "/nyheder/")
    try:
        with transaction.atomic():
            article.save_revision().publish()
            raise RuntimeError("rollback")
    except RuntimeError:
        pass
    assert cache_state(client, "/nyheder/") == "HIT"
    article = ArticlePage.objects.get(pk=article.pk)
    article.title = "Efter tilbagerulningen"
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    response = client.get("/nyheder/")
    assert response["X-Page-Cache"] == "MISS"
    assert "Efter tilbagerulningen" in response.content.decode()


def test_disabled_cache_stores_nothing_but_sends_headers(client, site, settings):
    settings.PAGE_CACHE_ENABLED = False
    response = client.get("/")
    assert "X-Page-Cache" not in response
    assert "public" in response["Cache-Control"]


def test_a_page_that_sets_a_cookie_is_not_stored(client, site):
    # The member login form sets the CSRF cookie: never stored, never public.
    response = client.get("/medlem/login/")
    assert "X-Page-Cache" not in response
    assert "public" not in response.get("Cache-Control", "")


def test_a_page_with_a_csrf_form_is_never_stored(client, site):
    """A password-protected page answers with a form carrying a CSRF token."""
    from wagtail.models import PageViewRestriction

    article = newest_article()
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.PASSWORD, password="hemmelig")
    for _ in range(2):
        response = client.get(article.url)
        assert response.status_code == 200
        assert b"csrfmiddlewaretoken" in response.content
        assert "X-Page-Cache" not in response
        assert "no-store" in response["Cache-Control"]
