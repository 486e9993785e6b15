"""The renditions the templates and the API use, made ahead of the first reader.

Wagtail makes a rendition on first view; for a page with an AVIF/WebP/JPEG
`{% picture %}` that first view can take seconds. So publishing a page makes
its images' renditions (after the commit, so a rollback costs nothing), and
`generate_all_renditions()` does it for every page image (bench, upgrades).

Keep these patterns identical to the templates' (same order of operations):
Wagtail stores a rendition under its exact spec string. A `{% picture %}`
with `sizes` needs at least two sizes: with one, its `srcset` candidates have
no width descriptors and the Nu Html Checker rejects the markup.
"""

from django.db import transaction

from wagtail.images.models import Filter

from movement.api.representations import API_IMAGE_RENDITIONS

# templates/components/card.html, templates/events/includes/event_card.html
CARD = ["fill-480x270 format-webp"]
API = list(API_IMAGE_RENDITIONS.values())
# Per page type: the hero/picture patterns of its template, plus cards and API.
PAGE_IMAGE_SPECS = {
    "news.articlepage": [*CARD, "format-{avif,webp,jpeg} fill-{640x360,1200x675}", *API],  # news/article_page.html
    "events.eventpage": [*CARD, "format-{avif,webp,jpeg} width-{600,1200}", *API],  # events/event_page.html
    "home.homepage": ["format-{avif,webp,jpeg} fill-{480x270,960x540}", *API],  # home/home_page.html
}
DEFAULT_SPECS = [*CARD, *API]


def specs_for(page_or_model):
    """Every rendition spec string a page of this type shows its image with."""
    patterns = PAGE_IMAGE_SPECS.get(page_or_model._meta.label_lower, DEFAULT_SPECS)
    specs = []
    for pattern in patterns:
        for spec in Filter.expand_spec(pattern):
            if spec not in specs:
                specs.append(spec)
    return specs


def page_images(page):
    """The images a page shows as its own (foreign keys to the image model)."""
    from wagtail.images import get_image_model

    image_model = get_image_model()
    images = []
    for field in page._meta.concrete_fields:
        if getattr(field, "related_model", None) is image_model:
            image = getattr(page, field.name, None)
            if image is not None:
                images.append(image)
    return images


def generate_for_page(page):
    specific = page.specific
    specs = specs_for(specific)
    made = 0
    for image in page_images(specific):
        image.get_renditions(*specs)
        made += len(specs)
    return made


def generate_all_renditions():
    """Renditions for the images of every live page, one query per page
    type and image field (not per page); returns how many were ensured."""
    from django.apps import apps

    from wagtail.images import get_image_model
    from wagtail.models import Page

    image_model = get_image_model()
    count = 0
    for model in apps.get_models():
        if not issubclass(model, Page) or model is Page:
            continue
        specs = specs_for(model)
        for field in model._meta.concrete_fields:
            if getattr(field, "related_model", None) is not image_model or field.model is not model:
                continue
            ids = model.objects.live().exclude(**{field.attname: None}).values_list(field.attname, flat=True)
            for image in image_model.objects.filter(pk__in=set(ids)):
                image.get_renditions(*specs)
                count += len(specs)
    return count


def _on_published(sender, instance, **kwargs):
    transaction.on_commit(lambda: generate_for_page(instance))


def connect_signals():
    from wagtail.signals import page_published

    page_published.connect(_on_published, dispatch_uid="movement_images_renditions")
