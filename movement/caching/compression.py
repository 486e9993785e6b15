"""gzip for HTML, feeds and JSON, but never for what could leak a secret.

BREACH: an attacker who can make a victim's browser send requests, and who
can see the compressed sizes, guesses a secret reflected in the body (a CSRF
token, personal data) byte by byte. So only responses that hold neither are
compressed: anything that used a CSRF token or sets a cookie, anything for a
caller with a session or an `Authorization` header, and anything marked
`private` goes out as it is. Static files are WhiteNoise's (precompressed at
collectstatic, `Content-Encoding` already set, so skipped here).
"""

from django.middleware.gzip import GZipMiddleware

from movement.caching.page_cache import is_personal


def may_compress(request, response):
    if request.META.get("CSRF_COOKIE_USED") or request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or response.cookies:
        return False
    if "private" in response.get("Cache-Control", "").lower():
        return False
    return not is_personal(request)


class SafeGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if not may_compress(request, response):
            return response
        return super().process_response(request, response)
