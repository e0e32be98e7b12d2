"""Implementation: reports with spending per budget line, their review, reminders and evaluation.

A report's status changes only in `report_transition`, by fund.workflow.REPORT_TABLE."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clearinghouse import roles

from ..choices import ProposalStatus, ReportKind
from ..models import Evaluation, Proposal, ProposalEvent, Report, ReportSpending
from ..notifications import _site_url, notify
from ..permissions import actor_roles
from ..workflow import REPORT_EVENTS, REPORT_TABLE, Action, ReportAction
from . import NotAllowed
from .proposals import proposal_transition


def report_transition(
    *,
    report: Report,
    user,
    action: str,
    note: str = "",
    narrative: str = "",
    spending: dict[int, Decimal] | None = None,
) -> Report:
    """Moves a report by fund.workflow.REPORT_TABLE, or raises a ServiceError and changes nothing.

    Locks the row, checks the table and who may act (the implementing mission sends, the fund's
    staff accept or ask for changes, with a note), records one event on the proposal's history and
    mails the mission after the commit when changes are asked. Accepting the final report completes
    the project (through proposal_transition)."""
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        proposal = locked.proposal
        note = (note or "").strip()
        move = REPORT_TABLE.check(
            state=locked.status,
            action=action,
            roles=actor_roles(user, proposal),
            note=note,
            action_label=ReportAction(action).label if action in ReportAction.values else action,
            state_label=locked.get_status_display().lower(),
        )
        if action == ReportAction.SUBMIT:
            if proposal.status != ProposalStatus.IN_IMPLEMENTATION:
                raise NotAllowed(_("This report cannot be submitted now."))
            if not (narrative or "").strip():
                raise NotAllowed(_("Write the narrative of the report."))
        locked.status = move.to
        if action == ReportAction.SUBMIT:
            locked.narrative = narrative
            locked.submitted_at = timezone.now()
        else:
            locked.staff_comment = note
            locked.reviewed_by = user
        locked.save()
        if action == ReportAction.SUBMIT:
            line_ids = set(proposal.budget_lines.values_list("pk", flat=True))
            # The report's spending lines read once; each line written on its own (history kept).
            stored = {s.budget_line_id: s for s in ReportSpending.objects.filter(report=locked)}
            for line_id, amount in (spending or {}).items():
                if line_id in line_ids and amount is not None:
                    line = stored.get(line_id) or ReportSpending(report=locked, budget_line_id=line_id)
                    line.amount = amount
                    line.save()
        ProposalEvent.objects.create(
            proposal=proposal,
            actor=user,
            action=f"{locked.kind}_report_{REPORT_EVENTS[action]}",
            from_status=proposal.status,
            to_status=proposal.status,
            note=note,
        )
        if (
            action == ReportAction.ACCEPT
            and locked.kind == ReportKind.FINAL
            and proposal.status == ProposalStatus.IN_IMPLEMENTATION
        ):
            proposal_transition(
                proposal=proposal, user=user, action=Action.COMPLETE, note=_("Final report accepted.")
            )
        if action == ReportAction.REQUEST_CHANGES:
            notify("report_changes", proposal, report=locked, report_url=_site_url(locked.get_absolute_url()))
    for name in ("status", "narrative", "submitted_at", "staff_comment", "reviewed_by"):
        setattr(report, name, getattr(locked, name))
    return report


def report_submit(*, report: Report, user, narrative: str, spending: dict[int, Decimal]) -> Report:
    """The mission sends a report (or its corrected version): narrative and spending per budget line."""
    return report_transition(
        report=report, user=user, action=ReportAction.SUBMIT, narrative=narrative, spending=spending
    )


def report_review(*, report: Report, user, accept: bool, comment: str = "") -> Report:
    """Staff accept a report or ask for changes (with a comment)."""
    action = ReportAction.ACCEPT if accept else ReportAction.REQUEST_CHANGES
    return report_transition(report=report, user=user, action=action, note=comment)


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
