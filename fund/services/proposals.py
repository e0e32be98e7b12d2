"""Drafting, submitting and moving proposals through the workflow; the consultation thread and
attachments. Every write to a proposal's status goes through `proposal_transition`."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from clearinghouse import roles
from clearinghouse.errors import NotPermitted
from clearinghouse.publishing import public_content_changed

from ..choices import EDITABLE_STATUSES, PUBLIC_STATUSES, ProposalStatus, ReportKind
from ..dates import add_working_days, urgent_decision_days
from ..models import (
    BudgetLine,
    Decision,
    FundingRound,
    Message,
    Proposal,
    ProposalAttachment,
    ProposalEvent,
    ProposalVersion,
    Report,
)
from ..notifications import notify
from ..permissions import actor_roles, can_create_proposal, is_mission_officer
from ..workflow import DECISIONS, TABLE, Action
from . import NotAllowed, ProposalIncomplete, TransitionNotAllowed

PROPOSAL_FIELDS = (
    "title",
    "summary",
    "objectives",
    "activities",
    "partners",
    "beneficiaries",
    "locations",
    "start_date",
    "end_date",
    "co_funding",
    "co_funding_sources",
    "requested_amount",
    "urgent",
    "urgent_justification",
)


def proposal_save(
    *,
    user,
    proposal: Proposal | None = None,
    fields: dict,
    countries=(),
    themes=(),
    budget_lines: list[dict] = (),
    form_token=None,
    recommendations=None,
) -> Proposal:
    """Creates or updates a proposal as typed, complete or not (a draft may be incomplete).

    Only an officer of the proposal's mission may write, and only while the proposal is a draft or
    revision is requested. Budget lines replace the stored ones; their totals are always computed here.
    A new proposal keeps the one-time `form_token` of its form (unique): the same form sent twice
    cannot create two proposals (see `Proposal.objects.created_with_token`).
    """
    if proposal is None:
        if not can_create_proposal(user):
            raise NotAllowed(_("Only field-mission officers can draft proposals."))
        proposal = Proposal(mission_id=user.organisation_id, created_by=user, form_token=form_token)
    elif not is_mission_officer(user, proposal):
        raise NotAllowed(_("Only the submitting mission can edit this proposal."))
    if proposal.pk and proposal.status not in EDITABLE_STATUSES:
        raise NotAllowed(
            _("This proposal can no longer be edited (%(status)s).")
            % {"status": proposal.get_status_display()}
        )
    with transaction.atomic():
        for name in PROPOSAL_FIELDS:
            if name in fields:
                value = fields[name]
                if name in ("co_funding",) and value is None:
                    value = Decimal("0")
                setattr(proposal, name, "" if value is None and name not in _NULLABLE else value)
        if proposal.start_date and proposal.end_date and proposal.end_date < proposal.start_date:
            proposal.end_date = None  # the form already refused it; never store an impossible period
        creating = proposal.pk is None
        if creating:
            proposal.reference = f"new-{timezone.now().timestamp()}-{user.pk}"
        proposal.save()
        if creating:
            proposal.reference = f"ATPF-{timezone.now().year}-{proposal.pk:04d}"
            proposal.save(update_fields=["reference"])
        proposal.countries.set(countries)
        proposal.themes.set(themes)
        if recommendations is not None:  # the monitoring recommendations it answers (monitoring's link)
            before = set(proposal.answers_recommendations.values_list("pk", flat=True))
            proposal.answers_recommendations.set(recommendations)
            if proposal.status != ProposalStatus.DRAFT and before != {
                getattr(r, "pk", r) for r in recommendations
            }:
                public_content_changed()  # a live proposal answers them on the public monitoring pages
        proposal.budget_lines.all().delete()
        BudgetLine.objects.bulk_create(
            BudgetLine(
                proposal=proposal,
                category=line["category"],
                description=line["description"],
                quantity=line["quantity"],
                unit_cost=line["unit_cost"],
                order=index,
            )
            for index, line in enumerate(budget_lines)
        )
        if creating:
            ProposalEvent.objects.create(
                proposal=proposal, actor=user, action="create", to_status=proposal.status
            )
    return proposal


_NULLABLE = {"start_date", "end_date", "requested_amount"}


def proposal_missing(proposal: Proposal) -> list[tuple[str, str]]:
    """What a proposal still lacks before it can be submitted: (form field, message) pairs."""
    missing: list[tuple[str, str]] = []
    for name, label in (
        ("title", _("a title")),
        ("summary", _("a summary")),
        ("objectives", _("the objectives")),
        ("activities", _("the activities")),
        ("partners", _("the local partners")),
        ("beneficiaries", _("the beneficiaries")),
    ):
        if not (getattr(proposal, name) or "").strip():
            missing.append((name, _("Add %(what)s.") % {"what": label}))
    if not proposal.countries.exists():
        missing.append(("countries", _("Choose at least one country.")))
    if not proposal.themes.exists():
        missing.append(("themes", _("Choose at least one theme.")))
    if not proposal.start_date:
        missing.append(("start_date", _("Give the start date.")))
    if not proposal.end_date:
        missing.append(("end_date", _("Give the end date.")))
    lines = list(proposal.budget_lines.all())
    total = sum((line.total for line in lines), Decimal("0"))
    if not lines:
        missing.append(("budget", _("Add at least one budget line.")))
    if not proposal.requested_amount:
        missing.append(("requested_amount", _("Give the amount requested from the fund.")))
    elif lines and proposal.requested_amount > total:
        missing.append(
            (
                "requested_amount",
                _("The amount requested (EUR %(requested)s) exceeds the budget total (EUR %(total)s).")
                % {"requested": proposal.requested_amount, "total": total},
            )
        )
    if proposal.urgent and not proposal.urgent_justification.strip():
        missing.append(("urgent_justification", _("Explain why the request is urgent.")))
    return missing


def proposal_snapshot(proposal: Proposal) -> dict:
    """A JSON-ready copy of what was submitted: fields, countries, themes, budget lines, total."""
    data = {name: getattr(proposal, name) for name in PROPOSAL_FIELDS}
    for name, value in data.items():
        if isinstance(value, (date, Decimal)):
            data[name] = str(value)
    data["countries"] = sorted(c.name for c in proposal.countries.all())
    data["themes"] = sorted(t.name for t in proposal.themes.all())
    data["budget_lines"] = [
        {
            "category": line.category,
            "description": line.description,
            "quantity": str(line.quantity),
            "unit_cost": str(line.unit_cost),
            "total": str(line.total),
        }
        for line in proposal.budget_lines.all()
    ]
    data["budget_total"] = str(sum((line.total for line in proposal.budget_lines.all()), Decimal("0")))
    return data


def current_round(today: date | None = None) -> FundingRound | None:
    """The round whose window is open today, else the next one to open."""
    today = today or timezone.localdate()
    return (
        FundingRound.objects.filter(opens__lte=today, closes__gte=today).order_by("opens").first()
        or FundingRound.objects.filter(opens__gt=today).order_by("opens").first()
    )


def _next_round(after: FundingRound | None) -> FundingRound | None:
    if after is None:
        return current_round()
    return FundingRound.objects.filter(opens__gt=after.opens).order_by("opens").first()


def _schedule_reports(proposal: Proposal) -> None:
    """An interim report half-way through projects longer than four months; a final report a month
    after the end. Staff may move the dates in the admin."""
    if proposal.reports.exists():
        return
    start = proposal.start_date or timezone.localdate()
    end = proposal.end_date or start + timedelta(days=180)
    if (end - start).days > 120:
        Report.objects.create(proposal=proposal, kind=ReportKind.INTERIM, due_date=start + (end - start) / 2)
    Report.objects.create(proposal=proposal, kind=ReportKind.FINAL, due_date=end + timedelta(days=30))


@dataclass
class Saved:
    """What `proposal_save_and_submit` did: the proposal, whether it was submitted, what keeps it from
    being submitted (a ProposalIncomplete, the draft being kept), and whether the same form had
    already created it in a request running at the same time (`resent`)."""

    proposal: Proposal
    submitted: bool = False
    incomplete: ProposalIncomplete | None = None
    resent: bool = False


def proposal_save_and_submit(
    *,
    user,
    proposal: Proposal | None = None,
    fields: dict,
    countries=(),
    themes=(),
    budget_lines: list[dict] = (),
    form_token=None,
    submit: bool = False,
    recommendations=None,
) -> Saved:
    """Saves what the mission typed and, when asked, submits it (or resubmits it after a requested
    revision), in one transaction. An incomplete proposal is kept as a draft: nothing typed is lost,
    and `incomplete` says what is missing. When the same new-proposal form (its one-time token)
    arrives twice at once, the second request finds the proposal the first created (`resent`); a
    token that belongs to another user's form is refused."""
    incomplete = None
    try:
        with transaction.atomic():
            proposal = proposal_save(
                user=user,
                proposal=proposal,
                fields=fields,
                countries=countries,
                themes=themes,
                recommendations=recommendations,
                budget_lines=budget_lines,
                form_token=form_token,
            )
            if submit:
                action = (
                    Action.RESUBMIT if proposal.status == ProposalStatus.REVISION_REQUESTED else Action.SUBMIT
                )
                try:
                    proposal_transition(proposal=proposal, user=user, action=action)
                except ProposalIncomplete as exc:
                    incomplete = exc
    except IntegrityError:
        if form_token is None:
            raise
        earlier = Proposal.objects.created_with_token(user, form_token).first()
        if earlier is None:
            raise NotPermitted(_("This form belongs to somebody else.")) from None
        return Saved(earlier, resent=True)
    return Saved(proposal, submitted=submit and incomplete is None, incomplete=incomplete)


def proposal_transition(
    *,
    proposal: Proposal,
    user,
    action: str,
    note: str = "",
    amount: Decimal | None = None,
    conditions: str = "",
) -> Proposal:
    """Moves a proposal by the transition table, or raises TransitionNotAllowed / ProposalIncomplete
    and changes nothing.

    Writes one event (who, when, from, to, note); submissions keep a version; decisions keep a
    Decision row (approve: amount up to the request, default the request; reject: reasons required);
    e-mails leave after the commit.
    """
    with transaction.atomic():
        locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
        note = (note or "").strip()
        move = TABLE.check(
            state=locked.status,
            action=action,
            roles=actor_roles(user, locked),
            note=note,
            action_label=_action_label(action),
            state_label=locked.get_status_display().lower(),
        )
        if action in (Action.SUBMIT, Action.RESUBMIT):
            missing = proposal_missing(locked)
            if missing:
                raise ProposalIncomplete(missing)
        if action == Action.APPROVE:
            amount = locked.requested_amount if amount is None else Decimal(amount)
            if amount is None or amount <= 0 or amount > (locked.requested_amount or 0):
                raise TransitionNotAllowed(
                    _(
                        "The approved amount must be more than zero and at most the EUR %(requested)s requested."
                    )
                    % {"requested": locked.requested_amount}
                )

        from_status = locked.status
        locked.status = move.to
        now = timezone.now()
        if action == Action.SUBMIT:
            locked.submitted_at = now
            if locked.round_id is None:
                locked.round = current_round()
            if locked.urgent:
                locked.decision_deadline = add_working_days(timezone.localdate(now), urgent_decision_days())
        if action == Action.DEFER:
            locked.round = _next_round(locked.round) or locked.round
        if action in DECISIONS:
            locked.decided_at = now
            locked.approved_amount = amount if action == Action.APPROVE else None
        locked.save()
        if from_status in PUBLIC_STATUSES or move.to in PUBLIC_STATUSES:
            public_content_changed()  # the supported projects' pages, charts and open data
        elif locked.answers_recommendations.exists():
            public_content_changed()  # the public monitoring pages show which recommendations it answers
        ProposalEvent.objects.create(
            proposal=locked, actor=user, action=action, from_status=from_status, to_status=move.to, note=note
        )
        if action in (Action.SUBMIT, Action.RESUBMIT):
            number = locked.versions.count() + 1
            ProposalVersion.objects.create(
                proposal=locked, number=number, snapshot=proposal_snapshot(locked), submitted_by=user
            )
            notify("submitted", locked, to_staff=True)
        elif action == Action.REQUEST_REVISION:
            notify("revision_requested", locked, note=note)
        elif action in DECISIONS:
            decision = Decision.objects.create(
                proposal=locked,
                outcome=DECISIONS[action],
                amount=amount if action == Action.APPROVE else None,
                conditions=conditions if action == Action.APPROVE else "",
                reasons=note,
                decided_by=user,
            )
            notify("decision", locked, decision=decision)
        elif action == Action.START_IMPLEMENTATION:
            _schedule_reports(locked)
    proposal.refresh_from_db()
    return proposal


def _action_label(action: str) -> str:
    try:
        return str(Action(action).label)
    except ValueError:
        return action


def message_post(*, proposal: Proposal, user, body: str, internal: bool = False) -> Message:
    """Adds to the consultation thread. Only staff may write internal notes; a mission's message is
    always visible to both sides."""
    body = (body or "").strip()
    if not body:
        raise NotAllowed(_("Write a message first."))
    staff = roles.is_staff_member(user)
    if not staff and not is_mission_officer(user, proposal):
        raise NotAllowed(_("You may not write in this thread."))
    return Message.objects.create(proposal=proposal, author=user, body=body, internal=internal and staff)


def attachment_add(*, proposal: Proposal, user, title: str, upload) -> ProposalAttachment:
    """Attaches a checked file (the form ran FileCheck) while the mission may still edit."""
    if not is_mission_officer(user, proposal) or proposal.status not in EDITABLE_STATUSES:
        raise NotAllowed(_("Attachments can be added only by the mission while the proposal is editable."))
    from clearinghouse.uploads import content_type_for, detected_kind

    attachment = ProposalAttachment(
        proposal=proposal,
        title=title or upload.name,
        file=upload,
        content_type=content_type_for(detected_kind(upload)),
        uploaded_by=user,
    )
    attachment.save()
    return attachment


def attachment_delete(*, attachment: ProposalAttachment, user) -> None:
    if (
        not is_mission_officer(user, attachment.proposal)
        or attachment.proposal.status not in EDITABLE_STATUSES
    ):
        raise NotAllowed(_("Attachments can be removed only by the mission while the proposal is editable."))
    attachment.file.delete(save=False)
    attachment.delete()


def proposal_mark_sensitive(*, proposal: Proposal, user, sensitive: bool) -> Proposal:
    """Curators only: hides partners and places of a project on public pages and exports, at once:
    every cached page and chart starts afresh when the change is committed (in the shared cache, so
    for every worker), not only at the save (another worker could re-store the old page between)."""
    if not roles.is_curator(user):
        raise NotAllowed(_("Only curators can mark a project sensitive."))
    with transaction.atomic():
        proposal.sensitive = sensitive
        proposal.save(update_fields=["sensitive", "updated_at"])
        ProposalEvent.objects.create(
            proposal=proposal, actor=user, action="sensitive" if sensitive else "not_sensitive", internal=True
        )
        if proposal.is_public:
            public_content_changed()
    return proposal
