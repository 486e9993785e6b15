"""Cron: `*/5 * * * * manage.py flush_search_hits` (see docs/search.md)."""

from django.core.management.base import BaseCommand

from search import hits


class Command(BaseCommand):
    help = "Skriver søgningernes tællere fra cachen til søgetermernes daglige hits."

    def handle(self, *args, **options):
        written = hits.flush()
        if options["verbosity"]:
            self.stdout.write(f"{written} søgninger skrevet.")
