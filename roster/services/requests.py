"""Requests from the field, shortlists, invitations, deployments and evaluations.

A request's status changes only in `request_transition`, by roster.workflow.REQUEST_TABLE, and a
candidate's only in `candidate_transition`, by roster.workflow.CANDIDATE_TABLE.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clearinghouse import roles
from clearinghouse.errors import NotPermitted
from clearinghouse.workflow import record_event

from .. import matching
from ..choices import CandidateStatus, RequestStatus
from ..errors import RosterError
from ..models import Candidate, Deployment, Evaluation, ExpertRequest, RequestLanguage
from ..permissions import can_evaluate, can_file_request, candidate_actor_roles, request_actor_roles
from ..workflow import CANDIDATE_TABLE, REQUEST_ACTION_TO, REQUEST_TABLE, CandidateAction, RequestAction
from .experts import _notify


@transaction.atomic
def request_file(
    *,
    user,
    mission,
    fields: dict,
    languages: list[tuple[str, int]],
    required_themes,
    desirable_themes,
) -> ExpertRequest:
    """An officer files for their own mission; a curator for any field mission."""
    if not can_file_request(user):
        raise NotPermitted
    if roles.is_officer(user) and not roles.is_curator(user) and mission.pk != user.organisation_id:
        raise NotPermitted
    req = ExpertRequest.objects.create(mission=mission, filed_by=user, **fields)
    req.required_themes.set(required_themes)
    req.desirable_themes.set(desirable_themes)
    RequestLanguage.objects.bulk_create(
        [
            RequestLanguage(request=req, language=code, min_level=level)
            for code, level in dict(languages).items()
        ]
    )
    return req


def request_set_weights(*, request: ExpertRequest, user, weights: dict[str, int]) -> ExpertRequest:
    if not roles.is_curator(user):
        raise NotPermitted
    request.weights = matching.merged_weights(weights)
    request.weights_changed_by = user
    request.weights_changed_at = timezone.now()
    request.save(update_fields=["weights", "weights_changed_by", "weights_changed_at", "updated_at"])
    return request


def request_set_status(*, request: ExpertRequest, user, status: str) -> ExpertRequest:
    """Roster staff choose a status on the request page: the table's action that leads there (the
    status it already has changes nothing)."""
    if not roles.is_curator(user):
        raise NotPermitted
    if status not in RequestStatus.values:
        raise RosterError(_("Unknown status."))
    if status == request.status:
        return request
    return request_transition(request=request, user=user, action=REQUEST_ACTION_TO[status])


def request_transition(*, request: ExpertRequest, user, action: str) -> ExpertRequest:
    """Moves a request by roster.workflow.REQUEST_TABLE, or raises TransitionNotAllowed and changes
    nothing. Locks the row and records one workflow event."""
    label = RequestAction(action).label if action in RequestAction.values else action
    with transaction.atomic():
        locked = ExpertRequest.objects.select_for_update().get(pk=request.pk)
        move = REQUEST_TABLE.check(
            state=locked.status,
            action=action,
            roles=request_actor_roles(user, locked),
            action_label=label,
            state_label=locked.get_status_display().lower(),
        )
        from_state = locked.status
        locked.status = move.to
        locked.save(update_fields=["status", "updated_at"])
        record_event(locked, action=action, from_state=from_state, to_state=move.to, user=user)
    request.status, request.updated_at = locked.status, locked.updated_at
    return request


@transaction.atomic
def shortlist_add(*, request: ExpertRequest, user, expert_ids, today: date | None = None) -> list[Candidate]:
    """Scores the chosen experts with the request's current weights and saves the score, the
    per-factor reasons and the weights with each new shortlist entry."""
    if not roles.is_curator(user):
        raise NotPermitted
    if request.status != RequestStatus.OPEN:
        raise RosterError(_("Only open requests can be shortlisted."))
    criteria = matching.Criteria.from_request(request)
    result = matching.match(
        criteria, today=today, expert_ids=expert_ids, limit=len(expert_ids), near_limit=len(expert_ids)
    )
    existing = set(request.candidates.values_list("expert_id", flat=True))
    created = []
    for m in result.candidates + result.near_misses:
        if m.expert_id in existing:
            continue
        created.append(
            Candidate.objects.create(
                request=request,
                expert_id=m.expert_id,
                score=m.score,
                reasons=m.reasons,
                near_miss=m.near_miss,
                weights=result.weights,
                shortlisted_by=user,
            )
        )
    return created


def candidate_transition(*, candidate: Candidate, user, action: str) -> Candidate:
    """Moves a candidate by the table, or raises TransitionNotAllowed and changes nothing. Locks the
    row, records one workflow event, and mails the expert (invitation) or the mission (release)
    after the commit."""
    label = CandidateAction(action).label if action in CandidateAction.values else action
    with transaction.atomic():
        locked = (
            Candidate.objects.select_for_update().select_related("expert", "request").get(pk=candidate.pk)
        )
        move = CANDIDATE_TABLE.check(
            state=locked.status,
            action=action,
            roles=candidate_actor_roles(user, locked),
            action_label=label,
            state_label=locked.get_status_display().lower(),
        )
        from_state = locked.status
        now = timezone.now()
        locked.status = move.to
        if action == CandidateAction.INVITE:
            locked.invited_at = now
        elif action in (CandidateAction.ACCEPT, CandidateAction.DECLINE):
            locked.responded_at = now
        elif action == CandidateAction.RELEASE:
            locked.released_at, locked.released_by = now, user
        locked.save()
        record_event(locked, action=action, from_state=from_state, to_state=move.to, user=user)
        _notify_candidate(locked, action)
    for name in ("status", "invited_at", "responded_at", "released_at", "released_by"):
        setattr(candidate, name, getattr(locked, name))
    return candidate


def _notify_candidate(candidate: Candidate, action: str) -> None:
    site = settings.SITE_URL.rstrip("/")
    if action == CandidateAction.INVITE:
        _notify(
            _("Invitation: %(title)s") % {"title": candidate.request.title},
            _(
                "Roster staff propose you for a request from %(mission)s (%(start)s – %(end)s). "
                "Please read the terms of reference and accept or decline: %(url)s"
            )
            % {
                "mission": candidate.request.mission,
                "start": candidate.request.starts_on,
                "end": candidate.request.ends_on,
                "url": site + reverse("roster:me"),
            },
            [candidate.expert.email],
        )
    elif action == CandidateAction.RELEASE:
        officers = candidate.request.mission.members.filter(groups__name=roles.OFFICER, is_active=True)
        _notify(
            _("Expert released for %(title)s") % {"title": candidate.request.title},
            _("An expert accepted your request and roster staff released their name: %(url)s")
            % {"url": site + candidate.request.get_absolute_url()},
            list(officers.values_list("email", flat=True)),
        )


@transaction.atomic
def deployment_create(*, candidate: Candidate, user, starts_on: date, ends_on: date) -> Deployment:
    """Deploys a released candidate (the workflow's "deploy" step) and fills an open request."""
    if not roles.is_curator(user):
        raise NotPermitted
    if ends_on < starts_on:
        raise RosterError(_("The deployment cannot end before it starts."))
    if candidate.status != CandidateStatus.RELEASED:
        raise RosterError(_("Only a released candidate can be deployed."))
    candidate_transition(candidate=candidate, user=user, action=CandidateAction.DEPLOY)
    deployment = Deployment.objects.create(
        candidate=candidate, starts_on=starts_on, ends_on=ends_on, created_by=user
    )
    request = candidate.request
    if request.status == RequestStatus.OPEN:
        request_transition(request=request, user=user, action=RequestAction.FILL)
    return deployment


def evaluation_submit(
    *, deployment: Deployment, user, scores: dict[str, int], recommendation: str, comment: str
) -> Evaluation:
    if not can_evaluate(user, deployment):
        raise NotPermitted
    overall = sum(scores.values()) / len(scores)
    evaluation = Evaluation.objects.create(
        deployment=deployment,
        overall=overall,
        recommendation=recommendation,
        comment=comment,
        evaluated_by=user,
        **scores,
    )
    expert = deployment.candidate.expert
    _notify(
        _("Your deployment has been evaluated"),
        _("The mission has evaluated your deployment. You can read it and answer: %(url)s")
        % {"url": settings.SITE_URL.rstrip("/") + reverse("roster:me")},
        [expert.email],
    )
    return evaluation


def evaluation_respond(*, evaluation: Evaluation, user, text: str) -> Evaluation:
    """The evaluated expert answers once; the answer is shown with the evaluation."""
    if evaluation.deployment.candidate.expert.user_id != user.pk:
        raise NotPermitted
    if evaluation.responded_at:
        raise RosterError(_("You have already answered this evaluation."))
    evaluation.expert_response = text
    evaluation.responded_at = timezone.now()
    evaluation.save(update_fields=["expert_response", "responded_at"])
    return evaluation
