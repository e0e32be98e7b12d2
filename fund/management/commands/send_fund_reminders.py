from django.core.management.base import BaseCommand

from fund.services.reports import reminders_send


class Command(BaseCommand):
    help = "E-mails each implementing mission once when a report falls due and once when it is overdue."

    def handle(self, *args, **options):
        due, overdue = reminders_send()
        self.stdout.write(f"Report reminders sent: {due} due, {overdue} overdue.")
