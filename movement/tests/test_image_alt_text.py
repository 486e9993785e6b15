"""Alt text asked for on upload and required before an image is used on a
page (issue 20): the file name never becomes alt text silently."""

import io
import re

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.images import get_image_model

import pytest
from PIL import Image as PILImage

FILENAME = "aeroe-vindmoeller.png"


def png():
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), (30, 120, 60)).save(buffer, "PNG")
    return SimpleUploadedFile(FILENAME, buffer.getvalue(), content_type="image/png")


def root_collection_id():
    from wagtail.models import Collection

    return Collection.get_first_root_node().pk


@pytest.mark.django_db
def test_upload_form_asks_for_alt_text(admin_client):
    """The single upload form shows the field as required and refuses an upload without it."""
    images = get_image_model().objects
    before = images.count()
    form = admin_client.get("/admin/images/add/").content.decode()
    assert "Alternativ tekst" in form
    field = re.search(r'<(?:input|textarea)[^>]*name="description"[^>]*>', form)
    assert field and " required" in field.group(0), field

    response = admin_client.post(
        "/admin/images/add/",
        {"title": "aeroe-vindmoeller", "file": png(), "collection": root_collection_id(), "description": ""},
    )
    assert response.status_code == 200  # the form again, with the error
    assert images.count() == before
    assert "Alternativ tekst" in response.content.decode()

    response = admin_client.post(
        "/admin/images/add/",
        {
            "title": "Vindmøller på Ærø",
            "file": png(),
            "collection": root_collection_id(),
            "description": "Tre vindmøller på en grøn mark ved Ærøskøbing",
        },
    )
    assert response.status_code == 302
    image = images.latest("pk")
    assert image.description == "Tre vindmøller på en grøn mark ved Ærøskøbing"


@pytest.mark.django_db
def test_image_from_multiple_upload_without_alt_text_cannot_be_used_on_a_page(admin_client, demo_site):
    """The multiple uploader stores the bare file first; until the editor
    adds alt text, no page can use it, and its edit step requires it."""
    from news.models import ArticlePage

    response = admin_client.post("/admin/images/multiple/add/", {"files[]": png(), "collection": root_collection_id()})
    assert response.status_code == 200, response.content[:500]
    image = get_image_model().objects.latest("pk")
    assert image.description == ""
    assert image.title.startswith("aeroe-vindmoeller")  # the file name, as a title only

    article = ArticlePage.objects.live().first()
    article.image = image
    with pytest.raises(ValidationError) as raised:
        article.full_clean()
    assert "image" in raised.value.message_dict
    assert "alternativ tekst" in raised.value.message_dict["image"][0]

    # The uploader's edit step is the same form, alt text required.
    response = admin_client.post(
        f"/admin/images/multiple/{image.pk}/",
        {
            f"image-{image.pk}-title": "Vindmøller",
            f"image-{image.pk}-description": "",
            f"image-{image.pk}-collection": root_collection_id(),
        },
    )
    assert response.json()["success"] is False
    image.refresh_from_db()
    assert image.description == ""

    image.description = "Tre vindmøller ved Ærøskøbing"
    image.save()
    article.image = image
    article.full_clean()  # now fine
