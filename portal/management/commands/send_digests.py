from django.core.management.base import BaseCommand

from portal.services import digests_send


class Command(BaseCommand):
    help = "E-mail each saved search's new matches since its last digest (run weekly)."

    def handle(self, *args, **options):
        sent = digests_send()
        self.stdout.write(f"{sent} digest(s) sent.")
