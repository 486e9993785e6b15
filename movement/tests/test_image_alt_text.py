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


# ---------------------------------------------------------------------------
# The "decorative" choice (no alt text, on purpose)
# ---------------------------------------------------------------------------


def upload(admin_client, **fields):
    data = {"title": "Bølgestreg", "file": png(), "collection": root_collection_id(), "description": ""}
    data.update(fields)
    return admin_client.post("/admin/images/add/", data)


def decorative_choice(image):
    from movement.models import ImageAccessibility

    row = ImageAccessibility.objects.filter(image=image).first()
    return row.decorative if row else None


@pytest.mark.django_db
def test_upload_form_offers_the_decorative_choice_and_stores_it(admin_client):
    form = admin_client.get("/admin/images/add/").content.decode()
    assert "Dekorativt billede (ingen alternativ tekst)" in form
    box = re.search(r'<input[^>]*name="decorative"[^>]*>', form)
    assert box and 'type="checkbox"' in box.group(0)
    # the box sits right under the alt text field
    assert form.index('name="description"') < form.index('name="decorative"') < form.index('name="tags"')

    images = get_image_model().objects
    before = images.count()
    response = upload(admin_client, decorative="on")
    assert response.status_code == 302, response.content.decode()[:2000]
    image = images.latest("pk")
    assert images.count() == before + 1
    assert image.description == ""
    assert decorative_choice(image) is True


@pytest.mark.django_db
def test_upload_with_neither_alt_text_nor_decorative_is_refused_in_danish(admin_client):
    images = get_image_model().objects
    before = images.count()
    response = upload(admin_client)
    assert response.status_code == 200
    assert images.count() == before
    assert "Skriv en alternativ tekst, eller markér billedet som dekorativt." in response.content.decode()


@pytest.mark.django_db
def test_upload_with_both_alt_text_and_decorative_is_refused_in_danish(admin_client):
    """Alt text and the box together: a form error, and the typed text is
    kept in the form (not silently thrown away)."""
    images = get_image_model().objects
    before = images.count()
    response = upload(admin_client, description="En blå bølgestreg", decorative="on")
    assert response.status_code == 200
    assert images.count() == before
    html = response.content.decode()
    assert "Et dekorativt billede har ingen alternativ tekst." in html
    assert "En blå bølgestreg" in html


@pytest.mark.django_db
def test_edit_form_shows_and_changes_the_choice(admin_client):
    upload(admin_client, decorative="on")
    image = get_image_model().objects.latest("pk")
    url = f"/admin/images/{image.pk}/"
    form = admin_client.get(url).content.decode()
    box = re.search(r'<input[^>]*name="decorative"[^>]*>', form).group(0)
    assert "checked" in box
    field = re.search(r'<(?:input|textarea)[^>]*name="description"[^>]*>', form).group(0)
    assert " required" not in field  # decorative: the browser must let it through empty

    # no longer decorative: alt text needed
    response = admin_client.post(url, {"title": image.title, "collection": root_collection_id(), "description": ""})
    assert response.status_code == 200
    assert decorative_choice(image) is True
    response = admin_client.post(
        url, {"title": image.title, "collection": root_collection_id(), "description": "En blå bølgestreg"}
    )
    assert response.status_code == 302
    image.refresh_from_db()
    assert image.description == "En blå bølgestreg"
    assert decorative_choice(image) is False


@pytest.mark.django_db
def test_multiple_uploader_edit_step_takes_the_decorative_choice(admin_client, demo_site):
    from news.models import ArticlePage

    admin_client.post("/admin/images/multiple/add/", {"files[]": png(), "collection": root_collection_id()})
    image = get_image_model().objects.latest("pk")
    response = admin_client.post(
        f"/admin/images/multiple/{image.pk}/",
        {
            f"image-{image.pk}-title": "Bølgestreg",
            f"image-{image.pk}-description": "",
            f"image-{image.pk}-decorative": "on",
            f"image-{image.pk}-collection": root_collection_id(),
        },
    )
    assert response.json()["success"] is True
    assert decorative_choice(image) is True
    article = ArticlePage.objects.live().first()
    article.image = get_image_model().objects.get(pk=image.pk)
    article.full_clean()  # decorative: fine on a page


@pytest.mark.django_db
def test_page_with_a_decorative_image_is_saved_and_renders_empty_alt(admin_client, client, demo_site):
    """Through the admin: an article whose image has neither cannot be
    saved (a Danish message); with the image decorative it is published,
    and the page and the API give alt="" / decorative: true."""
    from wagtail.test.utils.form_data import querydict_from_html

    from news.models import ArticlePage

    admin_client.post("/admin/images/multiple/add/", {"files[]": png(), "collection": root_collection_id()})
    image = get_image_model().objects.latest("pk")
    article = ArticlePage.objects.live().filter(body__isnull=False).first()
    edit_url = f"/admin/pages/{article.pk}/edit/"

    def post_with_image():
        html = admin_client.get(edit_url).content.decode()
        data = querydict_from_html(html, form_id="page-edit-form")
        for name in ("body",):
            data.setdefault(f"{name}-count", "0")
        data["image"] = str(image.pk)
        data["action-publish"] = "action-publish"
        return admin_client.post(edit_url, data)

    response = post_with_image()
    assert response.status_code == 200  # the editor again, with the message
    assert "markér billedet som dekorativt" in response.content.decode()
    article.refresh_from_db()
    assert article.image_id != image.pk

    response = admin_client.post(
        f"/admin/images/{image.pk}/",
        {"title": "Bølgestreg", "collection": root_collection_id(), "description": "", "decorative": "on"},
    )
    assert response.status_code == 302
    response = post_with_image()
    assert response.status_code == 302, response.content.decode()[:3000]
    article.refresh_from_db()
    assert article.image_id == image.pk

    html = client.get(article.url).content.decode()
    figure = re.search(r'<figure class="article__image">.*?</figure>', html, re.S).group(0)
    img = re.search(r"<img[^>]*>", figure).group(0)
    assert re.search(r'\balt=""', img), img

    data = client.get(f"/api/v2/pages/{article.pk}/").json()
    assert data["image"]["decorative"] is True
    assert data["image"]["alt"] == ""
    data = client.get(f"/api/v3/pages/{article.pk}/").json()
    assert data["image"]["decorative"] is True
    assert data["image"]["alt"] == ""


@pytest.mark.django_db
def test_images_with_alt_text_cost_no_lookup(django_assert_num_queries):
    """An image with alt text is never decorative: no query asks."""
    from movement.editing.alt_text import image_alt, is_decorative
    from movement.tests.factories import ImageFactory

    image = ImageFactory(description="Tre vindmøller")
    with django_assert_num_queries(0):
        assert is_decorative(image) is False
        assert image_alt(image) == "Tre vindmøller"


@pytest.mark.django_db
def test_captioned_image_block_needs_alt_text_or_decorative_and_renders_empty_alt(admin_client):
    from wagtail.blocks import StructBlockValidationError

    from movement.blocks import CaptionedImageBlock

    block = CaptionedImageBlock()
    admin_client.post("/admin/images/multiple/add/", {"files[]": png(), "collection": root_collection_id()})
    image = get_image_model().objects.latest("pk")
    with pytest.raises(StructBlockValidationError) as raised:
        block.clean(block.to_python({"image": image.pk, "caption": "", "alt": ""}))
    assert "alt" in raised.value.block_errors
    # its own alt text is enough
    block.clean(block.to_python({"image": image.pk, "caption": "", "alt": "En blå bølgestreg"}))

    admin_client.post(
        f"/admin/images/{image.pk}/",
        {"title": "Bølgestreg", "collection": root_collection_id(), "description": "", "decorative": "on"},
    )
    value = block.clean(block.to_python({"image": image.pk, "caption": "", "alt": ""}))
    html = block.render(value)
    assert re.search(r'<img[^>]*\balt=""', html), html
    api = block.get_api_representation(value)
    assert api["image"]["decorative"] is True and api["image"]["alt"] == ""
    api = block.get_api_representation(block.to_python({"image": image.pk, "caption": "", "alt": "Bølge"}))
    assert api["image"]["decorative"] is False and api["image"]["alt"] == "Bølge"
