from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import TemplateView

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from movement.api.v2 import api_router
from movement.api.v3 import api as api_v3
from movement.media import serve as media_serve
from movement.operations import health
from search import views as search_views

urlpatterns = [
    path("healthz/", health.healthz, name="healthz"),
    path("admin/2fa/", include("movement.security.two_factor")),
    path("admin/", include(wagtailadmin_urls)),
    path("django-admin/", health.no_django_admin),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", search_views.search, name="search"),
    path("search/autocomplete/", search_views.autocomplete, name="search_autocomplete"),
    path("medlem/", include("movement.accounts.members")),
    path("medlem/", include("allauth.urls")),
    path("api/v2/", api_router.urls),
    path("api/v3/", api_v3.urls),
    path("sitemap.xml", sitemap, name="sitemap"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots_txt",
    ),
]

if settings.MEDIA_SERVE:
    # Media on this machine's disk: the app serves Wagtail's image folders,
    # never documents/ (movement/media/serve.py), with DEBUG on or off.
    urlpatterns += [re_path(r"^media/(?P<path>.+)$", media_serve.serve, name="media")]

urlpatterns += [
    # Wagtail's page serving last: it catches everything else.
    path("", include(wagtail_urls)),
]
