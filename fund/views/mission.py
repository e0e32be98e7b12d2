"""Proposal pages shared by missions and staff: list, drafting form, detail with history and thread,
workflow buttons, attachments and reports. Another mission's objects answer 404 everywhere."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clearinghouse.form_errors import formset_errors
from clearinghouse.storage import private_file_response

from ..choices import REVIEWABLE_STATUSES, ProposalStatus
from ..forms import (
    AttachmentForm,
    BudgetLineFormSet,
    MessageForm,
    ProposalForm,
    ReportForm,
    ReportReviewForm,
    TransitionForm,
    budget_line_data,
)
from ..models import Message, Proposal, ProposalEvent, Report
from ..permissions import (
    allowed_actions,
    can_create_proposal,
    can_edit_proposal,
    can_mark_sensitive,
    can_review,
    can_see_internal,
    is_mission_officer,
)
from ..services import ServiceError
from ..services.proposals import (
    attachment_add,
    attachment_delete,
    message_post,
    proposal_missing,
    proposal_save_and_submit,
    proposal_transition,
)
from ..services.reports import report_review, report_submit
from ..workflow import DECISIONS, Action
from .access import fund_user_required, visible_proposal


def _form_token(request):
    """The one-time token a new-proposal form carries (a UUID), or None when absent or malformed."""
    try:
        return uuid.UUID(request.POST.get("form_token", ""))
    except ValueError:
        return None


def _form_page(request, proposal):
    """Shared by create and edit: proposal_save_and_submit saves whatever was typed, then submits if
    asked, in one transaction.

    The new-proposal form carries a one-time token: when the same form arrives again (a retry after
    a lost answer, a double click) it edits the proposal it already created, or, once that one is
    submitted, leads to it; it never creates a second proposal.
    """
    creating, token = proposal is None, None
    if creating and request.method == "POST":
        token = _form_token(request)
        earlier = Proposal.objects.created_with_token(request.user, token).first()
        if earlier is not None:
            if not can_edit_proposal(request.user, earlier):
                messages.info(request, _("This form was already sent: here is the proposal it created."))
                return redirect(earlier)
            proposal = earlier
    instance = proposal or Proposal()
    if request.method == "POST":
        form = ProposalForm(request.POST, instance=instance)
        formset = BudgetLineFormSet(request.POST, instance=instance, prefix="lines")
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            submit = "submit" in request.POST
            saved = proposal_save_and_submit(
                user=request.user,
                proposal=proposal,
                fields={k: v for k, v in data.items() if k not in ("countries", "themes", "recommendations")},
                countries=data["countries"],
                themes=data["themes"],
                recommendations=data["recommendations"],
                budget_lines=budget_line_data(formset),
                form_token=token,
                submit=submit,
            )
            proposal, incomplete = saved.proposal, saved.incomplete
            if saved.resent:
                return redirect(proposal)
            if not submit:
                messages.success(request, _("Draft saved."))
                return redirect("fund:proposal_edit", pk=proposal.pk)
            if incomplete is None:
                messages.success(request, _("The proposal has been submitted. The fund will be in touch."))
                return redirect(proposal)
            # Saved already: show exactly what is missing, next to the fields.
            form = ProposalForm(request.POST, instance=proposal)
            # Lines were stored afresh: show them from the database so their ids are current.
            formset = BudgetLineFormSet(instance=proposal, prefix="lines")
            form.is_valid()
            for field, message in incomplete.missing:
                form.add_error(field if field in form.fields else None, message)
            messages.warning(request, _("Your work is saved as a draft, but it cannot be submitted yet."))
    else:
        form = ProposalForm(instance=instance)
        formset = BudgetLineFormSet(instance=instance, prefix="lines")
    if creating:
        token = token or uuid.uuid4()  # kept on a re-shown form, so sending it again finds the draft
    return render(
        request,
        "fund/proposal_form.html",
        {
            "form": form,
            "formset": formset,
            "proposal": proposal,
            "form_token": token,
            "attachment_form": AttachmentForm(),
            "missing": proposal_missing(proposal) if proposal else None,
            "budget_errors": formset_errors(formset, row_label=_("Budget line %(n)s")),
        },
    )


@fund_user_required
def proposal_create(request):
    """Officers only: a new draft for their own mission."""
    if not can_create_proposal(request.user):
        raise PermissionDenied
    return _form_page(request, None)


@fund_user_required
def proposal_edit(request, pk):
    """Officers of the proposal's mission, while it is a draft or revision is requested. Once it
    is submitted, the mission is led to the proposal's page (a resent submission lands there too)."""
    proposal = visible_proposal(request.user, pk)
    if not can_edit_proposal(request.user, proposal):
        if is_mission_officer(request.user, proposal):
            messages.info(
                request,
                _("This proposal can no longer be edited (%(status)s).")
                % {"status": proposal.get_status_display().lower()},
            )
            return redirect(proposal)
        raise PermissionDenied
    return _form_page(request, proposal)


@fund_user_required
def proposal_detail(request, pk):
    """The proposal's mission and staff. Missions see only the history and messages meant for them."""
    user = request.user
    proposal = visible_proposal(
        user,
        pk,
        Proposal.objects.prefetch_related(
            "countries",
            "themes",
            "budget_lines",
            "attachments",
            Prefetch("events", ProposalEvent.objects.for_user(user).select_related("actor")),
            Prefetch("messages", Message.objects.for_user(user).select_related("author")),
            "reports",
        ),
    )
    staff = can_see_internal(user)
    context = {
        "proposal": proposal,
        "staff": staff,
        "can_edit": can_edit_proposal(user, proposal),
        "actions": [a for a in allowed_actions(user, proposal) if a not in DECISIONS and a != Action.SUBMIT],
        "can_decide": any(a in DECISIONS for a in allowed_actions(user, proposal)),
        "action_labels": dict(Action.choices),
        "message_form": MessageForm(staff=staff),
        "can_mark_sensitive": can_mark_sensitive(user),
        "is_mission": is_mission_officer(user, proposal),
    }
    # Decisions (outcome, amount, conditions, reasons) are told to the mission; reviews are not.
    context["decisions"] = proposal.decisions.all()
    if staff:
        context["reviews"] = proposal.reviews.select_related("reviewer")
        context["can_review"] = proposal.status in REVIEWABLE_STATUSES and can_review(user, proposal)
        context["evaluation"] = getattr(proposal, "evaluation", None)
        context["weights"] = proposal.round.weights() if proposal.round else {}
    return render(request, "fund/proposal_detail.html", context)


@require_POST
@fund_user_required
def proposal_action(request, pk):
    """A workflow button: whoever the transition table allows for this proposal's state."""
    proposal = visible_proposal(request.user, pk)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            proposal_transition(
                proposal=proposal,
                user=request.user,
                action=form.cleaned_data["action"],
                note=form.cleaned_data["note"],
            )
        except ServiceError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Done: the proposal is now %(status)s.")
                % {"status": proposal.get_status_display().lower()},
            )
    return redirect(proposal)


@require_POST
@fund_user_required
def message_create(request, pk):
    """The proposal's mission and staff write in the thread; only staff may mark a note internal."""
    proposal = visible_proposal(request.user, pk)
    form = MessageForm(request.POST, staff=can_see_internal(request.user))
    if form.is_valid():
        try:
            message_post(
                proposal=proposal,
                user=request.user,
                body=form.cleaned_data["body"],
                internal=form.cleaned_data.get("internal", False),
            )
        except ServiceError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Message sent."))
    else:
        messages.error(request, _("Write a message first."))
    return redirect(proposal.get_absolute_url() + "#thread")


@require_POST
@fund_user_required
def attachment_upload(request, pk):
    """Officers of the proposal's mission while it is editable; the file is checked by content."""
    proposal = visible_proposal(request.user, pk)
    if not can_edit_proposal(request.user, proposal):
        raise PermissionDenied
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        attachment_add(
            proposal=proposal,
            user=request.user,
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["file"],
        )
        messages.success(request, _("File attached."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("fund:proposal_edit", pk=proposal.pk)


@require_POST
@fund_user_required
def attachment_remove(request, pk, attachment):
    """Officers of the proposal's mission while it is editable."""
    proposal = visible_proposal(request.user, pk)
    item = get_object_or_404(proposal.attachments, pk=attachment)
    try:
        attachment_delete(attachment=item, user=request.user)
    except ServiceError as exc:
        raise PermissionDenied(str(exc)) from exc
    messages.success(request, _("Attachment removed."))
    return redirect("fund:proposal_edit", pk=proposal.pk)


@fund_user_required
def attachment_download(request, pk, attachment):
    """The proposal's mission and staff; served as a private download (attachment, nosniff, no-store)."""
    proposal = visible_proposal(request.user, pk)
    item = get_object_or_404(proposal.attachments, pk=attachment)
    return private_file_response(
        item.file, filename=item.file.name.rsplit("/", 1)[-1], content_type=item.content_type
    )


@fund_user_required
def report_detail(request, pk, report):
    """The project's mission writes and sends the report; staff read it and accept or ask for changes."""
    proposal = visible_proposal(request.user, pk)
    item = get_object_or_404(Report.objects.filter(proposal=proposal), pk=report)
    user = request.user
    is_mission = is_mission_officer(user, proposal)
    can_write = is_mission and item.is_open and proposal.status == ProposalStatus.IN_IMPLEMENTATION
    staff = can_see_internal(user)
    lines = list(proposal.budget_lines.all())
    spent = {s.budget_line_id: s.amount for s in item.spending.all()}
    form = review_form = None
    if request.method == "POST":
        if "review" in request.POST and staff:
            review_form = ReportReviewForm(request.POST)
            if review_form.is_valid():
                try:
                    report_review(
                        report=item,
                        user=user,
                        accept=review_form.cleaned_data["decision"] == "accept",
                        comment=review_form.cleaned_data["comment"],
                    )
                except ServiceError as exc:
                    messages.error(request, str(exc))
                else:
                    messages.success(request, _("Report reviewed."))
                return redirect(item)
        elif can_write:
            form = ReportForm(request.POST, instance=item, lines=lines)
            if form.is_valid():
                try:
                    report_submit(
                        report=item,
                        user=user,
                        narrative=form.cleaned_data["narrative"],
                        spending=form.spending(),
                    )
                except ServiceError as exc:
                    messages.error(request, str(exc))
                else:
                    messages.success(request, _("Report sent to the fund."))
                    return redirect(item)
        else:
            raise PermissionDenied
    if can_write and form is None:
        form = ReportForm(instance=item, lines=lines, spent=spent)
    if staff and review_form is None and item.status == "submitted":
        review_form = ReportReviewForm()
    rows = [(line, spent.get(line.pk)) for line in lines]
    return render(
        request,
        "fund/report_detail.html",
        {
            "proposal": proposal,
            "report": item,
            "form": form,
            "review_form": review_form,
            "rows": rows,
            "staff": staff,
        },
    )
