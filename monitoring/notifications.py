"""Mail about an assessment's workflow, sent after the transaction commits."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.utils.translation import gettext as _

from .workflow import Action


def recipients(assessment, action) -> list[str]:
    """Sent to review: the reviewer; asked for changes or published: the assessors."""
    people = [assessment.reviewer] if action == Action.SUBMIT else list(assessment.assessors.all())
    return sorted({p.email for p in people if p and p.email})


def notify_transition(*, assessment, action, note: str = "") -> None:
    to = recipients(assessment, action)
    if not to:
        return
    subject = _("Assessment %(assessment)s: %(status)s") % {
        "assessment": f"{assessment.country.name} {assessment.cycle}",
        "status": assessment.get_status_display(),
    }
    body = _("The assessment of %(country)s for %(cycle)s is now “%(status)s”.") % {
        "country": assessment.country.name,
        "cycle": assessment.cycle,
        "status": assessment.get_status_display(),
    }
    if note:
        body += "\n\n" + note
    body += "\n\n" + getattr(settings, "SITE_URL", "").rstrip("/") + assessment.get_work_url()
    send_mass_mail([(subject, body, None, [address]) for address in to], fail_silently=False)
