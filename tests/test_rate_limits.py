"""Rate limits by URL (movement/security/ratelimit.py): a Danish 429 page on the site,
JSON under /api/, Retry-After, counted per client IP and per rule."""

from django.core.cache import cache
from django.test import override_settings

import pytest

pytestmark = pytest.mark.django_db


def rules(**rates):
    """The production rule table with some rates lowered for the test."""
    from django.conf import settings

    table = []
    for rule in settings.RATELIMIT_RULES:
        rule = dict(rule)
        if rule["name"] in rates:
            rule["rate"] = rates[rule["name"]]
        table.append(rule)
    return table


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_search_limited_with_danish_page_and_retry_after(client, home_page):
    with override_settings(RATELIMIT_ENABLE=True, RATELIMIT_RULES=rules(search="3/m")):
        for _attempt in range(3):
            assert client.get("/search/", {"q": "kaffe"}).status_code == 200
        response = client.get("/search/", {"q": "kaffe"})
        assert response.status_code == 429
        assert 1 <= int(response["Retry-After"]) <= 60
        html = response.content.decode()
        assert "For mange forespørgsler" in html
        assert 'lang="da"' in html
        # Autocomplete shares the search budget.
        assert client.get("/search/autocomplete/", {"q": "ka"}).status_code == 429
        # Another client (IP) is not affected.
        assert client.get("/search/", {"q": "kaffe"}, REMOTE_ADDR="10.0.0.2").status_code == 200
        # Other pages are not limited.
        assert client.get("/").status_code == 200


def test_api_search_limited_with_json(client, home_page):
    with override_settings(RATELIMIT_ENABLE=True, RATELIMIT_RULES=rules(**{"api-search": "2/m"})):
        for _attempt in range(2):
            assert client.get("/api/v2/pages/", {"search": "kaffe"}).status_code == 200
        response = client.get("/api/v2/pages/", {"search": "kaffe"})
        assert response.status_code == 429
        assert response["Content-Type"] == "application/problem+json"
        assert "for mange" in response.json()["detail"]
        assert response["Retry-After"]
        # Listing without ?search= is not counted.
        assert client.get("/api/v2/pages/").status_code == 200


@pytest.mark.parametrize(
    ("rule", "url", "data"),
    [
        ("signup", "/medlem/signup/", {"email": "x@example.org", "password1": "a", "password2": "b"}),
        ("member-login", "/medlem/login/", {"login": "x@example.org", "password": "forkert"}),
        ("admin-login", "/admin/login/", {"username": "x", "password": "forkert"}),
        ("password-reset", "/medlem/password/reset/", {"email": "x@example.org"}),
    ],
)
def test_account_posts_limited(client, home_page, rule, url, data):
    with override_settings(RATELIMIT_ENABLE=True, RATELIMIT_RULES=rules(**{rule: "2/h"})):
        for _attempt in range(2):
            assert client.post(url, data).status_code != 429
        response = client.post(url, data)
        assert response.status_code == 429
        assert "For mange forespørgsler" in response.content.decode()
        assert int(response["Retry-After"]) <= 3600
        # Reading the form is still possible.
        assert client.get(url).status_code == 200


def test_event_registration_posts_limited(client, demo_site):
    from events.models import EventPage

    event = EventPage.objects.live().first()
    with override_settings(RATELIMIT_ENABLE=True, RATELIMIT_RULES=rules(registration="1/h")):
        first = client.post(event.url, {"name": "Test"})
        assert first.status_code != 429
        response = client.post(event.url, {"name": "Test"})
        assert response.status_code == 429
        assert client.get(event.url).status_code == 200


def test_behind_a_proxy_counts_the_forwarded_client(client, home_page):
    with override_settings(RATELIMIT_ENABLE=True, RATELIMIT_RULES=rules(search="1/m"), TRUSTED_PROXY_COUNT=1):
        assert client.get("/search/", HTTP_X_FORWARDED_FOR="192.0.2.1").status_code == 200
        assert client.get("/search/", HTTP_X_FORWARDED_FOR="192.0.2.1").status_code == 429
        # A client cannot escape by sending its own X-Forwarded-For: the proxy
        # appends the real address, and that is the one counted.
        assert client.get("/search/", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.1").status_code == 429
        assert client.get("/search/", HTTP_X_FORWARDED_FOR="192.0.2.2").status_code == 200


def test_limits_are_off_in_the_test_settings(client, home_page):
    for _attempt in range(200):
        assert client.get("/search/autocomplete/", {"q": "ka"}).status_code == 200
