"""Attendees of a qualifying training are invited to the expert roster: the signed invitation fills
in the application and, once they apply, the training is on their profile as verified."""

import re
from urllib.parse import unquote

import pytest

from events.choices import EventStatus, RegistrationStatus
from events.models import Registration
from events.services import NotPermitted
from events.services.roster import event_invite_to_roster
from roster.models import Expert, VerifiedTraining
from tests.events.factories import make_event, make_registration
from tests.events.helpers import tree

pytestmark = pytest.mark.django_db
R = RegistrationStatus


@pytest.fixture
def training(db):
    return make_event(
        slug="media-training",
        title="Media training",
        status=EventStatus.HELD,
        days=-5,
        invites_to_roster=True,
    )


def invitation_link(mailbox) -> str:
    return re.search(r"http\S+/roster/apply/\?invitation=\S+", mailbox[-1].body).group(0)


def test_curators_invite_attendees_once(curator, training, mailbox, django_capture_on_commit_callbacks):
    attendee = make_registration(training, name="Came Along", status=R.ACCEPTED, attended=True)
    make_registration(training, name="Stayed Away", status=R.ACCEPTED, attended=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert event_invite_to_roster(event=training, user=curator) == 1
        assert event_invite_to_roster(event=training, user=curator) == 0
    assert [m.to for m in mailbox] == [["came.along@example.org"]]
    token = invitation_link(mailbox).split("invitation=")[1]
    assert Registration.objects.from_roster_invitation(unquote(token)) == attendee


def test_only_qualifying_held_trainings_and_only_curators(curator, reviewer):
    conference = make_event(slug="conf", kind="conference", status=EventStatus.HELD, days=-5)
    upcoming = make_event(slug="future-training", invites_to_roster=True)
    for event, user in (
        (conference, curator),
        (upcoming, curator),
        (make_event(slug="x", status="held", days=-1, invites_to_roster=True), reviewer),
    ):
        with pytest.raises(NotPermitted):
            event_invite_to_roster(event=event, user=user)


def test_altered_or_erased_invitations_name_nothing(training):
    attendee = make_registration(training, status=R.ACCEPTED, attended=True)
    token = attendee.roster_invitation_token()
    assert Registration.objects.from_roster_invitation(token) == attendee
    assert Registration.objects.from_roster_invitation(token[:-2] + "xx") is None
    assert Registration.objects.from_roster_invitation("") is None
    Registration.objects.filter(pk=attendee.pk).update(attended=False)
    assert Registration.objects.from_roster_invitation(token) is None


def test_a_guest_applies_with_the_invitation_and_finds_the_training(
    client, curator, training, mailbox, django_capture_on_commit_callbacks
):
    from clearinghouse.models import Country

    attendee = make_registration(
        training,
        name="Mirela Test",
        status=R.ACCEPTED,
        attended=True,
        organisation_name="Radio Test",
        country=Country.objects.get(iso2="BA"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        event_invite_to_roster(event=training, user=curator)
    link = invitation_link(mailbox)
    path = link[link.index("/roster/") :]
    # The invitation was e-mailed to the address it names: it leads straight to the confirmed form.
    response = client.get(path, follow=True)
    confirmed = response.redirect_chain[-1][0]
    assert confirmed.startswith("/roster/apply/") and "invitation=" in confirmed
    form = tree(response)
    assert form.xpath("//input[@name='full_name']/@value") == ["Mirela Test"]
    assert form.xpath("//input[@name='email']/@value") == [attendee.email]
    assert form.xpath("//input[@name='organisation_name']/@value") == ["Radio Test"]
    token = form.xpath("//input[@name='invitation']/@value")[0]
    data = {
        "username": "mirela",
        "password1": "a-long-enough-passphrase-42",
        "password2": "a-long-enough-passphrase-42",
        "full_name": "Mirela Test",
        "email": attendee.email,
        "years_experience": "5",
        "notice_days": "14",
        "consent": "on",
        "invitation": token,
    }
    for prefix in ("lang", "country", "window"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = client.post(confirmed, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    expert = Expert.objects.get(email=attendee.email)
    training_row = VerifiedTraining.objects.get(expert=expert)
    assert training_row.event == training and training_row.title == "Media training"
    page = tree(client.get("/roster/me/"))
    assert "Media training" in page.xpath("string(//dd[@class='verified-trainings'])")


def test_an_existing_expert_follows_the_invitation(client, expert_user, training):
    from tests.roster.factories import make_expert

    expert = make_expert("Existing Expert", user=expert_user)
    attendee = make_registration(training, status=R.ACCEPTED, attended=True, email=expert.email)
    client.force_login(expert_user)
    response = client.get(f"/roster/apply/?invitation={attendee.roster_invitation_token()}")
    assert response.status_code == 302
    assert VerifiedTraining.objects.filter(expert=expert, event=training).count() == 1
    client.get("/roster/apply/?invitation=forged")
    assert VerifiedTraining.objects.count() == 1


def test_a_guest_whose_address_has_a_profile_signs_in_first(client, expert_user, training):
    """The invitation names an address already on the roster: sign in, then the training is recorded."""
    from tests.roster.factories import make_expert

    expert = make_expert("Existing Expert", user=expert_user)
    attendee = make_registration(training, status=R.ACCEPTED, attended=True, email=expert.email)
    token = attendee.roster_invitation_token()
    response = client.get(f"/roster/apply/?invitation={token}")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not VerifiedTraining.objects.exists()
    client.force_login(expert_user)
    client.get(f"/roster/apply/?invitation={token}")
    assert VerifiedTraining.objects.filter(expert=expert, event=training).count() == 1


def test_a_forged_invitation_leads_a_guest_to_the_email_step(client):
    response = client.get("/roster/apply/?invitation=forged")
    assert response.status_code == 200
    assert tree(response).xpath("//input[@name='email']") and not VerifiedTraining.objects.exists()
