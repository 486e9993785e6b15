"""The ranking of a search is kept per worker until anything is published
(search/views.py `ranked_results`): a repeated search must not touch the
index, and must never show what a publish, unpublish or privacy change has
since changed. With the structure cache on, as in production; on SQLite and
PostgreSQL alike."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import PageViewRestriction

import pytest

from search import views
from search.tests.factories import article, neutral_home

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(home_page, structure_on, committed):
    with committed():
        return neutral_home(home_page)


def search(client, **params):
    response = client.get(reverse("search"), params)
    assert response.status_code == 200
    return response


def titles(response):
    return [hit["title"].replace("<mark>", "").replace("</mark>", "") for hit in response.context["hits"]]


def test_a_repeated_search_does_not_touch_the_index(client, home, committed):
    with committed():
        article(home, "Velfærd i kommunerne", body_text="Om tillidsreform.")
        article(home, "Tillid", intro="En tillidsreform for kommunen.")
    first = search(client, q="tillidsreform")
    with CaptureQueriesContext(connection) as captured:
        second = search(client, q="tillidsreform")
    assert titles(second) == titles(first) and len(titles(first)) == 2
    assert second.context["result_count"] == 2
    sql = " ".join(query["sql"] for query in captured.captured_queries)
    assert "wagtailsearch_indexentry" not in sql and "MATCH" not in sql


def test_publishing_unpublishing_and_privacy_show_at_once(client, home, committed):
    with committed():
        first = article(home, "Første om regnbueørred", body_text="x")
    assert titles(search(client, q="regnbueørred")) == ["Første om regnbueørred"]

    with committed():
        second = article(home, "Anden om regnbueørred", body_text="x")
    assert sorted(titles(search(client, q="regnbueørred"))) == ["Anden om regnbueørred", "Første om regnbueørred"]

    with committed():
        second.unpublish()
    assert titles(search(client, q="regnbueørred")) == ["Første om regnbueørred"]

    with committed():
        PageViewRestriction.objects.create(page=first, restriction_type=PageViewRestriction.LOGIN)
    response = search(client, q="regnbueørred")
    assert titles(response) == [] and response.context["result_count"] == 0


def test_pages_beyond_the_kept_ids_come_from_the_index(client, home, committed, monkeypatch):
    monkeypatch.setattr(views, "CACHED_RESULTS", 5)
    with committed():
        for number in range(14):
            article(home, f"Laksefisk {number:02d}", body_text="Om laksefisk.")
    first = search(client, q="laksefisk")
    second = search(client, q="laksefisk", page=2)
    assert first.context["result_count"] == second.context["result_count"] == 14
    shown = titles(first) + titles(second)
    assert len(shown) == 14 and len(set(shown)) == 14
    # The same order as without the cache.
    views.structure.clear()
    monkeypatch.setattr(views.structure, "enabled", lambda: False)
    assert titles(search(client, q="laksefisk")) + titles(search(client, q="laksefisk", page=2)) == shown


def test_filters_are_part_of_the_key(client, home, committed):
    with committed():
        tagged = article(home, "Med emne om havørn", body_text="x")
        tagged.tags.add("Natur")
        tagged.save_revision().publish()
        article(home, "Uden emne om havørn", body_text="x")
    assert len(titles(search(client, q="havørn"))) == 2
    assert titles(search(client, q="havørn", tag="natur")) == ["Med emne om havørn"]


def test_tag_choices_follow_publishing(client, home, committed):
    with committed():
        page = article(home, "Om havørne", body_text="x")
        page.tags.add("Rovfugle")
        page.save_revision().publish()
    assert ("rovfugle", "Rovfugle") in search(client, q="havørne").context["tag_choices"]
    with committed():
        page.unpublish()
    assert ("rovfugle", "Rovfugle") not in search(client, q="havørne").context["tag_choices"]
