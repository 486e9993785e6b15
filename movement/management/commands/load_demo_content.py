"""Build the demo site from the seed page (`../shared/seeds/`).

Idempotent: run it as often as you like; it only adds what is missing.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

import events.demo
import manifesto.demo
import movement.demo
import news.demo


class Command(BaseCommand):
    help = "Indlæser demoindholdet (forsiden, nyheder, arrangementer, manifest, principper)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--articles",
            type=int,
            default=0,
            help="Tilføj N genererede artikler (til benchmarks).",
        )

    def handle(self, *args, articles=0, **options):
        if articles < 0:
            self.stderr.write("--articles skal være 0 eller mere.")
            raise SystemExit(2)
        with transaction.atomic():
            home = movement.demo.load(stdout=self.stdout)
            news_index = news.demo.load(home, stdout=self.stdout)
            events_index = events.demo.load(home, stdout=self.stdout)
            manifesto.demo.load(home, stdout=self.stdout)
            movement.demo.ensure_principles(home)
            movement.demo.ensure_footer_pages(home)
            movement.demo.ensure_workflow(news_index, events_index)
            movement.demo.ensure_editorial_users()
        if articles:
            news.demo.generate_articles(articles, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demoindholdet er indlæst."))
