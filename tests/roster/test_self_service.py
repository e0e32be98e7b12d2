"""Application, self-service (edit, confirm, export, consent, access log) and vetting."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clearinghouse import roles
from clearinghouse.errors import ServiceError
from roster import services
from roster.choices import CONSENT_VERSION, ExpertStatus, VettingKind
from roster.matching import Criteria, count_matches
from roster.models import Expert

from .factories import TODAY, application_post, apply_url, make_expert, make_request, pdf_bytes

pytestmark = pytest.mark.django_db


def _apply(client, **overrides):
    data = application_post(**overrides)
    data.setdefault("cv", SimpleUploadedFile("my cv.pdf", pdf_bytes(), content_type="application/pdf"))
    return client.post(apply_url(data["email"]), data)


def test_application_creates_account_and_profile_with_consent(
    client, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _apply(client)
    assert response.status_code == 302, response.content.decode()[:3000]
    expert = Expert.objects.get(email="lia.kvaratskhelia@example.net")
    assert roles.is_expert(expert.user)
    assert expert.status == ExpertStatus.APPLIED
    assert expert.consent_version == CONSENT_VERSION and expert.consent_given_at is not None
    assert {(x.language, x.get_level_display()) for x in expert.languages.all()} == {
        ("ru", "C1"),
        ("ka", "C2"),
    }
    assert [(e.theme.slug, e.verified) for e in expert.expertise.all()] == [
        ("national-referral-mechanisms", False)
    ]
    assert expert.media_outlet == "Caucasus Weekly" and expert.publication_languages == ["ka", "ru"]
    assert expert.country_experience.get().years == 8
    assert expert.cv.name.startswith("roster/cv/") and "cv" not in expert.cv.name.split("/")[-1]
    assert len(mailbox) == 1 and mailbox[0].to == ["lia.kvaratskhelia@example.net"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"consent": ""}, "consent"),
        ({"password2": "different-passphrase-x"}, "password2"),
        ({"media_outlet": ""}, "media_outlet"),
        ({"lang-0-level": ""}, "level"),
        ({"window-0-ends_on": "2027-01-01"}, "ends_on"),
    ],
)
def test_application_errors_keep_what_was_typed(client, overrides, field):
    response = _apply(client, **overrides)
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body and "Tbilisi Referral Centre" in body
    assert not Expert.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [("cv.pdf", b"MZ\x90\x00 not a pdf"), ("cv.exe", b"%PDF-1.4"), ("cv.pdf", b"%PDF-1.4 /JavaScript (x)")],
)
def test_cv_is_checked_by_content(client, name, content):
    response = _apply(client, cv=SimpleUploadedFile(name, content))
    assert response.status_code == 200 and not Expert.objects.exists()


def test_expert_edits_confirms_exports_and_reads_the_log(client, expert_user, curator):
    expert = make_expert("Mariam Avetisyan", user=expert_user, confirmed_days_ago=400)
    client.force_login(curator)
    client.get(reverse("roster:expert_detail", args=[expert.pk]))
    client.force_login(expert_user)
    response = client.get(reverse("roster:edit"))
    assert response.status_code == 200 and "Mariam Avetisyan" in response.content.decode()
    data = application_post(full_name="Mariam Avetisyan-Petrosyan", email=expert.email)
    for key in ("username", "password1", "password2", "consent"):
        data.pop(key)
    assert client.post(reverse("roster:edit"), data).status_code == 302
    expert.refresh_from_db()
    assert expert.full_name == "Mariam Avetisyan-Petrosyan" and expert.is_fresh
    client.post(reverse("roster:confirm"))
    export = client.get(reverse("roster:export"))
    assert export["Content-Disposition"].startswith("attachment")
    payload = json.loads(export.content)
    assert payload["profile"]["full_name"] == "Mariam Avetisyan-Petrosyan"
    assert payload["consent"]["version"] == CONSENT_VERSION
    assert payload["profile_views"][0]["what"] == "Profile" and payload["profile_views"][0]["by"] == "curator"
    log = client.get(reverse("roster:view_log")).content.decode()
    assert "curator" in log and "Profile" in log


def test_withdraw_and_renew_consent(client, expert_user):
    expert = make_expert(user=expert_user)
    criteria = Criteria.from_request(make_request(required=()))
    assert count_matches(criteria, today=TODAY) == 1
    client.force_login(expert_user)
    client.post(reverse("roster:consent"), {"action": "withdraw"})
    assert count_matches(criteria, today=TODAY) == 0
    expert.refresh_from_db()
    assert not expert.has_valid_consent
    client.post(reverse("roster:consent"), {"action": "give"})
    assert count_matches(criteria, today=TODAY) == 1


def test_activation_needs_the_dated_checklist(client, curator):
    expert = make_expert(status=ExpertStatus.APPLIED)
    with pytest.raises(ServiceError):
        services.expert_transition(expert=expert, user=curator, action="activate")
    client.force_login(curator)
    for kind in VettingKind.values:
        client.post(
            reverse("roster:expert_vetting", args=[expert.pk]), {"kind": kind, "completed_on": "2026-11-01"}
        )
    client.post(reverse("roster:expert_transition", args=[expert.pk]), {"action": "activate"})
    expert.refresh_from_db()
    assert expert.status == ExpertStatus.ACTIVE
    assert sorted(c.kind for c in expert.vetting_checks.all()) == sorted(VettingKind.values)


@pytest.mark.parametrize(
    ("start", "action", "allowed"),
    [
        (ExpertStatus.APPLIED, "decline", True),
        (ExpertStatus.ACTIVE, "archive", True),
        (ExpertStatus.DECLINED, "archive", False),
        (ExpertStatus.ERASED, "activate", False),
    ],
)
def test_expert_transition_table(curator, start, action, allowed):
    expert = make_expert(status=start, vetted=True)
    if allowed:
        services.expert_transition(expert=expert, user=curator, action=action)
    else:
        with pytest.raises(ServiceError):
            services.expert_transition(expert=expert, user=curator, action=action)


def test_curator_verifies_expertise(client, curator):
    expert = make_expert(themes=["national-referral-mechanisms"])
    expertise = expert.expertise.get()
    client.force_login(curator)
    client.post(reverse("roster:expertise_verify", args=[expert.pk, expertise.pk]), {"verified": "1"})
    expertise.refresh_from_db()
    assert expertise.verified and expertise.verified_by == curator


def test_signed_in_expert_is_sent_from_apply_to_own_profile(client, expert_user):
    make_expert(user=expert_user)
    client.force_login(expert_user)
    assert client.get(reverse("roster:apply"))["Location"] == reverse("roster:me")
    assert get_user_model().objects.count() == 1


def test_replacing_or_clearing_the_cv_removes_the_old_file(
    client, expert_user, django_capture_on_commit_callbacks
):
    from django.core.files.base import ContentFile

    expert = make_expert(user=expert_user)
    expert.cv.save("first.pdf", ContentFile(pdf_bytes()))
    first_path = expert.cv.path
    client.force_login(expert_user)
    data = application_post(email=expert.email)
    for key in ("username", "password1", "password2", "consent"):
        data.pop(key)
    data["cv"] = SimpleUploadedFile("second.pdf", pdf_bytes(), content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("roster:edit"), data).status_code == 302
    expert.refresh_from_db()
    import os

    assert expert.cv and expert.cv.path != first_path and not os.path.exists(first_path)
    second_path = expert.cv.path
    data.pop("cv")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("roster:edit"), data)  # no upload: the CV stays
    expert.refresh_from_db()
    assert expert.cv.path == second_path and os.path.exists(second_path)
    data["cv-clear"] = "on"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("roster:edit"), data)
    expert.refresh_from_db()
    assert not expert.cv and not os.path.exists(second_path)


def test_signed_in_user_without_profile_applies_with_their_account(client, expert_user, officer_a):
    client.force_login(expert_user)
    assert client.get(reverse("roster:me"))["Location"] == reverse("roster:apply")
    page = client.get(reverse("roster:apply")).content.decode()
    assert 'name="password1"' not in page and expert_user.email in page
    data = application_post()
    for key in ("username", "password1", "password2"):
        data.pop(key)
    assert client.post(reverse("roster:apply"), data)["Location"] == reverse("roster:me")
    assert Expert.objects.get().user == expert_user
    client.force_login(officer_a)
    assert client.get(reverse("roster:apply")).status_code == 403


def test_one_profile_per_email(client):
    Expert.objects.filter(pk=make_expert("Already There").pk).update(email="lia.kvaratskhelia@example.net")
    response = _apply(client)
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert Expert.objects.count() == 1
