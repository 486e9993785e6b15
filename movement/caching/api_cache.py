"""Whole API responses for anonymous readers, invalidated like pages.

A headless frontend asks the API on each of its own page views, so an
uncached API is the ceiling of every site built on us. This middleware keeps
anonymous v2 and v3 reads (listings, details, `find`) and drops them with the
page cache's stamps (`movement.caching.page_cache`): each entry remembers the
stamps of what it shows, and a hit whose stamps moved is a miss.

- **Key**: host, path, the *normalised* query (parameters sorted, so
  `?a=1&b=2` and `?b=2&a=1` share an entry), HEAD/GET and whether the
  client asked for the browsable HTML or pretty JSON (`Accept: ...; indent=`).
- **Dependencies**: `site` always; every page that appears in the body
  (`page:<id>`: a page's own change, its referenced people, organisations
  and images bump it); for page listings and `find` either `feed` (a listing
  of articles or events only) or `pages` (any page published, unpublished,
  moved or deleted); `media` for the images and documents endpoints.
- **Never stored**: anything personal (session cookie, `Authorization`:
  such a caller may pass a view restriction or see drafts), previews
  (`/api/v2/page_preview/`, or a view that said `no-store`), the docs UI,
  non-200 answers (a restricted page or document is a 404 for anonymous
  readers), a response that sets a cookie, and anything rendered while a
  stamp moved.

It sits after the rate limit and CORS (so hits are limited and get CORS
headers for their own Origin) and before sessions, users and CSRF, so a hit
runs no query. `movement.caching.http_cache` made the stored response's
ETag; a hit answers `If-None-Match` with a 304 itself.
"""

import hashlib
import json
import time
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.http import HttpResponse

from movement.caching import page_cache
from movement.caching.http_cache import conditional_response

API_PREFIXES = ("/api/v2/", "/api/v3/")
NEVER_PREFIXES = ("/api/v2/page_preview/", "/api/v3/docs")
MAX_QUERY_STRING = 1000
MAX_WALK = 500  # page ids read from one body: past this, `pages` covers it


def enabled():
    value = getattr(settings, "API_CACHE_ENABLED", None)
    return page_cache.enabled() if value is None else bool(value)


def normalised_query(request):
    pairs = parse_qsl(request.META.get("QUERY_STRING", ""), keep_blank_values=True)
    return urlencode(sorted(pairs))


def variant(request):
    """What else changes the bytes: DRF's browsable API and pretty JSON."""
    accept = request.headers.get("Accept", "")
    return ("html" if "text/html" in accept else "json") + ("+indent" if "indent=" in accept else "")


def entry_key(request):
    raw = (
        f"{request.get_host()}|{request.path}|{normalised_query(request)}|{request.method == 'HEAD'}|{variant(request)}"
    )
    return "ace:" + hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()


def request_is_cacheable(request):
    if not enabled() or request.method not in ("GET", "HEAD"):
        return False
    path = request.path
    if not path.startswith(API_PREFIXES) or path.startswith(NEVER_PREFIXES):
        return False
    if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_STRING:
        return False
    if request.headers.get("Authorization"):
        return False
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def response_is_storable(request, response):
    if response.status_code not in (200, 301, 302) or response.streaming:
        return False
    if getattr(request, "is_preview", False) or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_USED"):
        return False
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        return False
    control = response.get("Cache-Control", "").lower()
    return not any(word in control for word in ("private", "no-store", "no-cache"))


def _page_labels():
    from wagtail.models import get_page_models

    return {model._meta.label for model in get_page_models()}


def _walk(value, labels, found):
    """`page:<id>` for each page object in an API body (v2 and v3 both give
    pages as `{"id": n, "meta": {"type": "app.Model", ...}}`)."""
    stack = [value]
    while stack and len(found) <= MAX_WALK:
        item = stack.pop()
        if isinstance(item, dict):
            meta = item.get("meta")
            if isinstance(item.get("id"), int) and isinstance(meta, dict) and meta.get("type") in labels:
                found.add(f"page:{item['id']}")
            # Not `parent`: every child's publish bumps its ancestors, and a
            # detail would drop with each sibling (the page cache leaves
            # ancestors out for the same reason).
            stack.extend(v for k, v in item.items() if k != "parent" and isinstance(v, (dict, list)))
        elif isinstance(item, list):
            stack.extend(v for v in item if isinstance(v, (dict, list)))


def dependencies_of(request, response):
    path = request.path
    found = {"site"}
    if "/images/" in path or "/documents/" in path:
        found.add("media")
    is_listing_or_find = False
    if "/pages/" in path:
        tail = path.split("/pages/", 1)[1].strip("/")
        is_listing_or_find = not tail.isdigit()
        if tail.isdigit():
            found.add(f"page:{tail}")
    if response.status_code == 200:
        try:
            body = json.loads(response.content)
        except (ValueError, UnicodeDecodeError):
            body = None
        pages = set()
        if body is not None:
            _walk(body, _page_labels(), pages)
        if len(pages) > MAX_WALK:
            is_listing_or_find = True
        else:
            found |= pages
    if is_listing_or_find:
        types = {t.strip().lower() for t in request.GET.get("type", "").split(",") if t.strip()}
        if types and types <= page_cache.FEED_PRODUCERS and "/find" not in path:
            found.add("feed")
        else:
            found.add("pages")
    if (
        not path.startswith(("/api/v2/pages/", "/api/v3/pages/"))
        and "/images/" not in path
        and "/documents/" not in path
    ):
        found.add("pages")  # the schema, the root: change with any page type or page
    return found


class APIResponseCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request_is_cacheable(request):
            return self.get_response(request)
        hit = self.lookup(request)
        if hit is not None:
            return hit
        before = page_cache.current_versions([page_cache.ANY])
        response = self.get_response(request)
        if response_is_storable(request, response) and page_cache.current_versions([page_cache.ANY]) == before:
            if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
                response.render()
            if response.status_code == 200 or not response.content:
                self.store(request, response)
                response["X-API-Cache"] = "MISS"
        return response

    def lookup(self, request):
        entry = page_cache.entries().get(entry_key(request))
        if entry is None:
            return None
        if page_cache.current_versions(entry["deps"].keys()) != entry["deps"]:
            return None
        response = HttpResponse(entry["content"], status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        response["Age"] = str(max(0, int(time.time() - entry["stored"])))
        response["X-API-Cache"] = "HIT"
        if entry["status"] == 200 and response.has_header("ETag"):
            return conditional_response(request, response)
        return response

    def store(self, request, response):
        deps = page_cache.current_versions(dependencies_of(request, response))
        headers = [(name, value) for name, value in response.items() if name.lower() not in ("set-cookie", "age")]
        page_cache.entries().set(
            entry_key(request),
            {
                "deps": deps,
                "content": response.content,
                "status": response.status_code,
                "headers": headers,
                "stored": time.time(),
            },
            getattr(settings, "API_CACHE_TIMEOUT", getattr(settings, "PAGE_CACHE_TIMEOUT", 600)),
        )
