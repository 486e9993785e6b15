"""A members-only document linked from an article never shows its file URL
(which names the file) to a reader who may not download it."""

import datetime

from wagtail.documents import get_document_model

import pytest

from movement.demo import DEMO_MEMBER
from news.models import ArticlePage, NewsIndexPage

pytestmark = pytest.mark.django_db


def test_document_block_hides_private_file_from_anonymous_readers(client, demo_site):
    from manifesto.models import ManifestoPage

    document = ManifestoPage.objects.get().document
    assert document is not None and document.collection.get_view_restrictions().exists()
    index = NewsIndexPage.objects.get()
    article = ArticlePage(
        title="Læs manifestet",
        slug="laes-manifestet",
        date=datetime.date(2026, 11, 1),
        body=[("document", {"document": document, "title": "Manifest for samskabelse (PDF)"})],
    )
    index.add_child(instance=article)
    article.save_revision().publish()

    html = client.get(article.url).content.decode()
    assert "Manifest for samskabelse (PDF)" in html
    assert document.file.name.split("/")[-1] not in html
    assert document.url not in html
    assert "kun for medlemmer" in html

    assert client.login(username="medlem", password=DEMO_MEMBER[1])
    html = client.get(article.url).content.decode()
    assert f'href="{document.url}"' in html


def test_public_document_block_links_directly(client, demo_site):
    Document = get_document_model()
    from django.core.files.base import ContentFile

    document = Document(title="Offentligt notat", file=ContentFile(b"%PDF-1.4 notat", name="notat.pdf"))
    document.save()
    index = NewsIndexPage.objects.get()
    article = ArticlePage(
        title="Et notat", slug="et-notat", date=datetime.date(2026, 11, 2), body=[("document", {"document": document})]
    )
    index.add_child(instance=article)
    article.save_revision().publish()
    html = client.get(article.url).content.decode()
    assert f'href="{document.url}"' in html
    assert "PDF" in html
