from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from clearinghouse.backup import restore


class Command(BaseCommand):
    help = "Restores the database and MEDIA_ROOT from a backup folder written by `manage.py backup`."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, folder: Path, yes: bool, **options):
        if not (folder / "manifest.json").exists():
            raise CommandError(f"{folder} is not a backup folder (no manifest.json).")
        if not yes and input("This replaces the database and all uploaded files. Type 'yes': ") != "yes":
            raise CommandError("Restore cancelled.")
        try:
            restore(folder)
        except Exception as exc:
            raise CommandError(f"Restore failed: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Restored from {folder}"))
