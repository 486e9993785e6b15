"""Admin for registrations: per event, filterable, exported as CSV and XLSX.

Only staff with the registration permissions (view/change/delete) see them.
"""

from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .dashboard import UpcomingEventsPanel
from .exports import RegistrationIndexView
from .models import EventPage, Registration


class RegistrationViewSet(SnippetViewSet):
    model = Registration
    index_view_class = RegistrationIndexView  # CSV cells safe to open (events/exports.py)
    icon = "form"
    menu_label = _("Tilmeldinger")
    menu_name = "event_registrations"
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name", "email", "organisation", "job_title", "event", "status", "created"]
    list_filter = ["event", "status"]
    search_fields = ["name", "email", "organisation"]
    list_export = ["event", "name", "email", "organisation", "job_title", "status", "created", "answers_display"]
    export_headings = {
        "event": _("Arrangement"),
        "name": _("Navn"),
        "email": _("E-mail"),
        "organisation": _("Organisation"),
        "job_title": _("Stilling"),
        "status": _("Status"),
        "created": _("Tilmeldt"),
        "answers_display": _("Svar på ekstra spørgsmål"),
    }
    export_filename = "tilmeldinger"
    inspect_view_enabled = True
    copy_view_enabled = False
    ordering = ["-created"]


register_snippet(RegistrationViewSet)


class EventListingViewSet(PageListingViewSet):
    """All events in one list with their own menu item and calendar icon."""

    model = EventPage
    icon = "date"
    menu_label = _("Arrangementer")
    menu_order = 120
    add_to_admin_menu = True


@hooks.register("register_admin_viewset")
def register_event_listing():
    return EventListingViewSet("arrangementer")


@hooks.register("construct_homepage_panels")
def add_upcoming_events_panel(request, panels):
    """First on the dashboard (its `order` is the lowest of the editors' week)."""
    panels.insert(0, UpcomingEventsPanel())
