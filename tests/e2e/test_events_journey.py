"""Acceptance 2, the events pillar end to end in a browser: a guest registers for a training, staff
accept, the training is held and attendance recorded, the participant gives feedback, downloads the
certificate, accepts the invitation to the expert roster and finds the training on their profile.
A second guest on the wait list moves up when another withdraws."""

import re

import pytest
from django.core import mail

from clearinghouse import roles
from events.choices import RegistrationStatus
from events.models import Registration
from roster.models import VerifiedTraining
from tests.events.factories import make_event
from tests.factories import PASSWORD, UserFactory

from .conftest import sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def journey(live, media_root):
    curator = UserFactory(username="events-curator", role=roles.CURATOR, is_staff=True)
    event = make_event(
        slug="journey-training",
        title="Training for journalists on reporting on trafficking",
        capacity=2,
        invites_to_roster=True,
        city="Sarajevo",
        time_zone="Europe/Sarajevo",
    )
    return {"site": live.url, "curator": curator, "event": event}


def register(page, site, a11y, *, name: str, email: str, check: bool = False) -> str:
    """A guest registers from the list; returns their private link."""
    page.goto(site + "/events/")
    if check:
        a11y.check(page, "events-list")
    page.get_by_role("link", name="Training for journalists on reporting on trafficking").first.click()
    page.wait_for_url(re.compile(r"/events/journey-training/$"))
    if check:
        a11y.check(page, "events-detail")
    page.get_by_role("link", name="Register", exact=True).click()
    if check:
        a11y.check(page, "events-register")
    page.locator("#id_full_name").fill(name)
    page.locator("#id_email").fill(email)
    page.locator("#id_organisation_name").fill("Radio Example")
    page.locator("#id_share_organisation").check()
    page.locator("#id_consent").check()
    page.get_by_role("button", name="Register").click()
    page.wait_for_url(re.compile(r"/events/registrations/[\w-]+/$"))
    assert "Awaiting a decision" in page.locator(".registration-status").inner_text()
    if check:
        a11y.check(page, "events-registration")
    return page.url


def decide(page, registration: Registration, label: str) -> None:
    page.get_by_role("button", name=f"{label}: #{registration.pk}").click()
    page.wait_for_load_state()


def test_guest_to_roster_and_the_wait_list(journey, pages, a11y):
    site = journey["site"]
    guest, second, third, staff = pages(), pages(), pages(javascript=False), pages()

    link_a = register(guest, site, a11y, name="Mirela Journeyova", email="mirela@example.net", check=True)
    link_b = register(second, site, a11y, name="Boris Waitlistov", email="boris@example.net")
    link_c = register(third, site, a11y, name="Clara Withdrawer", email="clara@example.net")
    a, b, c = (
        Registration.objects.get(email=e)
        for e in ("mirela@example.net", "boris@example.net", "clara@example.net")
    )

    sign_in(staff, site, journey["curator"], next_path="/events/journey-training/manage/")
    a11y.check(staff, "events-manage")
    decide(staff, a, "Accept")
    decide(staff, c, "Accept")
    decide(staff, b, "Put on the wait list")
    assert [r.status for r in Registration.objects.order_by("pk")] == ["accepted", "wait_listed", "accepted"]

    # The third guest withdraws (without JavaScript): the second moves up from the wait list.
    third.goto(link_c)
    third.get_by_role("button", name="Withdraw my registration").click()
    third.wait_for_url(link_c)
    assert "Withdrawn" in third.locator(".registration-status").inner_text()
    second.goto(link_b)
    assert "Accepted" in second.locator(".registration-status").inner_text()
    assert any("place has become free" in m.body for m in mail.outbox if m.to == ["boris@example.net"])

    # The training is held; staff record attendance and invite the attendees to the roster.
    staff.goto(site + "/events/journey-training/manage/")
    staff.get_by_role("button", name="Mark as held").click()
    staff.wait_for_load_state()
    staff.get_by_label("Mirela Journeyova").check()
    staff.get_by_role("button", name="Record attendance").click()
    staff.wait_for_load_state()
    assert Registration.objects.get(pk=a.pk).attended is True
    staff.get_by_role("button", name="Invite the attendees to the expert roster").click()
    staff.wait_for_load_state()
    a11y.check(staff)

    # The participant gives feedback and downloads the certificate.
    guest.goto(link_a)
    guest.get_by_role("link", name="Give your feedback").click()
    a11y.check(guest, "events-feedback")
    guest.locator("#id_overall_4").check()
    guest.locator("#id_content_3").check()
    guest.locator("#id_organisation_4").check()
    guest.get_by_label("Comments").fill("Practical and well organised.")
    guest.get_by_role("button", name="Send feedback").click()
    guest.wait_for_url(link_a)
    assert guest.get_by_text("Thank you for your feedback.").is_visible()
    with guest.expect_download() as download:
        guest.get_by_role("link", name=re.compile("certificate of attendance")).click()
    assert download.value.suggested_filename == "certificate-journey-training.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    # The invitation to the roster: details filled in, the training verified on the profile.
    invitation = next(m for m in mail.outbox if m.to == ["mirela@example.net"] and "roster" in m.subject)
    url = re.search(r"http\S+/roster/apply/\?invitation=\S+", invitation.body).group(0)
    guest.goto(site + url[url.index("/roster/") :])
    assert guest.locator("#id_full_name").input_value() == "Mirela Journeyova"
    assert guest.locator("#id_email").input_value() == "mirela@example.net"
    a11y.check(guest, "events-roster-apply")
    guest.locator("#id_username").fill("mirela")
    guest.locator("#id_password1").fill(PASSWORD)
    guest.locator("#id_password2").fill(PASSWORD)
    guest.locator("#id_years_experience").fill("6")
    guest.locator("#id_consent").check()
    guest.get_by_role("button", name="Apply").click()
    guest.wait_for_url(site + "/roster/me/")
    trainings = guest.locator("dd.verified-trainings").inner_text()
    assert "Training for journalists on reporting on trafficking" in trainings and "verified" in trainings
    assert VerifiedTraining.objects.get().event == journey["event"]
    assert Registration.objects.get(pk=b.pk).status == RegistrationStatus.ACCEPTED
