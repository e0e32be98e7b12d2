"""Requests from the field, shortlists, invitations, deployments and evaluations.

Candidate transitions live in one table: action -> (from statuses, to status, who may act).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from clearinghouse import roles

from .. import matching
from ..choices import CandidateStatus, RequestStatus
from ..models import Candidate, Deployment, Evaluation, ExpertRequest, RequestLanguage
from ..permissions import can_evaluate, can_file_request
from .experts import _notify

S = CandidateStatus


def _is_candidate_expert(user, candidate: Candidate) -> bool:
    return candidate.expert.user_id is not None and candidate.expert.user_id == user.pk


# action -> (allowed from, to, who may act)
CANDIDATE_TRANSITIONS = {
    "invite": ((S.SHORTLISTED,), S.INVITED, lambda user, c: roles.is_curator(user)),
    "accept": ((S.INVITED,), S.ACCEPTED, _is_candidate_expert),
    "decline": ((S.INVITED, S.ACCEPTED), S.DECLINED, _is_candidate_expert),
    "release": ((S.ACCEPTED,), S.RELEASED, lambda user, c: roles.is_curator(user)),
    "withdraw": ((S.SHORTLISTED, S.INVITED, S.ACCEPTED), S.WITHDRAWN, lambda user, c: roles.is_curator(user)),
}


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
        raise PermissionDenied
    if roles.is_officer(user) and not roles.is_curator(user) and mission.pk != user.organisation_id:
        raise PermissionDenied
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
        raise PermissionDenied
    request.weights = matching.merged_weights(weights)
    request.weights_changed_by = user
    request.weights_changed_at = timezone.now()
    request.save(update_fields=["weights", "weights_changed_by", "weights_changed_at", "updated_at"])
    return request


def request_set_status(*, request: ExpertRequest, user, status: str) -> ExpertRequest:
    if not roles.is_curator(user):
        raise PermissionDenied
    if status not in RequestStatus.values:
        raise ValidationError(_("Unknown status."))
    request.status = status
    request.save(update_fields=["status", "updated_at"])
    return request


@transaction.atomic
def shortlist_add(*, request: ExpertRequest, user, expert_ids, today: date | None = None) -> list[Candidate]:
    """Scores the chosen experts with the request's current weights and saves the score, the
    per-factor reasons and the weights with each new shortlist entry."""
    if not roles.is_curator(user):
        raise PermissionDenied
    if request.status != RequestStatus.OPEN:
        raise ValidationError(_("Only open requests can be shortlisted."))
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
    if action not in CANDIDATE_TRANSITIONS:
        raise ValidationError(_("Unknown action."))
    allowed_from, target, who = CANDIDATE_TRANSITIONS[action]
    if not who(user, candidate):
        raise PermissionDenied
    if candidate.status not in allowed_from:
        raise ValidationError(_("This step is not possible from the candidate's current status."))
    now = timezone.now()
    candidate.status = target
    if action == "invite":
        candidate.invited_at = now
    elif action in ("accept", "decline"):
        candidate.responded_at = now
    elif action == "release":
        candidate.released_at, candidate.released_by = now, user
    candidate.save()
    site = settings.SITE_URL.rstrip("/")
    if action == "invite":
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
    elif action == "release":
        officers = candidate.request.mission.members.filter(groups__name=roles.OFFICER, is_active=True)
        _notify(
            _("Expert released for %(title)s") % {"title": candidate.request.title},
            _("An expert accepted your request and roster staff released their name: %(url)s")
            % {"url": site + candidate.request.get_absolute_url()},
            list(officers.values_list("email", flat=True)),
        )
    return candidate


@transaction.atomic
def deployment_create(*, candidate: Candidate, user, starts_on: date, ends_on: date) -> Deployment:
    if not roles.is_curator(user):
        raise PermissionDenied
    if candidate.status != S.RELEASED:
        raise ValidationError(_("Only a released candidate can be deployed."))
    if ends_on < starts_on:
        raise ValidationError(_("The deployment cannot end before it starts."))
    deployment = Deployment.objects.create(
        candidate=candidate, starts_on=starts_on, ends_on=ends_on, created_by=user
    )
    candidate.status = S.DEPLOYED
    candidate.save(update_fields=["status"])
    request = candidate.request
    if request.status == RequestStatus.OPEN:
        request.status = RequestStatus.FILLED
        request.save(update_fields=["status", "updated_at"])
    return deployment


def evaluation_submit(
    *, deployment: Deployment, user, scores: dict[str, int], recommendation: str, comment: str
) -> Evaluation:
    if not can_evaluate(user, deployment):
        raise PermissionDenied
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
        raise PermissionDenied
    if evaluation.responded_at:
        raise ValidationError(_("You have already answered this evaluation."))
    evaluation.expert_response = text
    evaluation.responded_at = timezone.now()
    evaluation.save(update_fields=["expert_response", "responded_at"])
    return evaluation
