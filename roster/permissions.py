"""Who may do what in the roster. Roster data is for curators (roster staff) only; an expert sees
their own profile; an officer sees their own mission's requests, with anonymised candidates until
the expert accepts and staff release the name."""

from django.utils import timezone

from clearinghouse import roles

from .choices import CandidateStatus
from .workflow import Actor


def can_manage_roster(user) -> bool:
    """Curators (roster staff) see and vet every profile, match, shortlist and deploy."""
    return roles.is_curator(user)


def expert_actor_roles(user, expert) -> frozenset:
    """The workflow roles `user` holds for an expert's profile (roster.workflow.EXPERT_TABLE): roster
    staff, and the profile's own expert (their account, never another expert's). Never SYSTEM: only
    the retention job's service passes that."""
    found = set()
    if can_manage_roster(user):
        found.add(Actor.CURATOR)
    user_id = getattr(user, "pk", None)
    if user_id is not None and expert.user_id == user_id:
        found.add(Actor.EXPERT)
    return frozenset(found)


def request_actor_roles(user, request=None) -> frozenset:
    """The workflow roles `user` holds for a request from the field (roster.workflow.REQUEST_TABLE)."""
    return frozenset({Actor.CURATOR}) if can_manage_roster(user) else frozenset()


def candidate_actor_roles(user, candidate) -> frozenset:
    """The workflow roles `user` holds for a candidate (roster.workflow.CANDIDATE_TABLE): roster staff,
    and the candidate's own expert (their account, never another expert's)."""
    found = set()
    if can_manage_roster(user):
        found.add(Actor.CURATOR)
    user_id = getattr(user, "pk", None)
    if user_id is not None and candidate.expert.user_id == user_id:
        found.add(Actor.EXPERT)
    return frozenset(found)


def may_apply(user) -> bool:
    """Anyone may apply to the roster except office staff (curators, fund reviewers, staff assessors)
    and field-mission officers: the roster keeps the accounts of those who choose experts apart from
    experts' own."""
    return not (roles.is_staff_member(user) or roles.is_assessor(user) or roles.is_officer(user))


def can_file_request(user) -> bool:
    """Field-mission officers (for their mission) and curators (for any mission) file requests."""
    return roles.is_curator(user) or roles.is_officer(user)


def can_view_request(user, request) -> bool:
    """Curators see every request; officers only their own mission's."""
    if roles.is_curator(user):
        return True
    return roles.is_officer(user) and request.mission_id == user.organisation_id


def can_see_identity(user, candidate) -> bool:
    """Names reach the mission only once the expert accepted and staff released them."""
    if roles.is_curator(user):
        return True
    return can_view_request(user, candidate.request) and candidate.status in (
        CandidateStatus.RELEASED,
        CandidateStatus.DEPLOYED,
    )


def can_evaluate(user, deployment) -> bool:
    """The requesting mission's officers (or curators) evaluate once the deployment has ended,
    and only once."""
    if hasattr(deployment, "evaluation"):  # one evaluation per deployment
        return False
    if deployment.ends_on > timezone.localdate():
        return False
    return roles.is_curator(user) or (
        roles.is_officer(user) and deployment.candidate.request.mission_id == user.organisation_id
    )
