"""A manifesto page whose PDF sits in the members-only collection."""

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model

import pytest

from manifesto.demo import make_manifesto_pdf, members_collection
from manifesto.tests.factories import ManifestoPageFactory

MEMBER_EMAIL = "medlem@example.org"
MEMBER_PASSWORD = "samskabelse"
FILENAME = "hemmeligt-manifest.pdf"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files go to a temporary directory, never the real media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def pdf_bytes():
    return make_manifesto_pdf()


@pytest.fixture
def private_document(db, media_root, pdf_bytes):
    Document = get_document_model()
    document = Document(title="Manifest for samskabelse", collection=members_collection())
    document.file = ContentFile(pdf_bytes, name=FILENAME)
    document._set_document_file_metadata()
    document.save()
    return document


@pytest.fixture
def manifesto_page(home_page, private_document):
    page = ManifestoPageFactory(parent=home_page, document=private_document)
    page.save_revision().publish()
    return page


@pytest.fixture
def member(db):
    """A member with a confirmed email address (allauth's EmailAddress)."""
    from django.contrib.auth import get_user_model

    from allauth.account.models import EmailAddress

    user = get_user_model().objects.create_user(username="medlem", email=MEMBER_EMAIL, password=MEMBER_PASSWORD)
    EmailAddress.objects.create(user=user, email=MEMBER_EMAIL, verified=True, primary=True)
    return user
