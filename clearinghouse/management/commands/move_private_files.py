"""Moves private files kept under MEDIA_ROOT/private/ by earlier versions to the private folders.

Stored names are relative to each pillar's folder and do not change: only the folder moves, so the
database is not touched. Run once after upgrading (the deploy check warns while it is needed)."""

import shutil
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from clearinghouse.backup import PRIVATE_ROOTS
from clearinghouse.storage import pillar_root


class Command(BaseCommand):
    help = "Moves MEDIA_ROOT/private/fund and MEDIA_ROOT/private/roster to their private folders."

    def handle(self, *args, **options):
        legacy = Path(settings.MEDIA_ROOT) / "private"
        for pillar, setting in PRIVATE_ROOTS.values():
            source, target = legacy / pillar, pillar_root(pillar, setting)
            if not source.is_dir() or source.resolve() == target.resolve():
                continue
            moved = 0
            for path in sorted(p for p in source.rglob("*") if p.is_file()):
                destination = target / path.relative_to(source)
                if destination.exists():
                    raise CommandError(f"{destination} exists already; nothing more was moved.")
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(path, destination)
                moved += 1
            shutil.rmtree(source)
            if options["verbosity"]:
                self.stdout.write(f"{pillar}: {moved} file(s) moved from {source} to {target}")
        if legacy.is_dir() and not any(legacy.iterdir()):
            legacy.rmdir()
