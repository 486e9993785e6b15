from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MovementConfig(AppConfig):
    name = "movement"
    verbose_name = _("Bevægelsen")

    def ready(self):
        # Before wagtail.contrib.redirects imports the v3 API (docs/api.md).
        from movement.api import v3_schemas

        v3_schemas.install()

        # Integer filters beyond the database's range: 400, not 500.
        from movement.api import integer_bounds

        integer_bounds.install()

        # Publish webhooks (docs/api.md): connected here so publishing from
        # the admin, the v3 API and management commands all send them.
        from movement.api import webhooks

        webhooks.connect_signals()

        # Page cache invalidation (docs/performance.md), for the same reason.
        from movement.caching import page_cache

        page_cache.connect_signals()

        # Queued emails register with the task worker's sweep (movement/operations/tasks.py).
        from movement.operations import mail  # noqa: F401
