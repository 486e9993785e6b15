from django.core.management.base import BaseCommand, CommandError

from movement.operations.backup import BackupError, restore_backup, row_counts


class Command(BaseCommand):
    help = "Genskab database og mediefiler fra et arkiv lavet med `backup` (i en tom installation)."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Stien til arkivet (.tar.gz).")
        parser.add_argument("--force", action="store_true", help="Erstat også en installation med indhold.")

    def handle(self, *args, archive, force, **options):
        try:
            manifest = restore_backup(archive, force=force)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        restored = row_counts()
        mismatches = {k: (v, restored.get(k)) for k, v in manifest["counts"].items() if restored.get(k) != v}
        if mismatches:
            raise CommandError(f"Genskabt, men antallet af rækker afviger: {mismatches}")
        self.stdout.write(self.style.SUCCESS(f"Genskabt fra {archive} ({manifest['created']})."))
