"""The branded 404 under DEBUG too (the dev settings).

With `DEBUG = True`, Django answers every 404 with its technical page (the
URL patterns, the settings module), so a developer never sees what a reader
sees. This middleware, installed only by `movement.settings.dev`, renders
`404.html` through Django's own `page_not_found` instead, unless the
developer asks for the debug page (`DJANGO_DEBUG_404=true`). It sits last in
`MIDDLEWARE`, innermost, so it sees the 404 of an unknown URL (raised while
resolving, before any view) as well as one raised by a view.
"""

from django.conf import settings
from django.http import Http404
from django.views.defaults import page_not_found


class BrandedNotFoundMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 404
            and settings.DEBUG
            and not getattr(settings, "DEBUG_404", False)
            and response.get("Content-Type", "").startswith("text/html")
            and not getattr(response, "branded_404", False)
        ):
            return self.branded(request)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, Http404) and settings.DEBUG and not getattr(settings, "DEBUG_404", False):
            return self.branded(request, exception)
        return None

    def branded(self, request, exception=None):
        response = page_not_found(request, exception or Http404())
        response.branded_404 = True
        return response
