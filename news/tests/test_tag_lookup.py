"""The tag page finds its tag from the structure cache (`get_tag_or_404`),
and a tag renamed, deleted or created is seen by the next request. The
structure cache is on and the page cache off."""

import pytest

from news.models import ArticleTag
from search.tests.factories import article, neutral_home

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(home_page, structure_on, committed):
    with committed():
        return neutral_home(home_page)


def test_a_tag_kept_in_memory_follows_its_rename_delete_and_creation(client, home, committed):
    with committed():
        page = article(home, "Tillid i praksis", body_text="Om tillid.")
        page.tags.add("Ledelse")
        page.save_revision().publish()
    tag = ArticleTag.objects.get(name="Ledelse")
    url = f"/nyheder/tag/{tag.slug}/"
    assert "Ledelse" in client.get(url).content.decode()
    assert client.get(url).status_code == 200  # warm

    with committed():
        tag.name = "Ledelse og styring"
        tag.save()
    assert "Ledelse og styring" in client.get(url).content.decode()

    with committed():
        tag.delete()
    assert client.get(url).status_code == 404

    with committed():
        page.tags.add("Ledelse")
        page.save_revision().publish()
    assert client.get(url).status_code == 200  # a slug once unknown is found when the tag exists
