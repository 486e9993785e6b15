"""Draft preview for a separate frontend (the wagtail-headless-preview design).

wagtail-headless-preview 0.9.0 needs a mixin on every page class and
replaces the site's own preview, and it keeps whole page copies in a table;
we want the normal preview to keep working for the server-rendered site.
So the same design lives here, without a table:

1. In the page editor, "Forhåndsvis i frontend" (an action menu item) opens
   `/admin/headless-preview/<page id>/`.
2. That view signs `<page id>:<latest revision id>` with a
   `TimestampSigner` and redirects to
   `HEADLESS_PREVIEW_URL?content_type=news.articlepage&token=...`.
3. The frontend fetches `/api/v2/page_preview/?content_type=...&token=...`
   and gets that revision as JSON, in the same shape as
   `/api/v2/pages/<id>/`. The token expires after
   `HEADLESS_PREVIEW_MAX_AGE` seconds (default 30 minutes).

The token only unlocks the one revision it names, so a leaked link shows
one draft for half an hour, never the admin.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.signing import BadSignature, SignatureExpired, TimestampSigner
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from wagtail.admin.action_menu import ActionMenuItem
from wagtail.models import Page

from movement.operations.site_url import absolute_url

SIGNER_SALT = "movement.headless-preview"


class PreviewTokenError(Exception):
    pass


def signer():
    return TimestampSigner(salt=SIGNER_SALT)


def content_type_label(page):
    """`news.articlepage`: the label wagtail-headless-preview uses too."""
    model = page.specific_class or type(page)
    return f"{model._meta.app_label}.{model._meta.model_name}"


def make_preview_token(page, revision):
    return signer().sign(f"{page.pk}:{revision.pk}")


def read_preview_token(token):
    """(page id, revision id) from a token; PreviewTokenError if bad or old."""
    max_age = getattr(settings, "HEADLESS_PREVIEW_MAX_AGE", 30 * 60)
    try:
        value = signer().unsign(token, max_age=max_age)
    except SignatureExpired:
        raise PreviewTokenError(_("token: forhåndsvisningen er udløbet, åbn den igen fra redigeringen")) from None
    except BadSignature:
        raise PreviewTokenError(_("token: ugyldig forhåndsvisningsnøgle")) from None
    page_id, _sep, revision_id = value.partition(":")
    return int(page_id), int(revision_id)


def frontend_preview_url(request, page, token):
    """Where the editor lands: the frontend, or our own JSON if none is set."""
    query = urlencode({"content_type": content_type_label(page), "token": token})
    base = getattr(settings, "HEADLESS_PREVIEW_URL", "") or ""
    if not base:
        base = absolute_url(reverse("wagtailapi:page_preview:detail"))
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}{query}"


def headless_preview_view(request, page_id):
    """Admin view: sign the page's latest revision and open the frontend."""
    page = get_object_or_404(Page, pk=page_id).specific
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    revision = page.latest_revision
    if revision is None:
        revision = page.save_revision(user=request.user, log_action=False)
    return redirect(frontend_preview_url(request, page, make_preview_token(page, revision)))


class HeadlessPreviewMenuItem(ActionMenuItem):
    """'Forhåndsvis i frontend' in the editor's action menu (saved drafts)."""

    name = "action-headless-preview"
    label = _("Forhåndsvis i frontend")
    icon_name = "view"
    order = 60

    def is_shown(self, context):
        return context["view"] == "edit" and super().is_shown(context)

    def get_url(self, parent_context):
        return reverse("movement_headless_preview", args=[parent_context["page"].pk])
