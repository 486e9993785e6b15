"""The editors' week on the admin dashboard, events' part: upcoming events with
their registrations and days to the deadline, in one query."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.components import Component

from .models import EventPage, Registration


class UpcomingEventsPanel(Component):
    name = "upcoming_events"
    order = 50
    template_name = "events/dashboard/upcoming_events.html"

    def get_context_data(self, parent_context):
        now = timezone.now()
        events = list(
            EventPage.objects.live()
            .filter(end__gte=now)
            .order_by("start")
            .annotate(
                confirmed=Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)),
                waiting=Count("registrations", filter=Q(registrations__status=Registration.Status.WAITLIST)),
            )[:8]
        )
        today = timezone.localdate()
        for event in events:
            deadline = event.registration_deadline
            event.days_to_deadline = (timezone.localdate(deadline) - today).days if deadline else None
        return {"events": events, "heading": _("Kommende arrangementer")}
