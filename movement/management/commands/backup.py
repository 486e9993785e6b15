from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from movement.operations.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Skriv databasen og mediefilerne til et dateret arkiv (var/backups/ som standard)."

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(Path(settings.VAR_DIR) / "backups"), help="Mappe til arkivet.")

    def handle(self, *args, output, **options):
        try:
            archive = create_backup(output)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(archive))
