"""The first step of an application to the roster: the visitor's e-mail address is confirmed by a
link before any account or profile exists, and the answer never tells whether the address is
already on the roster (that address is told by e-mail instead, and only its owner reads it).

The link carries the address, signed with the site's secret and dated: it is valid
ROSTER_APPLY_LINK_DAYS days and nothing is stored until the application is sent with it."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from ..models import Expert

SALT = "roster.application"


def _days() -> int:
    return int(getattr(settings, "ROSTER_APPLY_LINK_DAYS", 3))


def application_token(*, email: str) -> str:
    return signing.dumps(email.strip().lower(), salt=SALT)


def application_email(*, token: str) -> str | None:
    """The confirmed address of a valid, unexpired link; None for anything else."""
    try:
        return signing.loads(token, salt=SALT, max_age=_days() * 24 * 60 * 60)
    except signing.BadSignature:  # also SignatureExpired
        return None


def application_start(*, email: str) -> None:
    """Sends the link to continue the application, or, when the address already has a roster
    profile, a message saying so (how to sign in or reset the password). The caller answers the
    same either way."""
    email = email.strip()
    site = settings.SITE_URL.rstrip("/")
    if Expert.objects.filter(email__iexact=email).exists():
        subject = _("Your application to the expert roster")
        body = _(
            "Someone, probably you, asked to join the expert roster of the Anti-Trafficking "
            "Clearinghouse with this e-mail address. There is already a roster profile for it.\n\n"
            "Sign in to see and update it: %(login)s\n"
            "Forgotten your password? Choose a new one: %(reset)s\n\n"
            "If you did not ask, you can ignore this message."
        ) % {"login": site + reverse("login"), "reset": site + reverse("password_reset")}
    else:
        link = site + reverse("roster:apply_confirm", kwargs={"token": application_token(email=email)})
        subject = _("Confirm your e-mail address to join the expert roster")
        body = _(
            "To continue your application to the expert roster of the Anti-Trafficking "
            "Clearinghouse, open this link within %(days)s days:\n\n%(link)s\n\n"
            "If you did not ask, you can ignore this message: nothing is kept."
        ) % {"link": link, "days": _days()}
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email]), robust=True)
