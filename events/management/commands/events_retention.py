from django.core.management.base import BaseCommand

from events.services.retention import registrations_retention, retention_days


class Command(BaseCommand):
    help = (
        "Erases participants' personal data EVENTS_RETENTION_DAYS after their event ended (run daily); "
        "counts, attendance and ratings stay."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Override EVENTS_RETENTION_DAYS.")

    def handle(self, *args, days=None, **options):
        days = retention_days() if days is None else days
        erased = registrations_retention(days=days)
        self.stdout.write(
            f"Erased the personal data of {erased} registrations (events ended over {days} days ago)."
        )
