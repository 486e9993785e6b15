"""Admin for the headless API: the webhook delivery log (read-only) and the
"Forhåndsvis i frontend" action. Imported from `movement/wagtail_hooks.py`."""

from django.contrib.auth import get_user_model
from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from movement.api.preview import HeadlessPreviewMenuItem, headless_preview_view
from movement.models import WebhookDelivery


class ReadOnlyForEditorsPolicy(BasePermissionPolicy):
    """Anyone who may use the admin may read the log; nobody edits it
    (rows are written by `movement.api.webhooks` only)."""

    def user_has_permission(self, user, action):
        if action not in ("view",):
            return False
        return bool(user.is_active and (user.is_superuser or user.has_perm("wagtailadmin.access_admin")))

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return get_user_model().objects.none()
        return get_user_model().objects.filter(is_active=True)


register_permission_policy(WebhookDelivery, ReadOnlyForEditorsPolicy(WebhookDelivery))


class WebhookDeliveryViewSet(ModelViewSet):
    model = WebhookDelivery
    icon = "resubmit"
    menu_label = _("Webhook-leveringer")
    menu_order = 900
    add_to_admin_menu = False
    add_to_settings_menu = True
    inspect_view_enabled = True
    list_display = ["page_title", "event", "url", "status", "status_code", "attempts", "created_at"]
    list_filter = ["status", "event"]
    search_fields = ["page_title", "url"]
    form_fields = []  # never edited; required by ModelViewSet
    inspect_view_fields = [
        "event",
        "page_id",
        "page_type",
        "page_title",
        "url",
        "status",
        "status_code",
        "attempts",
        "next_attempt_at",
        "last_error",
        "idempotency_key",
        "payload",
        "created_at",
        "updated_at",
    ]


@hooks.register("register_admin_viewset")
def register_webhook_delivery_viewset():
    return WebhookDeliveryViewSet("webhook_deliveries")


@hooks.register("register_admin_urls")
def register_headless_preview_url():
    return [path("headless-preview/<int:page_id>/", headless_preview_view, name="movement_headless_preview")]


@hooks.register("register_page_action_menu_item")
def register_headless_preview_menu_item():
    return HeadlessPreviewMenuItem()
