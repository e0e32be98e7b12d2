"""Who may do what in the fund. Each predicate states its rule; views enforce them, services repeat
the rules that protect data. Another mission's objects are never found (404), not merely refused."""

from clearinghouse import roles

from .choices import EDITABLE_STATUSES


def can_use_fund_pages(user) -> bool:
    """Officers (of a mission) and the fund's staff have the private fund pages."""
    return roles.is_officer(user) or roles.is_staff_member(user)


def can_view_proposal(user, proposal) -> bool:
    """Staff see every proposal; an officer only their own mission's."""
    if roles.is_staff_member(user):
        return True
    return roles.is_officer(user) and user.organisation_id == proposal.mission_id


def can_create_proposal(user) -> bool:
    """Only officers draft proposals, always for their own mission."""
    return roles.is_officer(user)


def can_edit_proposal(user, proposal) -> bool:
    """The submitting mission edits while the proposal is a draft or a revision is requested."""
    return (
        roles.is_officer(user)
        and user.organisation_id == proposal.mission_id
        and proposal.status in EDITABLE_STATUSES
    )


def can_see_internal(user) -> bool:
    """Reviews, internal notes, versions and evaluations are for the fund's staff only."""
    return roles.is_staff_member(user)


def can_decide(user) -> bool:
    """Reviewers and curators take decisions (the transition table says on which states)."""
    return roles.is_staff_member(user)


def can_mark_sensitive(user) -> bool:
    """Only curators decide what the public must not see."""
    return roles.is_curator(user)
