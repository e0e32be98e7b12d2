"""The client's address behind the proxy: read from X-Forwarded-For only as far as TRUSTED_PROXIES
(or TRUSTED_PROXY_HOPS) vouch for it, and used by the rate limits, django-axes and the sign-in log.
Issue 13, finding 6."""

import logging

import pytest
from django.core.cache import cache
from django.core.checks import Warning as CheckWarning
from django.test import RequestFactory

from clearinghouse.security import client_address, shared_cache_check
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.5"


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8", "192.0.2.7"]
    settings.TRUSTED_PROXY_HOPS = 0


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        (PROXY, "203.0.113.9", "203.0.113.9"),
        (PROXY, "203.0.113.9, 192.0.2.7", "203.0.113.9"),  # two trusted proxies in a row
        (PROXY, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # a forged first entry is ignored
        ("198.51.100.1", "203.0.113.9", "198.51.100.1"),  # not from a proxy: the header is ignored
        (PROXY, None, PROXY),
        (PROXY, "not-an-address", PROXY),
        (PROXY, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_forwarded_address_is_read_only_from_trusted_proxies(behind_proxy, remote, forwarded, expected):
    assert client_address(request_from(remote, forwarded)) == expected


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    settings.TRUSTED_PROXY_HOPS = 0
    assert client_address(request_from(PROXY, "203.0.113.9")) == PROXY


def test_a_hop_count_takes_that_many_addresses_from_the_right(settings):
    settings.TRUSTED_PROXIES = []
    settings.TRUSTED_PROXY_HOPS = 2
    assert client_address(request_from(PROXY, "6.6.6.6, 203.0.113.9, 10.1.1.1")) == "203.0.113.9"
    assert client_address(request_from(PROXY, "203.0.113.9")) == "203.0.113.9"


@pytest.fixture
def limits_on(settings):
    settings.RATELIMIT_ENABLE = True
    cache.clear()
    yield
    cache.clear()


def test_rate_limits_count_each_visitor_behind_the_proxy(client, behind_proxy, limits_on, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "search": ("2/m", "GET")}
    one = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.1"}
    two = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.2"}
    for _ in range(2):
        assert client.get("/search/?q=x", **one).status_code == 200
    assert client.get("/search/?q=x", **one).status_code == 429
    assert client.get("/search/?q=x", **two).status_code == 200, "another visitor is not limited"


def test_lockouts_count_each_visitor_behind_the_proxy(client, behind_proxy, settings):
    from axes.utils import reset

    settings.AXES_FAILURE_LIMIT = 2
    reset()
    UserFactory(username="target")
    attacker = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.66"}
    owner = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.10"}
    for _ in range(3):
        client.post("/accounts/login/", {"username": "target", "password": "wrong"}, **attacker)
    locked = client.post("/accounts/login/", {"username": "target", "password": PASSWORD}, **attacker)
    assert locked.status_code == 429
    signed = client.post("/accounts/login/", {"username": "target", "password": PASSWORD}, **owner)
    assert signed.status_code == 302, "the account's owner is not locked out by someone else"
    reset()


def test_the_sign_in_log_names_the_visitor(client, behind_proxy, caplog):
    UserFactory(username="logged")
    with caplog.at_level(logging.INFO, logger="clearinghouse.security"):
        client.post(
            "/accounts/login/",
            {"username": "logged", "password": PASSWORD},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="203.0.113.77",
        )
    assert "login user=logged address=203.0.113.77" in caplog.text


@pytest.mark.parametrize(
    ("debug", "workers", "redis", "warned"),
    [
        (False, 4, "", True),
        (False, 1, "", False),
        (False, 4, "redis://127.0.0.1:6379/0", False),
        (True, 4, "", False),
    ],
)
def test_deploy_check_warns_of_several_workers_without_a_shared_cache(
    settings, debug, workers, redis, warned
):
    settings.DEBUG = debug
    settings.WEB_WORKERS = workers
    settings.CACHES = {
        "default": (
            {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis}
            if redis
            else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
        )
    }
    found = shared_cache_check(None)
    assert bool(found) == warned
    assert all(isinstance(item, CheckWarning) for item in found)
