"""Compression and compact JSON: gzip for public responses to clients that
accept it, never for a response with a CSRF token or personal data (BREACH),
and API JSON without indentation unless asked for."""

import gzip
import json

import pytest

from movement.tests.factories import PrinciplesPageFactory

pytestmark = pytest.mark.django_db
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.fixture
def principles(home_page):
    return PrinciplesPageFactory(parent=home_page)


def test_public_html_and_json_are_gzipped_for_clients_that_accept_it(client, principles):
    for url in ("/principper/", "/api/v2/pages/?fields=*", "/api/v3/pages/"):
        response = client.get(url, **GZIP)
        assert response.status_code == 200, url
        assert response["Content-Encoding"] == "gzip", url
        assert "Accept-Encoding" in response["Vary"], url
        assert gzip.decompress(response.content)
        plain = client.get(url)
        assert not plain.has_header("Content-Encoding"), url


def test_a_page_with_a_csrf_token_is_not_compressed(client, principles):
    response = client.get("/medlem/login/", **GZIP)
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert not response.has_header("Content-Encoding")


def test_personal_responses_are_not_compressed(client, principles, admin_user):
    client.force_login(admin_user)
    for url in ("/principper/", "/api/v2/pages/?fields=*", "/admin/"):
        response = client.get(url, **GZIP)
        assert response.status_code == 200, url
        assert not response.has_header("Content-Encoding"), url
    client.logout()
    assert not client.get("/principper/", HTTP_AUTHORIZATION="Bearer x", **GZIP).has_header("Content-Encoding")


def test_api_json_is_compact_unless_pretty_is_asked_for(client, principles):
    for url in ("/api/v2/pages/?fields=*", f"/api/v2/pages/{principles.pk}/", "/api/v3/pages/"):
        compact = client.get(url).content.decode()
        assert "\n" not in compact and '": ' not in compact, url
        pretty = client.get(url, HTTP_ACCEPT="application/json; indent=4").content.decode()
        assert "\n    " in pretty, url
        assert json.loads(pretty) == json.loads(compact), url
