from django.conf import settings
from django.core.management.base import BaseCommand

from events.services.registration import registration_send_reminders


class Command(BaseCommand):
    help = "Reminds accepted participants of events starting within EVENTS_REMINDER_DAYS days (run daily)."

    def handle(self, *args, **options):
        sent = registration_send_reminders(days_before=int(getattr(settings, "EVENTS_REMINDER_DAYS", 7)))
        self.stdout.write(f"Reminders sent: {sent}.")
