"""Delete (or anonymise) registrations some days after their event ended.

Personal data is kept only as long as it is needed (GDPR art. 5(1)(e)): the
organisers need the list until a while after the event, not for ever. Run it
daily from cron, e.g.

    17 3 * * *  cd /srv/samskabelse && .venv/bin/python manage.py purge_registrations

docs/security.md, README "Security and operations".
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from events.models import Registration

ANONYMOUS_NAME = "Anonymiseret"


class Command(BaseCommand):
    help = (
        "Sletter tilmeldinger til arrangementer, der sluttede for mere end N dage siden "
        "(REGISTRATION_RETENTION_DAYS, standard 90). Med --anonymise anonymiseres de i stedet, "
        "så antallet af deltagere bevares."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Antal dage efter arrangementets slutning (standard: REGISTRATION_RETENTION_DAYS).",
        )
        parser.add_argument(
            "--anonymise",
            action="store_true",
            help="Erstat navn, e-mail, organisation, stilling og svar i stedet for at slette.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Vis kun, hvad der ville ske.")

    def handle(self, *args, days=None, anonymise=False, dry_run=False, **options):
        if days is None:
            days = getattr(settings, "REGISTRATION_RETENTION_DAYS", 90)
        if days < 0:
            raise CommandError("--days skal være 0 eller mere.")
        cutoff = timezone.now() - datetime.timedelta(days=days)
        registrations = Registration.objects.filter(event__end__lt=cutoff)
        if anonymise:
            # Already anonymised rows are left alone, so a daily run is idempotent.
            registrations = registrations.exclude(email__endswith="@anonymiseret.invalid")
        count = registrations.count()
        done = "anonymiseret" if anonymise else "slettet"
        if dry_run:
            self.stdout.write(f"{count} tilmeldinger ville blive {done} (arrangementer slut før {cutoff:%Y-%m-%d}).")
            return
        with transaction.atomic():
            if anonymise:
                for registration in registrations.select_for_update().only("pk"):
                    Registration.objects.filter(pk=registration.pk).update(
                        name=ANONYMOUS_NAME,
                        # Unique per event (one registration per email), never deliverable.
                        email=f"{registration.pk}@anonymiseret.invalid",
                        organisation="",
                        job_title="",
                        answers={},
                    )
            else:
                registrations.delete()
        self.stdout.write(f"{count} tilmeldinger {done} (arrangementer slut før {cutoff:%Y-%m-%d}).")
