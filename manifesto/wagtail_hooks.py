"""Admin for the manifesto app: download counts for editors, and the rule
that only confirmed members open members-only documents."""

from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import BaseViewRestriction
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from movement.accounts.members import is_confirmed_member

from .models import DocumentDownload


@hooks.register("before_serve_document")
def require_confirmed_member(document, request):
    """A logged-in user without a confirmed email gets a clear 403 instead of
    the file. Anonymous callers are left to Wagtail's own check, which sends
    them to the members' login (`WAGTAIL_FRONTEND_LOGIN_URL`)."""
    if not request.user.is_authenticated or is_confirmed_member(request.user):
        return None
    restrictions = document.collection.get_view_restrictions()
    if any(r.restriction_type == BaseViewRestriction.LOGIN for r in restrictions):
        return TemplateResponse(request, "account/confirmation_required.html", status=403)
    return None


class ReadOnlyForEditorsPolicy(ModelPermissionPolicy):
    """Counts are written only by the serve view: everyone with admin access
    may look, nobody may add, change or delete them by hand."""

    def user_has_permission(self, user, action):
        if action == "view":
            return user.is_active and user.has_perm("wagtailadmin.access_admin")
        return False

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)


register_permission_policy(DocumentDownload, ReadOnlyForEditorsPolicy(DocumentDownload), exact_class=True)


class DownloadIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("document__collection")


class DocumentDownloadViewSet(ModelViewSet):
    model = DocumentDownload
    index_view_class = DownloadIndexView
    icon = "download"
    menu_label = _("Hentninger")
    menu_order = 410
    add_to_admin_menu = True
    name = "hentninger"
    copy_view_enabled = False
    form_fields = ["count"]
    list_display = [
        Column("document", label=_("Dokument"), accessor="document.title"),
        Column("collection", label=_("Samling"), accessor="document.collection.name"),
        Column("count", label=_("Antal hentninger"), sort_key="count"),
        Column("last_downloaded_at", label=_("Senest hentet"), sort_key="last_downloaded_at"),
    ]
    ordering = ["-count"]


@hooks.register("register_admin_viewset")
def register_download_viewset():
    return DocumentDownloadViewSet()
