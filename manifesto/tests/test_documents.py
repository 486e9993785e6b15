"""The members-only manifesto PDF: who gets it, who is sent to the login,
what anonymous callers can learn about it, and the download counts."""

import json
from urllib.parse import quote

from django.urls import reverse

from wagtail.models import CollectionViewRestriction

import pytest

from manifesto.models import DocumentDownload
from manifesto.tests.conftest import FILENAME, MEMBER_EMAIL, MEMBER_PASSWORD

pytestmark = pytest.mark.django_db


def body_of(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def login_via_allauth(client, next_url):
    """POST the members' login form, as a browser does, and follow redirects."""
    return client.post(
        f"/medlem/login/?next={quote(next_url)}",
        {"login": MEMBER_EMAIL, "password": MEMBER_PASSWORD, "next": next_url},
        follow=True,
    )


def test_anonymous_download_is_redirected_to_members_login(client, private_document):
    response = client.get(private_document.url)
    assert response.status_code == 302
    assert response["Location"] == f"/medlem/login/?next={quote(private_document.url, safe='/')}"
    assert not DocumentDownload.objects.exists()


def test_login_round_trip_from_the_document_url(client, private_document, member, pdf_bytes):
    first = client.get(private_document.url)
    login_url = first["Location"]
    assert login_url.startswith("/medlem/login/")
    assert client.get(login_url).status_code == 200

    response = login_via_allauth(client, private_document.url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert body_of(response) == pdf_bytes


def test_login_round_trip_from_the_manifesto_page_link(client, manifesto_page, member, pdf_bytes):
    page_html = client.get("/manifest/").content.decode()
    assert 'href="/manifest/hent/"' in page_html

    response = client.get("/manifest/hent/")
    assert response.status_code == 302
    assert response["Location"] == "/medlem/login/?next=/manifest/hent/"

    response = login_via_allauth(client, "/manifest/hent/")
    assert response.redirect_chain[-1][0] == manifesto_page.document.url
    assert response["Content-Type"] == "application/pdf"
    assert body_of(response) == pdf_bytes


def test_member_gets_the_file_with_the_right_content_type(client, private_document, member, pdf_bytes):
    client.force_login(member)
    response = client.get(private_document.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert body_of(response) == pdf_bytes


def test_staff_switch_to_public_opens_the_document_to_all(client, admin_client, private_document, pdf_bytes):
    collection = private_document.collection
    url = reverse("wagtailadmin_collections:set_privacy", args=[collection.pk])
    assert admin_client.get(url).status_code == 200

    response = admin_client.post(url, {"restriction_type": "none"})
    assert response.status_code == 200
    assert json.loads(response.content)["is_public"] is True
    assert not CollectionViewRestriction.objects.filter(collection=collection).exists()

    response = client.get(private_document.url)
    assert response.status_code == 200
    assert body_of(response) == pdf_bytes

    # And back to members only, again without code.
    admin_client.post(url, {"restriction_type": "login"})
    assert client.get(private_document.url).status_code == 302


def test_logged_in_but_unconfirmed_user_is_refused(client, private_document):
    """However an unconfirmed user got a session, the file stays closed."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username="ny", email="ny@example.org", password="hemmelig-123")
    client.force_login(user)
    response = client.get(private_document.url)
    assert response.status_code == 403
    assert "bekræft" in response.content.decode().lower()
    assert not DocumentDownload.objects.exists()


# --- The API ---------------------------------------------------------------


def api_document(client, page):
    response = client.get(f"/api/v2/pages/{page.pk}/?fields=document")
    assert response.status_code == 200
    return response


def test_api_hides_url_from_anonymous_callers(client, manifesto_page, private_document):
    response = api_document(client, manifesto_page)
    document = response.json()["document"]
    assert document["title"] == "Manifest for samskabelse"
    assert document["size"] == private_document.file_size > 0
    assert document["extension"] == "pdf"
    assert document["members_only"] is True
    assert document["url"] is None
    text = response.content.decode()
    assert FILENAME not in text
    assert private_document.file_hash not in text


def test_api_gives_url_to_a_member(client, manifesto_page, private_document, member):
    client.force_login(member)
    document = api_document(client, manifesto_page).json()["document"]
    assert document["url"] == f"http://testserver{private_document.url}"
    assert document["members_only"] is True


def test_api_gives_url_to_all_for_a_public_document(client, manifesto_page, private_document):
    CollectionViewRestriction.objects.filter(collection=private_document.collection).delete()
    document = api_document(client, manifesto_page).json()["document"]
    assert document["members_only"] is False
    assert document["url"] == f"http://testserver{private_document.url}"


def test_api_listing_with_all_fields_hides_the_private_file(client, manifesto_page, private_document):
    response = client.get("/api/v2/pages/?type=manifesto.ManifestoPage&fields=*")
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["id"] for item in items] == [manifesto_page.pk]
    assert items[0]["document"]["url"] is None
    assert FILENAME not in response.content.decode()


# --- Nothing of the private file reaches an anonymous caller ----------------


def test_manifesto_page_html_names_no_private_file(client, manifesto_page, private_document):
    response = client.get("/manifest/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Manifest for samskabelse" in html
    assert "PDF" in html  # format next to the link
    assert FILENAME not in html
    assert private_document.url not in html
    assert private_document.file_hash not in html


def test_member_sees_the_direct_link(client, manifesto_page, private_document, member):
    client.force_login(member)
    html = client.get("/manifest/").content.decode()
    assert f'href="{private_document.url}"' in html


def test_media_url_of_documents_is_not_served(client, private_document, media_root):
    assert (media_root / "documents" / FILENAME).exists()
    assert client.get(f"/media/documents/{FILENAME}").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/api/v3/pages/{pk}/",
        "/api/v3/pages/?type=manifesto.ManifestoPage&fields=*",
        "/api/v2/documents/",
        "/api/v2/documents/{doc}/",
        "/api/v3/documents/",
        "/search/?q=manifest",
    ],
)
def test_no_private_file_details_anywhere_for_anonymous(client, manifesto_page, private_document, url):
    response = client.get(url.format(pk=manifesto_page.pk, doc=private_document.pk))
    assert response.status_code in {200, 404}
    text = response.content.decode()
    assert FILENAME not in text
    assert private_document.file_hash not in text
    assert private_document.url not in text


def test_api_v3_document_field_follows_the_same_rule(client, manifesto_page, private_document, member):
    url = f"/api/v3/pages/{manifesto_page.pk}/"
    document = client.get(url).json()["document"]
    assert document["members_only"] is True
    assert document["url"] is None
    # v3 ignores session cookies (Wagtail authenticates v3 by API token only),
    # so a logged-in browser still gets no URL there.
    client.force_login(member)
    assert client.get(url).json()["document"]["url"] is None


# --- Download counts --------------------------------------------------------


def test_download_counts_go_up_only_for_served_files(client, private_document, member):
    client.get(private_document.url)  # refused: no count
    assert not DocumentDownload.objects.filter(document=private_document).exists()

    client.force_login(member)
    for expected in (1, 2, 3):
        response = client.get(private_document.url)
        body_of(response)
        assert DocumentDownload.objects.get(document=private_document).count == expected
    assert DocumentDownload.objects.get(document=private_document).last_downloaded_at is not None


def test_editors_see_download_counts_in_the_admin(admin_client, client, private_document, member):
    client.force_login(member)
    for _ in range(2):
        client.get(private_document.url)
    response = admin_client.get("/admin/hentninger/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Manifest for samskabelse" in html
    assert "Medlemmer" in html  # the collection
    # Read-only: nobody adds or edits counts by hand.
    assert admin_client.get("/admin/hentninger/new/").status_code in {302, 403}


def test_members_do_not_see_download_counts(client, member):
    client.force_login(member)
    response = client.get("/admin/hentninger/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
