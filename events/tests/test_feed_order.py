"""An event enters "What else is cooking?" when it is announced (first
published), not on the day it starts; upcoming events keep their own block."""

import datetime
import re
from html import unescape

from django.utils import timezone

from events import demo
from events.models import EventPage
from news.models import ArticlePage, NewsIndexPage

DEMO_TITLE = "Samskabelse i praksis: Erfaringsmøde (demoarrangement)"


def card_titles(response):
    html = response.content.decode()
    return [unescape(t) for t in re.findall(r'class="card__title"><a href="[^"]+">([^<]+)</a>', html)]


def publish_article(title, date):
    index = NewsIndexPage.objects.get()
    article = ArticlePage(title=title, slug=re.sub(r"\W+", "-", title.lower()), date=date, intro="Nyt.")
    index.add_child(instance=article)
    article.save_revision().publish()
    return article


def test_a_newly_published_article_sorts_above_the_upcoming_demo_event(client, demo_site):
    upcoming = EventPage.objects.get(slug=demo.DEMO_SLUG)
    assert upcoming.start > timezone.now() + datetime.timedelta(days=29)
    publish_article("Nyt fra bestyrelsen", timezone.localdate())
    titles = card_titles(client.get("/nyheder/"))
    assert titles[0] == "Nyt fra bestyrelsen"
    assert titles.index("Nyt fra bestyrelsen") < titles.index(DEMO_TITLE)


def test_events_sort_by_their_announcement(client, demo_site):
    today = timezone.localdate()
    upcoming = EventPage.objects.get(slug=demo.DEMO_SLUG)
    EventPage.objects.filter(pk=upcoming.pk).update(first_published_at=timezone.now() - datetime.timedelta(days=3))
    publish_article("Fire dage gammel", today - datetime.timedelta(days=4))
    publish_article("To dage gammel", today - datetime.timedelta(days=2))
    titles = card_titles(client.get("/nyheder/"))
    assert titles.index("To dage gammel") < titles.index(DEMO_TITLE) < titles.index("Fire dage gammel")
    # The reception was announced in 2018 (the seed page's own time): below the 2019 articles.
    seed = EventPage.objects.get(slug=demo.SEED_SLUG)
    assert seed.first_published_at == demo.SEED_PUBLISHED
    assert titles.index("Ledelseskommissionens anbefalinger") < titles.index(seed.title)
    assert titles.index("I møder til halsen – benspænd til bedre mødekultur") < titles.index(seed.title)


def test_upcoming_events_keep_their_own_block(client, demo_site):
    publish_article("Nyt fra bestyrelsen", timezone.localdate())
    home = client.get("/").content.decode()
    block = re.search(r'<section class="next-event".*?</section>', home, re.S)
    assert block and DEMO_TITLE in unescape(block.group(0))
    listing = card_titles(client.get("/arrangementer/")) or unescape(client.get("/arrangementer/").content.decode())
    assert DEMO_TITLE in listing


def test_older_load_gets_the_seed_events_announcement_date(demo_site):
    from django.core.management import call_command

    seed = EventPage.objects.get(slug=demo.SEED_SLUG)
    EventPage.objects.filter(pk=seed.pk).update(first_published_at=timezone.now())
    call_command("load_demo_content", verbosity=0)
    seed.refresh_from_db()
    assert seed.first_published_at == demo.SEED_PUBLISHED
