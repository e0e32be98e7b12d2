"""The document workflow, every state × action × role: what the table allows happens (one event row,
status moved), everything else is refused with nothing changed."""

import pytest
from django.contrib.auth.models import AnonymousUser

from clearinghouse.errors import TransitionNotAllowed
from clearinghouse.workflow import events_of
from library import services
from library.models import DocumentStatus
from library.workflow import Action

from .factories import DocumentFactory

pytestmark = pytest.mark.django_db

D, R, P, W = DocumentStatus.DRAFT, DocumentStatus.REVIEW, DocumentStatus.PUBLISHED, DocumentStatus.WITHDRAWN
# Written out by hand (not read from library.workflow), so a change of the table fails here.
ALLOWED = {
    (D, "submit"): R,
    (R, "return"): D,
    (D, "publish"): P,
    (R, "publish"): P,
    (P, "withdraw"): W,
    (W, "reinstate"): P,
}
CURATORS = {"curator", "superuser"}
ROLES = ["anonymous", "officer_a", "expert_user", "reviewer", "curator", "superuser"]


def _user(request, role):
    return AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", Action.values)
@pytest.mark.parametrize("state", DocumentStatus.values)
def test_every_state_action_and_role(request, state, action, role):
    document = DocumentFactory(status=state)
    user = _user(request, role)
    target = ALLOWED.get((state, action))
    if target and role in CURATORS:
        services.document_transition(user=user, document=document, action=action, reason="Outdated")
        document.refresh_from_db()
        assert document.status == target
        [event] = events_of(document)
        assert (event.from_state, event.to_state, event.action) == (state, target, action)
        assert event.actor_id == user.pk
    else:
        with pytest.raises(TransitionNotAllowed):
            services.document_transition(user=user, document=document, action=action)
        document.refresh_from_db()
        assert document.status == state
        assert not events_of(document).exists()


def test_first_publication_date_is_set_once_by_the_workflow(curator):
    document = DocumentFactory(status=D)
    assert document.first_published is None
    document.save()  # a plain save never stamps it
    document.refresh_from_db()
    assert document.first_published is None
    services.document_transition(user=curator, document=document, action="publish")
    document.refresh_from_db()
    first = document.first_published
    assert first is not None
    services.document_transition(user=curator, document=document, action="withdraw")
    services.document_transition(user=curator, document=document, action="reinstate")
    document.refresh_from_db()
    assert document.first_published == first
