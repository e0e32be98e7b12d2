"""The roster's three workflows, every state × action × role: what the table allows happens (status moved,
one workflow event row), everything else is refused with nothing changed."""

import pytest
from django.contrib.auth.models import AnonymousUser

from clearinghouse.errors import ServiceError, TransitionNotAllowed
from clearinghouse.workflow import events_of
from roster import services
from roster.choices import CandidateStatus, ExpertStatus, RequestStatus
from roster.models import Expert, ExpertRequest
from roster.workflow import CandidateAction, ExpertAction, RequestAction

from .factories import make_candidate, make_expert, make_request

pytestmark = pytest.mark.django_db

C = CandidateStatus
# Written out by hand (not read from roster.workflow), so a change of the table fails here.
CANDIDATE_ALLOWED = {
    (C.SHORTLISTED, "invite"): (C.INVITED, "staff"),
    (C.INVITED, "accept"): (C.ACCEPTED, "own expert"),
    (C.INVITED, "decline"): (C.DECLINED, "own expert"),
    (C.ACCEPTED, "decline"): (C.DECLINED, "own expert"),
    (C.ACCEPTED, "release"): (C.RELEASED, "staff"),
    (C.SHORTLISTED, "withdraw"): (C.WITHDRAWN, "staff"),
    (C.INVITED, "withdraw"): (C.WITHDRAWN, "staff"),
    (C.ACCEPTED, "withdraw"): (C.WITHDRAWN, "staff"),
    (C.RELEASED, "deploy"): (C.DEPLOYED, "staff"),
}
E = ExpertStatus
EXPERT_ALLOWED = {
    (E.APPLIED, "activate"): (E.ACTIVE, "staff"),
    (E.ARCHIVED, "activate"): (E.ACTIVE, "staff"),
    (E.DECLINED, "activate"): (E.ACTIVE, "staff"),
    (E.APPLIED, "decline"): (E.DECLINED, "staff"),
    (E.ACTIVE, "decline"): (E.DECLINED, "staff"),
    (E.APPLIED, "archive"): (E.ARCHIVED, "staff or system"),
    (E.ACTIVE, "archive"): (E.ARCHIVED, "staff or system"),
    (E.ARCHIVED, "return"): (E.ACTIVE, "own expert"),
    (E.APPLIED, "erase"): (E.ERASED, "staff or own expert"),
    (E.ACTIVE, "erase"): (E.ERASED, "staff or own expert"),
    (E.DECLINED, "erase"): (E.ERASED, "staff or own expert"),
    (E.ARCHIVED, "erase"): (E.ERASED, "staff or own expert"),
}
Q = RequestStatus
REQUEST_ALLOWED = {
    (Q.OPEN, "fill"): Q.FILLED,
    (Q.OPEN, "close"): Q.CLOSED,
    (Q.FILLED, "reopen"): Q.OPEN,
    (Q.FILLED, "close"): Q.CLOSED,
    (Q.CLOSED, "reopen"): Q.OPEN,
    (Q.CLOSED, "fill"): Q.FILLED,
}
ROLES = ["anonymous", "own_expert", "other_expert", "officer_a", "reviewer", "curator", "superuser"]
STAFF = {"curator", "superuser"}


def _user(request, role, own):
    if role == "anonymous":
        return AnonymousUser()
    if role == "own_expert":
        return own
    if role == "other_expert":
        return request.getfixturevalue("expert_user")
    return request.getfixturevalue(role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", CandidateAction.values)
@pytest.mark.parametrize("state", CandidateStatus.values)
def test_candidate_every_state_action_and_role(request, state, action, role, django_user_model):
    own = django_user_model.objects.create_user("candidate-expert")
    candidate = make_candidate(make_request(), make_expert(user=own), status=state)
    user = _user(request, role, own)
    allowed = CANDIDATE_ALLOWED.get((state, action))
    may = allowed and (
        (allowed[1] == "staff" and role in STAFF) or (allowed[1] == "own expert" and role == "own_expert")
    )
    if may:
        services.candidate_transition(candidate=candidate, user=user, action=action)
        candidate.refresh_from_db()
        assert candidate.status == allowed[0]
        [event] = events_of(candidate)
        assert (event.from_state, event.to_state, event.action, event.actor_id) == (
            state,
            allowed[0],
            action,
            user.pk,
        )
    else:
        with pytest.raises(TransitionNotAllowed):
            services.candidate_transition(candidate=candidate, user=user, action=action)
        candidate.refresh_from_db()
        assert candidate.status == state
        assert not events_of(candidate).exists()


def _may(who: str, role: str) -> bool:
    """Whether `role` is among the holders the table row names ("staff or own expert", ...)."""
    holders = set(who.split(" or "))
    return (role in STAFF and "staff" in holders) or (role == "own_expert" and "own expert" in holders)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ExpertAction.values)
@pytest.mark.parametrize("state", ExpertStatus.values)
def test_expert_every_state_action_and_role(request, state, action, role, django_user_model):
    own = django_user_model.objects.create_user("profile-owner")
    expert = make_expert(user=own, status=state, vetted=True)
    user = _user(request, role, own)
    allowed = EXPERT_ALLOWED.get((state, action))
    if allowed and _may(allowed[1], role):
        services.expert_transition(expert=expert, user=user, action=action)
        expert.refresh_from_db()
        assert expert.status == allowed[0]
        [event] = events_of(expert)
        assert (event.from_state, event.to_state, event.action, event.actor_id) == (
            state,
            allowed[0],
            action,
            user.pk,
        )
    else:
        with pytest.raises(ServiceError):
            services.expert_transition(expert=expert, user=user, action=action)
        expert.refresh_from_db()
        assert expert.status == state
        assert not events_of(expert).exists()


@pytest.mark.parametrize("action", ExpertAction.values)
@pytest.mark.parametrize("state", ExpertStatus.values)
def test_expert_every_state_and_action_of_the_retention_job(state, action):
    """The system actor (the retention job) may only archive, and is recorded with no user."""
    expert = make_expert(status=state, vetted=True)
    allowed = EXPERT_ALLOWED.get((state, action))
    if allowed and "system" in allowed[1]:
        services.expert_transition(expert=expert, user=None, action=action, system=True)
        assert Expert.objects.get(pk=expert.pk).status == allowed[0]
        [event] = events_of(expert)
        assert (event.from_state, event.to_state, event.actor_id) == (state, allowed[0], None)
    else:
        with pytest.raises(TransitionNotAllowed):
            services.expert_transition(expert=expert, user=None, action=action, system=True)
        assert Expert.objects.get(pk=expert.pk).status == state
        assert not events_of(expert).exists()


def test_returning_from_the_archive_needs_the_whole_vetting_checklist(django_user_model):
    own = django_user_model.objects.create_user("unvetted-owner")
    expert = make_expert(user=own, status=ExpertStatus.ARCHIVED, vetted=False)
    with pytest.raises(ServiceError, match="vetting checklist"):
        services.expert_transition(expert=expert, user=own, action="return")
    assert Expert.objects.get(pk=expert.pk).status == ExpertStatus.ARCHIVED
    services.expert_confirm(expert=expert, user=own)  # confirming keeps it archived, without error
    assert Expert.objects.get(pk=expert.pk).status == ExpertStatus.ARCHIVED
    assert not events_of(expert).exists()


@pytest.mark.parametrize(
    "role", ["anonymous", "expert_user", "officer_a", "reviewer", "curator", "superuser"]
)
@pytest.mark.parametrize("action", RequestAction.values)
@pytest.mark.parametrize("state", RequestStatus.values)
def test_request_every_state_action_and_role(request, state, action, role):
    req = make_request()
    ExpertRequest.objects.filter(pk=req.pk).update(status=state)
    req.refresh_from_db()
    user = AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)
    target = REQUEST_ALLOWED.get((state, action))
    if target and role in STAFF:
        services.request_transition(request=req, user=user, action=action)
        req.refresh_from_db()
        assert req.status == target
        [event] = events_of(req)
        assert (event.from_state, event.to_state, event.action, event.actor_id) == (
            state,
            target,
            action,
            user.pk,
        )
    else:
        with pytest.raises(TransitionNotAllowed):
            services.request_transition(request=req, user=user, action=action)
        req.refresh_from_db()
        assert req.status == state
        assert not events_of(req).exists()


def test_choosing_a_request_status_takes_the_table_s_action(curator):
    req = make_request()
    services.request_set_status(request=req, user=curator, status=RequestStatus.OPEN)  # unchanged: no event
    assert not events_of(req).exists()
    services.request_set_status(request=req, user=curator, status=RequestStatus.CLOSED)
    services.request_set_status(request=req, user=curator, status=RequestStatus.OPEN)
    assert [(e.action, e.to_state) for e in events_of(req)] == [("close", "closed"), ("reopen", "open")]
