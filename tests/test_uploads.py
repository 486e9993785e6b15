"""Uploads through the admin are limited by type and size: documents only in
PDF and office formats, images by size and pixel count (a decompression bomb
is refused before it is decoded). Errors are Danish; nothing is stored."""

import io

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

import pytest
from PIL import Image as PILImage

pytestmark = pytest.mark.django_db

Document = get_document_model()
Image = get_image_model()


@pytest.fixture
def editor_client(client, home_page):
    user = get_user_model().objects.create_superuser("upload", "upload@example.org", "x")
    client.force_login(user)
    return client


def png(size=(20, 20), mode="RGB"):
    buffer = io.BytesIO()
    PILImage.new(mode, size).save(buffer, "PNG")
    return buffer.getvalue()


def upload_document(client, name, content):
    return client.post(
        "/admin/documents/add/",
        {"title": name, "file": SimpleUploadedFile(name, content), "collection": Collection.get_first_root_node().pk},
    )


def upload_image(client, name, content):
    return client.post(
        "/admin/images/add/",
        {"title": name, "file": SimpleUploadedFile(name, content), "collection": Collection.get_first_root_node().pk},
    )


def test_configured_limits():
    assert set(settings.WAGTAILDOCS_EXTENSIONS) >= {"pdf", "docx", "xlsx", "odt"}
    assert not {"exe", "html", "htm", "svg", "js", "php"} & set(settings.WAGTAILDOCS_EXTENSIONS)
    assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 20 * 1024 * 1024
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * 1024 * 1024
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000
    assert "svg" not in settings.WAGTAILIMAGES_EXTENSIONS


@pytest.mark.parametrize("name", ["virus.exe", "side.html", "script.js", "billede.svg", "pdf.pdf.exe"])
def test_documents_of_other_types_are_refused(editor_client, name):
    response = upload_document(editor_client, name, b"MZ\x90\x00<script>alert(1)</script>")
    assert response.status_code == 200  # the form again
    assert "er ikke tilladt" in response.content.decode()  # "Filendelse … er ikke tilladt"
    assert not Document.objects.exists()


def test_a_pdf_is_accepted(editor_client):
    response = upload_document(editor_client, "program.pdf", b"%PDF-1.4\n%%EOF\n")
    assert response.status_code == 302
    assert Document.objects.count() == 1


@override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=1024)
def test_oversized_documents_are_refused(editor_client):
    response = upload_document(editor_client, "stor.pdf", b"%PDF-1.4\n" + b"0" * 2048)
    assert response.status_code == 200
    assert "Denne fil er for stor" in response.content.decode()
    assert not Document.objects.exists()


@override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=2048)
def test_oversized_images_are_refused(editor_client):
    before = Image.objects.count()
    response = upload_image(editor_client, "stor.png", png((300, 300), "RGB") + b"\x00" * 4096)
    assert response.status_code == 200
    assert "Denne fil er for stor" in response.content.decode()
    assert Image.objects.count() == before


def test_pixel_bombs_are_refused(editor_client):
    """A few kilobytes of PNG that would decode to 100 megapixels."""
    before = Image.objects.count()
    bomb = png((10_000, 10_000), "1")
    assert len(bomb) < 200_000
    response = upload_image(editor_client, "bombe.png", bomb)
    assert response.status_code == 200
    assert "for mange pixels" in response.content.decode()
    assert Image.objects.count() == before


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("side.html", b"<html><script>alert(1)</script></html>", "Ikke et understøttet billedformat"),
        ("x.svg", b"<svg/>", "Ikke et understøttet billedformat"),
        # The right extension, the wrong content: Pillow cannot read it.
        ("falsk.png", b"<svg onload=alert(1)>", "Medsend et gyldigt billede"),
    ],
)
def test_non_images_are_refused(editor_client, name, content, error):
    before = Image.objects.count()
    response = upload_image(editor_client, name, content)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert Image.objects.count() == before


def test_a_real_image_is_accepted(editor_client):
    before = Image.objects.count()
    response = upload_image(editor_client, "lille.png", png())
    assert response.status_code == 302
    assert Image.objects.count() == before + 1
