from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from clearinghouse.backup import backup


class Command(BaseCommand):
    help = "Backs up the database (pg_dump custom format on PostgreSQL) and MEDIA_ROOT into a new folder."

    def add_arguments(self, parser):
        parser.add_argument(
            "--to", type=Path, default=Path("backups"), help="Parent folder (default: backups/)."
        )

    def handle(self, *args, to: Path, **options):
        try:
            folder = backup(to)
        except Exception as exc:  # pg_dump missing, no space...: say so plainly
            raise CommandError(f"Backup failed: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Backup written to {folder}"))
