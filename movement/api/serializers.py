"""DRF fields for Wagtail API v2 that emit the shared JSON shapes."""

from rest_framework.fields import Field

from movement.api.representations import image_representation, person_representation


class ImageSerializerField(Field):
    """An image FK as renditions with alt text (not `{"id": 3}`)."""

    def to_representation(self, image):
        return image_representation(image)


class PersonSerializerField(Field):
    def to_representation(self, person):
        return person_representation(person)


class PrefetchedTagsField(Field):
    """Tag names read from the prefetch cache.

    Wagtail's stock tags serializer calls `value.all().order_by("name")`,
    which throws the prefetch away and runs one query per item
    (PITFALLS.md). Sorting in Python keeps the listing at a constant count.
    """

    def get_attribute(self, instance):
        return instance

    def to_representation(self, instance):
        tags = instance.tags.all()
        return sorted(tag.name for tag in tags)


class StreamFieldHTMLField(Field):
    """A StreamField rendered to HTML with each block's own template, internal
    links resolved: what the contract calls `body` (HTML). Rendered without
    a request, so a members-only document shows as such, never as a URL."""

    def to_representation(self, value) -> str:
        from django.utils.html import strip_spaces_between_tags

        return strip_spaces_between_tags(value.render_as_block().strip()) if value else ""


class StreamFieldBlocksField(Field):
    """The same StreamField as structured blocks (`get_api_representation`)."""

    def to_representation(self, value) -> list:
        return value.stream_block.get_api_representation(value, self.context) if value else []
