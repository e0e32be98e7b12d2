"""Who may do what in the fund. Each predicate states its rule; views enforce them, services repeat
the rules that protect data. Another mission's objects are never found (404), not merely refused."""

from clearinghouse import roles

from .choices import EDITABLE_STATUSES
from .workflow import TABLE, Actor


def can_use_fund_pages(user) -> bool:
    """Officers (of a mission) and the fund's staff have the private fund pages."""
    return roles.is_officer(user) or roles.is_staff_member(user)


def is_mission_officer(user, proposal) -> bool:
    """An officer of the proposal's own field mission (never of another mission). Every rule that
    speaks of "the mission" of a proposal uses this one."""
    return roles.is_officer(user) and user.organisation_id == proposal.mission_id


def can_view_proposal(user, proposal) -> bool:
    """Staff see every proposal; an officer only their own mission's."""
    return roles.is_staff_member(user) or is_mission_officer(user, proposal)


def can_create_proposal(user) -> bool:
    """Only officers draft proposals, always for their own mission."""
    return roles.is_officer(user)


def can_edit_proposal(user, proposal) -> bool:
    """The submitting mission edits while the proposal is a draft or a revision is requested."""
    return is_mission_officer(user, proposal) and proposal.status in EDITABLE_STATUSES


def can_see_internal(user) -> bool:
    """Reviews, internal notes, versions and evaluations are for the fund's staff only."""
    return roles.is_staff_member(user)


def can_decide(user) -> bool:
    """Reviewers and curators take decisions (the transition table says on which states)."""
    return roles.is_staff_member(user)


def can_mark_sensitive(user) -> bool:
    """Only curators decide what the public must not see."""
    return roles.is_curator(user)


def can_review(user, proposal) -> bool:
    """Reviewers and curators may review, unless they belong to the submitting mission."""
    if not (roles.is_reviewer(user) or roles.is_curator(user)):
        return False
    return user.organisation_id is None or user.organisation_id != proposal.mission_id


def actor_roles(user, proposal) -> frozenset:
    """The workflow roles `user` holds for this proposal (fund.workflow.Actor)."""
    found = set()
    if is_mission_officer(user, proposal):
        found.add(Actor.MISSION)
    if roles.is_reviewer(user):
        found.add(Actor.REVIEWER)
    if roles.is_curator(user):
        found.add(Actor.CURATOR)
    return frozenset(found)


def allowed_actions(user, proposal) -> list[str]:
    """Actions the user may take now, in table order (for buttons on the proposal page)."""
    return TABLE.allowed_actions(state=proposal.status, roles=actor_roles(user, proposal))
