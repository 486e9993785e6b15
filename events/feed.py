"""What events contribute to the combined feed (movement/feed.py): every
live event, dated by the day it was announced (first published), labelled
"Arrangement". Not by its start: an event 30 days ahead would otherwise sort
above every article published until then. Upcoming events have their own
block on the home page and in /arrangementer/.

Registered in `EventsConfig.ready()`. Events have no tags or categories, so
a filtered listing leaves them out.
"""

from django.db.models.functions import TruncDate
from django.utils.translation import gettext_lazy as _

from movement.feed import FeedSource, local_date, rendition_prefetch, site_path_prefix

EVENT = "event"


class EventSource(FeedSource):
    kind = EVENT
    model_label = "events.EventPage"
    few_rows = True

    def queryset(self, index=None, tags=(), category=None):
        events = self.model.objects.live().public()
        prefix = site_path_prefix(index)
        if prefix:
            events = events.filter(path__startswith=prefix)
        return events

    def date_expression(self):
        return TruncDate("first_published_at")

    def load(self, ids):
        return self.model.objects.filter(pk__in=ids).select_related("image").prefetch_related(rendition_prefetch())

    def decorate(self, pages, request=None):
        for page in pages:
            page.feed_kind = EVENT
            page.feed_date = local_date(page.first_published_at or page.start)
            page.feed_moment = page.start  # feeds give the event's own time
            page.feed_label = _("Arrangement")
            page.feed_category = None
            page.feed_tags = []
            page.feed_tag_links = []
            page.feed_category_url = ""
