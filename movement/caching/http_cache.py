"""HTTP caching for `/api/`: Cache-Control, ETag, Last-Modified, 304.

A middleware rather than a view decorator, so API v2, the v3 Ninja API and
the preview endpoint get the same rules:

- anonymous GET/HEAD: `Cache-Control: public, max-age=60` (a CDN or the
  frontend's fetch cache may keep it for a minute);
- a request with a session cookie or an `Authorization` header may see
  private pages or drafts: `private, no-store`;
- every 200 gets a strong ETag (hash of the body) and, where the view set
  one, `Last-Modified` (API v2 sets the newest `last_published_at` of the
  pages in the response); a matching `If-None-Match` / `If-Modified-Since`
  gets a 304 with no body.
"""

import hashlib

from django.conf import settings
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import parse_http_date_safe

API_PREFIX = "/api/"


def conditional_response(request, response):
    """A 304 when the request's `If-None-Match`/`If-Modified-Since` match the
    response's ETag and `Last-Modified`, else the response itself."""
    last_modified = response.get("Last-Modified")
    return get_conditional_response(
        request,
        etag=response["ETag"],
        last_modified=parse_http_date_safe(last_modified) if last_modified else None,
        response=response,
    )


def is_personal(request):
    """Could this request see more than an anonymous one?"""
    if request.headers.get("Authorization"):
        return True
    return settings.SESSION_COOKIE_NAME in request.COOKIES


class APICacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or request.method not in ("GET", "HEAD"):
            return response
        patch_vary_headers(response, ("Cookie", "Authorization"))
        if response.status_code == 302 and request.path.endswith("/find/") and not is_personal(request):
            # `find` answers with a redirect to the page's detail: as public as the detail.
            patch_cache_control(response, public=True, max_age=getattr(settings, "API_CACHE_MAX_AGE", 60))
            return response
        if response.status_code != 200 or response.streaming:
            if not response.has_header("Cache-Control"):
                patch_cache_control(response, no_store=True)
            return response

        if "no-store" in response.get("Cache-Control", ""):
            return response  # the view said so (a draft preview)
        if is_personal(request):
            patch_cache_control(response, private=True, no_store=True)
        else:
            max_age = getattr(settings, "API_CACHE_MAX_AGE", 60)
            patch_cache_control(response, public=True, max_age=max_age)

        if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
            response.render()
        if not response.has_header("ETag"):
            digest = hashlib.sha256(response.content).hexdigest()[:32]
            response["ETag"] = f'"{digest}"'
        return conditional_response(request, response)
