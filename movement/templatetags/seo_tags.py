from django import template

from movement.models import SiteSettings
from movement.operations.site_url import absolute_url
from movement.seo import json_ld_script, organisation_json_ld, share_image_url

register = template.Library()


@register.inclusion_tag("includes/seo_meta.html", takes_context=True)
def seo_meta(context, canonical_url=None):
    """Description, canonical, OpenGraph and Twitter tags for the current page.

    `canonical_url` overrides the page's own URL, for routable sub-pages such
    as a tag page or page 2 of the feed."""
    request = context.get("request")
    page = context.get("page")
    site_settings = SiteSettings.load(request_or_site=request)
    description = context.get("meta_description")
    if description is None and page is not None and hasattr(page, "get_meta_description"):
        description = page.get_meta_description()
    title = None
    if page is not None:
        title = getattr(page, "seo_title", "") or page.title
    image_url, rendition = share_image_url(page, site_settings, request) if page is not None else (None, None)
    if canonical_url:
        canonical_url = absolute_url(canonical_url)
    canonical = canonical_url or (
        page.get_full_url(request) if page is not None and getattr(page, "pk", None) else None
    )
    og_type = getattr(page, "og_type", "website") if page is not None else "website"
    return {
        "title": title,
        "description": (description or "")[:300],
        "canonical": canonical,
        "image_url": image_url,
        "image": rendition,
        "site_name": site_settings.organisation_name,
        "twitter_handle": site_settings.twitter_handle,
        "og_type": og_type,
    }


@register.simple_tag(takes_context=True)
def page_json_ld(context):
    """The page's schema.org data (`get_json_ld(request)`), and the
    organisation on the home page."""
    request = context.get("request")
    page = context.get("page")
    items = []
    if page is not None and hasattr(page, "get_json_ld"):
        items.extend(page.get_json_ld(request) or [])
    if page is not None and getattr(page, "depth", None) == 2:
        items.append(organisation_json_ld(SiteSettings.load(request_or_site=request), request))
    return json_ld_script(items[0] if len(items) == 1 else items)


@register.simple_tag
def public_url(path):
    """`{% public_url "/sitemap.xml" %}`: the path under PUBLIC_BASE_URL (robots.txt)."""
    return absolute_url(path)
