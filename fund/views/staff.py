"""Staff pages (reviewers and curators): dashboard with urgent deadlines, rounds with batch decisions,
review form, decision form, version diff, evaluation, sensitivity flag."""

import difflib
import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..choices import PENDING_STATUSES, ProposalStatus
from ..dates import working_days_between
from ..forms import BatchDecisionForm, DecisionForm, EvaluationForm, ReviewForm
from ..models import Evaluation, FundingRound, Proposal, Report, Review
from ..permissions import can_mark_sensitive, can_review
from ..services import ServiceError
from ..services.proposals import proposal_mark_sensitive, proposal_transition
from ..services.reports import evaluation_record
from ..services.review import review_save
from ..services.rounds import round_batch_decide, round_summary
from ..workflow import Action
from .access import fund_user_required, staff_proposal, staff_required

INBOX_PAGE = 50


@staff_required
def dashboard(request):
    """Staff only. Proposals waiting for the fund: the urgent ones first, all of them, with time
    left; the others in the inbox, fifty a page (a busy year has hundreds); open reports."""
    today = timezone.localdate()
    pending = (
        Proposal.objects.filter(status__in=PENDING_STATUSES)
        .select_related("mission", "round")
        .order_by("decision_deadline", "submitted_at", "pk")
    )
    urgent = list(pending.filter(urgent=True))
    for proposal in urgent:
        proposal.days_left = (
            working_days_between(today, proposal.decision_deadline) if proposal.decision_deadline else None
        )
        proposal.overdue = bool(proposal.decision_deadline and proposal.decision_deadline < today)
        proposal.days_overdue = abs(proposal.days_left) if proposal.overdue else 0
    inbox = Paginator(pending.filter(urgent=False), INBOX_PAGE).get_page(request.GET.get("page"))
    reports = (
        Report.objects.open()
        .filter(proposal__status=ProposalStatus.IN_IMPLEMENTATION)
        .select_related("proposal", "proposal__mission")
    )
    submitted_reports = Report.objects.filter(status="submitted").select_related(
        "proposal", "proposal__mission"
    )
    return render(
        request,
        "fund/dashboard.html",
        {
            "urgent": urgent,
            "pending": inbox.object_list,
            "page_obj": inbox,
            "reports": reports,
            "submitted_reports": submitted_reports,
            "rounds": FundingRound.objects.all()[:6],
            "today": today,
        },
    )


@staff_required
def round_list(request):
    """Staff only."""
    return render(request, "fund/round_list.html", {"rounds": FundingRound.objects.all()})


@staff_required
def round_detail(request, pk):
    """Staff only. Proposals with average scores, requested total against the envelope, batch decisions."""
    funding_round = get_object_or_404(FundingRound, pk=pk)
    summary = round_summary(funding_round=funding_round)
    choices = [(p.pk, p.reference) for p in summary.proposals if p.status == ProposalStatus.UNDER_REVIEW]
    if request.method == "POST":
        form = BatchDecisionForm(request.POST, choices=choices)
        if form.is_valid():
            result = round_batch_decide(
                funding_round=funding_round,
                user=request.user,
                proposal_ids=form.cleaned_data["proposals"],
                action=form.cleaned_data["action"],
                note=form.cleaned_data["note"],
            )
            if result.done:
                messages.success(
                    request,
                    _("Decided: %(refs)s.") % {"refs": ", ".join(p.reference for p in result.done)},
                )
            for proposal, error in result.failed:
                messages.error(request, f"{proposal.reference}: {error}")
            return redirect(funding_round)
    else:
        form = BatchDecisionForm(choices=choices)
    return render(
        request, "fund/round_detail.html", {"summary": summary, "round": funding_round, "form": form}
    )


@fund_user_required
def review(request, pk):
    """Reviewers and curators, except members of the submitting mission (403)."""
    proposal = staff_proposal(request.user, pk)
    if not can_review(request.user, proposal):
        raise PermissionDenied
    existing = Review.objects.filter(proposal=proposal, reviewer=request.user).first()
    if request.method == "POST":
        form = ReviewForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                review_save(
                    proposal=proposal,
                    user=request.user,
                    scores=form.scores(),
                    recommendation=data["recommendation"],
                    comment=data["comment"],
                    conflict_of_interest=data["conflict_of_interest"],
                    conflict_note=data["conflict_note"],
                    recused=data["recused"],
                )
            except ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Review saved."))
                return redirect(proposal)
    else:
        form = ReviewForm(initial=ReviewForm.initial_from(existing))
    return render(
        request, "fund/review_form.html", {"proposal": proposal, "form": form, "existing": existing}
    )


@fund_user_required
def decide(request, pk):
    """Reviewers and curators, on a proposal under review: approve (amount, conditions), reject
    (reasons), defer."""
    proposal = staff_proposal(request.user, pk)
    form = DecisionForm(request.POST or None, requested=proposal.requested_amount)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        action = {"approved": Action.APPROVE, "rejected": Action.REJECT, "deferred": Action.DEFER}[
            data["outcome"]
        ]
        try:
            proposal_transition(
                proposal=proposal,
                user=request.user,
                action=action,
                note=data["reasons"],
                amount=data["amount"],
                conditions=data["conditions"],
            )
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Decision recorded; the mission has been told."))
            return redirect(proposal)
    return render(request, "fund/decision_form.html", {"proposal": proposal, "form": form})


def _snapshot_lines(snapshot: dict) -> list[str]:
    lines = []
    for key, value in snapshot.items():
        if key == "budget_lines":
            for item in value:
                lines.append(
                    f"budget: {item['category']} | {item['description']} | "
                    f"{item['quantity']} x {item['unit_cost']} = {item['total']}"
                )
        elif isinstance(value, list):
            lines.append(f"{key}: {', '.join(value)}")
        else:
            for n, part in enumerate(str(value if value is not None else "").splitlines() or [""]):
                lines.append(f"{key}: {part}" if n == 0 else f"{key}… {part}")
    return lines


@fund_user_required
def versions(request, pk):
    """Staff only. Each submitted version; the changes between two of them (difflib)."""
    proposal = staff_proposal(request.user, pk)
    all_versions = list(proposal.versions.select_related("submitted_by"))
    diff = []
    older = newer = None
    if len(all_versions) >= 2:
        numbers = {v.number: v for v in all_versions}
        try:
            newer = numbers.get(int(request.GET.get("to", all_versions[-1].number))) or all_versions[-1]
            older = numbers.get(int(request.GET.get("from", newer.number - 1))) or all_versions[-2]
        except ValueError:
            newer, older = all_versions[-1], all_versions[-2]
        for line in difflib.unified_diff(
            _snapshot_lines(older.snapshot), _snapshot_lines(newer.snapshot), lineterm="", n=1
        ):
            if line.startswith(("---", "+++")):
                continue
            kind = (
                "added"
                if line.startswith("+")
                else "removed"
                if line.startswith("-")
                else "hunk"
                if line.startswith("@@")
                else "same"
            )
            diff.append((kind, line))
    return render(
        request,
        "fund/versions.html",
        {
            "proposal": proposal,
            "versions": all_versions,
            "diff": diff,
            "older": older,
            "newer": newer,
            "latest_json": json.dumps(all_versions[-1].snapshot, indent=2, ensure_ascii=False)
            if all_versions
            else "",
        },
    )


@fund_user_required
def evaluation(request, pk):
    """Staff only, on a project in implementation or completed."""
    proposal = staff_proposal(request.user, pk)
    existing = Evaluation.objects.filter(proposal=proposal).first()
    form = EvaluationForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation_record(proposal=proposal, user=request.user, **form.cleaned_data)
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Evaluation saved."))
            return redirect(proposal)
    return render(request, "fund/evaluation_form.html", {"proposal": proposal, "form": form})


@require_POST
@fund_user_required
def mark_sensitive(request, pk):
    """Curators only: hide or show partners and places of a project on the public pages."""
    proposal = staff_proposal(request.user, pk)
    if not can_mark_sensitive(request.user):
        raise PermissionDenied
    proposal_mark_sensitive(
        proposal=proposal, user=request.user, sensitive=request.POST.get("sensitive") == "1"
    )
    messages.success(request, _("Saved."))
    return redirect(proposal)
