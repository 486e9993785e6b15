"""Whole-page cache for anonymous readers, invalidated precisely.

Why not Django's `UpdateCacheMiddleware`: it keys on the URL only and can be
emptied only by waiting or by clearing everything. Here every cached page
remembers what it shows (its *dependencies*, small strings such as
`page:42`, `tag:ledelse`, `feed`, `site`) and the version stamp each had when
the page was stored. Publishing bumps the stamps of exactly what changed; a
cached page whose stamps no longer match is a miss. So one `cache.set` drops
every `?page=N`, tag page and feed of the news index at once, and nothing
else. See docs/performance.md for the map of what invalidates what.

Storage: entries in the `pages` cache (local memory per worker, or Redis),
stamps in the `page_versions` cache, which every worker must share (a file
cache under VAR_DIR, or Redis): an editor's publish is handled by one worker
and must reach the others. A stamp that is missing (evicted, never set) gets a
fresh random value, so losing a stamp can only cause a miss, never a stale hit.
"""

import functools
import hashlib
import threading
import time
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

from wagtail import hooks
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

# Paths never stored: personal, forms, previews, or with their own policy.
NEVER_CACHE_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/medlem/",
    "/documents/",
    "/_util/",
    "/api/",  # movement.caching.http_cache owns the API's headers (ETag, 304)
    "/search/",  # see SEARCH_CACHE_CONTROL
    "/static/",
    "/media/",
    "/healthz/",
)
# Search is not stored: every query string is new (low hit rate, it would
# push real pages out), and search/hits.py counts each search for the
# promotions' statistics. Browsers may reuse a result for a short while.
SEARCH_CACHE_CONTROL = {"public": True, "max_age": 60, "s_maxage": 0}
# Page types whose pages list articles and events (home, indexes, the event
# page's "latest" sidebar): any article or event change bumps `feed`.
FEED_CONSUMERS = {"home.homepage", "news.newsindexpage", "events.eventindexpage", "events.eventpage"}
FEED_PRODUCERS = {"news.articlepage", "events.eventpage"}
# Snippets shown on pages: a change bumps the pages that reference them.
REFERENCED_MODELS = ("movement.Person", "movement.Organisation", "wagtailimages.Image", "wagtaildocs.Document")
# Snippets whose change may show anywhere (menus, footers, card labels).
SITE_WIDE_MODELS = (
    "movement.SiteSettings",
    "news.Category",
    "news.ArticleTag",
    "wagtailcore.Site",
    # A page made private must not be served from the cache a moment longer.
    "wagtailcore.PageViewRestriction",
    # A collection made private: its documents leave the API (movement/caching/api_cache.py).
    "wagtailcore.CollectionViewRestriction",
)
# Above this many pages to bump, bump `site` instead (one write, not thousands).
MAX_PRECISE_BUMPS = 500
MAX_QUERY_STRING = 300


def enabled():
    return getattr(settings, "PAGE_CACHE_ENABLED", True)


def entries():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def stamps():
    return caches[getattr(settings, "PAGE_CACHE_VERSIONS_ALIAS", getattr(settings, "PAGE_CACHE_ALIAS", "default"))]


# Changes on every bump: a page rendered while something was bumped is not
# stored (it may show the old content under the new stamps).
ANY = "any"


def _stamp_key(dependency):
    return "pcv:" + dependency


def _read(store, keys):
    """`{key: stamp}` from the store; missing ones get a fresh unique value."""
    found = store.get_many(list(keys))
    for key in set(keys) - found.keys():
        store.add(key, uuid.uuid4().hex, timeout=None)
        found[key] = store.get(key)
    return found


# Stamps this worker has read, valid while `any` has the value they were read
# under: every bump writes `any` last (after the stamps it changes), so an
# unchanged `any` means no stamp changed. A cache hit with 20 dependencies
# then reads one stamp from the store instead of 20 (on the file cache, 20
# file reads were 40 % of an API listing hit).
_known = {"any": None, "values": {}}
_known_lock = threading.Lock()


def current_versions(dependencies, trust_known=True):
    """The stamp of each dependency; missing ones get a fresh unique value.
    `trust_known=False` for stamps written without bumping `any`
    (movement/editing/kept_search.py)."""
    store = stamps()
    keys = {_stamp_key(dep): dep for dep in dependencies}
    if not trust_known:
        return {keys[key]: value for key, value in _read(store, keys).items()}
    any_key = _stamp_key(ANY)
    generation = _read(store, [any_key])[any_key]
    with _known_lock:
        if _known["any"] != generation:
            _known["any"], _known["values"] = generation, {}
        known = {key: _known["values"][key] for key in keys if key in _known["values"]}
    missing = [key for key in keys if key not in known and key != any_key]
    if missing:
        found = _read(store, missing)
        with _known_lock:
            if _known["any"] == generation:
                _known["values"].update(found)
        known.update(found)
    if any_key in keys:
        known[any_key] = generation
    return {keys[key]: value for key, value in known.items()}


def bump(dependencies, move_any=True):
    """Drop every cached page that depends on any of these, in one write.
    `move_any=False` for stamps that only `trust_known=False` readers check
    (the admin's, movement/editing/kept_search.py): public caches stay."""
    if not dependencies:
        return
    new = {_stamp_key(dep): uuid.uuid4().hex for dep in dependencies}
    new.pop(_stamp_key(ANY), None)
    if move_any:
        new[_stamp_key(ANY)] = uuid.uuid4().hex  # last: readers trust what they know until it changes
    stamps().set_many(new, timeout=None)


def entry_key(request):
    raw = f"{request.get_host()}|{request.path}|{request.META.get('QUERY_STRING', '')}|{request.method == 'HEAD'}"
    return "pce:" + hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()


# ---------------------------------------------------------------------------
# What a request and a response must be to be stored
# ---------------------------------------------------------------------------


def is_personal(request):
    """Could this request see something an anonymous reader does not?"""
    if request.headers.get("Authorization"):
        return True
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def request_is_cacheable(request):
    if not enabled() or request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(NEVER_CACHE_PREFIXES):
        return False
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING:
        return False
    return not is_personal(request)


def response_is_storable(request, response):
    if response.status_code != 200 or response.streaming:
        return False
    if getattr(request, "is_preview", False) or getattr(request, "_page_cache_page", None) is None:
        return False  # only Wagtail pages; previews never
    if response.cookies or request.META.get("CSRF_COOKIE_USED") or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # a form with a CSRF token, or a cookie being set
    control = response.get("Cache-Control", "").lower()
    if any(word in control for word in ("private", "no-store", "no-cache")):
        return False
    vary = {part.strip().lower() for part in response.get("Vary", "").split(",") if part.strip()}
    return vary <= {"cookie", "accept-language", "authorization", "accept-encoding"}


# ---------------------------------------------------------------------------
# Dependencies of a stored page
# ---------------------------------------------------------------------------


def _walk(value, found, skip_paths, depth=0):
    """Pages and tags a template was given, so the entry depends on them."""
    if depth > 3:
        return
    if isinstance(value, Page):
        if value.path not in skip_paths:
            found.add(f"page:{value.pk}")
    elif hasattr(value, "slug") and type(value).__name__.endswith("Tag"):
        found.add(f"tag:{value.slug}")
    elif isinstance(value, (list, tuple, set)):
        for item in list(value)[:200]:
            _walk(item, found, skip_paths, depth + 1)
    elif isinstance(value, dict):
        for item in list(value.values())[:200]:
            _walk(item, found, skip_paths, depth + 1)


def dependencies_of(request, response):
    """`site`, the page itself, and either `feed` (listings: any article or
    event change) or the pages and tags its template shows (an article's
    related articles and tags). Ancestors are left out: every article shows
    the news index's link, and the index changes with every article."""
    page = request._page_cache_page
    found = {"site", f"page:{page.pk}"}
    # What the template showed from the fragment cache (movement/caching/fragments.py).
    found.update(getattr(request, "_fragment_deps", ()))
    if page._meta.label_lower in FEED_CONSUMERS:
        found.add("feed")
        return found
    ancestors = set(_ancestor_paths(page.path))
    context = getattr(response, "context_data", None) or {}
    for name, value in context.items():
        if name not in ("request", "view", "self", "settings", "csrf_token"):
            _walk(value, found, ancestors)
    return found


@hooks.register("before_serve_page")
def remember_served_page(page, request, serve_args, serve_kwargs):
    """Mark the request as a Wagtail page (only those are stored)."""
    request._page_cache_page = page


# ---------------------------------------------------------------------------
# The middleware
# ---------------------------------------------------------------------------


class PageCacheMiddleware:
    """Serve and store whole pages for anonymous readers; set Cache-Control.

    Sits right after WhiteNoise, so a hit costs no session, no user, no
    database query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cacheable = request_is_cacheable(request)
        if cacheable:
            hit = self.lookup(request)
            if hit is not None:
                return hit
            before = current_versions([ANY])
        response = self.get_response(request)
        if cacheable and response_is_storable(request, response) and current_versions([ANY]) == before:
            self.store(request, response)
            response["X-Page-Cache"] = "MISS"
        self.patch_headers(request, response)
        return response

    def lookup(self, request):
        key = entry_key(request)
        entry = entries().get(key)
        if entry is None:
            return None
        if current_versions(entry["deps"].keys()) != entry["deps"]:
            return None
        response = HttpResponse(entry["content"], status=200)
        for name, value in entry["headers"]:
            response[name] = value
        response["Age"] = str(max(0, int(time.time() - entry["stored"])))
        response["X-Page-Cache"] = "HIT"
        return response

    def store(self, request, response):
        self.patch_headers(request, response)
        deps = current_versions(dependencies_of(request, response))
        headers = [(name, value) for name, value in response.items() if name.lower() not in ("set-cookie", "age")]
        entries().set(
            entry_key(request),
            {"deps": deps, "content": response.content, "headers": headers, "stored": time.time()},
            getattr(settings, "PAGE_CACHE_TIMEOUT", 600),
        )

    def patch_headers(self, request, response):
        """Cache-Control for HTML: public for anonymous readers, private
        for anyone with a session, never stored for admin and forms. A
        header the view set itself wins."""
        path = request.path
        if path.startswith(("/static/", "/api/")):
            return  # WhiteNoise (immutable) and movement.caching.http_cache decide
        if response.has_header("Cache-Control"):
            if is_personal(request):
                patch_vary_headers(response, ("Cookie",))
            return
        if path.startswith(("/admin/", "/django-admin/", "/medlem/")) or request.method not in ("GET", "HEAD"):
            patch_cache_control(response, no_store=True, private=True)
        elif request.META.get("CSRF_COOKIE_USED") or response.cookies:
            patch_cache_control(response, no_store=True, private=True)
        elif is_personal(request):
            patch_cache_control(response, private=True, no_cache=True)
            patch_vary_headers(response, ("Cookie",))
        elif response.status_code in (200, 301, 404, 410):
            if path.startswith("/search/"):
                patch_cache_control(response, **SEARCH_CACHE_CONTROL)
            else:
                patch_cache_control(
                    response,
                    public=True,
                    max_age=getattr(settings, "PAGE_CACHE_MAX_AGE", 60),
                    s_maxage=getattr(settings, "PAGE_CACHE_S_MAXAGE", 600),
                )
            patch_vary_headers(response, ("Cookie",))
        else:
            patch_cache_control(response, no_cache=True)


# ---------------------------------------------------------------------------
# Invalidation: collect per transaction, write once on commit
# ---------------------------------------------------------------------------


def _new_state():
    return {"deps": set(), "paths": set(), "pages": {}, "feed": False}


def _queue(dependencies=(), page_paths=(), pages=(), purge_feed=False):
    """Bump once the transaction commits: a reader must not re-store the old
    page between our bump and the commit, and a rollback must bump nothing
    (Django drops the callbacks of a rolled-back savepoint)."""
    state = _new_state()
    _add(state, dependencies, page_paths, pages, purge_feed)
    transaction.on_commit(functools.partial(_flush, state))


def _add(state, dependencies, page_paths, pages, purge_feed):
    state["deps"].update(dependencies)
    state["paths"].update(page_paths)
    for page in pages:
        state["pages"][page.pk] = page
    state["feed"] = state["feed"] or purge_feed


def _ancestor_paths(path):
    return [path[:length] for length in range(Page.steplen, len(path), Page.steplen)]


def _flush(state):
    if not state["deps"] and not state["paths"]:
        return
    deps = set(state["deps"])
    if state["paths"]:
        ids = Page.objects.filter(path__in=state["paths"]).values_list("pk", flat=True)
        deps.update(f"page:{pk}" for pk in ids)
    if len(deps) > MAX_PRECISE_BUMPS:
        deps = {"site"}
    bump(deps)
    purge_frontend_cache(state, deps)


def page_changed(page, *, feed=None, moved=False, deleted=False):
    """A page was published, unpublished, moved or deleted."""
    label = page._meta.label_lower if page.specific_class is None else page.specific_class._meta.label_lower
    deps = {f"page:{page.pk}", "pages"}  # `pages`: API listings (movement/caching/api_cache.py)
    if feed is None:
        feed = label in FEED_PRODUCERS
    if feed:
        deps.add("feed")
    if page.depth <= 3:
        deps.add("site")  # the main menu lists the home page's children
    if moved and page.numchild:
        deps.add("site")  # every descendant's URL changed
    if moved or deleted:
        deps.add("privacy")  # paths changed: the view restrictions' snapshot (movement/caching/structure.py)
    specific = page.specific_deferred if hasattr(page, "specific_deferred") else page
    tags = getattr(specific, "tags", None)
    if tags is not None:
        try:
            deps.update(f"tag:{tag.slug}" for tag in tags.all())
        except Exception:  # noqa: BLE001 - a deleted page's tags may be gone already
            pass
    _queue(deps, page_paths=_ancestor_paths(page.path), pages=[page], purge_feed=feed)


def _on_published(sender, instance, **kwargs):
    page_changed(instance)


def _on_unpublished(sender, instance, **kwargs):
    page_changed(instance)


def _on_moved(sender, instance, parent_page_before=None, parent_page_after=None, **kwargs):
    page_changed(instance, moved=True)
    for parent in (parent_page_before, parent_page_after):
        if parent is not None:
            _queue({f"page:{parent.pk}"}, page_paths=_ancestor_paths(parent.path), pages=[parent])


def _on_page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        page_changed(instance, deleted=True)


def _on_page_saved(sender, instance, created=False, **kwargs):
    """A new alias changes which pages' view restrictions Wagtail resolves
    itself (movement/caching/structure.py)."""
    if created and isinstance(instance, Page) and instance.alias_of_id and not kwargs.get("raw"):
        _queue({"privacy"})


def pages_referencing(obj):
    """Ids of pages that show `obj`: Wagtail's reference index (StreamField,
    FKs of pages saved through Wagtail) plus plain foreign keys from pages and
    their inline children (rows made in bulk are not in the index)."""
    from django.contrib.contenttypes.models import ContentType

    from modelcluster.fields import ParentalKey
    from wagtail.models import ReferenceIndex

    page_type = ContentType.objects.get_for_model(Page)
    ids = set(
        ReferenceIndex.get_references_to(obj)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
        .distinct()
    )
    ids = {int(pk) for pk in ids}
    for relation in obj._meta.related_objects:
        model = relation.related_model
        if not relation.many_to_one and not relation.one_to_one:
            continue
        field = relation.field.name
        if issubclass(model, Page):
            ids.update(model.objects.filter(**{field: obj}).values_list("pk", flat=True)[: MAX_PRECISE_BUMPS + 1])
            continue
        for parent_field in model._meta.get_fields():
            if isinstance(parent_field, ParentalKey) and issubclass(parent_field.related_model, Page):
                ids.update(
                    model.objects.filter(**{field: obj}).values_list(parent_field.attname, flat=True)[
                        : MAX_PRECISE_BUMPS + 1
                    ]
                )
        if len(ids) > MAX_PRECISE_BUMPS:
            break
    return ids


def _on_referenced_saved(sender, instance, **kwargs):
    if getattr(instance, "_skip_page_cache", False) or kwargs.get("raw"):
        return
    ids = pages_referencing(instance)
    if len(ids) > MAX_PRECISE_BUMPS:
        _queue({"site"})
        return
    deps = {f"page:{pk}" for pk in ids}
    if sender._meta.label in ("wagtailimages.Image", "wagtaildocs.Document"):
        deps.add("media")  # the API's images and documents endpoints (movement/caching/api_cache.py)
    if sender._meta.label == "wagtailimages.Image":
        from django.apps import apps

        SiteSettings = apps.get_model("movement", "SiteSettings")  # movement.models imports this module

        if ids:
            deps.add("feed")  # cards in the structure cache's latest items carry renditions

        if SiteSettings.objects.filter(default_share_image_id=instance.pk).exists():
            deps.add("site")  # the settings, with their image, are in the structure cache
    if sender._meta.label in ("movement.Person", "movement.Organisation"):
        deps.add("feed")  # cards and bylines in listings
        if sender._meta.label == "movement.Organisation":
            for person in instance.people.all() if hasattr(instance, "people") else ():
                deps.update(f"page:{pk}" for pk in pages_referencing(person))
    _queue(deps, pages=list(Page.objects.filter(pk__in=ids)[:100]) if ids else (), purge_feed=True)


def _on_site_wide_saved(sender, instance, **kwargs):
    if not kwargs.get("raw"):
        _queue({"site"})


# ---------------------------------------------------------------------------
# CDN purge (wagtail.contrib.frontend_cache, WAGTAILFRONTENDCACHE)
# ---------------------------------------------------------------------------


def purge_frontend_cache(state, deps):
    """Purge the same set of URLs from a CDN, when one is configured."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    batch = PurgeBatch()
    if "site" in deps:
        from wagtail.models import Site

        for site in Site.objects.all():
            batch.add_url(site.root_url.rstrip("/") + "/*")
        batch.purge()
        return
    ids = {int(dep.split(":", 1)[1]) for dep in deps if dep.startswith("page:")}
    pages = list(Page.objects.filter(pk__in=ids).specific()[:MAX_PRECISE_BUMPS])
    pages += [page for pk, page in state["pages"].items() if pk not in ids]
    if state["feed"]:
        consumers = Page.objects.live().filter(
            content_type__app_label__in={label.split(".")[0] for label in FEED_CONSUMERS}
        )
        pages += [p for p in consumers.specific()[:200] if p._meta.label_lower in FEED_CONSUMERS]
    tags = [dep.split(":", 1)[1] for dep in deps if dep.startswith("tag:")]
    for page in pages:
        url = page.get_full_url()
        if not url:
            continue
        batch.add_url(url)
        if page._meta.label_lower == "news.newsindexpage":
            batch.add_urls([url + "rss/", url + "atom/"])
            for slug in tags:
                batch.add_urls([f"{url}tag/{slug}/", f"{url}tag/{slug}/rss/", f"{url}tag/{slug}/atom/"])
    batch.purge()


def connect_signals():
    from django.apps import apps

    from movement import images

    images.connect_signals()  # renditions ahead of the first reader

    page_published.connect(_on_published, dispatch_uid="page_cache_published")
    page_unpublished.connect(_on_unpublished, dispatch_uid="page_cache_unpublished")
    post_page_move.connect(_on_moved, dispatch_uid="page_cache_moved")
    post_delete.connect(_on_page_deleted, dispatch_uid="page_cache_deleted")
    post_save.connect(_on_page_saved, dispatch_uid="page_cache_page_saved")
    for label in REFERENCED_MODELS:
        model = apps.get_model(label)
        post_save.connect(_on_referenced_saved, sender=model, dispatch_uid=f"page_cache_ref_save_{label}")
        post_delete.connect(_on_referenced_saved, sender=model, dispatch_uid=f"page_cache_ref_del_{label}")
    for label in SITE_WIDE_MODELS:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        post_save.connect(_on_site_wide_saved, sender=model, dispatch_uid=f"page_cache_site_save_{label}")
        post_delete.connect(_on_site_wide_saved, sender=model, dispatch_uid=f"page_cache_site_del_{label}")
