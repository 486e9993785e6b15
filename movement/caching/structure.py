"""Site-wide facts every page needs, kept in memory until the site changes.

Every page asks the same questions: which sections are private, which Site
serves this hostname, what the main menu holds, the site settings, where the
news indexes are, how many items the feed has. Wagtail answers each with a
query, several times per request (`PageQuerySet.public()` reads every view
restriction each time it is called). They change only when an editor
changes the site, so each worker keeps them in memory under the current
stamps of the page cache's dependencies (`site`, `privacy`, `feed`; see
movement/caching/page_cache.py). The stamps live in a cache every worker shares and
every such change bumps them, so a worker never answers from an old
generation. The stamps are read once per request (`RequestMemoMiddleware`).

Off when `STRUCTURE_CACHE_ENABLED` is false (the test settings: tests roll
their transactions back, so the on-commit bumps never run; the tests of
this module and of query counts turn it on and run the callbacks).
"""

import contextvars
import copy
import functools
import threading
from collections import OrderedDict

from django.conf import settings
from django.db.models import Q
from django.utils.functional import SimpleLazyObject

from movement.caching import page_cache

# Entries per worker: names include user-chosen parts (tag combinations in a
# feed count), so the store is bounded and drops the least recently used.
MAX_ENTRIES = 2000

_memo = contextvars.ContextVar("movement_structure_memo", default=None)
_values = OrderedDict()
_lock = threading.Lock()


def enabled():
    return getattr(settings, "STRUCTURE_CACHE_ENABLED", True)


def clear():
    """Forget every value (tests; a worker never needs it)."""
    with _lock:
        _values.clear()


def _stamps(deps):
    """The stamps of `deps`, each read from the shared cache at most once per
    request (one `get_many` for those not read yet)."""
    memo = _memo.get()
    if memo is None:
        versions = page_cache.current_versions(deps)
        return tuple(versions[dep] for dep in deps)
    missing = [dep for dep in deps if ("stamp", dep) not in memo]
    if missing:
        for dep, value in page_cache.current_versions(missing).items():
            memo[("stamp", dep)] = value
    return tuple(memo[("stamp", dep)] for dep in deps)


def cached(name, compute, deps=("site",), copy_value=True):
    """`compute()` once per generation of `deps`; callers get their own copy
    (model instances are mutable and a worker serves several threads)."""
    if not enabled():
        return compute()
    deps = tuple(sorted(deps))
    stamps = _stamps(deps)  # before computing: a bump after this is seen next time
    with _lock:
        hit = _values.get(name)
        if hit is not None and hit[0] == stamps:
            _values.move_to_end(name)
            value = hit[1]
        else:
            hit = None
    if hit is None:
        value = compute()
        with _lock:
            _values[name] = (stamps, value)
            _values.move_to_end(name)
            while len(_values) > MAX_ENTRIES:
                _values.popitem(last=False)
    return copy.deepcopy(value) if copy_value else value


def per_request(key, compute):
    """`compute()` once per request (`RequestMemoMiddleware`'s memo); outside
    a request, every time. For answers asked twice while one page renders."""
    memo = _memo.get()
    if memo is None:
        return compute()
    key = ("request", key)
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def peek(name, deps=("site",)):
    """`(True, value)` when `cached(name, ..., deps)` would answer from
    memory, else `(False, None)`; the value is not copied."""
    if not enabled():
        return False, None
    stamps = _stamps(tuple(sorted(deps)))
    with _lock:
        hit = _values.get(name)
    if hit is not None and hit[0] == stamps:
        return True, hit[1]
    return False, None


class RequestMemoMiddleware:
    """Read the stamps once per request, and answer Wagtail's site lookup from
    memory. After the page cache, so a cache hit costs nothing here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _memo.set({})
        try:
            if enabled() and not request.path.startswith(("/static/", "/media/")):
                site = find_site(request, copy_value=False)
                if site is not None:
                    # Copied when first used: an answer from the API cache
                    # never looks at the site, and the copy (the site, its
                    # root page and that page's specific row) cost more than
                    # the rest of such a request.
                    request._wagtail_site = SimpleLazyObject(functools.partial(copy.deepcopy, site))
            return self.get_response(request)
        finally:
            _memo.reset(token)


# ---------------------------------------------------------------------------
# Sites
# ---------------------------------------------------------------------------


def find_site(request, copy_value=True):
    """Wagtail's `Site._find_for_request`, with the root page already loaded
    (`copy_value=False`: the shared instance, for the caller to copy)."""
    from django.http.request import split_domain_port

    from wagtail.models import Site

    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()

    def compute():
        site = Site._find_for_request(request)
        if site is not None:
            # Load the root page as its specific type, so the copy carries it:
            # Wagtail routes every request from `site.root_page.localized.specific`.
            site.root_page.specific  # noqa: B018
        return site

    return cached(f"site:{hostname}:{port}", compute, copy_value=copy_value)


# ---------------------------------------------------------------------------
# View restrictions
# ---------------------------------------------------------------------------


def _restriction_snapshot():
    from wagtail.models import Page, PageViewRestriction

    restrictions = tuple(PageViewRestriction.objects.values_list("pk", "page__path").order_by("page__path"))
    aliases = tuple(Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True))
    return {"restrictions": restrictions, "alias_paths": aliases}


def restriction_snapshot():
    """Every view restriction as `(id, page path)` and the paths of alias pages.

    Paths change when a page moves, so moves bump `privacy` too."""
    return cached("restrictions", _restriction_snapshot, deps=("site", "privacy"), copy_value=False)


def private_q():
    """`PageQuerySet.private_q()` from the snapshot: no query."""
    q = Q()
    for path in sorted({path for _pk, path in restriction_snapshot()["restrictions"]}):
        q |= Q(path__startswith=path)
    return q if q else Q(pk__in=[])


def public(queryset):
    """`queryset.public()` without reading the restrictions again (for
    querysets of Wagtail's own manager, such as `page.get_children()`)."""
    if not enabled():
        return queryset.public()
    return queryset.exclude(private_q())


def view_restriction_ids(page):
    """Ids of the restrictions on `page` or its ancestors, or None when
    aliases are involved (Wagtail resolves those itself)."""
    snapshot = restriction_snapshot()
    if page.alias_of_id or any(page.path.startswith(path) for path in snapshot["alias_paths"]):
        return None
    return [pk for pk, path in snapshot["restrictions"] if page.path.startswith(path)]
