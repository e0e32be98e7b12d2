"""Implementation: reports with spending per budget line, their review, reminders and evaluation."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clearinghouse import roles

from ..choices import ProposalStatus, ReportKind, ReportStatus
from ..models import Evaluation, Proposal, ProposalEvent, Report, ReportSpending
from ..notifications import _site_url, notify
from ..permissions import is_mission_officer
from ..workflow import Action
from . import NotAllowed
from .proposals import proposal_transition


def report_submit(*, report: Report, user, narrative: str, spending: dict[int, Decimal]) -> Report:
    """The mission sends a report (or its corrected version): narrative and spending per budget line."""
    proposal = report.proposal
    if not is_mission_officer(user, proposal):
        raise NotAllowed(_("Only the implementing mission can submit its reports."))
    if not report.is_open or proposal.status != ProposalStatus.IN_IMPLEMENTATION:
        raise NotAllowed(_("This report cannot be submitted now."))
    if not narrative.strip():
        raise NotAllowed(_("Write the narrative of the report."))
    line_ids = set(proposal.budget_lines.values_list("pk", flat=True))
    with transaction.atomic():
        report.narrative = narrative
        report.status = ReportStatus.SUBMITTED
        report.submitted_at = timezone.now()
        report.save()
        for line_id, amount in spending.items():
            if line_id in line_ids and amount is not None:
                ReportSpending.objects.update_or_create(
                    report=report, budget_line_id=line_id, defaults={"amount": amount}
                )
        ProposalEvent.objects.create(
            proposal=proposal,
            actor=user,
            action=f"{report.kind}_report_submitted",
            from_status=proposal.status,
            to_status=proposal.status,
        )
    return report


def report_review(*, report: Report, user, accept: bool, comment: str = "") -> Report:
    """Staff accept a report or ask for changes (with a comment). Accepting the final report completes
    the project."""
    if not roles.is_staff_member(user):
        raise NotAllowed(_("Only the fund's staff review reports."))
    if report.status != ReportStatus.SUBMITTED:
        raise NotAllowed(_("Only a submitted report can be reviewed."))
    if not accept and not comment.strip():
        raise NotAllowed(_("Say what should change."))
    with transaction.atomic():
        report.status = ReportStatus.ACCEPTED if accept else ReportStatus.CHANGES_REQUESTED
        report.staff_comment = comment
        report.reviewed_by = user
        report.save()
        proposal = report.proposal
        ProposalEvent.objects.create(
            proposal=proposal,
            actor=user,
            action=f"{report.kind}_report_{'accepted' if accept else 'changes_requested'}",
            from_status=proposal.status,
            to_status=proposal.status,
            note=comment,
        )
        if accept and report.kind == ReportKind.FINAL and proposal.status == ProposalStatus.IN_IMPLEMENTATION:
            proposal_transition(
                proposal=proposal, user=user, action=Action.COMPLETE, note=_("Final report accepted.")
            )
        if not accept:
            notify("report_changes", proposal, report=report, report_url=_site_url(report.get_absolute_url()))
    return report


def evaluation_record(
    *, proposal: Proposal, user, rating: str, findings: str, lessons: str = ""
) -> Evaluation:
    """Staff record (or update) their evaluation of a project under implementation or completed."""
    if not roles.is_staff_member(user):
        raise NotAllowed(_("Only the fund's staff record evaluations."))
    if proposal.status not in (ProposalStatus.IN_IMPLEMENTATION, ProposalStatus.COMPLETED):
        raise NotAllowed(_("Only projects in implementation or completed can be evaluated."))
    with transaction.atomic():
        evaluation, _created = Evaluation.objects.update_or_create(
            proposal=proposal,
            defaults={"rating": rating, "findings": findings, "lessons": lessons, "evaluated_by": user},
        )
        ProposalEvent.objects.create(
            proposal=proposal,
            actor=user,
            action="evaluation",
            from_status=proposal.status,
            to_status=proposal.status,
            internal=True,
        )
    return evaluation


def reminders_send(*, today=None) -> tuple[int, int]:
    """Sends each open report's 'due' reminder once (FUND_REPORT_REMINDER_DAYS before the due date)
    and its 'overdue' reminder once (the day after). Returns (due reminders, overdue reminders)."""
    today = today or timezone.localdate()
    lead = int(getattr(settings, "FUND_REPORT_REMINDER_DAYS", 14))
    now = timezone.now()
    due_count = overdue_count = 0
    open_reports = Report.objects.open().filter(proposal__status=ProposalStatus.IN_IMPLEMENTATION)
    for report in open_reports.filter(
        due_date__lt=today, overdue_reminder_sent_at__isnull=True
    ).select_related("proposal"):
        with transaction.atomic():
            updated = Report.objects.filter(pk=report.pk, overdue_reminder_sent_at__isnull=True).update(
                overdue_reminder_sent_at=now, reminder_sent_at=report.reminder_sent_at or now
            )
            if updated:
                notify(
                    "report_overdue",
                    report.proposal,
                    report=report,
                    report_url=_site_url(report.get_absolute_url()),
                )
                overdue_count += 1
    window_end = today + timedelta(days=lead)
    for report in open_reports.filter(
        due_date__gte=today, due_date__lte=window_end, reminder_sent_at__isnull=True
    ).select_related("proposal"):
        with transaction.atomic():
            updated = Report.objects.filter(pk=report.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            )
            if updated:
                notify(
                    "report_due",
                    report.proposal,
                    report=report,
                    report_url=_site_url(report.get_absolute_url()),
                )
                due_count += 1
    return due_count, overdue_count
