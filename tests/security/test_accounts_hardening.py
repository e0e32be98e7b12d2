"""Two-factor authentication, rate limits and the security log."""

import logging

import pytest
from django.core.cache import cache
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def two_factor_on(settings):
    settings.STAFF_TWO_FACTOR_REQUIRED = True


@pytest.fixture
def limits_on(settings):
    settings.RATELIMIT_ENABLE = True
    cache.clear()
    yield
    cache.clear()


def test_staff_must_set_up_two_factor_before_anything_else(client, curator, two_factor_on, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no back-off after the wrong code below
    client.force_login(curator)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/two-factor/setup/?next=%2Fadmin%2F")
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    assert "<svg" in page.content.decode() and "Staff accounts must use two-factor" in page.content.decode()
    device = TOTPDevice.objects.get(user=curator, confirmed=False)

    bad = client.post(
        "/accounts/two-factor/setup/", {"token": "000000", "password": PASSWORD, "next": "/admin/"}
    )
    assert bad.status_code == 200 and "This code is not valid" in bad.content.decode()
    good = client.post(
        "/accounts/two-factor/setup/",
        {"token": current_code(device), "password": PASSWORD, "next": "/admin/"},
    )
    # Then the recovery codes are offered, before going on to the admin.
    assert good.status_code == 302
    assert good.headers["Location"] == "/accounts/two-factor/recovery/?next=%2Fadmin%2F"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200


def test_signing_in_with_a_device_asks_for_the_code(client, two_factor_on):
    user = UserFactory(username="staffer", is_staff=True)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    response = client.post("/accounts/login/", {"username": "staffer", "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/two-factor/?next=")
    assert client.get("/admin/").headers["Location"].startswith("/accounts/two-factor/?next=")
    response = client.post("/accounts/two-factor/", {"token": current_code(device), "next": "/admin/"})
    assert response.headers["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_two_factor_is_offered_but_not_forced_on_others(client, officer_a, two_factor_on):
    client.force_login(officer_a)
    assert client.get("/programmes/").status_code == 200
    assert client.get("/accounts/two-factor/setup/").status_code == 200


def test_verify_refuses_an_open_redirect(client, two_factor_on):
    user = UserFactory(username="staffer2", is_staff=True)
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)
    response = client.post(
        "/accounts/two-factor/", {"token": current_code(device), "next": "https://evil.example/"}
    )
    assert response.headers["Location"] == "/"


def test_login_is_rate_limited_per_address(client, limits_on, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": ("3/m", "POST")}
    settings.AXES_ENABLED = False
    for _ in range(3):
        assert client.post("/accounts/login/", {"username": "x", "password": "y"}).status_code == 200
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    assert client.get("/accounts/login/").status_code == 200, "only the POST is limited"


def test_every_rate_limit_names_a_real_view(settings):
    """A limit under a name no URL has would never apply (as "site_search" once did)."""
    from .test_permission_matrix import pattern_names

    names = {name for name, _route in pattern_names()}
    assert set(settings.RATE_LIMITS) <= names, set(settings.RATE_LIMITS) - names


@pytest.mark.parametrize("path", ["/search/?q=referral", "/library/?q=referral"])
def test_search_is_rate_limited(client, limits_on, settings, path):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "search": ("2/m", "GET"),
        "library:document_list": ("2/m", "GET"),
    }
    for _ in range(2):
        assert client.get(path).status_code == 200
    assert client.get(path).status_code == 429


def test_password_reset_is_rate_limited(client, limits_on, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "password_reset": ("2/h", "POST")}
    for _ in range(2):
        assert client.post("/accounts/password_reset/", {"email": "a@example.org"}).status_code == 302
    assert client.post("/accounts/password_reset/", {"email": "a@example.org"}).status_code == 429


def test_sign_ins_failures_and_denials_are_logged(client, caplog):
    UserFactory(username="logged")
    with caplog.at_level(logging.INFO, logger="clearinghouse.security"):
        client.post("/accounts/login/", {"username": "logged", "password": "wrong"})
        client.post("/accounts/login/", {"username": "logged", "password": PASSWORD})
    messages = [r.getMessage() for r in caplog.records if r.name == "clearinghouse.security"]
    assert any(m.startswith("login-failed user=logged address=127.0.0.1") for m in messages)
    assert any(m.startswith("login user=logged address=127.0.0.1") for m in messages)


def test_permission_denials_are_logged(rf, caplog):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied

    from clearinghouse.middleware import DenialLogMiddleware

    request = rf.get("/somewhere/")
    request.user = AnonymousUser()
    middleware = DenialLogMiddleware(lambda r: None)
    with caplog.at_level(logging.WARNING, logger="clearinghouse.security"):
        middleware.process_exception(request, PermissionDenied())
    assert "permission-denied user=anonymous path=/somewhere/ address=127.0.0.1" in caplog.text


def test_nul_characters_in_parameters_get_a_clear_400(client):
    response = client.get("/search/", {"q": "shelter\x00"})
    assert response.status_code == 400
    assert client.get("/search/", {"q": "shelter"}).status_code == 200


def test_log_lines_carry_their_time_in_utc(monkeypatch):
    """The configured formatter writes UTC whatever the server's zone (here, one far from UTC)."""
    import time
    from logging.config import dictConfig

    from django.conf import settings

    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        dictConfig(settings.LOGGING)
        formatter = logging.getLogger().handlers[0].formatter
        record = logging.makeLogRecord({"msg": "login user=x address=-", "created": 0.0, "msecs": 0})
        assert formatter.format(record).startswith("1970-01-01T00:00:00.000Z ")
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
