"""Two-factor authentication through the real pages: a session is verified or not, and a user with a
confirmed device (staff or not) reaches nothing but sign-out and the code page until it is.
Issue 13, findings 1 and 4."""

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from lxml import html

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def current_code(device: TOTPDevice) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def main_text(response) -> str:
    return " ".join(html.fromstring(response.content).xpath("//main")[0].text_content().split())


@pytest.fixture
def two_factor_on(settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def sign_in(client, username: str):
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, "the password was refused"
    return response


def sent_to_code_page(response) -> bool:
    return response.status_code == 302 and response.headers["Location"].startswith("/accounts/two-factor/?")


def test_enrolling_a_new_device_does_not_bypass_the_code(client, curator, two_factor_on):
    """Finding 1: the password alone, then the set-up page with next=/admin/."""
    phone = TOTPDevice.objects.create(user=curator, name="phone", confirmed=True)
    assert sent_to_code_page(sign_in(client, "curator"))

    setup = client.get("/accounts/two-factor/setup/?next=/admin/")
    assert sent_to_code_page(setup), "the set-up page must not open before the code"
    assert not TOTPDevice.objects.filter(user=curator, confirmed=False).exists(), "no secret handed out"

    # An unconfirmed device (as the old set-up page created) and its current code: still refused.
    fresh = TOTPDevice.objects.create(user=curator, name="authenticator", confirmed=False)
    posted = client.post(
        "/accounts/two-factor/setup/",
        {"token": current_code(fresh), "password": PASSWORD, "next": "/admin/"},
    )
    assert sent_to_code_page(posted)
    fresh.refresh_from_db()
    assert not fresh.confirmed
    assert sent_to_code_page(client.get("/admin/"))
    assert sent_to_code_page(client.get("/admin/clearinghouse/user/"))

    verified = client.post("/accounts/two-factor/", {"token": current_code(phone), "next": "/admin/"})
    assert verified.headers["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    "path", ["/accounts/password_change/", "/accounts/two-factor/recovery/", "/ru/accounts/password_change/"]
)
def test_account_pages_wait_for_the_code(client, curator, two_factor_on, path):
    TOTPDevice.objects.create(user=curator, name="phone", confirmed=True)
    sign_in(client, "curator")
    response = client.get(path)
    assert response.status_code == 302 and "/accounts/two-factor/?" in response.headers["Location"]


def test_staff_without_a_device_must_enrol_before_changing_the_password(client, curator, two_factor_on):
    sign_in(client, "curator")
    response = client.get("/accounts/password_change/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/two-factor/setup/?")


def test_an_officer_with_a_device_must_give_the_code(client, officer_a, curator, media_root, settings):
    """Finding 4: two-factor applies to whoever turned it on, whatever STAFF_TWO_FACTOR_REQUIRED says."""
    from fund.models import ProposalAttachment
    from tests.fund.factories import make_proposal, pdf_bytes
    from tests.roster.factories import make_request

    settings.STAFF_TWO_FACTOR_REQUIRED = False
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    proposal = make_proposal(officer_a)
    attachment = ProposalAttachment.objects.create(
        proposal=proposal, title="Plan", file=SimpleUploadedFile("plan.pdf", pdf_bytes())
    )
    request = make_request(mission=officer_a.organisation, filed_by=officer_a)
    phone = TOTPDevice.objects.create(user=officer_a, name="phone", confirmed=True)

    assert sent_to_code_page(sign_in(client, officer_a.username))
    pages = [
        f"/fund/proposals/{proposal.pk}/",
        attachment.get_absolute_url(),
        f"/roster/requests/{request.pk}/",
    ]
    for page in pages:
        assert sent_to_code_page(client.get(page)), page
    assert client.post("/accounts/two-factor/", {"token": current_code(phone)}).status_code == 302
    for page in pages:
        assert client.get(page).status_code == 200, page


def test_adding_a_device_needs_the_verified_session_and_the_password(client, curator, two_factor_on):
    phone = TOTPDevice.objects.create(user=curator, name="phone", confirmed=True)
    sign_in(client, "curator")
    client.post("/accounts/two-factor/", {"token": current_code(phone)})
    page = client.get("/accounts/two-factor/setup/")
    assert page.status_code == 200
    new = TOTPDevice.objects.get(user=curator, confirmed=False)

    wrong = client.post("/accounts/two-factor/setup/", {"token": current_code(new), "password": "not-it"})
    assert wrong.status_code == 200 and "password" in main_text(wrong).lower()
    new.refresh_from_db()
    assert not new.confirmed

    done = client.post("/accounts/two-factor/setup/", {"token": current_code(new), "password": PASSWORD})
    assert done.status_code == 302
    new.refresh_from_db()
    assert new.confirmed
    assert list(TOTPDevice.objects.filter(user=curator)) == [new], "the new authenticator replaces the old"


def test_first_enrolment_of_staff_asks_for_the_password(client, curator, two_factor_on):
    sign_in(client, "curator")
    client.get("/accounts/two-factor/setup/")
    device = TOTPDevice.objects.get(user=curator, confirmed=False)
    refused = client.post("/accounts/two-factor/setup/", {"token": current_code(device)})
    assert refused.status_code == 200
    done = client.post(
        "/accounts/two-factor/setup/",
        {"token": current_code(device), "password": PASSWORD, "next": "/admin/"},
    )
    assert done.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_recovery_codes_are_shown_once_and_open_the_session_once(client, curator, two_factor_on):
    phone = TOTPDevice.objects.create(user=curator, name="phone", confirmed=True)
    sign_in(client, "curator")
    client.post("/accounts/two-factor/", {"token": current_code(phone)})
    assert client.get("/accounts/two-factor/recovery/").status_code == 200
    made = client.post("/accounts/two-factor/recovery/")
    assert made.status_code == 200
    items = html.fromstring(made.content).xpath("//main//*[contains(@class, 'recovery-codes')]//li")
    codes = [item.text_content().strip() for item in items]
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z0-9]{8}", code) for code in codes)
    again = client.get("/accounts/two-factor/recovery/")
    assert not any(code in main_text(again) for code in codes), "codes are shown only once"
    assert "10" in main_text(again)

    client.post("/accounts/logout/")
    sign_in(client, "curator")
    assert sent_to_code_page(client.get("/admin/"))
    assert client.post("/accounts/two-factor/", {"token": codes[0], "next": "/admin/"}).status_code == 302
    assert client.get("/admin/").status_code == 200

    client.post("/accounts/logout/")
    sign_in(client, "curator")
    reused = client.post("/accounts/two-factor/", {"token": codes[0]})
    assert reused.status_code == 200 and "not valid" in main_text(reused)
    assert StaticDevice.objects.get(user=curator).token_set.count() == 9


def test_recovery_codes_need_a_verified_session(client, officer_a, two_factor_on):
    client.force_login(officer_a)
    response = client.get("/accounts/two-factor/recovery/")
    assert response.status_code == 302 and "/accounts/two-factor/setup/" in response.headers["Location"]
    assert client.post("/accounts/two-factor/recovery/").status_code == 302
    assert not StaticDevice.objects.exists()


def test_the_admin_resets_a_users_devices_and_the_log_says_so(client, superuser, curator):
    TOTPDevice.objects.create(user=curator, name="phone", confirmed=True)
    StaticDevice.objects.create(user=curator, name="recovery", confirmed=True)
    other = UserFactory(username="keeps-device")
    TOTPDevice.objects.create(user=other, name="phone", confirmed=True)
    client.force_login(superuser)
    response = client.post(
        "/admin/clearinghouse/user/",
        {"action": "reset_two_factor", "_selected_action": [curator.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=curator).exists()
    assert not StaticDevice.objects.filter(user=curator).exists()
    assert TOTPDevice.objects.filter(user=other).exists()
    entry = LogEntry.objects.get(object_id=str(curator.pk), user=superuser)
    assert "two-factor" in entry.get_change_message().lower()


def test_only_staff_with_the_user_right_may_reset(client, reviewer, curator):
    TOTPDevice.objects.create(user=curator, name="phone", confirmed=True)
    client.force_login(reviewer)
    client.post(
        "/admin/clearinghouse/user/", {"action": "reset_two_factor", "_selected_action": [curator.pk]}
    )
    assert TOTPDevice.objects.filter(user=curator).exists()
