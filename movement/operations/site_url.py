"""One public base URL (`PUBLIC_BASE_URL`) for every absolute URL the site makes.

Wagtail builds absolute URLs from three places: the `Site` record (hostname,
port), `WAGTAILADMIN_BASE_URL`/`WAGTAILAPI_BASE_URL`, and the request's host.
The settings derive the last two from `PUBLIC_BASE_URL`; `sync_default_site`
keeps the default Site in step (after every `migrate` and demo load), and our
own code calls `absolute_url` instead of `request.build_absolute_uri`, so a
page never names two hosts (docs/deployment.md).
"""

from urllib.parse import urlsplit

from django.conf import settings


def public_base_url():
    return settings.PUBLIC_BASE_URL.rstrip("/")


def absolute_url(url):
    """`/path` -> `PUBLIC_BASE_URL/path`; an absolute URL (object storage, a
    CDN) is left as it is."""
    if not url or url.startswith(("http://", "https://")):
        return url
    if url.startswith("//"):
        return urlsplit(public_base_url()).scheme + ":" + url
    if not url.startswith("/"):
        url = "/" + url
    return public_base_url() + url


def site_address(base_url=None):
    """(hostname, port) of a base URL, as Wagtail's Site record stores it."""
    parts = urlsplit(base_url or public_base_url())
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return parts.hostname, port


def sync_default_site(using="default", verbosity=0, stdout=None):
    """Make the default Site answer at PUBLIC_BASE_URL. Returns True when it changed."""
    from wagtail.models import Site

    hostname, port = site_address()
    site = Site.objects.using(using).filter(is_default_site=True).first()
    if site is None or (site.hostname, site.port) == (hostname, port):
        return False
    # Another Site already holding this address would violate the unique
    # (hostname, port): leave both, the check below names it.
    if Site.objects.using(using).filter(hostname=hostname, port=port).exclude(pk=site.pk).exists():
        return False
    site.hostname, site.port = hostname, port
    site.save(using=using, update_fields=["hostname", "port"])  # signals drop the cached site
    Site.clear_site_root_paths_cache()
    if verbosity and stdout is not None:
        stdout.write(f"Default site: {hostname}:{port} ({public_base_url()})\n")
    return True
