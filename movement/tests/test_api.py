"""The headless API: v2 parameters, filters, query counts, caching, CORS,
v3 writes and schema, preview round trip."""

from django.test import override_settings

import pytest

from movement.api.preview import make_preview_token
from movement.tests.factories import PrincipleFactory, PrinciplesPageFactory


@pytest.fixture
def principles(home_page):
    page = PrinciplesPageFactory(parent=home_page)
    for _ in range(3):
        PrincipleFactory(page=page)
    return page


def many_pages(home_page, count):
    for n in range(count):
        page = PrinciplesPageFactory.build(title=f"Side {n}", slug=f"side-{n}")
        home_page.add_child(instance=page)


@pytest.mark.django_db
def test_principles_page_json(client, principles):
    response = client.get(f"/api/v2/pages/{principles.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["meta"]["type"] == "movement.PrinciplesPage"
    assert [p["number"] for p in data["principles"]] == [1, 2, 3]
    assert data["principles"][0]["text"].startswith("Vær med til")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, parameter",
    [
        ("search=a%00b", "search"),
        ("offset=99999999999999999999999", "offset"),
        ("limit=0", "limit"),
        ("limit=abc", "limit"),
        ("child_of=99999999999999999999", "child_of"),
        ("descendant_of=-1", "descendant_of"),
        ("type=nope.Nothing", "type"),
        ("upcoming=true", "upcoming"),
        ("type=events.EventPage&upcoming=maybe", "upcoming"),
        ("type=events.EventPage&from=yesterday", "from"),
        ("type=events.EventPage&from=2018-02-02&to=2018-02-01", "to"),
        ("category=x", "category"),
        ("tags=a", "tags"),
        ("search_operator=xor", "search_operator"),
        ("bogus=1", "bogus"),
        ("fields=nonexistent", "nonexistent"),
    ],
)
def test_bad_parameters_give_400_naming_them(client, principles, query, parameter):
    response = client.get(f"/api/v2/pages/?{query}")
    assert response.status_code == 400, response.content
    assert parameter in response.json()["message"]


@pytest.mark.django_db
def test_child_of_and_descendant_of_filters(client, home_page, principles):
    ids = {p["id"] for p in client.get(f"/api/v2/pages/?child_of={home_page.pk}").json()["items"]}
    assert ids == {principles.pk}
    ids = {p["id"] for p in client.get(f"/api/v2/pages/?descendant_of={home_page.pk}").json()["items"]}
    assert ids == {principles.pk}


@pytest.mark.django_db
def test_limit_offset_and_order(client, home_page):
    many_pages(home_page, 5)
    data = client.get("/api/v2/pages/?type=movement.PrinciplesPage&order=-title&limit=2&offset=1").json()
    assert data["meta"]["total_count"] == 5
    assert [p["title"] for p in data["items"]] == ["Side 3", "Side 2"]


@pytest.mark.django_db
def test_drafts_and_private_pages_are_hidden(client, home_page, principles):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=principles, restriction_type="login")
    draft = PrinciplesPageFactory.build(title="Kladde", slug="kladde", live=False)
    home_page.add_child(instance=draft)
    ids = {p["id"] for p in client.get("/api/v2/pages/").json()["items"]}
    assert principles.pk not in ids and draft.pk not in ids
    assert client.get(f"/api/v2/pages/{principles.pk}/").status_code == 404
    assert client.get(f"/api/v2/pages/{draft.pk}/").status_code == 404


def listing_queries(client, django_assert_num_queries, url):
    client.get(url)  # warm caches (site root paths, renditions)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("fields", ["", "&fields=*"])
def test_listing_query_count_is_constant(client, home_page, django_assert_num_queries, fields):
    url = f"/api/v2/pages/?type=movement.PrinciplesPage&limit=100{fields}"
    many_pages(home_page, 5)
    five = listing_queries(client, django_assert_num_queries, url)
    many_pages_extra = 45
    for n in range(many_pages_extra):
        home_page.add_child(instance=PrinciplesPageFactory.build(title=f"Ekstra {n}", slug=f"ekstra-{n}"))
    fifty = listing_queries(client, django_assert_num_queries, url)
    assert five == fifty


@pytest.mark.django_db
def test_conditional_get(client, principles):
    principles.save_revision().publish()
    url = f"/api/v2/pages/{principles.pk}/"
    response = client.get(url)
    assert response["Cache-Control"] == "public, max-age=60"
    assert response["ETag"] and response["Last-Modified"]
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again.content == b""
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200


@pytest.mark.django_db
def test_logged_in_responses_are_not_shared(client, principles, django_user_model):
    user = django_user_model.objects.create_user("x", "x@example.org", "pw")
    client.force_login(user)
    assert client.get("/api/v2/pages/")["Cache-Control"] == "private, no-store"


@pytest.mark.django_db
@override_settings(CORS_ALLOWED_ORIGINS=["https://frontend.example.org"])
def test_cors_for_allowed_origins_only(client, principles):
    ok = client.get("/api/v2/pages/", HTTP_ORIGIN="https://frontend.example.org")
    assert ok["Access-Control-Allow-Origin"] == "https://frontend.example.org"
    other = client.get("/api/v2/pages/", HTTP_ORIGIN="https://evil.example.org")
    assert "Access-Control-Allow-Origin" not in other
    site = client.get("/", HTTP_ORIGIN="https://frontend.example.org")
    assert "Access-Control-Allow-Origin" not in site


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["post", "patch", "delete"])
def test_v3_anonymous_writes_get_401(client, principles, method):
    url = "/api/v3/pages/" if method == "post" else f"/api/v3/pages/{principles.pk}/"
    response = getattr(client, method)(url, data="{}", content_type="application/json")
    assert response.status_code == 401


@pytest.mark.django_db
def test_v3_reads_are_open(client, principles):
    data = client.get(f"/api/v3/pages/{principles.pk}/").json()
    assert len(data["principles"]) == 3


@pytest.mark.django_db
def test_v3_openapi_validates_and_describes_page_types(client):
    from openapi_spec_validator import validate

    response = client.get("/api/v3/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    validate(spec)
    schemas = spec["components"]["schemas"]
    assert "PrinciplesPageSchema" in schemas
    assert "principles" in schemas["PrinciplesPageSchema"]["properties"]
    docs = client.get("/api/v3/docs/")
    assert docs.status_code == 200
    assert b"cdn.jsdelivr" not in docs.content


@pytest.mark.django_db
def test_preview_round_trip(client, principles):
    principles.title = "Udkast til principper"
    revision = principles.save_revision()
    token = make_preview_token(principles, revision)
    url = f"/api/v2/page_preview/?content_type=movement.principlespage&token={token}"
    response = client.get(url)
    assert response.status_code == 200
    assert response.json()["title"] == "Udkast til principper"
    assert response["Cache-Control"] == "private, no-store"
    # the live page is unchanged
    assert client.get(f"/api/v2/pages/{principles.pk}/").json()["title"] == "De 7 principper"
    assert client.get(url.replace(token, token + "x")).status_code == 403
    assert client.get("/api/v2/page_preview/?content_type=movement.principlespage").status_code == 400
    wrong = client.get(f"/api/v2/page_preview/?content_type=news.articlepage&token={token}")
    assert wrong.status_code == 400


@pytest.mark.django_db
def test_preview_token_expires(client, principles, settings):
    settings.HEADLESS_PREVIEW_MAX_AGE = -1
    token = make_preview_token(principles, principles.save_revision())
    response = client.get(f"/api/v2/page_preview/?content_type=movement.principlespage&token={token}")
    assert response.status_code == 403


@pytest.mark.django_db
def test_editor_preview_opens_frontend(client, principles, django_user_model, settings):
    settings.HEADLESS_PREVIEW_URL = "https://frontend.example.org/preview"
    admin = django_user_model.objects.create_superuser("a", "a@example.org", "pw")
    client.force_login(admin)
    response = client.get(f"/admin/headless-preview/{principles.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith(
        "https://frontend.example.org/preview?content_type=movement.principlespage&token="
    )


@pytest.mark.django_db
def test_v3_write_with_token_works_and_bad_token_is_401(client, principles, django_user_model):
    from wagtail.models import APIToken

    editor = django_user_model.objects.create_superuser("ed", "ed@example.org", "pw")
    _token, plaintext = APIToken.create_token(user=editor, name="frontend")
    url = f"/api/v3/pages/{principles.pk}/"
    body = '{"title": "Principperne, opdateret"}'
    bad = client.patch(url, data=body, content_type="application/json", HTTP_AUTHORIZATION="Bearer nope")
    assert bad.status_code == 401
    ok = client.patch(url, data=body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    assert ok.status_code == 200, ok.content
    principles.refresh_from_db()
    assert principles.get_latest_revision_as_object().title == "Principperne, opdateret"


@pytest.mark.django_db
def test_restricted_collection_documents_are_hidden(client, home_page):
    from django.core.files.base import ContentFile

    from wagtail.documents import get_document_model
    from wagtail.models import Collection, CollectionViewRestriction

    root = Collection.get_first_root_node()
    members = root.add_child(name="Medlemmer")
    CollectionViewRestriction.objects.create(collection=members, restriction_type="login")
    Document = get_document_model()
    public = Document.objects.create(title="Offentlig", file=ContentFile(b"x", name="offentlig.txt"))
    private = Document.objects.create(
        title="Kun medlemmer", file=ContentFile(b"y", name="hemmelig.txt"), collection=members
    )
    listing = client.get("/api/v2/documents/")
    assert [item["title"] for item in listing.json()["items"]] == ["Offentlig"]
    assert b"hemmelig" not in listing.content
    assert client.get(f"/api/v2/documents/{private.pk}/").status_code == 404
    assert client.get(f"/api/v2/documents/{public.pk}/").status_code == 200
    v3 = client.get("/api/v3/documents/")
    assert b"hemmelig" not in v3.content and b"Kun medlemmer" not in v3.content
    assert client.get(f"/api/v3/documents/{private.pk}/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v2/documents/?search=a%00", "/api/v2/images/?offset=99999999999999999999"])
def test_images_and_documents_validate_parameters(client, url):
    response = client.get(url)
    assert response.status_code == 400


@pytest.mark.django_db
def test_editor_sees_frontend_preview_action(client, principles, django_user_model):
    admin = django_user_model.objects.create_superuser("a", "a@example.org", "pw")
    client.force_login(admin)
    response = client.get(f"/admin/pages/{principles.pk}/edit/")
    assert response.status_code == 200
    assert f"/admin/headless-preview/{principles.pk}/".encode() in response.content
    assert "Forhåndsvis i frontend".encode() in response.content


@pytest.mark.django_db
def test_v3_conditional_get(client, principles):
    url = f"/api/v3/pages/{principles.pk}/"
    response = client.get(url)
    assert response["Cache-Control"] == "public, max-age=60"
    assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, parameter",
    [
        ("offset=99999999999999999999999999", "offset"),
        ("limit=99999999999999999999", "limit"),
        ("search=kaffe%00", "search"),
    ],
)
def test_v3_hostile_parameters_get_400_naming_them(client, home_page, query, parameter):
    response = client.get(f"/api/v3/pages/?{query}")
    assert response.status_code == 400
    assert response.json()["detail"].startswith(f"{parameter}:")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, parameter", [("limit=abc", "limit"), ("offset=-5", "offset"), ("type=nope.Nope", "type")]
)
def test_v3_malformed_read_parameters_get_400_naming_them(client, home_page, query, parameter):
    response = client.get(f"/api/v3/pages/?{query}")
    assert response.status_code == 400, response.content
    assert response.json()["detail"].startswith(parameter)
