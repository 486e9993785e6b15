"""Integers beyond the database's range are a client's mistake: 400 or 404,
never a 500 (Python's int has no limit; SQLite's driver raises
`OverflowError` past 2^63-1 and PostgreSQL's bigint ends there too).

The parameters are collected, not listed: every integer parameter of every
GET operation in the v3 schema (query and path), API v2's integer
parameters on each endpoint, and every query parameter with a number for a
value in the links the site's pages show (pagination, filters).
"""

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from wagtail.models import Page

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    """A 500 is a failure to report with its URL, not an exception to stop at."""
    from django.test import Client

    return Client(raise_request_exception=False)


OUT_OF_RANGE = ["9223372036854775808", "100000000000000000000", "-9223372036854775809"]
V2_ENDPOINTS = {
    "/api/v2/pages/": ["id", "offset", "limit", "child_of", "descendant_of", "ancestor_of", "translation_of"],
    "/api/v2/images/": ["id", "offset", "limit"],
    "/api/v2/documents/": ["id", "offset", "limit"],
    "/api/v2/pages/find/": ["id"],
}
V2_DETAILS = ["/api/v2/pages/{}/", "/api/v2/images/{}/", "/api/v2/documents/{}/"]


def _is_integer(schema):
    if not isinstance(schema, dict):
        return False
    if schema.get("type") == "integer":
        return True
    return any(_is_integer(part) for part in schema.get("anyOf", []) + schema.get("oneOf", []))


def v3_integer_parameters(client):
    """(path template, location, name) for every integer parameter of a GET."""
    spec = client.get("/api/v3/openapi.json").json()
    found = []
    for template, item in spec["paths"].items():
        operation = item.get("get")
        if not operation:
            continue
        for parameter in operation.get("parameters", []):
            if _is_integer(parameter.get("schema")):
                found.append((template, parameter["in"], parameter["name"]))
    return found


def _fill(template, name=None, value="1"):
    return re.sub(r"\{([^}]+)\}", lambda m: value if m.group(1) == name else "1", template)


def _assert_refused(response, url, failures):
    if response.status_code >= 500 or response.status_code < 400:
        failures.append(f"{url} → {response.status_code}")


def test_the_collection_finds_v3_integer_parameters(client, demo_site):
    names = {name for _, _, name in v3_integer_parameters(client)}
    assert {"offset", "limit", "id"} <= names, names


def test_v3_integer_parameters_out_of_range_are_400(client, demo_site):
    failures = []
    for template, location, name in v3_integer_parameters(client):
        for value in OUT_OF_RANGE:
            if location == "path":
                url = _fill(template, name, value)
            else:
                url = _fill(template) + "?" + urlencode({name: value})
            response = client.get(url)
            _assert_refused(response, url, failures)
    assert not failures, failures


def _integer_keys(item, prefix=""):
    """Keys of a listed object that hold integers (or `{"id": …}` objects):
    the API's generic field filters accept each as `?key=`."""
    for key, value in (item or {}).items():
        if key == "meta":
            continue
        if isinstance(value, bool):
            continue
        if isinstance(value, int):
            yield key
            if key.endswith("_id"):
                yield key[: -len("_id")]
        elif isinstance(value, dict) and isinstance(value.get("id"), int):
            yield key


def field_filters(client, listing, extra=""):
    """`?<field>=` filters a listing accepts, read off its first item."""
    body = client.get(listing + extra).json()
    items = body.get("items") or body.get("results") or []
    return sorted({key for item in items[:3] for key in _integer_keys(item)})


def test_generic_field_filters_out_of_range(client, demo_site):
    """Wagtail's generic field filters (`?site=`, `?category=` …) hand the
    value to the ORM; a foreign-key lookup has no range guard on SQLite."""
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.models import Site

    Redirect.objects.create(old_path="/gammel", site=Site.objects.get(), redirect_link="https://example.org/")
    failures = []
    checked = 0
    listings = {
        "/api/v3/pages/": "?type=news.ArticlePage&fields=*",
        "/api/v3/redirects/": "",
        "/api/v2/pages/": "?type=news.ArticlePage&fields=*",
        "/api/v2/images/": "?fields=*",
        "/api/v2/documents/": "?fields=*",
    }
    for listing, extra in listings.items():
        type_part = "type=news.ArticlePage&" if "type=" in extra else ""
        for name in field_filters(client, listing, extra):
            for value in OUT_OF_RANGE:
                url = f"{listing}?{type_part}{urlencode({name: value})}"
                checked += 1
                response = client.get(url)
                if response.status_code >= 500:
                    failures.append(f"{url} → {response.status_code}")
    assert checked > 10, checked
    assert not failures, failures
    # A filter that reaches the database says what is wrong.
    response = client.get("/api/v3/redirects/?site=100000000000000000000")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert "site" in response.json()["detail"]


def test_v2_integer_parameters_out_of_range_are_400(client, demo_site):
    failures = []
    for endpoint, names in V2_ENDPOINTS.items():
        for name in names:
            for value in OUT_OF_RANGE:
                url = endpoint + "?" + urlencode({name: value})
                _assert_refused(client.get(url), url, failures)
    for template in V2_DETAILS:
        for value in OUT_OF_RANGE:
            url = template.format(value)
            response = client.get(url)
            if response.status_code >= 500:
                failures.append(f"{url} → {response.status_code}")
    assert not failures, failures


def test_numeric_query_parameters_of_the_site_out_of_range(client, demo_site):
    """Every link on a live page whose query has a number (`?page=2`,
    `?kategori=…&page=3`) gets the number replaced by one out of range."""
    import datetime

    from news.models import ArticlePage, NewsIndexPage

    index = NewsIndexPage.objects.get()
    for n in range(13):  # one more than a feed page holds, so "Indlæs flere" links ?page=2
        article = ArticlePage(title=f"Arkiv {n}", slug=f"arkiv-{n}", date=datetime.date(2017, 1, 1 + n), intro="Ældre.")
        index.add_child(instance=article)
        article.save_revision().publish()
    failures = []
    links = set()
    for page in Page.objects.live().public().specific():
        if not page.url:
            continue
        html = client.get(page.url).content.decode(errors="replace")
        for href in re.findall(r'href="([^"#:]*\?[^"#]*)"', html):
            links.add(urljoin(page.url, href.replace("&amp;", "&")))
    numeric = []
    for link in links:
        parts = urlsplit(link)
        query = parse_qsl(parts.query, keep_blank_values=True)
        for position, (name, value) in enumerate(query):
            if value.lstrip("-").isdigit():
                numeric.append((parts.path, query, position, name))
    for path, query, position, name in numeric:
        for value in OUT_OF_RANGE:
            changed = list(query)
            changed[position] = (name, value)
            url = path + "?" + urlencode(changed)
            response = client.get(url)
            if response.status_code >= 500:
                failures.append(f"{url} → {response.status_code}")
    assert numeric, "no link with a number in its query: the collection found nothing to test"
    assert not failures, failures
