"""The seed's reception is one item: the event, once in the feed and once in
search, never also an article copy with the same title and intro."""

import re
from html import unescape

from django.core.management import call_command

from wagtail.contrib.redirects.models import Redirect

from events.models import EventPage
from news import demo
from news.models import ArticlePage, NewsIndexPage

TITLE = demo.RECEPTION_TITLE


def titles(response, css_class):
    html = response.content.decode()
    return [unescape(t) for t in re.findall(rf'class="{css_class}"><a href="[^"]+">([^<]+)</a>', html)]


def all_feed_titles(client):
    found, page = [], 1
    while True:
        response = client.get("/nyheder/", {"page": page})
        if response.status_code == 404:
            return found
        found += titles(response, "card__title")
        page += 1


def test_reception_is_once_in_the_feed_and_once_in_search(client, demo_site):
    assert not ArticlePage.objects.filter(title=TITLE).exists()
    assert all_feed_titles(client).count(TITLE) == 1
    for query in ("Nytårskur", "next step for samskabelse"):
        html = client.get("/search/", {"q": query}).content.decode()
        hits = re.findall(r'class="search-result__title"><a href="([^"]+)"', html)
        assert hits.count("/arrangementer/nytaarskur-2018/") == 1, (query, hits)
        assert not [url for url in hits if url.startswith("/nyheder/samskabelsesbevaegelsens")], (query, hits)
    event = EventPage.objects.get(slug="nytaarskur-2018")
    assert event.title == TITLE
    feed = client.get("/nyheder/rss/").content.decode()
    assert feed.count(TITLE) == 1


def test_loader_removes_the_copy_an_older_load_made(client, demo_site):
    """An older `load_demo_content` made the copy; loading again removes it
    and its old address leads to the event."""
    index = NewsIndexPage.objects.get()
    old_copy = ArticlePage(
        title=TITLE,
        slug=demo.RECEPTION_COPY_SLUG,
        date="2018-02-05",
        intro=EventPage.objects.get(slug="nytaarskur-2018").lede,
    )
    index.add_child(instance=old_copy)
    old_copy.save_revision().publish()
    assert all_feed_titles(client).count(TITLE) == 2

    call_command("load_demo_content", verbosity=0)

    assert not ArticlePage.objects.filter(title=TITLE).exists()
    assert all_feed_titles(client).count(TITLE) == 1
    response = client.get("/nyheder/samskabelsesbevaegelsens-nytaarskur-2018/")
    assert response.status_code in (301, 302)
    assert response["Location"] == "/arrangementer/nytaarskur-2018/"
    assert Redirect.objects.filter(redirect_link="/arrangementer/nytaarskur-2018/").count() == 1
    call_command("load_demo_content", verbosity=0)  # idempotent
    assert Redirect.objects.filter(redirect_link="/arrangementer/nytaarskur-2018/").count() == 1


def test_loader_keeps_an_editors_article_under_that_slug(demo_site):
    index = NewsIndexPage.objects.get()
    own = ArticlePage(title="Vores egen artikel om nytårskuren", slug=demo.RECEPTION_COPY_SLUG, date="2018-02-05")
    index.add_child(instance=own)
    own.save_revision().publish()
    call_command("load_demo_content", verbosity=0)
    assert ArticlePage.objects.filter(pk=own.pk).exists()
