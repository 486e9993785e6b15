"""JSON shapes shared by blocks, API fields and both API versions.

One function per kind of thing (image, person, organisation, document), so
the page API, StreamField blocks and the v3 schemas never disagree.
"""

from movement.operations.site_url import absolute_url

# Fixed renditions the API always offers for an image.
API_IMAGE_RENDITIONS = {
    "small": "fill-400x225",
    "medium": "fill-800x450",
    "large": "width-1600",
}


def image_representation(image, specs=None):
    """An image as renditions with alt text; never a bare id. A decorative
    image (movement/editing/alt_text.py) has `alt: ""` and `decorative: true`."""
    from movement.editing.alt_text import image_alt, is_decorative

    if image is None:
        return None
    specs = specs or API_IMAGE_RENDITIONS
    renditions = image.get_renditions(*specs.values())
    data = {
        "id": image.pk,
        "title": image.title,
        "alt": image_alt(image),
        "decorative": is_decorative(image),
        "width": image.width,
        "height": image.height,
        "renditions": {},
    }
    for name, spec in specs.items():
        rendition = renditions[spec]
        data["renditions"][name] = {
            "url": absolute_url(rendition.url),
            "width": rendition.width,
            "height": rendition.height,
        }
    return data


# The tag every person and organisation carries (`kind`), so a client can
# tell them apart in a field that may hold either (OpenAPI discriminator).
PERSON_KIND = "person"
ORGANISATION_KIND = "organisation"


def organisation_representation(organisation):
    """An organisation; its own category (company, municipality, ...) is
    `organisation_kind`, because `kind` is the person/organisation tag."""
    if organisation is None:
        return None
    return {
        "kind": ORGANISATION_KIND,
        "id": organisation.pk,
        "name": organisation.name,
        "organisation_kind": organisation.kind,
        "url": organisation.url or None,
    }


def person_representation(person, role=None, organisation=None):
    """A person with the role and organisation they held in this context.

    `role`/`organisation` override the person's current title, because a
    person's title changes over the years (a session keeps the one they had).
    """
    if person is None:
        return None
    org_name = organisation or (person.organisation.name if person.organisation_id else "")
    return {
        "kind": PERSON_KIND,
        "id": person.pk,
        "name": person.name,
        "role": role or person.role,
        "organisation": org_name,
    }
