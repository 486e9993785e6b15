"""The API response cache (movement/caching/api_cache.py): what is stored,
what never is, and what a publish drops. Through the test client and the real
middleware stack, with the on-commit bumps run as in production."""

from wagtail.models import PageViewRestriction

import pytest

from movement.api.preview import make_preview_token
from movement.tests.factories import PrinciplesPageFactory
from news.models import ArticlePage
from news.tests.factories import ArticlePageFactory, NewsIndexPageFactory

pytestmark = pytest.mark.django_db

LISTING = "/api/v2/pages/?type=news.ArticlePage&fields=title"


@pytest.fixture
def api_cache(settings, empty_page_caches):
    settings.API_CACHE_ENABLED = True


@pytest.fixture
def site(home_page, api_cache, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        index = NewsIndexPageFactory(parent=home_page)
        for number in range(3):
            ArticlePageFactory(parent=index, title=f"Artikel nummer {number}")
        PrinciplesPageFactory(parent=home_page)
    return index


def state(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return response.get("X-API-Cache")


def article():
    return ArticlePage.objects.live().order_by("pk").first()


def test_anonymous_listing_is_stored_and_served_without_a_query(client, site, django_assert_num_queries):
    first = client.get(LISTING)
    assert first["X-API-Cache"] == "MISS"
    with django_assert_num_queries(0):
        second = client.get(LISTING)
    assert second["X-API-Cache"] == "HIT"
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert "public" in second["Cache-Control"]


def test_the_key_is_the_normalised_query(client, site):
    assert state(client, "/api/v2/pages/?type=news.ArticlePage&fields=title") == "MISS"
    assert state(client, "/api/v2/pages/?fields=title&type=news.ArticlePage") == "HIT"
    assert state(client, "/api/v2/pages/?fields=title&type=news.ArticlePage&limit=2") == "MISS"


def test_a_hit_answers_if_none_match_with_304(client, site):
    etag = client.get(LISTING)["ETag"]
    response = client.get(LISTING, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""


def test_v2_detail_and_v3_reads_are_cached(client, site):
    page = article()
    for url in (f"/api/v2/pages/{page.pk}/", "/api/v3/pages/", f"/api/v3/pages/{page.pk}/"):
        assert state(client, url) == "MISS", url
        assert state(client, url) == "HIT", url


def test_find_is_cached(client, site):
    url = f"/api/v2/pages/find/?html_path={article().url}"
    first = client.get(url)
    assert first.status_code == 302
    second = client.get(url)
    assert second.status_code == 302
    assert second["X-API-Cache"] == "HIT"
    assert second["Location"] == first["Location"]


def test_publishing_drops_the_listing_and_the_detail(client, site, django_capture_on_commit_callbacks):
    page = article()
    detail = f"/api/v2/pages/{page.pk}/"
    other = ArticlePage.objects.live().exclude(pk=page.pk).first()
    other_detail = f"/api/v2/pages/{other.pk}/"
    for url in (LISTING, detail, other_detail):
        assert state(client, url) == "MISS"
        assert state(client, url) == "HIT"

    page.title = "Ny overskrift fra redaktionen"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()

    listing = client.get(LISTING)
    assert listing["X-API-Cache"] == "MISS"
    assert "Ny overskrift fra redaktionen" in listing.content.decode()
    assert state(client, detail) == "MISS"
    assert state(client, other_detail) == "HIT"  # precise: an unrelated article's detail stays


def test_publishing_a_new_article_drops_listings(client, site, django_capture_on_commit_callbacks):
    assert state(client, LISTING) == "MISS"
    assert state(client, "/api/v3/pages/") == "MISS"
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePageFactory(parent=site, title="Helt ny artikel", live=False).save_revision().publish()
    assert "Helt ny artikel" in client.get(LISTING).content.decode()
    assert "Helt ny artikel" in client.get("/api/v3/pages/").content.decode()


def test_unpublishing_drops_listing_and_detail(client, site, django_capture_on_commit_callbacks):
    page = article()
    detail = f"/api/v2/pages/{page.pk}/"
    assert state(client, LISTING) == "MISS"
    assert state(client, detail) == "MISS"
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert client.get(detail).status_code == 404
    listing = client.get(LISTING)
    assert listing["X-API-Cache"] == "MISS"
    assert f'"id":{page.pk},' not in listing.content.decode().replace(" ", "")


def test_restricted_content_is_never_cached(client, site, django_capture_on_commit_callbacks):
    page = article()
    detail = f"/api/v2/pages/{page.pk}/"
    assert state(client, detail) == "MISS"
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    # The public copy is gone at once, and the 404 is not stored either.
    for _ in range(2):
        response = client.get(detail)
        assert response.status_code == 404
        assert "X-API-Cache" not in response
    assert f'"id": {page.pk},' not in client.get(LISTING).content.decode()


def test_authenticated_requests_are_never_served_or_stored(client, site, admin_user, settings):
    page = article()
    detail = f"/api/v2/pages/{page.pk}/"
    client.force_login(admin_user)
    for _ in range(2):
        response = client.get(detail)
        assert response.status_code == 200
        assert "X-API-Cache" not in response
        assert "private" in response["Cache-Control"]
    client.logout()
    client.cookies.pop(settings.SESSION_COOKIE_NAME, None)
    assert state(client, detail) == "MISS"  # nothing was stored for the logged-in reader
    assert state(client, detail, HTTP_AUTHORIZATION="Bearer abc") is None
    client.cookies[settings.SESSION_COOKIE_NAME] = "abc"
    assert state(client, detail) is None  # a session cookie: never the shared copy


def test_previews_are_never_cached(client, site):
    principles = PrinciplesPageFactory._meta.model.objects.get()
    revision = principles.save_revision()
    token = make_preview_token(principles, revision)
    url = f"/api/v2/page_preview/?content_type=movement.principlespage&token={token}"
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert "X-API-Cache" not in response
        assert "no-store" in response["Cache-Control"]


def test_off_when_the_page_cache_is_off(client, site, settings):
    settings.API_CACHE_ENABLED = None
    settings.PAGE_CACHE_ENABLED = False
    assert "X-API-Cache" not in client.get(LISTING)
    assert "X-API-Cache" not in client.get(LISTING)
