"""E-mails of the events pillar. Services queue them inside their transaction; they leave only
after the commit (transaction.on_commit), so a rolled-back change never sends anything."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _


def site_url(path: str) -> str:
    return getattr(settings, "SITE_URL", "").rstrip("/") + path


SUBJECTS = {
    "registered": lambda e: _("Your registration for %(event)s") % {"event": e.display_title},
    "accepted": lambda e: _("Your place at %(event)s is confirmed") % {"event": e.display_title},
    "wait_listed": lambda e: _("You are on the wait list for %(event)s") % {"event": e.display_title},
    "declined": lambda e: _("Your registration for %(event)s") % {"event": e.display_title},
    "withdrawn": lambda e: _("You have withdrawn from %(event)s") % {"event": e.display_title},
    "moved_up": lambda e: _("A place has become free for you at %(event)s") % {"event": e.display_title},
    "reminder": lambda e: _("Reminder: %(event)s") % {"event": e.display_title},
    "cancelled": lambda e: _("Cancelled: %(event)s") % {"event": e.display_title},
    "roster_invitation": lambda e: (
        _("An invitation to join the expert roster after %(event)s") % {"event": e.display_title}
    ),
}


def notify_registration(kind: str, registration, **context) -> None:
    """Queues one e-mail about `registration` to its participant, in the language they used.
    The values are read now (an erasure later in the transaction must not change the message)."""
    address = registration.email
    if not address or registration.is_erased:
        return
    language = registration.language or settings.LANGUAGE_CODE
    event = registration.event
    values = {
        "name": registration.full_name,
        "event": event,
        "status": registration.get_status_display,
        "link": site_url(registration.get_absolute_url()),
        **context,
    }

    def send():
        with translation.override(language):
            body = render_to_string(f"events/email/{kind}.txt", values)
            send_mail(SUBJECTS[kind](event), body, None, [address])

    transaction.on_commit(send, robust=True)  # a mail server that is down is logged, never an error page
