"""What every signed-in request costs before its view: the session is read once and written only
when it changed or its expiry was renewed more than a minute ago; the two-factor check reads the
devices and the roles in one query."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clearinghouse import roles
from clearinghouse.two_factor import device_and_roles

pytestmark = pytest.mark.django_db


def _session_writes(client, path):
    with CaptureQueriesContext(connection) as context:
        assert client.get(path).status_code == 200
    return [
        q["sql"]
        for q in context.captured_queries
        if q["sql"].startswith("UPDATE") and "django_session" in q["sql"]
    ]


def test_an_unchanged_session_is_renewed_at_most_once_a_minute(client, officer_a):
    client.force_login(officer_a)
    path = reverse("fund:proposal_list")
    assert _session_writes(client, path) == []  # renewed at sign-in
    before = Session.objects.get().expire_date
    Session.objects.update(expire_date=before - timedelta(seconds=90))
    assert len(_session_writes(client, path)) == 1  # renewed more than a minute ago: written
    renewed = Session.objects.get().expire_date
    assert renewed > before - timedelta(seconds=90)
    assert renewed <= timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert _session_writes(client, path) == []


def test_an_expired_session_is_signed_out(client, officer_a):
    client.force_login(officer_a)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("fund:proposal_list"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_devices_and_roles_in_one_query(officer_a, curator, django_assert_num_queries):
    from clearinghouse.models import User
    from clearinghouse.two_factor import recovery_codes_create

    user = User.objects.get(pk=officer_a.pk)
    with django_assert_num_queries(1):
        assert device_and_roles(user) is False
        assert roles.is_officer(user)
    recovery_codes_create(user=curator)
    staff = User.objects.get(pk=curator.pk)
    with django_assert_num_queries(1):
        assert device_and_roles(staff) is True
        assert roles.is_curator(staff)
