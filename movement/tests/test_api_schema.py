"""Issue 18: the shapes both API versions share, the closed sets of values
the v3 types name, one error shape, and v2's images and nested fields."""

import typing

from django.test import override_settings

import pytest

from movement.api import v3_schemas

pytestmark = pytest.mark.django_db


def literal_values(annotation):
    return set(typing.get_args(annotation))


def test_enums_in_the_schema_are_the_models_choices():
    """movement cannot import events; this test keeps the copies honest."""
    from events.models import EventPage
    from movement.models import Organisation

    assert literal_values(v3_schemas.EventStatus) == {
        value for name, value in vars(EventPage.Status).items() if not name.startswith("_")
    }
    assert literal_values(v3_schemas.RegistrationStatus) == {
        value for name, value in vars(EventPage.RegistrationStatus).items() if not name.startswith("_")
    }
    assert literal_values(v3_schemas.OrganisationKind) == {
        value for value, _label in Organisation._meta.get_field("kind").choices
    }
    session = EventPage._meta.get_field("program").stream_block.child_blocks["session"]
    assert literal_values(v3_schemas.SessionKind) == {
        value for value, _label in session.child_blocks["kind"].field.choices if value
    }
    part = session.child_blocks["participants"].child_block.child_blocks["part"]
    assert literal_values(v3_schemas.ParticipantPart) == {value for value, _label in part.field.choices if value}


@pytest.fixture
def event(demo_site):
    from events.models import EventPage

    return EventPage.objects.get(slug="nytaarskur-2018")


@override_settings(RATELIMIT_ENABLE=False)
def test_people_and_organisations_are_tagged_in_both_versions(client, event):
    for version in ("v2", "v3"):
        data = client.get(f"/api/{version}/pages/{event.pk}/").json()
        assert data["host"]["kind"] == "person" and data["host"]["name"] == "Torsten Gejl", version
        assert data["facilitator"]["kind"] == "organisation" and data["facilitator"]["name"] == "Resonans"
        assert data["facilitator"]["organisation_kind"] == "company"
        assert {org["kind"] for org in data["organisers"]} == {"organisation"}
        participants = [p for session in data["program"] for p in session["participants"]]
        assert participants and {p["kind"] for p in participants} == {"person"}


@override_settings(RATELIMIT_ENABLE=False)
@pytest.mark.parametrize(
    "url, status",
    [
        ("/api/v2/pages/?bogus=1", 400),
        ("/api/v2/pages/abc/", 404),
        ("/api/v2/pages/99999/", 404),
        ("/api/v2/images/?limit=0", 400),
        ("/api/v3/pages/?limit=abc", 400),
        ("/api/v3/pages/?order=nope", 400),
        ("/api/v3/pages/99999/", 404),
        ("/api/v3/pages/?offset=10000000000000", 400),
        ("/api/v3/pages/?ancestor_of=99999999999", 400),
        ("/api/v3/sites/", 401),
        ("/api/v3/nowhere/", 404),
    ],
)
def test_every_api_error_is_problem_json(client, home_page, url, status):
    response = client.get(url)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["type"] == "about:blank" and body["title"] and body["detail"]
    if url.startswith("/api/v2/"):
        assert body["message"] == body["detail"]


def test_filter_on_a_page_that_is_not_public_is_an_empty_listing(client, home_page):
    response = client.get("/api/v3/pages/?ancestor_of=1")  # the tree's root
    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 0}


@override_settings(RATELIMIT_ENABLE=False)
def test_v2_images_have_renditions(client, demo_site):
    items = client.get("/api/v2/images/").json()["items"]
    assert items
    for item in items:
        assert set(item["renditions"]) == {"small", "medium", "large"}
        assert item["renditions"]["small"]["url"].startswith("http://testserver/")


@override_settings(RATELIMIT_ENABLE=False)
def test_v2_nested_field_selection(client, demo_site, event):
    articles = client.get("/api/v2/pages/?type=news.ArticlePage&fields=authors(name,role),image(renditions)").json()
    with_authors = [item for item in articles["items"] if item["authors"]]
    assert with_authors
    assert all(set(author) == {"name", "role"} for item in with_authors for author in item["authors"])
    assert all(item["image"] is None or set(item["image"]) == {"renditions"} for item in articles["items"])
    detail = client.get(f"/api/v2/pages/{event.pk}/?fields=_,host(name),program(title)").json()
    assert detail["host"] == {"name": "Torsten Gejl"}
    assert all(set(session) == {"title"} for session in detail["program"])


def test_v2_unknown_nested_field_says_what_is_possible(client, home_page):
    response = client.get("/api/v2/pages/?type=news.ArticlePage&fields=authors(shoe)")
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail.startswith("fields: authors(shoe)")
    assert "name" in detail and "role" in detail
