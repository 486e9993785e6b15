"""RSS 2.0 and Atom feeds of "What else is cooking?" and of each tag.

Django's syndication framework writes valid XML with RFC 822 / RFC 3339
dates; we only hand it absolute links and the items from `movement.feed`, so a
feed costs the same number of queries as a listing page.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from movement.feed import feed_rows, load_items
from movement.operations.site_url import absolute_url

FEED_SIZE = 20


class NewsRssFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "da"

    def __init__(self, index, tag=None):
        super().__init__()
        self.index = index
        self.tag = tag
        self.request = None

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    # -- channel ---------------------------------------------------------
    def title(self):
        if self.tag:
            return _("%(index)s: %(tag)s") % {"index": self.index.title, "tag": self.tag.name}
        return self.index.title

    def link(self):
        url = self.index.get_full_url(self.request)
        if self.tag:
            url += self.index.reverse_subpage("tag_view", kwargs={"slug": self.tag.slug})
        return url

    def description(self):
        return self.index.intro or self.index.title

    def feed_url(self):
        return absolute_url(self.request.path)

    # -- items -----------------------------------------------------------
    def items(self):
        tags = [self.tag] if self.tag else []
        return load_items(feed_rows(index=self.index, tags=tags)[:FEED_SIZE], request=self.request)

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.feed_teaser

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_guid(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return getattr(item, "feed_moment", None) or feed_datetime(item.feed_date)

    def item_updateddate(self, item):
        if item.last_published_at:
            return item.last_published_at.replace(microsecond=0)
        return self.item_pubdate(item)

    def item_categories(self, item):
        categories = [str(item.feed_label)] if item.feed_label else []
        return categories + [tag.name for tag in item.feed_tags]

    def item_author_name(self, item):
        return None


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return self.description()


def feed_datetime(date):
    """An article's date as midnight in Copenhagen: feeds need full times."""
    if date is None:
        return None
    return datetime.datetime.combine(date, datetime.time(0, 0), tzinfo=timezone.get_default_timezone())
