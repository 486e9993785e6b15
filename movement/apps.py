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

        # The admin's kept page search forgets on every page or permission change.
        from movement.editing import kept_search

        kept_search.connect_signals()

        # Queued emails register with the task worker's sweep (movement/operations/tasks.py).
        # The default Site follows PUBLIC_BASE_URL after every migrate, which
        # `make run`, `make serve` and every deployment run (movement/operations/site_url.py).
        from django.db.models.signals import post_migrate

        from movement.operations import mail  # noqa: F401

        post_migrate.connect(_sync_site_after_migrate, sender=self, dispatch_uid="movement-sync-site")


def _sync_site_after_migrate(sender, using="default", verbosity=1, stdout=None, plan=None, **kwargs):
    from django.db import connections

    from movement.operations.site_url import sync_default_site

    if "wagtailcore_site" not in connections[using].introspection.table_names():
        return
    sync_default_site(using=using, verbosity=verbosity, stdout=stdout)
