"""`manage.py sync_site`: point the default Site at PUBLIC_BASE_URL.

`migrate` does this too (movement/apps.py); this is for an installation whose
public URL changed without a migration to run."""

from django.core.management.base import BaseCommand

from movement.operations.site_url import public_base_url, site_address, sync_default_site


class Command(BaseCommand):
    help = "Sæt standardsitets værtsnavn og port efter PUBLIC_BASE_URL."

    def handle(self, *args, **options):
        changed = sync_default_site()
        hostname, port = site_address()
        state = "opdateret" if changed else "uændret"
        self.stdout.write(f"Standardsite {state}: {hostname}:{port} ({public_base_url()})")
