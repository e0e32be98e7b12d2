"""The roster's two workflows, every state × action × role: what the table allows happens (status moved,
one workflow event row), everything else is refused with nothing changed."""

import pytest
from django.contrib.auth.models import AnonymousUser

from clearinghouse.errors import ServiceError, TransitionNotAllowed
from clearinghouse.workflow import events_of
from roster import services
from roster.choices import CandidateStatus, ExpertStatus
from roster.workflow import CandidateAction, ExpertAction

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
    (E.APPLIED, "activate"): E.ACTIVE,
    (E.ARCHIVED, "activate"): E.ACTIVE,
    (E.DECLINED, "activate"): E.ACTIVE,
    (E.APPLIED, "decline"): E.DECLINED,
    (E.ACTIVE, "decline"): E.DECLINED,
    (E.APPLIED, "archive"): E.ARCHIVED,
    (E.ACTIVE, "archive"): E.ARCHIVED,
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


@pytest.mark.parametrize("role", ["anonymous", "expert_user", "officer_a", "reviewer", "curator"])
@pytest.mark.parametrize("action", ExpertAction.values)
@pytest.mark.parametrize("state", [s for s in ExpertStatus.values if s != ExpertStatus.ERASED])
def test_expert_every_state_action_and_role(request, state, action, role):
    expert = make_expert(status=state, vetted=True)
    user = AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)
    target = EXPERT_ALLOWED.get((state, action))
    if target and role == "curator":
        services.expert_transition(expert=expert, user=user, action=action)
        expert.refresh_from_db()
        assert expert.status == target
        [event] = events_of(expert)
        assert (event.from_state, event.to_state, event.actor_id) == (state, target, user.pk)
    else:
        with pytest.raises(ServiceError):
            services.expert_transition(expert=expert, user=user, action=action)
        expert.refresh_from_db()
        assert expert.status == state
        assert not events_of(expert).exists()
