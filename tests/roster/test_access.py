"""Acceptance 1: every roster URL answers 403/404 (or the login page) to anonymous users, to
officers for experts not released to them, and to experts for anyone but themselves."""

from datetime import date

import pytest
from django.conf import settings
from django.urls import reverse

from clearinghouse import roles
from roster.choices import CEFR
from roster.models import Deployment, ExpertRequest
from tests.factories import UserFactory

from .factories import make_candidate, make_expert, make_request

pytestmark = pytest.mark.django_db
SECRET_NAME = "Zurab Secretashvili"


@pytest.fixture
def world(expert_user, officer_a, mission_a):
    expert = make_expert(
        SECRET_NAME, user=expert_user, verified_themes=["national-referral-mechanisms"], phone="+995 555 0101"
    )
    expert.cv.save(
        "cv.pdf", __import__("django.core.files.base", fromlist=["ContentFile"]).ContentFile(b"%PDF-1.4 x")
    )
    req = make_request(mission=mission_a, filed_by=officer_a)
    candidate = make_candidate(req, expert, status="invited")
    past = make_request(mission=mission_a, title="Past", starts_on=date(2026, 1, 1), ends_on=date(2026, 1, 5))
    deployed = make_candidate(past, expert, status="deployed")
    deployment = Deployment.objects.create(candidate=deployed, starts_on=past.starts_on, ends_on=past.ends_on)
    expertise = expert.expertise.first()
    return {
        "expert": expert,
        "req": req,
        "candidate": candidate,
        "deployment": deployment,
        "expertise": expertise,
    }


def urls(w):
    e, r, c, d = w["expert"], w["req"], w["candidate"], w["deployment"]
    return [
        ("get", reverse("roster:me")),
        ("get", reverse("roster:edit")),
        ("post", reverse("roster:confirm")),
        ("post", reverse("roster:consent")),
        ("get", reverse("roster:export")),
        ("get", reverse("roster:erase")),
        ("get", reverse("roster:view_log")),
        ("get", reverse("roster:own_cv")),
        ("post", reverse("roster:invitation_respond", args=[c.pk])),
        ("post", reverse("roster:evaluation_respond", args=[1])),
        ("get", reverse("roster:expert_list")),
        ("get", reverse("roster:expert_detail", args=[e.pk])),
        ("get", reverse("roster:expert_cv", args=[e.pk])),
        ("post", reverse("roster:expert_vetting", args=[e.pk])),
        ("post", reverse("roster:expert_transition", args=[e.pk])),
        ("post", reverse("roster:expertise_verify", args=[e.pk, w["expertise"].pk])),
        ("get", reverse("roster:request_list")),
        ("get", reverse("roster:request_new")),
        ("get", reverse("roster:match_count") + "?starts_on=2027-03-03&ends_on=2027-03-17"),
        ("get", reverse("roster:request_detail", args=[r.pk])),
        ("get", reverse("roster:request_matching", args=[r.pk])),
        ("post", reverse("roster:request_weights", args=[r.pk])),
        ("post", reverse("roster:request_status", args=[r.pk])),
        ("post", reverse("roster:shortlist_add", args=[r.pk])),
        ("post", reverse("roster:candidate_action", args=[c.pk])),
        ("post", reverse("roster:candidate_deploy", args=[c.pk])),
        ("get", reverse("roster:evaluate", args=[d.pk])),
    ]


def _denied(response) -> bool:
    if response.status_code in (403, 404):
        return True
    # A signed-in user without a profile is offered the application form: no data either.
    targets = (reverse(settings.LOGIN_URL), reverse("roster:apply"))
    return response.status_code == 302 and response["Location"].startswith(targets)


def test_every_roster_url_refuses_anonymous_users(client, world):
    for method, url in urls(world):
        response = getattr(client, method)(url)
        assert _denied(response), (url, response.status_code)
        assert SECRET_NAME not in response.content.decode()


def test_the_application_form_is_the_only_public_roster_page(client, world):
    response = client.get(reverse("roster:apply"))
    assert response.status_code == 200
    assert SECRET_NAME not in response.content.decode()


OWN_PAGES = {"me", "edit", "confirm", "consent", "export", "erase", "view_log", "own_cv"}


@pytest.mark.parametrize("who", ["other_expert", "officer_b", "reviewer"])
def test_other_roles_never_see_the_expert(client, world, who, officer_b, reviewer):
    if who == "other_expert":
        user = UserFactory(role=roles.EXPERT)
        make_expert("Other Expert", user=user)
    else:
        user = {"officer_b": officer_b, "reviewer": reviewer}[who]
    client.force_login(user)
    for method, url in urls(world):
        response = getattr(client, method)(url)
        body = response.content.decode() if not getattr(response, "streaming", False) else ""
        assert SECRET_NAME not in body, url
        assert world["expert"].email not in body, url
        own_page = any(url == reverse(f"roster:{name}") for name in OWN_PAGES)
        if who == "other_expert" and own_page:
            continue  # their own profile, checked above for the absence of the other expert
        officer_pages = (reverse("roster:request_list"), reverse("roster:request_new"))
        if who == "officer_b" and (url in officer_pages or url.startswith(reverse("roster:match_count"))):
            continue  # officer_b files requests for their own mission; the count is a bare number
        assert _denied(response), (who, url, response.status_code)


def test_officer_sees_anonymised_summary_until_released(client, world, officer_a, curator):
    client.force_login(officer_a)
    candidate = world["candidate"]
    url = reverse("roster:request_detail", args=[world["req"].pk])
    body = client.get(url).content.decode()
    assert SECRET_NAME not in body and world["expert"].email not in body and "+995 555 0101" not in body
    assert "Candidate 1" in body and "Russian C1" in body and "National referral mechanisms" in body
    for method, staff_url in urls(world)[10:16]:
        assert _denied(getattr(client, method)(staff_url)), staff_url
    candidate.status = "accepted"
    candidate.save()
    assert SECRET_NAME not in client.get(url).content.decode()  # accepted but not yet released
    client.force_login(curator)
    client.post(reverse("roster:candidate_action", args=[candidate.pk]), {"action": "release"})
    candidate.refresh_from_db()
    assert candidate.status == "released"
    client.force_login(officer_a)
    body = client.get(url).content.decode()
    assert SECRET_NAME in body and world["expert"].email in body


def test_officer_of_other_mission_cannot_file_for_mission_a(client, officer_b, mission_a):
    client.force_login(officer_b)
    response = client.post(
        reverse("roster:request_new"),
        {
            "title": "X",
            "terms_of_reference": "Y",
            "country": 1,
            "starts_on": "2027-03-03",
            "ends_on": "2027-03-17",
            "mission": mission_a.pk,
            "lang-TOTAL_FORMS": "1",
            "lang-INITIAL_FORMS": "0",
            "lang-0-language": "ru",
            "lang-0-min_level": str(CEFR.B2),
        },
        follow=True,
    )
    assert response.status_code == 200
    req = ExpertRequest.objects.get(title="X")
    assert req.mission_id == officer_b.organisation_id  # the mission field is ignored for officers


def test_staff_cv_download_is_an_attachment_and_logged(client, world, curator):
    client.force_login(curator)
    response = client.get(reverse("roster:expert_cv", args=[world["expert"].pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.get(reverse("roster:expert_detail", args=[world["expert"].pk]))
    assert list(world["expert"].profile_views.values_list("what", flat=True)) == ["Profile", "CV download"]


def test_expert_downloads_own_cv(client, world, expert_user):
    client.force_login(expert_user)
    response = client.get(reverse("roster:own_cv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="cv-{world["expert"].code}.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
