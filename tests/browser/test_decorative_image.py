"""An editor uploads an image from the article editor's image chooser,
marks it "Dekorativt billede (ingen alternativ tekst)" with the keyboard and
the mouse, and uses it on a published page (issue 20): the browser lets the
upload through only with the box checked or alt text typed, and the page
shows the image with alt="" (movement/editing/alt_text.py)."""

import re

import pytest

from .test_editor_journeys import admin_login, publish
from .test_tag_entry import new_article

pytestmark = pytest.mark.browser

LABEL = "Dekorativt billede (ingen alternativ tekst)"


def expect():
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect


def png(path):
    from PIL import Image as PILImage

    PILImage.new("RGB", (320, 180), (40, 90, 160)).save(path, "PNG")
    return str(path)


def test_editor_uploads_a_decorative_image_and_publishes_it(page, live_site, tmp_path):
    from wagtail.images import get_image_model

    from movement.models import ImageAccessibility
    from news.models import ArticlePage

    e = expect()
    admin_login(page)
    title = "Et dekorativt billede i en artikel"
    new_article(page, live_site, title)

    page.locator("#id_image-chooser .chooser__choose-button").click()
    modal = page.locator(".modal-dialog")
    e(modal).to_be_visible()
    modal.locator("[role=tab]").last.click()  # the upload tab
    upload = modal.locator("form:has(input[type=file])")
    upload.locator("input[type=file]").set_input_files(png(tmp_path / "blaa-boelge.png"))
    title_field = upload.locator("input[name$=title]")
    e(title_field).not_to_have_value("")  # Wagtail fills it from the file name
    title_field.fill("Blå bølge")

    alt_text = upload.get_by_label("Alternativ tekst", exact=True)
    box = upload.get_by_label(LABEL)
    e(alt_text).to_have_attribute("required", "")
    # neither: the browser keeps the form (the alt text is required)
    before = get_image_model().objects.count()
    upload.locator("button[type=submit]").click()
    e(modal).to_be_visible()
    assert upload.locator("[name$=description]").evaluate("el => el.validity.valueMissing")
    assert get_image_model().objects.count() == before

    # the box, reached with Tab from the alt text and checked with Space
    alt_text.focus()
    page.keyboard.press("Tab")
    e(box).to_be_focused()
    page.keyboard.press("Space")
    e(box).to_be_checked()
    e(alt_text).not_to_have_attribute("required", "")
    # unchecked and checked again with the mouse
    box.click()
    e(box).not_to_be_checked()
    e(alt_text).to_have_attribute("required", "")
    box.click()
    e(box).to_be_checked()

    upload.locator("button[type=submit]").click()
    e(modal).to_be_hidden()
    image = get_image_model().objects.latest("pk")
    assert image.title == "Blå bølge" and image.description == ""
    assert ImageAccessibility.objects.get(image=image).decorative is True
    e(page.locator("#id_image-chooser")).to_contain_text("Blå bølge")

    publish(page)
    e(page.locator(".messages")).to_contain_text(title)
    article = ArticlePage.objects.get(title=title)
    assert article.live and article.image_id == image.pk

    page.goto(article.url)
    img = page.locator("figure.article__image img")
    e(img).to_have_attribute("alt", "")
    assert re.search(r'\balt=""', img.evaluate("el => el.outerHTML"))
