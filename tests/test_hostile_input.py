"""Hostile input at every public URL: a fixed corpus of nasty values as query
parameters, path suffixes, wrong methods and POST bodies. Nothing may answer
500, and no payload with markup may come back unescaped.

The URLs are collected, not listed: every live page, the fixed public URLs,
and every same-site link those pages show (tag pages, feeds, calendar files,
pagination). Failures are collected per group and reported together, so one
run shows every problem with its URL and payload.
"""

import json
import re
from functools import partial
from urllib.parse import quote, urlsplit

from django.db import transaction
from django.test import override_settings

from wagtail.models import Page

import pytest

pytestmark = pytest.mark.django_db

FIXED_URLS = [
    "/search/",
    "/search/autocomplete/",
    "/api/v2/pages/",
    "/api/v2/pages/find/",
    "/api/v2/images/",
    "/api/v2/documents/",
    "/api/v3/pages/",
    "/api/v3/openapi.json",
    "/medlem/",
    "/medlem/login/",
    "/medlem/signup/",
    "/medlem/password/reset/",
    "/healthz/",
    "/sitemap.xml",
    "/robots.txt",
    "/findes-ikke/",
]
# Never crawled: the admin is not public; documents and media are files.
SKIP_PREFIXES = ("/admin/", "/django-admin/", "/static/", "/media/", "/documents/", "/medlem/logout/", "/_util/")
MAX_CRAWLED = 40

# (label, value). Values are strings put into query strings, forms and paths.
CORPUS = [
    ("overlong", "A" * 5000),
    ("nul", "kaffe\x00"),
    ("nul-only", "\x00"),
    ("control", "\x01\x02\x1b[31m\r\n"),
    ("sql", "' OR 1=1 --"),
    ("sql-drop", "1; DROP TABLE wagtailcore_page;--"),
    ("fts-operators", 'kaffe AND OR NOT NEAR(a b) "x* -y ^z'),
    ("fts-unbalanced", '"((('),
    ("fts-star", "*"),
    ("fts-column", "title:kaffe"),
    ("html", "<script>alert(1)</script>"),
    ("attr", '"><img src=x onerror=alert(1)>'),
    ("template", "{{7*7}}{% debug %}${7*7}"),
    ("huge-number", "99999999999999999999999999"),
    ("float", "1e308"),
    ("negative", "-1"),
    ("big-negative", "-99999999999"),
    ("zero", "0"),
    ("nan", "NaN"),
    ("json", '{"a": [1, 2'),
    ("path", "../../../../etc/passwd"),
    ("percent", "%"),
    ("unicode", "æøå ‮ 😀 \ufeff"),
    ("empty", ""),
    ("comma-list", ",,,*,-id,__class__"),
]
PARAMS = ["q", "page", "offset", "limit", "search", "type", "tags", "fields", "order", "child_of", "kaffe"]
# Raw query strings that are not valid UTF-8 or not valid percent-encoding.
RAW_QUERIES = ["q=%FF%FE", "q=%C0%AF", "page=%FF", "search=%ED%A0%80", "q=%", "q=%zz", "%FF=1", "q=a&q=b&q[]=c"]
PATH_SUFFIXES = [
    "%FF",
    "%00",
    "%3Cscript%3E",
    "..%2F..%2Fetc",
    "A" * 300,
    "x" * 10 + "/" + "y" * 10 + "/",
    "99999999999999999999/",
]
API_ID_PATHS = ["/api/v2/pages/{id}/", "/api/v3/pages/{id}/"]
API_LISTS = ["/api/v2/pages/", "/api/v2/pages/find/", "/api/v2/images/", "/api/v2/documents/", "/api/v3/pages/"]
API_PARAMS = ["search", "offset", "limit", "type", "fields", "order", "tags", "child_of", "html_path", "kaffe"]
API_CORPUS = [
    item
    for item in CORPUS
    if item[0]
    in {
        "overlong",
        "nul",
        "sql",
        "fts-operators",
        "fts-unbalanced",
        "html",
        "huge-number",
        "float",
        "negative",
        "big-negative",
        "nan",
        "comma-list",
        "unicode",
        "empty",
    }
]
POST_CORPUS = [item for item in CORPUS if item[0] in {"overlong", "nul", "sql", "html", "attr", "unicode"}]


def page_urls():
    return [page.url for page in Page.objects.live().public().specific() if page.url]


def same_site_links(html):
    for href in re.findall(r'href="(/[^"#]*)"', html):
        href = href.replace("&amp;", "&")
        if not href.startswith(SKIP_PREFIXES) and not href.startswith("//"):
            yield href


def collect_urls(client):
    """Live pages, fixed URLs, API detail URLs and links found on them."""
    urls = list(dict.fromkeys([*page_urls(), *FIXED_URLS]))
    some_page = Page.objects.live().public().exclude(depth=1).first()
    urls += [pattern.format(id=some_page.pk) for pattern in API_ID_PATHS]
    seen = set(urls)
    shapes = {}
    for url in list(urls):
        response = client.get(url)
        assert response.status_code < 500, (url, response.status_code)
        if "html" not in response.get("Content-Type", ""):
            continue
        for link in same_site_links(response.content.decode(errors="replace")):
            path = urlsplit(link).path
            # Pages of one kind behave alike: two articles, two tag pages,
            # two feeds… are enough, and keep the test fast.
            segments = path.strip("/").split("/")
            shape = (segments[0], len(segments), segments[-1] if segments[-1] in {"rss", "atom", "ics"} else "")
            shapes[shape] = shapes.get(shape, 0) + 1
            if path not in seen and len(seen) < MAX_CRAWLED and shapes[shape] <= 2:
                seen.add(path)
                urls.append(path)
    return urls


def check(send, label, url, value, failures):
    """< 500, and markup in the payload never comes back raw (except inside
    JSON, which browsers never render: nosniff).

    Each request runs in a savepoint: on PostgreSQL a database error aborts
    the test's transaction, and every later request would fail with it.
    """
    savepoint = transaction.savepoint()
    response = send()
    if response.status_code >= 500:
        transaction.savepoint_rollback(savepoint)
    else:
        transaction.savepoint_commit(savepoint)
    if response.status_code >= 500:
        error = getattr(response, "exc_info", None)
        error = f" {error[0].__name__}: {str(error[1])[:120]}" if error else ""
        failures.append(f"{response.status_code} {label} {url} {value[:80]!r}{error}")
        return
    content_type = response.get("Content-Type", "")
    if "<" in value and "json" not in content_type and not getattr(response, "streaming", False):
        body = response.content.decode(errors="replace")
        if value in body or "<script>alert(1)" in body or "<img src=x onerror" in body:
            failures.append(f"reflected {label} {url} {value[:80]!r} ({content_type})")


@pytest.fixture
def urls(demo_site, client):
    return collect_urls(client)


@override_settings(RATELIMIT_ENABLE=False)
def test_hostile_input_everywhere(client, urls):
    """Every URL gets every corpus value in every parameter, the raw invalid
    query strings, path suffixes, wrong methods and hostile POST bodies."""
    client.raise_request_exception = False  # a 500 is a result to report, not a crash
    failures = {"query": [], "raw-query": [], "per-param": [], "path": [], "method": [], "post": []}

    for url in urls:
        for label, value in CORPUS:
            # All parameters at once on the site's pages (unknown ones ignored).
            query = "&".join(f"{name}={quote(value, safe='')}" for name in PARAMS)
            check(partial(client.get, f"{url}?{query}"), label, url, value, failures["query"])
        for raw in RAW_QUERIES:
            check(partial(client.get, f"{url}?{raw}"), "raw", url, raw, failures["raw-query"])
        for suffix in PATH_SUFFIXES:
            target = url.rstrip("/") + "/" + suffix if url.endswith("/") else url + "/" + suffix
            check(partial(client.get, target), "suffix", target, suffix, failures["path"])
        for method in ("put", "delete", "patch"):
            request = getattr(client, method)
            check(
                partial(request, url, data="x=1", content_type="application/x-www-form-urlencoded"),
                method,
                url,
                "",
                failures["method"],
            )
        # POST: a form full of the corpus, malformed JSON, a bad content type.
        for label, value in POST_CORPUS:
            form = dict.fromkeys(
                [
                    "q",
                    "name",
                    "email",
                    "login",
                    "password",
                    "password1",
                    "password2",
                    "organisation",
                    "job_title",
                    "csrfmiddlewaretoken",
                ],
                value,
            )
            check(partial(client.post, url, form), f"post-{label}", url, value, failures["post"])
        check(
            partial(client.post, url, data='{"name": ', content_type="application/json"),
            "bad-json",
            url,
            "",
            failures["post"],
        )
        check(
            partial(client.post, url, data=b"\xff\xfe\x00", content_type="text/plain"),
            "binary",
            url,
            "",
            failures["post"],
        )

    # The API rejects unknown parameters before it reads the others, so each
    # parameter gets the corpus on its own there.
    for url in API_LISTS:
        for name in API_PARAMS:
            for label, value in API_CORPUS:
                check(partial(client.get, url, {name: value}), f"{name}={label}", url, value, failures["per-param"])

    report = {group: items for group, items in failures.items() if items}
    assert not report, json.dumps(report, indent=1, ensure_ascii=False)[:20000]


@override_settings(RATELIMIT_ENABLE=False)
def test_oversized_bodies_get_4xx(client, demo_site):
    """Bodies over DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) are refused, not read into a 500."""
    big_form = "name=" + "A" * (3 * 1024 * 1024)
    big_json = json.dumps({"name": "A" * (3 * 1024 * 1024)})
    client.raise_request_exception = False
    failures = []
    for url in [
        "/",
        "/medlem/login/",
        "/medlem/signup/",
        "/search/",
        "/arrangementer/nytaarskur-2018/",
        "/api/v2/pages/",
    ]:
        for body, content_type in [(big_form, "application/x-www-form-urlencoded"), (big_json, "application/json")]:
            response = client.post(url, data=body, content_type=content_type)
            if response.status_code >= 500:
                failures.append(f"{response.status_code} {url} {content_type}")
    assert not failures, failures


@override_settings(RATELIMIT_ENABLE=False)
def test_api_huge_offsets_and_limits_get_400(client, demo_site):
    """PITFALLS: API v2 gave 500 for NUL in ?search= and huge ?offset=."""
    for params in [{"offset": "99999999999999999999"}, {"offset": "-1"}, {"limit": "-5"}, {"search": "kaffe\x00"}]:
        response = client.get("/api/v2/pages/", params)
        assert response.status_code in {200, 400}, (params, response.status_code)
        expected = "application/json" if response.status_code == 200 else "application/problem+json"
        assert response["Content-Type"].startswith(expected), (params, response["Content-Type"])
