"""Publishing programmes, outlines and activities: every state × action × role through the one
service; the admin's actions use it (permission check, event row), its forms cannot set a status."""

import pytest
from django.contrib.auth.models import AnonymousUser

from clearinghouse.errors import TransitionNotAllowed
from clearinghouse.workflow import events_of
from programmes.models import Activity, Programme, ProjectOutline, PublicationStatus
from programmes.services.publication import publication_transition
from programmes.workflow import Action

pytestmark = pytest.mark.django_db

D, P = PublicationStatus.DRAFT, PublicationStatus.PUBLISHED
# Written out by hand (not read from programmes.workflow), so a change of the table fails here.
ALLOWED = {(D, "publish"): P, (P, "unpublish"): D}
ROLES = ["anonymous", "officer_a", "expert_user", "reviewer", "curator", "superuser"]
CURATORS = {"curator", "superuser"}


def make(kind: str, status: str):
    programme = Programme.objects.create(title="Programme", slug="programme", status=status)
    if kind == "programme":
        return programme
    if kind == "outline":
        return ProjectOutline.objects.create(
            programme=programme, title="Outline", slug="outline", status=status
        )
    return Activity.objects.create(title="Shelter network", status=status)


@pytest.mark.parametrize("kind", ["programme", "outline", "activity"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", Action.values)
@pytest.mark.parametrize("state", PublicationStatus.values)
def test_every_state_action_and_role(request, kind, state, action, role):
    record = make(kind, state)
    user = AnonymousUser() if role == "anonymous" else request.getfixturevalue(role)
    target = ALLOWED.get((state, action))
    if target and role in CURATORS:
        publication_transition(record=record, user=user, action=action)
        record.refresh_from_db()
        assert record.status == target
        [event] = events_of(record)
        assert (event.from_state, event.to_state, event.actor_id) == (state, target, user.pk)
    else:
        with pytest.raises(TransitionNotAllowed):
            publication_transition(record=record, user=user, action=action)
        record.refresh_from_db()
        assert record.status == state
        assert not events_of(record).exists()


def test_admin_action_publishes_through_the_service(client, curator):
    draft = make("programme", D)
    client.force_login(curator)
    response = client.post(
        "/admin/programmes/programme/",
        {"action": "publish_records", "_selected_action": [draft.pk]},
        follow=True,
    )
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.status == P
    [event] = events_of(draft)
    assert event.actor == curator and event.action == "publish"
    # Publishing again is refused by the table and reported, not forced.
    response = client.post(
        "/admin/programmes/programme/",
        {"action": "publish_records", "_selected_action": [draft.pk]},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        f"{draft}: “Publish” is not possible from the state “published”."
    ]
    assert events_of(draft).count() == 1


def test_admin_form_cannot_set_the_status(client, curator):
    client.force_login(curator)
    page = client.get(f"/admin/programmes/programme/{make('programme', D).pk}/change/")
    assert "status" not in page.context["adminform"].form.fields
