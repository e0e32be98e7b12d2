import importlib

from django.conf import settings
from django.core import mail
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from clearinghouse.demo import accounts_block

# Each app's demo module has load(stdout); the order respects what each one needs.
DEMO_MODULES = [
    "clearinghouse.demo",
    "programmes.demo",
    "library.demo",
    "fund.demo",
    "roster.demo",
    "events.demo",
    "monitoring.demo",
]
# The notifications that building the demo sends (submissions, decisions, reminders...) go nowhere:
# they would bury the accounts block under hundreds of console e-mails.
DISCARD_MAIL = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


class Command(BaseCommand):
    help = (
        "Loads demo data and demo accounts for every role (development only; idempotent), then prints the "
        "accounts and their passwords. The e-mails that building the demo would send are discarded."
    )

    def add_arguments(self, parser):
        parser.add_argument("--url", default="", help="The portal's address, printed above the accounts.")

    def handle(self, *args, url: str, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo refuses to run with DEBUG off: demo accounts have known passwords.")
        if not hasattr(mail, "outbox"):
            mail.outbox = []
        before = len(mail.outbox)
        mailers, settings.MAILERS = settings.MAILERS, DISCARD_MAIL
        try:
            for path in DEMO_MODULES:
                try:
                    module = importlib.import_module(path)
                except ModuleNotFoundError as exc:
                    if exc.name == path:
                        continue
                    raise
                with transaction.atomic():
                    module.load(self.stdout)
        finally:
            settings.MAILERS = mailers
        discarded = len(mail.outbox) - before
        del mail.outbox[before:]
        self.stdout.write(f"Demo data loaded ({discarded} notification e-mails discarded).")
        self.stdout.write("")
        for line in accounts_block(url):
            self.stdout.write(self.style.SUCCESS(line) if line.startswith("The portal") else line)
        self.stdout.write("")
