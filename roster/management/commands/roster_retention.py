from django.core.management.base import BaseCommand

from roster.services import retention_run


class Command(BaseCommand):
    help = (
        "Reminds experts whose roster profile has not been confirmed for 12 months (one e-mail) and "
        "archives profiles not confirmed for 24 months. Run daily."
    )

    def handle(self, *args, **options):
        reminded, archived = retention_run()
        self.stdout.write(f"Reminded {reminded} expert(s); archived {archived} profile(s).")
