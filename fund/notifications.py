"""E-mails of the fund. Services call `notify(...)` inside their transaction; the mail leaves only
after the commit (transaction.on_commit), so a rolled-back change never sends anything."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from clearinghouse import roles


def mission_addresses(mission_id: int) -> list[str]:
    users = (
        get_user_model()
        .objects.filter(organisation_id=mission_id, groups__name=roles.OFFICER, is_active=True)
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def staff_addresses() -> list[str]:
    users = (
        get_user_model()
        .objects.filter(groups__name__in=[roles.REVIEWER, roles.CURATOR], is_active=True)
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def _site_url(path: str) -> str:
    return getattr(settings, "SITE_URL", "").rstrip("/") + path


SUBJECTS = {
    "submitted": lambda p: _("Proposal %(ref)s submitted to the Project Fund") % {"ref": p.reference},
    "revision_requested": lambda p: _("Revision requested: %(ref)s") % {"ref": p.reference},
    "decision": lambda p: (
        _("Decision on %(ref)s: %(status)s") % {"ref": p.reference, "status": p.get_status_display()}
    ),
    "report_due": lambda p: _("Report due for %(ref)s") % {"ref": p.reference},
    "report_overdue": lambda p: _("Report overdue for %(ref)s") % {"ref": p.reference},
    "report_changes": lambda p: _("Changes requested to a report for %(ref)s") % {"ref": p.reference},
}


def _send(kind: str, proposal, recipients: list[str], **context) -> None:
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(
            f"fund/email/{kind}.txt",
            {"proposal": proposal, "url": _site_url(proposal.get_absolute_url()), **context},
        )
        send_mail(SUBJECTS[kind](proposal), body, None, recipients)


def notify(kind: str, proposal, *, to_staff: bool = False, **context) -> None:
    """Queues one e-mail about `proposal` to its mission's officers (and the fund's staff if asked)."""

    def send():
        recipients = mission_addresses(proposal.mission_id)
        if to_staff:
            recipients = sorted(set(recipients) | set(staff_addresses()))
        _send(kind, proposal, recipients, **context)

    transaction.on_commit(send, robust=True)  # a mail server that is down is logged, never an error page
