"""The listing behind "What else is cooking?" and its tag pages.

Kept out of the model so the routes stay short (models come from the app
registry: `news.models` imports this module); every bad parameter ends as
a 404 (unknown tag, category or page) or a 400 with a message, never a 500.
"""

from django.apps import apps
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Count
from django.http import Http404
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from movement.caching import structure
from movement.feed import feed_rows, load_items

from .feed import danish_sort_key

PAGE_SIZE = 12
MAX_TAGS = 10


class ListingError(ValueError):
    """A parameter we can name in a 400 response."""


def _clean(value):
    if "\x00" in value:
        raise ListingError(_("Ugyldigt tegn i adressen."))
    return value.strip()


def resolve_filters(request, tag=None):
    """Active tags (the path's first) and category from the query string."""
    ArticleTag = apps.get_model("news", "ArticleTag")
    slugs = [_clean(value) for value in request.GET.getlist("tag") if value.strip()]
    if tag is not None:
        slugs = [slug for slug in slugs if slug != tag.slug]
    if len(slugs) + (1 if tag else 0) > MAX_TAGS:
        raise ListingError(_("Vælg højst %(max)d emner ad gangen.") % {"max": MAX_TAGS})
    tags = [tag] if tag else []
    if slugs:
        found = {t.slug: t for t in ArticleTag.objects.filter(slug__in=slugs)}
        missing = [slug for slug in slugs if slug not in found]
        if missing:
            raise Http404(_("Emnet '%(slug)s' findes ikke.") % {"slug": missing[0]})
        tags += [found[slug] for slug in dict.fromkeys(slugs)]
    category = None
    category_slug = _clean(request.GET.get("kategori", ""))
    if category_slug:
        category = next((c for c in categories() if c.slug == category_slug), None)
        if category is None:
            raise Http404(_("Kategorien '%(slug)s' findes ikke.") % {"slug": category_slug})
    return tags, category


class CountedPaginator(Paginator):
    """A paginator told its count (from the structure cache) instead of
    running COUNT over the whole feed on every request."""

    def __init__(self, object_list, per_page, count, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @cached_property
    def count(self):
        return self._known_count


def categories():
    """Every category, alphabetically; a change to one bumps `site`."""
    Category = apps.get_model("news", "Category")
    return structure.cached("news-categories", lambda: list(Category.objects.all()))


def tag_counts(index, index_url=""):
    """Every tag used by a live article under `index`, with its count and URL.

    Cached until an article is published, unpublished, moved or deleted
    (`feed`) or a tag changes (`site`)."""
    ArticleTag = apps.get_model("news", "ArticleTag")

    def compute():
        rows = (
            ArticleTag.objects.filter(tagged_items__content_object__in=index.articles().values("pk"))
            .annotate(count=Count("tagged_items"))
            .order_by()
        )
        return sorted(rows, key=lambda tag: danish_sort_key(tag.name))

    tags = structure.cached(f"tag-counts:{index.pk}", compute, deps=("feed", "site"))
    for tag in tags:
        tag.url = index_url + index.reverse_subpage("tag_view", kwargs={"slug": tag.slug})
    return tags


def build_listing(index, request, tag=None):
    tags, category = resolve_filters(request, tag=tag)
    page_param = request.GET.get("page", "1") or "1"
    rows = feed_rows(index=index, tags=tags, category=category)
    count_key = f"feed-count:{index.pk}:{','.join(str(t.pk) for t in tags)}:{category.pk if category else ''}"
    count = structure.cached(count_key, rows.count, deps=("feed", "site"), copy_value=False)
    paginator = CountedPaginator(rows, PAGE_SIZE, count)
    try:
        page_obj = paginator.page(page_param)
    except PageNotAnInteger as error:
        raise Http404(_("Siden '%(page)s' findes ikke.") % {"page": page_param[:20]}) from error
    except EmptyPage as error:
        raise Http404(_("Side %(page)s findes ikke.") % {"page": page_param[:20]}) from error

    # Read only when the cards are rendered: on a fragment hit
    # (templates/news/news_index_page.html) no row and no page is loaded.
    items = SimpleLazyObject(lambda: load_items(page_obj.object_list, request=request))

    # Query string for page links: the filters, never the fragment flag.
    base_params = [("tag", t.slug) for t in tags if t != tag]
    if category:
        base_params.append(("kategori", category.slug))

    def page_url(number):
        return "?" + urlencode([*base_params, ("page", number)])

    index_url = index.get_url(request)
    return {
        "items": items,
        "page_obj": page_obj,
        "paginator": paginator,
        "active_tags": tags,
        "active_tag_slugs": [t.slug for t in tags],
        "path_tag": tag,
        "active_category": category,
        "categories": categories(),
        "all_tags": SimpleLazyObject(lambda: tag_counts(index, index_url)),
        "next_page_url": page_url(page_obj.next_page_number()) if page_obj.has_next() else "",
        "previous_page_url": page_url(page_obj.previous_page_number()) if page_obj.has_previous() else "",
        "index_url": index_url,
        "filtered": bool(tags or category),
        "rss_url": index_url + (index.reverse_subpage("tag_rss", kwargs={"slug": tag.slug}) if tag else "rss/"),
        "atom_url": index_url + (index.reverse_subpage("tag_atom", kwargs={"slug": tag.slug}) if tag else "atom/"),
    }
