"""The manifesto page and its demo content."""

from django.core.management import call_command

from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction

import pytest

from manifesto.demo import DOCUMENT_FILENAME, INVITATION, LINK_TEXT, ORGANISATIONS, QUESTION
from manifesto.models import ManifestoOrganisation, ManifestoPage
from movement.models import Organisation

pytestmark = pytest.mark.django_db


def test_demo_manifesto_is_complete_and_idempotent(demo_site):
    page = ManifestoPage.objects.get()
    assert page.url == "/manifest/"
    assert page.intro == f"{QUESTION} {INVITATION}"
    assert page.download_text == LINK_TEXT == "Læs manifest for samskabelse"
    assert [org.name for org in page.get_organisations()] == ORGANISATIONS
    document = page.document
    assert document.collection.name == "Medlemmer"
    restriction = CollectionViewRestriction.objects.get(collection=document.collection)
    assert restriction.restriction_type == CollectionViewRestriction.LOGIN
    assert document.file.read(5) == b"%PDF-"
    assert document.filename.startswith(DOCUMENT_FILENAME.removesuffix(".pdf"))

    counts = (
        ManifestoPage.objects.count(),
        get_document_model().objects.count(),
        ManifestoOrganisation.objects.count(),
        Organisation.objects.count(),
        CollectionViewRestriction.objects.count(),
    )
    call_command("load_demo_content", verbosity=0)
    assert counts == (
        ManifestoPage.objects.count(),
        get_document_model().objects.count(),
        ManifestoOrganisation.objects.count(),
        Organisation.objects.count(),
        CollectionViewRestriction.objects.count(),
    )


def test_demo_member_downloads_the_demo_pdf(client, demo_site):
    document = ManifestoPage.objects.get().document
    assert client.get(document.url).status_code == 302
    response = client.post(
        "/medlem/login/",
        {"login": "medlem@example.org", "password": "samskabelse", "next": "/manifest/hent/"},
        follow=True,
    )
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_manifesto_page_shows_text_organisations_by_kind_and_file_meta(client, demo_site):
    response = client.get("/manifest/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Manifest for samskabelse</h1>" in html
    assert "Læs manifest for samskabelse" in html
    assert "Demoudgave" in html
    assert "(Manifest for samskabelse (demoudgave), PDF," in html
    assert "Organisationerne bag manifestet" in html
    # Grouped by kind, in the order of Organisation.Kind.
    assert html.index("<h3>Kommune</h3>") < html.index("Gentofte Kommune") < html.index("<h3>Region</h3>")
    assert "Manifestet er for medlemmer" in html


def test_api_body_and_organisations(client, demo_site):
    page = ManifestoPage.objects.get()
    response = client.get(f"/api/v2/pages/{page.pk}/?fields=body,organisations")
    assert response.status_code == 200
    data = response.json()
    assert data["body"][0]["type"] == "section"
    assert data["body"][0]["value"]["heading"] == QUESTION
    assert INVITATION in data["body"][0]["value"]["text"]
    organisations = data["organisations"]
    assert [o["name"] for o in organisations] == ORGANISATIONS
    assert {"id", "name", "kind", "url", "logo"} <= set(organisations[0])
    assert organisations[0]["kind"] == "organisation"
    assert organisations[0]["organisation_kind"] == "university"


def test_organisations_are_read_in_constant_queries(client, home_page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from manifesto.tests.factories import ManifestoPageFactory
    from movement.tests.factories import OrganisationFactory

    page = ManifestoPageFactory(parent=home_page)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/api/v2/pages/{page.pk}/?fields=organisations").status_code == 200
        return len(ctx.captured_queries)

    for n in range(5):
        ManifestoOrganisation.objects.create(page=page, organisation=OrganisationFactory(), sort_order=n)
    queries()
    five = queries()
    for n in range(5, 30):
        ManifestoOrganisation.objects.create(page=page, organisation=OrganisationFactory(), sort_order=n)
    assert queries() == five


def test_download_route_without_document_is_404(client, home_page):
    from manifesto.tests.factories import ManifestoPageFactory

    ManifestoPageFactory(parent=home_page)
    assert client.get("/manifest/hent/").status_code == 404


def test_editor_creates_the_manifesto_in_the_admin(admin_client, home_page, private_document):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

    from movement.tests.factories import OrganisationFactory

    ruc = OrganisationFactory(name="RUC", kind=Organisation.Kind.UNIVERSITY)
    data = nested_form_data(
        {
            "title": "Manifest for samskabelse",
            "slug": "manifest",
            "intro": QUESTION,
            "download_text": LINK_TEXT,
            "document": private_document.pk,
            "body": streamfield([("section", {"heading": "Afsnit", "text": rich_text("<p>Tekst</p>")})]),
            "organisations": inline_formset([{"organisation": ruc.pk}]),
            "action-publish": "publish",
        }
    )
    url = f"/admin/pages/add/manifesto/manifestopage/{home_page.pk}/"
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = ManifestoPage.objects.get()
    assert page.live
    assert page.document == private_document
    assert page.get_organisations() == [ruc]
    assert page.body[0].value["heading"] == "Afsnit"
