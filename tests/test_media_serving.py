"""Public media from disk under production settings (DEBUG off), one machine.

Wagtail's image folders are served with long cache headers, an ETag, 304s and
byte ranges; documents/ and anything else under MEDIA_ROOT never are, however
the path is spelled (the private PDF is only reachable through Wagtail's serve
view, which checks collection privacy)."""

import io

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

import pytest
from PIL import Image as PILImage

from manifesto.demo import members_collection


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    assert settings.DEBUG is False
    return settings.MEDIA_ROOT


def _png():
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), (200, 30, 60)).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def image(db, media):
    image = get_image_model()(title="Rød")
    image.file = ContentFile(_png(), name="roed.png")
    image.save()
    return image


@pytest.fixture
def private_pdf(db, media):
    document = get_document_model()(title="Hemmelig", collection=members_collection())
    document.file = ContentFile(b"%PDF-1.4 hemmeligt indhold", name="hemmelig.pdf")
    document.save()
    return document


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.django_db
def test_an_image_uploaded_after_start_is_served_with_cache_headers(client, image):
    rendition = image.get_rendition("fill-32x32")
    for url in (image.file.url, rendition.url):
        assert url.startswith("/media/")
        response = client.get(url)
        assert response.status_code == 200, url
        assert _body(response) == open(image.file.path if url == image.file.url else rendition.file.path, "rb").read()
        assert response["Content-Type"] == "image/png"
        assert "max-age=2592000" in response["Cache-Control"] and "public" in response["Cache-Control"]
        assert response["Accept-Ranges"] == "bytes"
        etag = response["ETag"]
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304 and again["ETag"] == etag
        since = client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
        assert since.status_code == 304
        assert client.head(url).status_code == 200


@pytest.mark.django_db
def test_byte_ranges(client, image):
    url = image.file.url
    data = open(image.file.path, "rb").read()
    size = len(data)
    part = client.get(url, HTTP_RANGE="bytes=0-9")
    assert part.status_code == 206
    assert _body(part) == data[:10]
    assert part["Content-Range"] == f"bytes 0-9/{size}" and part["Content-Length"] == "10"
    tail = client.get(url, HTTP_RANGE="bytes=-5")
    assert tail.status_code == 206 and _body(tail) == data[-5:]
    open_ended = client.get(url, HTTP_RANGE=f"bytes={size - 3}-")
    assert _body(open_ended) == data[-3:]
    beyond = client.get(url, HTTP_RANGE=f"bytes={size}-")
    assert beyond.status_code == 416 and beyond["Content-Range"] == f"bytes */{size}"
    # If-Range with an old validator: the whole file, not a piece of a new one.
    stale = client.get(url, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"old"')
    assert stale.status_code == 200 and _body(stale) == data
    current = client.get(url, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=part["ETag"])
    assert current.status_code == 206
    garbage = client.get(url, HTTP_RANGE="bytes=abc")
    assert garbage.status_code == 200 and _body(garbage) == data


@pytest.mark.django_db
def test_documents_and_everything_else_are_never_media(client, private_pdf, image, media):
    name = private_pdf.file.name
    assert name.startswith("documents/")
    (media / "backup.sql").write_text("secret")
    (media / "images").mkdir(exist_ok=True)
    link = media / "images" / "link.pdf"
    link.symlink_to(media / name)
    for url in (
        f"/media/{name}",
        f"/media//{name}",
        f"/media/images/../{name}",
        f"/media/images/%2e%2e/{name}",
        f"/media/original_images/..%2f{name}",
        "/media/images/link.pdf",
        "/media/backup.sql",
        "/media/",
        "/media/images/",
        "/media/images/nope.png",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"hemmeligt" not in _body(response)
    # The document itself: Wagtail's serve view, which sends anonymous readers to log in.
    response = client.get(private_pdf.url)
    assert response.status_code == 302 and "/medlem/login/" in response["Location"]
    assert client.post(image.file.url).status_code == 405
