"""Test-only URLconf: the site's URLs plus one view that raises, so the 500
page can be tested with DEBUG off. Never used by the running site."""

from django.urls import path

from movement.urls import urlpatterns as site_urlpatterns


def explode(request):
    raise RuntimeError("hemmelig-detalje: password=hunter2 in /srv/samskabelse/settings.py")


urlpatterns = [path("test-fejl/", explode), *site_urlpatterns]
