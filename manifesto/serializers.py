"""API v2 fields of the manifesto page, built on plain functions that the
v3 schemas can call too."""

from rest_framework.fields import Field

from movement.api.representations import absolute_url, image_representation, organisation_representation


def document_representation(document, request):
    """A document's title, size and format, and its URL only for a caller
    who may download it.

    Anyone else gets `url: null`, so neither the file name nor the URL of a
    members-only document leaves the server (docs/manifesto.md).
    """
    from movement.accounts.members import is_members_only, may_download

    if document is None:
        return None
    allowed = request is not None and may_download(document, request)
    return {
        "id": document.pk,
        "title": document.title,
        "size": document.file_size,
        "extension": document.file_extension.lower(),
        "members_only": is_members_only(document),
        "url": absolute_url(document.url) if allowed else None,
    }


def organisations_representation(page):
    """The organisations behind the manifesto, in the editor's order."""
    data = []
    for organisation in page.get_organisations():
        item = organisation_representation(organisation)
        item.setdefault("logo", image_representation(organisation.logo) if organisation.logo_id else None)
        data.append(item)
    return data


class DocumentSerializerField(Field):
    def to_representation(self, document):
        return document_representation(document, self.context.get("request"))


class ManifestoOrganisationsField(Field):
    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        return organisations_representation(page)
