"""News through the test client: listing, tags, feeds, articles, API."""

import datetime
import re
import xml.etree.ElementTree as ET
from html import unescape
from urllib.parse import unquote, urljoin

from django.utils import timezone

import pytest

from news.models import ArticleAuthor, ArticlePage, ArticleTag, RelatedArticle
from news.tests.factories import ArticlePageFactory, ArticleTagFactory, CategoryFactory

pytestmark = pytest.mark.django_db


def hrefs(response):
    return [unescape(h) for h in re.findall(r'href="([^"]+)"', response.content.decode())]


def card_titles(response):
    return re.findall(r'class="card__title"><a href="[^"]+">([^<]+)</a>', response.content.decode())


# ---------------------------------------------------------------------------
# Article page
# ---------------------------------------------------------------------------


def test_article_page_shows_date_category_tags_and_authors(client, news_index, shared_image):
    from movement.demo import person

    article = ArticlePageFactory(
        parent=news_index,
        title="I møder til halsen",
        date=datetime.date(2019, 1, 30),
        category=CategoryFactory(name="It's Cooking!"),
        tags=["Ledelse", "Velfærdsudvikling"],
        image=shared_image,
        authors_note="i samarbejde med Jacob Ørting",
    )
    ArticleAuthor.objects.create(page=article, person=person("Mikkel Ejsing", "Konsulent og partner", "Resonans"))
    response = client.get(article.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Udgivet" in html and "30. januar 2019" in html
    assert "It&#x27;s Cooking!" in html or "It's Cooking!" in html
    assert "/nyheder/tag/velf%C3%A6rdsudvikling/" in html
    assert "Mikkel Ejsing" in html and "Konsulent og partner, Resonans" in html
    assert "i samarbejde med Jacob Ørting" in html


def test_related_articles_chosen_else_by_shared_tags(client, make_articles, news_index):
    first, second, third = make_articles(3, tags=["Ledelse"])
    other = ArticlePageFactory(parent=news_index, title="Helt andet emne", tags=["Klima"])
    response = client.get(first.url)
    titles = card_titles(response)
    assert second.title in titles and third.title in titles and other.title not in titles

    RelatedArticle.objects.create(page=first, article=other, sort_order=0)
    assert card_titles(client.get(first.url)) == [other.title]


# ---------------------------------------------------------------------------
# The feed at the index
# ---------------------------------------------------------------------------


def test_index_lists_newest_first_12_a_page(client, make_articles, news_index):
    articles = make_articles(14)
    response = client.get(news_index.url)
    assert response.status_code == 200
    titles = card_titles(response)
    assert titles == [a.title for a in reversed(articles)][:12]
    html = response.content.decode()
    assert 'href="?page=2"' in html and "Indlæs flere" in html

    page2 = client.get(news_index.url + "?page=2")
    assert card_titles(page2) == [articles[1].title, articles[0].title]
    assert "Indlæs flere" not in page2.content.decode()


def test_fragment_returns_only_the_cards_and_pagination(client, make_articles, news_index):
    make_articles(13)
    response = client.get(news_index.url + "?page=2&fragment=1")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'id="news-feed-list"' in html
    assert len(card_titles(response)) == 1
    ajax = client.get(news_index.url + "?page=2", headers={"X-Requested-With": "XMLHttpRequest"})
    assert "<html" not in ajax.content.decode()


def test_feed_includes_events_by_start_date(client, make_articles, news_index, home_page):
    from events.models import EventIndexPage, EventPage

    make_articles(2, start=datetime.date(2018, 1, 1))
    events = EventIndexPage(title="Arrangementer", slug="arrangementer")
    home_page.add_child(instance=events)
    start = timezone.make_aware(datetime.datetime(2018, 1, 15, 13, 0))
    event = EventPage(title="Nytårskur", slug="nytaarskur", start=start, end=start + datetime.timedelta(hours=3))
    events.add_child(instance=event)
    event.save_revision().publish()

    from movement.feed import latest_items

    items = latest_items(3)
    assert [item.title for item in items][0] == "Nytårskur"
    assert items[0].feed_kind == "event"
    response = client.get(news_index.url)
    assert card_titles(response)[0] == "Nytårskur"
    assert "Arrangement" in response.content.decode()
    # A tag filter is about articles only.
    assert "Nytårskur" not in card_titles(client.get(news_index.url + "tag/ledelse/"))


@pytest.mark.parametrize(
    "query",
    ["?page=99", "?page=abc", "?page=0", "?tag=findes-ikke", "?kategori=findes-ikke"],
)
def test_unknown_page_tag_or_category_is_404(client, make_articles, news_index, query):
    make_articles(2)
    assert client.get(news_index.url + query).status_code == 404


def test_unknown_tag_path_is_404(client, make_articles, news_index):
    make_articles(1)
    assert client.get(news_index.url + "tag/findes-ikke/").status_code == 404
    assert client.get(news_index.url + "tag/findes-ikke/rss/").status_code == 404
    assert client.get(news_index.url + "tag/ledelse/?page=5").status_code == 404
    assert client.get(news_index.url + "tag/%00/").status_code == 404
    assert client.get(news_index.url + "tag/%00/rss/").status_code == 404


def test_bad_parameters_are_400_with_a_message(client, make_articles, news_index):
    make_articles(1)
    response = client.get(news_index.url + "?tag=%00")
    assert response.status_code == 400 and "Ugyldigt" in response.content.decode()
    many = "&".join(f"tag=t{i}" for i in range(11))
    response = client.get(news_index.url + "?" + many)
    assert response.status_code == 400 and "højst" in response.content.decode()


# ---------------------------------------------------------------------------
# Tags
# ---------------------------------------------------------------------------


def test_tag_page_with_unicode_slug(client, make_articles, news_index):
    make_articles(2, tags=["Velfærdsudvikling"])
    make_articles(1, tags=["Ledelse"], start=datetime.date(2020, 1, 1))
    tag = ArticleTag.objects.get(name="Velfærdsudvikling")
    assert tag.slug == "velfærdsudvikling"
    response = client.get("/nyheder/tag/velfærdsudvikling/")
    assert response.status_code == 200
    assert len(card_titles(response)) == 2
    assert "<h1>Velfærdsudvikling</h1>" in response.content.decode()
    # Percent-encoded, as a browser sends it.
    assert client.get("/nyheder/tag/velf%C3%A6rdsudvikling/").status_code == 200


def test_tag_list_with_counts(client, make_articles, news_index):
    make_articles(3, tags=["Ledelse"])
    make_articles(1, tags=["Ledelse", "Ældreområdet"], start=datetime.date(2020, 1, 1))
    html = client.get(news_index.url).content.decode()
    assert re.search(r'href="/nyheder/tag/ledelse/"[^>]*>Ledelse <span class="tag-count">\(4', html)
    assert re.search(r"Ældreområdet <span class=\"tag-count\">\(1", html)


def test_several_tags_all_must_match_and_category_filter(client, news_index, shared_image):
    both = ArticlePageFactory(parent=news_index, title="Begge", tags=["Ledelse", "Strategirealisering"])
    ArticlePageFactory(parent=news_index, title="Kun ledelse", tags=["Ledelse"])
    ArticlePageFactory(
        parent=news_index, title="Cooking", tags=["Ledelse"], category=CategoryFactory(name="It's Cooking!")
    )
    response = client.get(news_index.url + "?tag=ledelse&tag=strategirealisering")
    assert card_titles(response) == [both.title]
    response = client.get(news_index.url + "tag/ledelse/?tag=strategirealisering")
    assert card_titles(response) == [both.title]
    cooking = CategoryFactory(name="It's Cooking!")
    response = client.get(news_index.url + f"?kategori={cooking.slug}")
    assert card_titles(response) == ["Cooking"]
    response = client.get(news_index.url + f"tag/ledelse/?kategori={cooking.slug}")
    assert card_titles(response) == ["Cooking"]


def test_tags_are_case_insensitive_including_aeoeaa(news_index):
    first = ArticlePageFactory(parent=news_index, tags=["Ledelse", "Ældreområdet"])
    second = ArticlePageFactory(parent=news_index)
    second.tags.add("ledelse", "ældreområdet", "ÆLDREOMRÅDET")
    second.save()
    assert ArticleTag.objects.count() == 2
    assert sorted(t.name for t in second.tags.all()) == ["Ledelse", "Ældreområdet"]
    assert set(first.tags.all()) == set(second.tags.all())


def test_tag_rename_and_merge_in_admin(admin_client, news_index):
    a = ArticlePageFactory(parent=news_index, tags=["Ledelse", "Ledelse og styring"])
    b = ArticlePageFactory(parent=news_index, tags=["Ledelse og styring"])
    source = ArticleTag.objects.get(name="Ledelse og styring")
    target = ArticleTag.objects.get(name="Ledelse")

    listing = admin_client.get("/admin/snippets/news/articletag/")
    assert (
        listing.status_code == 200 and f"/admin/snippets/news/articletag/merge/{source.pk}/" in listing.content.decode()
    )

    # A rename that only changes case of another tag is refused.
    response = admin_client.post(
        f"/admin/snippets/news/articletag/edit/{source.pk}/", {"name": "LEDELSE", "slug": source.slug}
    )
    assert response.status_code == 200 and ArticleTag.objects.get(pk=source.pk).name == "Ledelse og styring"

    response = admin_client.post(f"/admin/snippets/news/articletag/merge/{source.pk}/", {"target": target.pk})
    assert response.status_code == 302
    assert not ArticleTag.objects.filter(pk=source.pk).exists()
    assert [t.name for t in ArticlePage.objects.get(pk=a.pk).tags.all()] == ["Ledelse"]
    assert [t.name for t in ArticlePage.objects.get(pk=b.pk).tags.all()] == ["Ledelse"]

    response = admin_client.post(
        f"/admin/snippets/news/articletag/edit/{target.pk}/", {"name": "God ledelse", "slug": target.slug}
    )
    assert response.status_code == 302
    assert ArticleTag.objects.get(pk=target.pk).name == "God ledelse"


def test_tag_autocomplete_in_admin_uses_own_tag_model(admin_client, news_index):
    from taggit.models import Tag

    ArticleTagFactory(name="Velfærdsudvikling")
    Tag.objects.create(name="Velkommen")  # an image tag: must not be offered
    response = admin_client.get("/admin/tag-autocomplete/news/articletag/?term=vel")
    assert response.status_code == 200
    assert response.json() == ["Velfærdsudvikling"]
    edit = admin_client.get(f"/admin/pages/{ArticlePageFactory(parent=news_index).pk}/edit/")
    assert "/admin/tag-autocomplete/news/articletag/" in edit.content.decode()


# ---------------------------------------------------------------------------
# RSS and Atom
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/nyheder/rss/", "/nyheder/tag/velfærdsudvikling/rss/"])
def test_rss_feeds_are_valid_with_full_dates_categories_and_absolute_links(client, make_articles, url):
    make_articles(3, tags=["Velfærdsudvikling", "Ledelse"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    items = root.findall("channel/item")
    assert len(items) == 3
    first = items[0]
    assert re.match(r"https?://[^/]+/nyheder/artikel-\d+/$", first.findtext("link"))
    assert re.match(r"\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}", first.findtext("pubDate"))
    assert {c.text for c in first.findall("category")} >= {"Artikel", "Velfærdsudvikling", "Ledelse"}


def test_atom_feed_is_valid(client, make_articles):
    make_articles(2)
    response = client.get("/nyheder/atom/")
    assert response.status_code == 200
    ns = {"a": "http://www.w3.org/2005/Atom"}
    root = ET.fromstring(response.content)
    entries = root.findall("a:entry", ns)
    assert len(entries) == 2
    assert re.match(r"https?://[^/]+/nyheder/artikel-\d+/$", entries[0].find("a:link", ns).get("href"))
    assert re.match(
        r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}", entries[0].findtext("a:updated", namespaces=ns)
    )
    assert client.get("/nyheder/tag/ledelse/atom/").status_code == 200


# ---------------------------------------------------------------------------
# Constant query counts
# ---------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    """Render every request: a cached page would make query counts trivially equal."""
    settings.PAGE_CACHE_ENABLED = False


def _count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm-up: renditions and caches are made on first view
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/nyheder/", "/nyheder/tag/ledelse/", "/nyheder/rss/", "/nyheder/?page=1&fragment=1"])
def test_listing_tag_page_and_feed_queries_do_not_grow(client, make_articles, url):
    make_articles(5, tags=["Ledelse", "Klima"])
    with_five = _count_queries(client, url)
    make_articles(45, tags=["Ledelse", "Klima", "Sundhed", "Økonomi"], start=datetime.date(2020, 1, 1))
    with_fifty = _count_queries(client, url)
    assert with_five == with_fifty


def test_article_page_queries_do_not_grow_with_tags_and_authors(client, news_index, shared_image):
    from movement.demo import person

    small = ArticlePageFactory(parent=news_index, tags=["Ledelse"], image=shared_image)
    ArticleAuthor.objects.create(page=small, person=person("A", "Rolle", "Resonans"))
    big = ArticlePageFactory(
        parent=news_index, tags=["Ledelse", "Klima", "Sundhed", "Økonomi", "Åbenhed"], image=shared_image
    )
    for i, name in enumerate(["B", "C", "D", "E"]):
        ArticleAuthor.objects.create(page=big, person=person(name, "Rolle", f"Org {i}"), sort_order=i)
    ArticlePageFactory(parent=news_index, tags=["Ledelse", "Klima"], image=shared_image)
    assert _count_queries(client, small.url) == _count_queries(client, big.url)


# ---------------------------------------------------------------------------
# API
# ---------------------------------------------------------------------------


def test_api_fields(client, news_index, shared_image):
    from movement.demo import person

    article = ArticlePageFactory(
        parent=news_index, title="API-artikel", tags=["Velfærdsudvikling", "Ledelse"], image=shared_image
    )
    ArticleAuthor.objects.create(page=article, person=person("Mikkel Ejsing", "Konsulent og partner", "Resonans"))
    response = client.get(f"/api/v2/pages/{article.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["date"] == article.date.isoformat()
    assert data["category"]["name"] == "Artikel"
    assert data["tags"] == ["Ledelse", "Velfærdsudvikling"]
    assert data["authors"][0] == {
        "kind": "person",
        "id": ArticleAuthor.objects.get().person_id,
        "name": "Mikkel Ejsing",
        "role": "Konsulent og partner",
        "organisation": "Resonans",
    }
    assert data["image"]["renditions"]["small"]["url"]
    listing = client.get("/api/v2/pages/?type=news.ArticlePage&fields=tags,category,authors")
    assert listing.status_code == 200
    assert listing.json()["items"][0]["tags"] == ["Ledelse", "Velfærdsudvikling"]


# ---------------------------------------------------------------------------
# The reader's journey without JavaScript, and the demo content
# ---------------------------------------------------------------------------


def test_reader_journey_home_index_tag_article_tag(client, demo_site):
    def follow(response, pattern):
        for href in hrefs(response):
            if re.search(pattern, unquote(href)):
                url = urljoin("http://testserver" + response.request["PATH_INFO"], href)
                next_response = client.get(url)
                assert next_response.status_code == 200, url
                return next_response
        raise AssertionError(f"no link matching {pattern}")

    home = client.get("/")
    assert "What else is cooking? Her er seneste nyt" in home.content.decode()
    index = follow(home, r"^/nyheder/$")
    tag_page = follow(index, r"/nyheder/tag/velfærdsudvikling/$")
    assert "Ledelseskommissionens anbefalinger" in card_titles(tag_page)
    article = follow(tag_page, r"/nyheder/ledelseskommissionens-anbefalinger/$")
    assert "30. januar 2019" in article.content.decode()
    other = follow(article, r"/nyheder/tag/strategirealisering/$")
    assert "I møder til halsen – benspænd til bedre mødekultur" in card_titles(other)


def test_demo_content_is_the_seed(client, demo_site):
    from news.demo import LEDELSESKOMMISSIONEN_TEXT, MOEDER_TEXT

    first = ArticlePage.objects.get(slug="ledelseskommissionens-anbefalinger")
    assert first.date == datetime.date(2019, 1, 30) and first.category.name == "It's Cooking!"
    assert sorted(t.name for t in first.tags.all()) == [
        "Ledelse",
        "Samskabelse og Innovation",
        "Strategirealisering",
        "Velfærdsudvikling",
    ]
    second = ArticlePage.objects.get(slug="i-moder-til-halsen-benspaend-til-bedre-modekultur")
    assert second.date == datetime.date(2019, 1, 21) and second.category.name == "Artikel"
    assert [a.person.name for a in second.authors.all()] == ["Mikkel Ejsing", "Jacob Ørting"]
    home = client.get("/").content.decode()
    assert LEDELSESKOMMISSIONEN_TEXT in home and MOEDER_TEXT in home
    reception = client.get("/nyheder/samskabelsesbevaegelsens-nytaarskur-2018/").content.decode()
    assert 'href="/arrangementer/nytaarskur-2018/"' in reception

    # Idempotent.
    from django.core.management import call_command

    call_command("load_demo_content", verbosity=0)
    assert ArticlePage.objects.count() == 3 and ArticleTag.objects.count() == 4


def test_generated_articles_are_live_searchable_pages(client, demo_site):
    from django.core.management import call_command

    call_command("load_demo_content", "--articles", "30", verbosity=0)
    generated = ArticlePage.objects.live().filter(slug__startswith="genereret-artikel-")
    assert generated.count() == 30
    page = generated.order_by("-date").first()
    assert client.get(page.url).status_code == 200
    assert page.get_parent().specific.__class__.__name__ == "NewsIndexPage"
    from wagtail.models import Page

    assert all(not problem for problem in Page.find_problems())
    results = ArticlePage.objects.live().search(page.title.split(":")[0])
    assert page.pk in [r.pk for r in results]
    response = client.get("/nyheder/?page=3")
    assert response.status_code == 200


def test_api_listing_queries_do_not_grow(client, make_articles):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from movement.demo import person

    url = "/api/v2/pages/?type=news.ArticlePage&fields=date,category,tags,authors,image&limit=50"

    def count():
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        return len(ctx.captured_queries), response.json()["meta"]["total_count"]

    for article in make_articles(5, tags=["Ledelse", "Klima"]):
        ArticleAuthor.objects.create(page=article, person=person("Mikkel Ejsing", "Konsulent", "Resonans"))
    with_five, total = count()
    assert total == 5
    for article in make_articles(45, tags=["Ledelse", "Sundhed", "Økonomi"], start=datetime.date(2020, 1, 1)):
        ArticleAuthor.objects.create(page=article, person=person("Eva Sørensen", "Professor", "RUC"))
    with_fifty, total = count()
    assert total == 50 and with_five == with_fifty
