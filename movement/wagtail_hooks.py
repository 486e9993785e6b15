"""Admin for what belongs to the whole movement: people and organisations as
snippets, and the staff's read-only list of members."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from movement.accounts.members import member_list, user_may_see_members
from movement.editing.language import label_unlabelled_fields
from movement.models import Organisation, Person


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisationer")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "kind", "url"]
    list_filter = ["kind"]
    ordering = ["name"]


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = _("Personer")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "role", "organisation"]
    list_filter = ["organisation__kind", "organisation"]
    ordering = ["name"]

    def get_queryset(self, request):
        return Person.objects.select_related("organisation")


label_unlabelled_fields()

register_snippet(OrganisationViewSet)
register_snippet(PersonViewSet)


@hooks.register("register_admin_urls")
def register_member_list_url():
    return [path("medlemmer/", member_list, name="movement_member_list")]


class MemberListMenuItem(MenuItem):
    def is_shown(self, request):
        return user_may_see_members(request.user)


@hooks.register("register_admin_menu_item")
def register_member_list_menu_item():
    return MemberListMenuItem(
        _("Medlemmer"), reverse("movement_member_list"), name="medlemmer", icon_name="group", order=320
    )


@hooks.register("insert_global_admin_js")
def tag_entry_js():
    """Tag fields keep what was typed (Enter, Tab, comma, blur, submit):
    movement/static/movement/admin/tag-entry.js says why."""
    return format_html('<script src="{}" defer></script>', static("movement/admin/tag-entry.js"))


@hooks.register("insert_global_admin_js")
def decorative_image_js():
    """The image forms' alt text is required in the browser unless the
    "decorative" box is checked (movement/static/movement/admin/decorative-image.js)."""
    return format_html('<script src="{}" defer></script>', static("movement/admin/decorative-image.js"))


@hooks.register("insert_global_admin_js")
def autosave_submit_js():
    """A click on "Udgiv" waits for an autosave under way, so a new page is
    not created twice (movement/static/movement/admin/autosave-submit.js)."""
    return format_html('<script src="{}" defer></script>', static("movement/admin/autosave-submit.js"))


# Headless API admin: webhook delivery log and "Forhåndsvis i frontend".
from movement.api import admin_views  # noqa: E402, F401

# Operations admin: the email log with "Prøv igen".
from movement.operations import admin_views as operations_admin_views  # noqa: E402, F401
