from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Arrangementer")

    def ready(self):
        # What this app contributes to "What else is cooking?" (movement/feed.py).
        from movement import feed

        from .feed import EventSource

        feed.register(EventSource())
