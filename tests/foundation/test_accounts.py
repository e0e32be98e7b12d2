"""Sign-in, sign-out, password reset, lockout, roles and demo accounts."""

import re
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from clearinghouse import roles
from clearinghouse.demo import DEMO_ACCOUNTS
from clearinghouse.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_login_page_uses_the_site_layout(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'href="#main"' in body and "Anti-Trafficking Clearinghouse" in body
    assert '<form method="post" action="/accounts/login/"' in body


def test_sign_in_and_out(client):
    user = UserFactory(username="alice")
    response = client.post("/accounts/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert "Sign out (alice)" in client.get("/").content.decode()
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_wrong_password_keeps_the_username_and_explains(client):
    UserFactory(username="bob")
    response = client.post("/accounts/login/", {"username": "bob", "password": "wrong"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="bob"' in body
    assert "There is a problem" in body


def test_lockout_after_repeated_failures(client, settings):
    UserFactory(username="carol")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "carol", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "carol", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()


def test_password_reset_in_the_site_layout(client, mailoutbox):
    user = UserFactory(username="dora", email="dora@example.org")
    response = client.post("/accounts/password_reset/", {"email": "dora@example.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mailoutbox[0].body).group(1)
    response = client.get(link, follow=True)
    assert "Choose a new password" in response.content.decode()
    new = "a-much-longer-new-password-2026"
    response = client.post(response.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)


def test_short_password_is_refused_on_reset(client, mailoutbox):
    UserFactory(username="erin", email="erin@example.org")
    client.post("/accounts/password_reset/", {"email": "erin@example.org"})
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mailoutbox[0].body).group(1)
    response = client.get(link, follow=True)
    response = client.post(
        response.redirect_chain[-1][0], {"new_password1": "short1", "new_password2": "short1"}
    )
    assert response.status_code == 200
    assert "This password is too short" in response.content.decode()


def test_role_groups_exist_and_curators_can_curate():
    roles.sync_groups()
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ALL_ROLES)
    curator = UserFactory(role=roles.CURATOR, is_staff=True)
    assert curator.has_perm("programmes.change_programme")
    assert curator.has_perm("clearinghouse.change_organisation")
    assert not curator.has_perm("clearinghouse.change_user")
    officer = UserFactory(role=roles.OFFICER)
    assert not officer.has_perm("programmes.change_programme")


def test_role_predicates(officer_a, reviewer, curator, expert_user, superuser):
    assert roles.is_officer(officer_a) and not roles.is_officer(reviewer)
    officerless = UserFactory(role=roles.OFFICER)  # no organisation: cannot act for a mission
    assert not roles.is_officer(officerless)
    assert roles.is_curator(curator) and roles.is_curator(superuser) and not roles.is_curator(reviewer)
    assert roles.is_staff_member(reviewer) and not roles.is_staff_member(expert_user)
    assert roles.is_expert(expert_user)


def test_seed_demo_creates_every_role_once_and_prints_passwords(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=StringIO())
    text = out.getvalue()
    for username in ("curator", "reviewer", "officer-moldova", "officer-yerevan", "expert"):
        assert username in text
        assert User.objects.filter(username=username).count() == 1
    assert User.objects.get(username="officer-moldova").organisation.slug == "osce-mission-to-moldova"
    assert User.objects.get(username="officer-yerevan").organisation.slug == "osce-office-in-yerevan"
    assert User.objects.get(username="curator").check_password("demo-curator-pass")


def test_seed_demo_sends_no_mail_and_ends_with_the_accounts_block(settings, capsys, mailbox):
    """`make run`: the demo's notifications are discarded (not printed by the console mailer), and the
    last lines are the address, every account with its password, and how to get a two-factor code."""
    settings.DEBUG = True
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
    out = StringIO()
    call_command("seed_demo", "--url", "http://127.0.0.1:8000/", stdout=out)
    assert "Subject:" not in capsys.readouterr().out
    assert mailbox == []
    lines = out.getvalue().strip().splitlines()
    assert len(lines) < 20
    block = lines[lines.index("The portal: http://127.0.0.1:8000/") :]
    assert block[1] == "Demo accounts (user / password / role):"
    for username, (_role, _org, _email, password) in DEMO_ACCOUNTS.items():
        assert any(line.split()[:2] == [username, password] for line in block[2:-1])
    assert "manage.py demo_code curator" in block[-1]


def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("seed_demo", stdout=StringIO())
    assert not User.objects.filter(username="curator").exists()


def test_demo_staff_get_a_device_and_a_code(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    out = StringIO()
    call_command("demo_code", "curator", stdout=out)
    code = out.getvalue().strip()
    assert len(code) == 6 and code.isdigit()
    from django_otp import match_token

    assert match_token(User.objects.get(username="curator"), code) is not None
