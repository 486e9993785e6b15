"""What news contributes to the combined feed (movement/feed.py): articles,
sorted by their `date`, with category and tag links on their cards.

Registered in `NewsConfig.ready()`. Models are looked up through the app
registry because `news.models` imports this module.
"""

from django.apps import apps
from django.db.models import F
from django.utils.http import urlencode

from wagtail.models import Page

from movement.caching import structure
from movement.feed import FeedSource, rendition_prefetch

ARTICLE = "article"


def danish_sort_key(text):
    """Sort as a Danish reader expects: æ, ø, å after z."""
    return text.casefold().replace("æ", "z\x01").replace("ø", "z\x02").replace("å", "z\x03").replace("aa", "z\x03")


def news_indexes():
    """Every news index of the site by tree path (a handful): they sit under
    the home page, so adding, moving or renaming one bumps `site`."""

    def compute():
        return {index.path: index for index in apps.get_model("news", "NewsIndexPage").objects.all()}

    return structure.cached("news-indexes", compute)


class ArticleSource(FeedSource):
    kind = ARTICLE
    model_label = "news.ArticlePage"
    takes_filters = True

    def queryset(self, index=None, tags=(), category=None):
        tagged = apps.get_model("news", "TaggedArticle")
        articles = self.model.objects.live().public()
        if index is not None:
            articles = articles.descendant_of(index)
        for tag in tags:
            articles = articles.filter(pk__in=tagged.objects.filter(tag=tag).values("content_object_id"))
        if category is not None:
            articles = articles.filter(category=category)
        return articles

    def date_expression(self):
        return F("date")

    def load(self, ids):
        return (
            self.model.objects.filter(pk__in=ids)
            .select_related("category", "image")
            .prefetch_related("tags", rendition_prefetch())
        )

    def decorate(self, pages, request=None):
        indexes = news_indexes() if pages else {}
        index_urls = {}
        for page in pages:
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
