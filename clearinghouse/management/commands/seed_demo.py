import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

# Each app's demo module has load(stdout); the order respects what each one needs.
DEMO_MODULES = [
    "clearinghouse.demo",
    "programmes.demo",
    "library.demo",
    "fund.demo",
    "roster.demo",
    "monitoring.demo",
]


class Command(BaseCommand):
    help = "Loads demo data and demo accounts for every role (development only; idempotent)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo refuses to run with DEBUG off: demo accounts have known passwords.")
        for path in DEMO_MODULES:
            try:
                module = importlib.import_module(path)
            except ModuleNotFoundError as exc:
                if exc.name == path:
                    continue
                raise
            with transaction.atomic():
                module.load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
