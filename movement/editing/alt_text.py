"""Alt text asked for on upload, and required before an image is used on a
page (issue 20).

Wagtail 8 keeps an image's alt text in ``description`` and falls back to the
title, which the upload form fills from the file name: an image uploaded as
"aeroe-vindmoeller.jpg" got the alt text "aeroe-vindmoeller" without anyone
being asked. So:

- the upload and edit forms (``WAGTAILIMAGES_IMAGE_FORM_BASE``) require the
  alt text. Only the first step of the multiple uploader (the bare file, sent
  before the editor has seen any field) is let through without it; its next
  step is the same form, with the field required;
- a page cannot be saved with an image that has no alt text
  (``check_page_images``, called from ``BasePage.clean``), so an image
  uploaded without one never reaches readers with its file name as alt.

Images in StreamField use Wagtail's ImageBlock, whose own form asks for alt
text or an explicit "decorative" choice.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wagtail.images.forms import BaseImageForm

ALT_TEXT_HELP = _(
    "Beskriv billedet for dem, der ikke kan se det (skærmlæsere, langsomme forbindelser). "
    "Filnavnet bruges aldrig som alternativ tekst."
)


class AltTextImageForm(BaseImageForm):
    """Wagtail's image form with the alt text (``description``) required."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("description")
        if field is None:
            return
        field.label = _("Alternativ tekst")
        field.help_text = ALT_TEXT_HELP
        field.required = True
        if self.is_bound and self.add_prefix("description") not in self.data:
            # The multiple uploader's first request: only the file.
            field.required = False


def missing_alt_text(image):
    return image is not None and not (image.description or "").strip()


def check_page_images(page):
    """ValidationError for each image field of `page` whose image has no alt text."""
    from wagtail.images import get_image_model

    image_model = get_image_model()
    errors = {}
    for field in page._meta.concrete_fields:
        if getattr(field, "related_model", None) is not image_model:
            continue
        image_id = getattr(page, field.attname, None)
        if image_id is None:
            continue
        image = image_model.objects.filter(pk=image_id).only("pk", "description").first()
        if missing_alt_text(image):
            errors[field.name] = ValidationError(
                _("Billedet mangler alternativ tekst. Tilføj den under Billeder, før det bruges på en side."),
                code="image_without_alt_text",
            )
    if errors:
        raise ValidationError(errors)
