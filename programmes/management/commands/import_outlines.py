from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from programmes.importer import DocumentError
from programmes.models import PublicationStatus
from programmes.services.outlines import import_document


class Command(BaseCommand):
    help = (
        "Imports an outline document (markdown converted from PDF) into programmes and project "
        "outlines. Idempotent: a second run of the same document changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The markdown document to import.")
        parser.add_argument("--dry-run", action="store_true", help="Show what would change; write nothing.")
        parser.add_argument(
            "--status",
            choices=PublicationStatus.values,
            default=PublicationStatus.PUBLISHED,
            help="Publication status of newly created records (existing ones keep theirs).",
        )

    def handle(self, *args, path: Path, dry_run: bool, status: str, **options):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{path}: cannot read the document ({exc}).") from exc
        try:
            report = import_document(text, source=path.name, dry_run=dry_run, status=status)
        except DocumentError as exc:
            raise CommandError(f"{path}: {exc} Nothing was imported.") from exc
        prefix = "[dry run] would have " if dry_run else ""
        # --verbosity 0 (as `make run` asks): the closing count only.
        for label in report.created if options["verbosity"] else ():
            self.stdout.write(f"{prefix}created {label}")
        for label in report.updated if options["verbosity"] else ():
            self.stdout.write(f"{prefix}updated {label}")
        verb = "would create" if dry_run else "created"
        self.stdout.write(
            self.style.SUCCESS(
                f"{path.name}: {verb} {len(report.created)}, "
                f"{'would update' if dry_run else 'updated'} {len(report.updated)}, "
                f"unchanged {len(report.unchanged)}."
            )
        )
