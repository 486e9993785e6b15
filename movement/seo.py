"""What search engines and link previews see: meta description, canonical
URL, OpenGraph/Twitter cards and schema.org JSON-LD, with fallbacks so an
editor who fills in nothing still gets a sensible share card."""

import json

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from movement.operations.site_url import absolute_url

SHARE_IMAGE_SPEC = "fill-1200x630"

# The characters that could end a <script> element or open a comment, escaped
# the same way Django's json_script filter does.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def json_ld_script(data):
    """`<script type="application/ld+json">` that no string value can break out of."""
    if not data:
        return ""
    payload = json.dumps(data, ensure_ascii=False, default=str).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


def organisation_json_ld(site_settings, request=None):
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": site_settings.organisation_name,
        "url": absolute_url("/"),
    }
    same_as = [url for url in (site_settings.linkedin_url, site_settings.facebook_url) if url]
    if same_as:
        data["sameAs"] = same_as
    if site_settings.contact_email:
        data["email"] = site_settings.contact_email
    return data


def share_image_url(page, site_settings, request=None):
    image = None
    if page is not None and hasattr(page, "get_share_image"):
        image = page.get_share_image()
    image = image or getattr(site_settings, "default_share_image", None)
    if image is None:
        return None, None
    rendition = image.get_rendition(SHARE_IMAGE_SPEC)
    url = absolute_url(rendition.url)
    return url, rendition
