"""Alt text, or an explicit "decorative" choice, asked for on upload and
required before an image is used on a page (issue 20).

Wagtail 8 keeps an image's alt text in ``description`` and falls back to the
title, which the upload form fills from the file name: an image uploaded as
"aeroe-vindmoeller.jpg" got the alt text "aeroe-vindmoeller" without anyone
being asked. So:

- the upload and edit forms (``WAGTAILIMAGES_IMAGE_FORM_BASE``) ask for the
  alt text, or for the box "Dekorativt billede (ingen alternativ tekst)"
  (stored beside Wagtail's image in ``movement.ImageAccessibility``). One of
  the two is required; both at once is a form error (an editor's typed text
  is never thrown away silently). Only the first step of the multiple
  uploader (the bare file, sent before the editor has seen any field) is let
  through without either; its next step is the same form;
- a page cannot be saved with an image that has neither
  (``check_page_images``, called from ``BasePage.clean``; the captioned image
  block checks its own image), so an image uploaded without one never
  reaches readers with its file name as alt;
- templates (the ``image_alt`` filter) and the API (``image_representation``)
  give a decorative image ``alt=""`` and ``decorative: true``.

An image with alt text is never decorative, so only images without one are
looked up (one query each, kept on the instance): images with alt text cost
nothing more to show.
"""

from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from wagtail.images.forms import BaseImageForm

ALT_TEXT_HELP = _(
    "Beskriv billedet for dem, der ikke kan se det (skærmlæsere, langsomme forbindelser). "
    "Filnavnet bruges aldrig som alternativ tekst."
)
DECORATIVE_LABEL = _("Dekorativt billede (ingen alternativ tekst)")
DECORATIVE_HELP = _(
    "Kun for billeder, der er ren pynt og intet fortæller: de vises med tom alternativ tekst, "
    "og skærmlæsere springer dem over."
)
NEITHER_MESSAGE = _("Skriv en alternativ tekst, eller markér billedet som dekorativt.")
BOTH_MESSAGE = _(
    "Et dekorativt billede har ingen alternativ tekst. Slet teksten i Alternativ tekst, eller fjern markeringen."
)
PAGE_MESSAGE = _(
    "Billedet mangler alternativ tekst. Tilføj den under Billeder, eller markér billedet som dekorativt, "
    "før det bruges på en side."
)
BLOCK_MESSAGE = _(
    "Billedet har ingen alternativ tekst: skriv en her, giv billedet en under Billeder, "
    "eller markér det som dekorativt dér."
)

_CACHED = "_movement_decorative"


def _has_alt_text(image):
    return bool((image.description or "").strip())


def is_decorative(image):
    """True when the editor marked the image decorative (it then has no alt text)."""
    if image is None or image.pk is None or _has_alt_text(image):
        return False
    if not hasattr(image, _CACHED):
        # movement.models imports this module: look the model up by name
        model = apps.get_model("movement", "ImageAccessibility")
        setattr(image, _CACHED, model.objects.filter(image_id=image.pk, decorative=True).exists())
    return getattr(image, _CACHED)


def image_alt(image):
    """The alt text to render: "" for a decorative image, else the alt text
    (Wagtail's ``default_alt_text``, which falls back to the title only for an
    old image that has neither and that no page may take in)."""
    if image is None or is_decorative(image):
        return ""
    return image.default_alt_text


def missing_alt_text(image):
    return image is not None and not _has_alt_text(image) and not is_decorative(image)


class AltTextImageForm(BaseImageForm):
    """Wagtail's image form with the alt text (``description``) or the
    decorative choice required."""

    decorative = forms.BooleanField(required=False, label=DECORATIVE_LABEL, help_text=DECORATIVE_HELP)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("description")
        if field is None:
            del self.fields["decorative"]
            return
        field.label = _("Alternativ tekst")
        field.help_text = ALT_TEXT_HELP
        # Required unless decorative: checked in clean(); the browser's
        # `required` is switched with the box (movement/admin/decorative-image.js).
        field.required = False
        decorative = self.instance.pk is not None and is_decorative(self.instance)
        self.fields["decorative"].initial = decorative
        if not decorative:
            field.widget.attrs["required"] = ""
        field.widget.attrs["data-movement-alt-text"] = ""
        self.fields["decorative"].widget.attrs["data-movement-decorative"] = ""
        # the box right under the alt text
        names = [name for name in self.fields if name != "decorative"]
        names.insert(names.index("description") + 1, "decorative")
        self.fields = {name: self.fields[name] for name in names}
        # The multiple uploader's first request: only the file.
        self.first_upload_step = self.is_bound and self.add_prefix("description") not in self.data

    def clean(self):
        cleaned = super().clean()
        if "decorative" not in self.fields or self.first_upload_step:
            return cleaned
        has_text = bool((cleaned.get("description") or "").strip())
        decorative = cleaned.get("decorative")
        if decorative and has_text:
            self.add_error("decorative", BOTH_MESSAGE)
        elif not decorative and not has_text and "description" not in self.errors:
            self.add_error("description", ValidationError(NEITHER_MESSAGE, code="required"))
        return cleaned

    def save(self, commit=True):
        # One transaction: the page cache drops the image's pages when the
        # image is saved, on commit, so after the choice below is written.
        with transaction.atomic():
            return super().save(commit=commit)

    def _save_m2m(self):
        super()._save_m2m()
        if "decorative" in self.fields and not self.first_upload_step:
            decorative = bool(self.cleaned_data.get("decorative"))
            model = apps.get_model("movement", "ImageAccessibility")
            model.objects.update_or_create(image=self.instance, defaults={"decorative": decorative})
            setattr(self.instance, _CACHED, decorative)


def check_page_images(page):
    """ValidationError for each image field of `page` whose image has neither
    alt text nor the decorative choice."""
    from wagtail.images import get_image_model

    image_model = get_image_model()
    errors = {}
    for field in page._meta.concrete_fields:
        if getattr(field, "related_model", None) is not image_model:
            continue
        image_id = getattr(page, field.attname, None)
        if image_id is None:
            continue
        image = image_model.objects.filter(pk=image_id).only("pk", "description", "title").first()
        if missing_alt_text(image):
            errors[field.name] = ValidationError(PAGE_MESSAGE, code="image_without_alt_text")
    if errors:
        raise ValidationError(errors)
