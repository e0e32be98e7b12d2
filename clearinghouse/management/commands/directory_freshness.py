from django.core.management.base import BaseCommand

from clearinghouse.models import Contact


class Command(BaseCommand):
    help = "List directory contacts not verified for twelve months (or never); exit status 0."

    def handle(self, *args, **options):
        stale = Contact.objects.stale().select_related("organisation").order_by("last_verified", "pk")
        count = 0
        for contact in stale:
            count += 1
            verified = contact.last_verified.isoformat() if contact.last_verified else "never"
            self.stdout.write(f"STALE\t{contact.pk}\t{contact.organisation.name}\t{contact.name}\t{verified}")
        self.stdout.write(f"{count} contact(s) not verified for 12 months.")
