"""The combined feed of "What else is cooking?": articles and events.

Articles sort by their `date`, events by the day they start. The order and
the page slice are computed in SQL over a UNION of `(id, date, kind)` rows
from both page types, so the database does the sorting and paging whatever
the size. Then each page type is fetched once with its tags, category and
image renditions prefetched: a feed page costs the same number of queries
with 5 items as with 5,000 (asserted in news/tests).

`latest_items(count)` is what the home page and event pages call.
"""

from django.db.models import CharField, F, Prefetch, Value
from django.db.models.functions import TruncDate
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from wagtail.images import get_image_model
from wagtail.models import Page

from movement import structure

ARTICLE = "article"
EVENT = "event"

# The rendition the cards show; prefetched so a card costs no query.
CARD_IMAGE_SPEC = "fill-480x270|format-webp"


def event_model():
    """EventPage, or None while the events app cannot be imported."""
    try:
        from events.models import EventPage
    except ImportError:  # pragma: no cover - only while events is half-built
        return None
    return EventPage


def _has_field(model, name):
    try:
        model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - FieldDoesNotExist and friends
        return False
    return True


def _rendition_prefetch():
    """The card's rendition through an image that `select_related` loaded:
    one query for the renditions, none for the images (what
    `ImageQuerySet.prefetch_renditions` does, one hop further)."""
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec=CARD_IMAGE_SPEC)
    return Prefetch("image__renditions", queryset=renditions, to_attr="prefetched_renditions")


def _site_path_prefix(index):
    """The tree path of the site the index belongs to (its parent's path)."""
    return index.path[: -Page.steplen] if index is not None else ""


def feed_rows(index=None, tags=(), category=None):
    """Ordered `(id, feed_date, kind)` rows of every item in the feed.

    Tags and categories belong to articles, so any tag or category filter
    leaves events out.
    """
    from .models import ArticlePage, TaggedArticle

    articles = ArticlePage.objects.live().public()
    if index is not None:
        articles = articles.descendant_of(index)
    for tag in tags:
        articles = articles.filter(pk__in=TaggedArticle.objects.filter(tag=tag).values("content_object_id"))
    if category is not None:
        articles = articles.filter(category=category)
    rows = articles.annotate(
        item_id=F("pk"), feed_date=F("date"), kind=Value(ARTICLE, output_field=CharField())
    ).values_list("item_id", "feed_date", "kind")

    EventPage = event_model()
    if EventPage is not None and not tags and category is None and _has_field(EventPage, "start"):
        events = EventPage.objects.live().public()
        prefix = _site_path_prefix(index)
        if prefix:
            events = events.filter(path__startswith=prefix)
        event_rows = events.annotate(
            item_id=F("pk"), feed_date=TruncDate("start"), kind=Value(EVENT, output_field=CharField())
        ).values_list("item_id", "feed_date", "kind")
        rows = rows.order_by().union(event_rows.order_by(), all=True)
    return rows.order_by("-feed_date", "-item_id")


def _load_articles(ids):
    from .models import ArticlePage

    return (
        ArticlePage.objects.filter(pk__in=ids)
        .select_related("category", "image")
        .prefetch_related("tags", _rendition_prefetch())
    )


def _load_events(ids):
    EventPage = event_model()
    queryset = EventPage.objects.filter(pk__in=ids)
    if _has_field(EventPage, "image"):
        queryset = queryset.select_related("image").prefetch_related(_rendition_prefetch())
    return queryset


def _tag_index_urls(articles, request):
    """The news index of each article's parent, to link tags."""
    if not articles:
        return {}
    return news_indexes()


def news_indexes():
    """Every news index of the site by tree path (a handful): they sit under
    the home page, so adding, moving or renaming one bumps `site`."""
    from .models import NewsIndexPage

    def compute():
        return {index.path: index for index in NewsIndexPage.objects.all()}

    return structure.cached("news-indexes", compute)


def danish_sort_key(text):
    """Sort as a Danish reader expects: æ, ø, å after z."""
    return text.casefold().replace("æ", "z\x01").replace("ø", "z\x02").replace("å", "z\x03").replace("aa", "z\x03")


def prepare_items(pages, request=None):
    """Decorate specific article/event pages for cards and feeds.

    Each gets `feed_kind`, `feed_date`, `feed_label` (category or
    "Arrangement"), `feed_tags` (sorted) and `feed_tag_links`
    [(tag, url)]. Call it with pages fetched through `load_items` so that
    everything here comes from prefetch caches.
    """
    from .models import ArticlePage

    articles = [page for page in pages if isinstance(page, ArticlePage)]
    indexes = _tag_index_urls(articles, request)
    index_urls = {}
    for page in pages:
        if isinstance(page, ArticlePage):
            page.feed_kind = ARTICLE
            page.feed_date = page.date
            page.feed_label = page.category.name if page.category_id and page.category else ""
            page.feed_category = page.category if page.category_id else None
            tags = sorted(page.tags.all(), key=lambda tag: danish_sort_key(tag.name))
            page.feed_tags = tags
            index = indexes.get(page.path[: -Page.steplen])
            links = []
            if index is not None:
                if index.pk not in index_urls:
                    index_urls[index.pk] = index.get_url(request)
                base = index_urls[index.pk]
                if base:
                    links = [(tag, base + index.reverse_subpage("tag_view", kwargs={"slug": tag.slug})) for tag in tags]
            page.feed_tag_links = links
            page.feed_category_url = ""
            if index is not None and page.feed_category is not None and index_urls.get(index.pk):
                page.feed_category_url = index_urls[index.pk] + "?" + urlencode({"kategori": page.feed_category.slug})
        else:
            page.feed_kind = EVENT
            start = getattr(page, "start", None)
            page.feed_date = _local_date(start)
            page.feed_label = _("Arrangement")
            page.feed_category = None
            page.feed_tags = []
            page.feed_tag_links = []
            page.feed_category_url = ""
        page.feed_teaser = getattr(page, "intro", "") or getattr(page, "lede", "") or ""
        page.feed_image = getattr(page, "image", None)
    return pages


def _local_date(value):
    if value is None:
        return None
    from django.utils import timezone

    if hasattr(value, "tzinfo") and timezone.is_aware(value):
        return timezone.localtime(value).date()
    return value.date() if hasattr(value, "date") else value


def load_items(rows, request=None):
    """Specific pages for `(id, date, kind)` rows, in the rows' order:
    one query per page type plus their prefetches."""
    rows = list(rows)
    article_ids = [row[0] for row in rows if row[2] == ARTICLE]
    event_ids = [row[0] for row in rows if row[2] == EVENT]
    found = {}
    if article_ids:
        found.update({(ARTICLE, page.pk): page for page in _load_articles(article_ids)})
    if event_ids and event_model() is not None:
        found.update({(EVENT, page.pk): page for page in _load_events(event_ids)})
    pages = [found[(row[2], row[0])] for row in rows if (row[2], row[0]) in found]
    return prepare_items(pages, request=request)


def latest_items(count, request=None, index=None):
    """The newest `count` items of both types (home page, event pages).

    Cached until the feed changes (`feed`: an article or event published,
    unpublished, moved or deleted; a person, organisation or image they
    show changed) or the site does; per site, as the tag links are."""
    site = getattr(request, "_wagtail_site", None)
    key = f"latest:{count}:{index.pk if index is not None else ''}:{site.pk if site is not None else ''}"
    return structure.cached(
        key, lambda: load_items(feed_rows(index=index)[:count], request=request), deps=("feed", "site")
    )
