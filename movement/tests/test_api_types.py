"""Each page type's JSON against expected-output fixtures, the filters on
real content, and the query count with 5 and 50 articles (`fields=*`).

Fixtures live in `movement/tests/fixtures/api/`. Volatile values (ids,
publish times, rendition file names) are normalised. After an intended
change to a page type's API fields, regenerate them with
`UPDATE_API_FIXTURES=1 .venv/bin/pytest movement/tests/test_api_types.py`
and review the diff.
"""

import json
import os
import re
from pathlib import Path

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "api"
VOLATILE_KEYS = {"id", "detail_url", "first_published_at", "last_published_at"}
MEDIA_FILE = re.compile(r"/media/(images|documents)/[^\"?]+")

PAGE_TYPES = [
    "home.HomePage",
    "news.ArticlePage",
    "events.EventPage",
    "manifesto.ManifestoPage",
    "movement.PrinciplesPage",
]


def normalise(value):
    if isinstance(value, dict):
        return {key: normalise(item) for key, item in value.items() if key not in VOLATILE_KEYS}
    if isinstance(value, list):
        return [normalise(item) for item in value]
    if isinstance(value, str):
        return MEDIA_FILE.sub(r"/media/\1/<file>", value)
    return value


def check_fixture(name, data):
    path = FIXTURES / f"{name}.json"
    data = normalise(data)
    if os.environ.get("UPDATE_API_FIXTURES"):
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    assert data == json.loads(path.read_text())


# The seed's own pages, so fixtures do not depend on today's date.
SEED_SLUGS = {
    "home.HomePage": "home",
    "news.ArticlePage": "ledelseskommissionens-anbefalinger",
    "events.EventPage": "nytaarskur-2018",
    "manifesto.ManifestoPage": "manifest",
    "movement.PrinciplesPage": "principper",
}


def first_of(client, page_type):
    response = client.get(f"/api/v2/pages/?type={page_type}&slug={SEED_SLUGS[page_type]}")
    return response.json()["items"][0]["id"]


@pytest.mark.django_db
def test_page_type_json_v2_and_v3(client, demo_site):
    """One test for all types: loading the demo site is the slow part."""
    for page_type in PAGE_TYPES:
        page_id = first_of(client, page_type)
        v2 = client.get(f"/api/v2/pages/{page_id}/?fields=*,-parent")
        assert v2.status_code == 200
        check_fixture(f"v2_{page_type}", v2.json())
        v3 = client.get(f"/api/v3/pages/{page_id}/")
        assert v3.status_code == 200
        v3_data = v3.json()
        # Both versions carry the same content fields (v3 nests meta differently).
        for name, value in v2.json().items():
            if name not in ("meta", "id"):
                assert normalise(v3_data[name]) == normalise(value), (page_type, name)


def check_no_bare_ids(client):
    event_id = first_of(client, "events.EventPage")
    data = client.get(f"/api/v2/pages/{event_id}/").json()
    assert set(data["image"]) >= {"alt", "renditions"}
    assert {"name", "role", "organisation"} <= set(data["program"][0]["participants"][0])
    assert data["registration"]["status"] in {"open", "closed", "full", "waitlist", "none"}
    assert data["status"] in {"upcoming", "ongoing", "held"}


def check_members_only_document(client):
    manifesto_id = first_of(client, "manifesto.ManifestoPage")
    document = client.get(f"/api/v2/pages/{manifesto_id}/").json()["document"]
    assert document["members_only"] is True and document["url"] is None
    listing = client.get("/api/v2/documents/").json()
    assert all(item["meta"].get("download_url") is None for item in listing["items"]) or listing["items"] == []
    v3 = client.get("/api/v3/documents/").json()
    items = v3["items"] if isinstance(v3, dict) else v3
    assert not any("manifest" in (item.get("title") or "").lower() for item in items)


def check_filters(client):
    def titles(query):
        response = client.get(f"/api/v2/pages/?{query}&limit=100")
        assert response.status_code == 200, response.content
        return [item["title"] for item in response.json()["items"]]

    articles = titles("type=news.ArticlePage")
    assert articles
    tagged = titles("type=news.ArticlePage&tags=ledelse")  # names, case-insensitive
    assert "Ledelseskommissionens anbefalinger" in tagged
    assert titles("type=news.ArticlePage&tags=Ledelse,findes-ikke") == []
    assert set(titles("type=news.ArticlePage&category=its-cooking")) == set(
        titles("type=news.ArticlePage&category=It's Cooking!")
    )
    assert titles("type=news.ArticlePage&category=findes-ikke") == []
    # search combines with tags (stock Wagtail: 400)
    assert titles("type=news.ArticlePage&tags=Ledelse&search=ledelseskommissionens") == [
        "Ledelseskommissionens anbefalinger"
    ]
    events = titles("type=events.EventPage")
    assert any("Nytårskur 2018" in title for title in events)
    assert not any("Nytårskur 2018" in title for title in titles("type=events.EventPage&upcoming=true"))
    assert any("Nytårskur 2018" in title for title in titles("type=events.EventPage&upcoming=false"))
    assert any("Nytårskur 2018" in t for t in titles("type=events.EventPage&from=2018-02-01&to=2018-02-01"))
    assert not any("Nytårskur 2018" in t for t in titles("type=events.EventPage&from=2018-02-02"))
    assert titles("type=news.ArticlePage&from=2019-01-30&to=2019-01-30") == ["Ledelseskommissionens anbefalinger"]
    assert "Manifest for samskabelse" in titles("search=manifest")


def check_find_by_html_path(client):
    response = client.get("/api/v2/pages/find/?html_path=/principper/")
    assert response.status_code == 302
    assert client.get(response["Location"]).json()["meta"]["type"] == "movement.PrinciplesPage"


@pytest.mark.django_db
def test_content_filters_and_privacy(client, demo_site):
    check_no_bare_ids(client)
    check_members_only_document(client)
    check_filters(client)
    check_find_by_html_path(client)


def count_queries(client, url):
    client.get(url)  # renditions are made on first view
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), len(response.json()["items"])


FIELDS = ["", "&fields=*,-authors", "&fields=tags,category,image", "&fields=_,title"]


@pytest.mark.django_db
def test_listing_query_count_with_5_and_50_articles(client, demo_site):
    urls = [f"/api/v2/pages/?type=news.ArticlePage&limit=100{fields}" for fields in FIELDS]
    urls.append("/api/v2/pages/?limit=100&fields=*")
    call_command("load_demo_content", articles=5, verbosity=0)
    few = [count_queries(client, url) for url in urls]
    call_command("load_demo_content", articles=50, verbosity=0)
    many = [count_queries(client, url) for url in urls]
    for url, (few_queries, few_items), (many_queries, many_items) in zip(urls, few, many, strict=True):
        assert many_items >= few_items + 40, url
        assert few_queries == many_queries, url
    for page_type in ("manifesto.ManifestoPage", "home.HomePage", "movement.PrinciplesPage"):
        one, _ = count_queries(client, f"/api/v2/pages/?type={page_type}&fields=*&limit=1")
        all_, _ = count_queries(client, f"/api/v2/pages/?type={page_type}&fields=*&limit=100")
        assert one == all_, page_type


@pytest.mark.django_db
def test_article_authors_query_count_5_and_50(client, demo_site):
    url = "/api/v2/pages/?type=news.ArticlePage&limit=100&fields=authors"
    call_command("load_demo_content", articles=5, verbosity=0)
    few, _ = count_queries(client, url)
    call_command("load_demo_content", articles=50, verbosity=0)
    many, _ = count_queries(client, url)
    assert few == many


@pytest.mark.django_db
def test_event_listing_query_count_is_constant(client, demo_site):
    one, _ = count_queries(client, "/api/v2/pages/?type=events.EventPage&fields=*&limit=1")
    all_, items = count_queries(client, "/api/v2/pages/?type=events.EventPage&fields=*&limit=100")
    assert items > 1
    assert one == all_


@pytest.mark.django_db
def test_article_body_is_html_with_internal_links_resolved(client, demo_site):
    import datetime

    from movement.models import PrinciplesPage
    from news.models import ArticlePage, NewsIndexPage

    principles = PrinciplesPage.objects.get()
    article = ArticlePage(
        title="Med brødtekst",
        slug="med-broedtekst",
        date=datetime.date(2026, 11, 3),
        body=[
            ("heading", {"text": "Et afsnit", "level": "h2"}),
            ("paragraph", f'<p>Læs <a linktype="page" id="{principles.pk}">principperne</a>.</p>'),
        ],
    )
    NewsIndexPage.objects.get().add_child(instance=article)
    article.save_revision().publish()
    for url in (f"/api/v2/pages/{article.pk}/", f"/api/v3/pages/{article.pk}/"):
        data = client.get(url).json()
        assert '<h2 class="block-heading">Et afsnit</h2>' in data["body"], url
        assert 'href="/principper/"' in data["body"], url
        assert "linktype" not in data["body"], url
        assert [block["type"] for block in data["body_blocks"]] == ["heading", "paragraph"], url
