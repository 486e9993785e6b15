"""The combined feed of "What else is cooking?", and the registry behind it.

Each app that contributes to the feed registers a `FeedSource` in its
`AppConfig.ready()` (news: articles; events: events). This module knows no
page type itself, so `news` and `events` never import each other.

The order and the page slice are computed in SQL over a UNION of
`(id, date, kind)` rows from every source, so the database does the sorting
and paging whatever the size. Then each source fetches its pages once with
their relations and card renditions prefetched: a feed page costs the same
number of queries with 5 items as with 5,000 (asserted in news/tests).
"""

from django.apps import apps
from django.db.models import CharField, F, Prefetch, Value
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import Page

from movement.caching import structure

# The rendition the cards show; prefetched so a card costs no query.
CARD_IMAGE_SPEC = "fill-480x270|format-webp"


class FeedSource:
    """What one page type contributes to the combined feed.

    Subclasses set `kind` (the third column of a feed row) and `model_label`,
    and implement `queryset` (which live pages, filtered), `date_expression`
    (the column the feed sorts by) and `decorate` (the `feed_*` attributes a
    card reads). A source without tags or categories sets
    `takes_filters = False` and is left out of filtered listings.
    """

    kind = ""
    model_label = ""
    takes_filters = False
    # A source with a few rows (events): all of them are kept in the
    # structure cache, until the feed changes, instead of sorted per request.
    few_rows = False

    @property
    def model(self):
        return apps.get_model(self.model_label)

    def queryset(self, index=None, tags=(), category=None):
        raise NotImplementedError

    def date_expression(self):
        raise NotImplementedError

    def rows(self, index=None, tags=(), category=None):
        if (tags or category is not None) and not self.takes_filters:
            return None
        return (
            self.queryset(index=index, tags=tags, category=category)
            .annotate(
                item_id=F("pk"), feed_date=self.date_expression(), kind=Value(self.kind, output_field=CharField())
            )
            .values_list("item_id", "feed_date", "kind")
        )

    def load(self, ids):
        """The specific pages for `ids`, with what their cards show prefetched."""
        return self.model.objects.filter(pk__in=ids)

    def decorate(self, pages, request=None):
        """Set `feed_kind`, `feed_date`, `feed_label`, `feed_category`,
        `feed_category_url`, `feed_tags` and `feed_tag_links` on each page."""
        raise NotImplementedError


_sources = {}


def register(source):
    """Add a source (idempotent per kind: a second registration replaces it)."""
    _sources[source.kind] = source
    return source


def sources():
    return list(_sources.values())


def rendition_prefetch():
    """The card's rendition through an image that `select_related` loaded:
    one query for the renditions, none for the images (what
    `ImageQuerySet.prefetch_renditions` does, one hop further)."""
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec=CARD_IMAGE_SPEC)
    return Prefetch("image__renditions", queryset=renditions, to_attr="prefetched_renditions")


def site_path_prefix(index):
    """The tree path of the site the index belongs to (its parent's path)."""
    return index.path[: -Page.steplen] if index is not None else ""


def local_date(value):
    if value is None:
        return None
    if hasattr(value, "tzinfo") and timezone.is_aware(value):
        return timezone.localtime(value).date()
    return value.date() if hasattr(value, "date") else value


class FeedRows:
    """Ordered `(id, feed_date, kind)` rows of the feed, sliced per source.

    A slice `[start:stop]` asks each source for its first `stop` rows in
    feed order (the index on the article's date answers that without
    sorting the table; a source with few rows, such as events, is kept in
    the structure cache) and merges those: the UNION of whole tables,
    sorted at every request, grew with the number of articles. Iterating or
    counting without a slice uses the whole UNION."""

    ORDER = ("-feed_date", "-item_id")

    def __init__(self, parts=None, kept=None, build=None):
        # `build()` gives `(parts, kept)` when first needed: building the
        # sources' querysets costs more than a fragment hit, which needs none.
        self._parts, self._kept, self._build = parts, kept or {}, build

    def _built(self):
        if self._build is not None:
            self._parts, self._kept = self._build()
            self._build = None

    @property
    def parts(self):
        """Querysets, one per source."""
        self._built()
        return self._parts or []

    @property
    def kept(self):
        """Part number -> every row of that part, in feed order."""
        self._built()
        return self._kept

    @property
    def queryset(self):
        if not self.parts:
            return Page.objects.none().values_list("pk", "pk", "pk")
        parts = [part.order_by() for part in self.parts]
        rows = parts[0]
        if len(parts) > 1:
            rows = rows.union(*parts[1:], all=True)
        return rows.order_by(*self.ORDER)

    def count(self):
        return self.queryset.count()

    def __iter__(self):
        return iter(self.queryset)

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step is not None or index.stop is None:
            return self.queryset[index]
        start = index.start or 0
        if start < 0 or index.stop < 0 or index.stop <= start:
            return self.queryset[index]
        return LazyRows(self, start, index.stop)

    def rows(self, start, stop):
        rows = []
        for number, part in enumerate(self.parts):
            if number in self.kept:
                rows.extend(self.kept[number][:stop])
            else:
                rows.extend(part.order_by(*self.ORDER)[:stop])
        rows.sort(key=lambda row: (row[1], row[0]), reverse=True)
        return rows[start:stop]


class LazyRows:
    """A slice of `FeedRows`, read when first iterated: a page whose cards
    come from the fragment cache never runs the query."""

    def __init__(self, feed, start, stop):
        self.feed, self.start, self.stop = feed, start, stop
        self._rows = None

    def _fetch(self):
        if self._rows is None:
            self._rows = self.feed.rows(self.start, self.stop)
        return self._rows

    def __iter__(self):
        return iter(self._fetch())

    def __len__(self):
        return len(self._fetch())

    def __getitem__(self, index):
        return self._fetch()[index]

    def __bool__(self):
        return bool(self._fetch())


def feed_rows(index=None, tags=(), category=None):
    """Ordered `(id, feed_date, kind)` rows of every item in the feed (a
    `FeedRows`: slice it for a page).

    Sources that have no tags or categories are left out of filtered rows.
    """

    def build():
        parts, kept = [], {}
        for source in sources():
            rows = source.rows(index=index, tags=tags, category=category)
            if rows is None:
                continue
            if source.few_rows and not tags and category is None:
                key = f"feed-rows:{source.kind}:{index.pk if index is not None else ''}"
                kept[len(parts)] = structure.cached(
                    key,
                    lambda rows=rows: list(rows.order_by(*FeedRows.ORDER)),
                    deps=("feed", "site"),
                    copy_value=False,
                )
            parts.append(rows)
        return parts, kept

    return FeedRows(build=build)


def load_items(rows, request=None):
    """Specific pages for `(id, date, kind)` rows, in the rows' order:
    one query per source plus their prefetches."""
    rows = list(rows)
    found = {}
    for source in sources():
        ids = [row[0] for row in rows if row[2] == source.kind]
        if ids:
            pages = list(source.load(ids))
            source.decorate(pages, request=request)
            found.update({(source.kind, page.pk): page for page in pages})
    pages = [found[(row[2], row[0])] for row in rows if (row[2], row[0]) in found]
    for page in pages:
        page.feed_teaser = getattr(page, "intro", "") or ""
        page.feed_image = getattr(page, "image", None)
    return pages


def latest_items(count, request=None, index=None):
    """The newest `count` items of every source (home page, event pages).

    Cached until the feed changes (`feed`: an item published, unpublished,
    moved or deleted; a person, organisation or image they show changed) or
    the site does; per site, as the tag links are."""
    site = getattr(request, "_wagtail_site", None)
    key = f"latest:{count}:{index.pk if index is not None else ''}:{site.pk if site is not None else ''}"
    return structure.cached(
        key, lambda: load_items(feed_rows(index=index)[:count], request=request), deps=("feed", "site")
    )
