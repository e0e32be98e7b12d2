"""Requests, the live match count, shortlist, invitation, release, deployment and evaluation."""

from datetime import date

import pytest
from django.urls import reverse

from roster.choices import CEFR, CandidateStatus
from roster.models import Candidate, Deployment, Evaluation, ExpertRequest
from tests.html import main_text

from .factories import make_candidate, make_expert, make_request

pytestmark = pytest.mark.django_db


def request_post(**overrides):
    from clearinghouse.models import Country, Theme

    data = {
        "title": "Trainer on national referral mechanisms",
        "terms_of_reference": "Three workshops for NRM coordinators.",
        "country": Country.objects.get(iso2="GE").pk,
        "function": "trainer",
        "starts_on": "2027-03-03",
        "ends_on": "2027-03-17",
        "required_themes": [Theme.objects.get(slug="national-referral-mechanisms").pk],
        "lang-TOTAL_FORMS": "3",
        "lang-INITIAL_FORMS": "0",
        "lang-0-language": "ru",
        "lang-0-min_level": str(CEFR.B2),
    }
    data.update(overrides)
    return data


@pytest.fixture
def pool():
    make_expert("Speaks Russian", languages=[("ru", CEFR.C1)])
    make_expert("Russian Too", languages=[("ru", CEFR.B2)])
    make_expert("Only English", languages=[("en", CEFR.C2)])


def test_officer_files_a_request_for_their_mission(client, officer_a):
    client.force_login(officer_a)
    page = client.get(reverse("roster:request_new")).content.decode()
    assert 'src="/static/roster/match-count.js"' in page and "Check matches" in page
    assert 'name="mission"' not in page
    response = client.post(reverse("roster:request_new"), request_post())
    req = ExpertRequest.objects.get()
    assert response["Location"] == req.get_absolute_url()
    assert req.mission == officer_a.organisation and req.filed_by == officer_a
    assert [(x.language, x.min_level) for x in req.languages.all()] == [("ru", CEFR.B2)]


def test_check_matches_button_shows_the_count_without_javascript(client, officer_a, pool):
    client.force_login(officer_a)
    response = client.post(reverse("roster:request_new"), request_post(check="1"))
    body = response.content.decode()
    assert response.status_code == 200 and not ExpertRequest.objects.exists()
    assert "2 active experts are available and speak the required languages." in body
    assert "Trainer on national referral mechanisms" in body  # what was typed is kept


def test_match_count_fragment_returns_only_the_number(client, officer_a, pool):
    client.force_login(officer_a)
    params = "?starts_on=2027-03-03&ends_on=2027-03-17&lang-TOTAL_FORMS=1&lang-INITIAL_FORMS=0"
    body = client.get(
        reverse("roster:match_count") + params + "&lang-0-language=ru&lang-0-min_level=5"
    ).content.decode()
    assert "1 active expert is available" in body and "<html" not in body
    assert "Speaks Russian" not in body
    body = client.get(reverse("roster:match_count") + params).content.decode()
    assert "3 active experts" in body
    body = client.get(reverse("roster:match_count")).content.decode()
    assert "Enter the start and end dates" in body


def test_curator_files_for_a_chosen_mission(client, curator, mission_b):
    client.force_login(curator)
    client.post(reverse("roster:request_new"), request_post(mission=mission_b.pk))
    assert ExpertRequest.objects.get().mission == mission_b


def test_request_form_errors(client, officer_a):
    client.force_login(officer_a)
    body = client.post(reverse("roster:request_new"), request_post(ends_on="2027-03-01")).content.decode()
    assert "There is a problem" in body and "The end cannot be before the start." in body


def test_full_cycle_from_shortlist_to_answered_evaluation(
    client, curator, officer_a, expert_user, mailbox, django_capture_on_commit_callbacks
):
    expert = make_expert(
        "Tamar Gelashvili", user=expert_user, verified_themes=["national-referral-mechanisms"]
    )
    req = make_request(mission=officer_a.organisation, starts_on=date(2026, 3, 3), ends_on=date(2026, 3, 17))
    req.starts_on, req.ends_on = date(2027, 3, 3), date(2027, 3, 17)
    req.save()
    client.force_login(curator)
    assert (
        client.post(reverse("roster:shortlist_add", args=[req.pk]), {"expert": [expert.pk]}).status_code
        == 302
    )
    candidate = Candidate.objects.get()
    assert candidate.reasons and candidate.weights["expertise"] == 30
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("roster:candidate_action", args=[candidate.pk]), {"action": "invite"})
    assert response.status_code == 302
    assert mailbox[-1].to == [expert.email]

    client.force_login(expert_user)
    me = main_text(client.get(reverse("roster:me")))
    assert req.title in me and "Accept the invitation" in me
    response = client.post(reverse("roster:invitation_respond", args=[candidate.pk]), {"action": "accept"})
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.status == CandidateStatus.ACCEPTED

    client.force_login(curator)
    response = client.post(reverse("roster:candidate_action", args=[candidate.pk]), {"action": "release"})
    assert response.status_code == 302
    assert "Record deployment" in main_text(client.get(req.get_absolute_url()))
    response = client.post(
        reverse("roster:candidate_deploy", args=[candidate.pk]),
        {"starts_on": "2026-03-03", "ends_on": "2026-03-17"},
    )
    assert response.status_code == 302
    deployment = Deployment.objects.get()
    req.refresh_from_db()
    assert req.status == "filled"

    client.force_login(officer_a)
    detail = main_text(client.get(req.get_absolute_url()))
    assert "Tamar Gelashvili" in detail and "Evaluate the deployment" in detail
    form = client.get(reverse("roster:evaluate", args=[deployment.pk]))
    assert form.status_code == 200
    response = client.post(
        reverse("roster:evaluate", args=[deployment.pk]),
        {
            "quality": 5,
            "subject_expertise": 4,
            "communication": 5,
            "timeliness": 4,
            "recommendation": "recommend",
            "comment": "Excellent workshops.",
        },
    )
    assert response.status_code == 302
    evaluation = Evaluation.objects.get()
    assert evaluation.overall == 4.5
    assert client.get(reverse("roster:evaluate", args=[deployment.pk])).status_code == 403  # only once

    client.force_login(expert_user)
    me = main_text(client.get(reverse("roster:me")))
    assert "Excellent workshops." in me and "Send my answer" in me
    response = client.post(reverse("roster:evaluation_respond", args=[evaluation.pk]), {"text": "Thank you."})
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.expert_response == "Thank you."
    client.post(reverse("roster:evaluation_respond", args=[evaluation.pk]), {"text": "Changed my mind."})
    evaluation.refresh_from_db()
    assert evaluation.expert_response == "Thank you."  # one answer only

    client.force_login(curator)
    detail = client.get(reverse("roster:expert_detail", args=[expert.pk])).content.decode()
    assert "Excellent workshops." in detail and "Thank you." in detail


def test_evaluation_waits_for_the_end_of_the_deployment(client, officer_a, curator):
    expert = make_expert()
    req = make_request(mission=officer_a.organisation)
    candidate = make_candidate(req, expert, status="released")
    from roster.services import deployment_create

    deployment = deployment_create(
        candidate=candidate, user=curator, starts_on=date(2099, 1, 1), ends_on=date(2099, 1, 9)
    )
    client.force_login(officer_a)
    assert client.get(reverse("roster:evaluate", args=[deployment.pk])).status_code == 403


def test_request_list_shows_each_role_its_requests(client, officer_a, officer_b, curator, mission_b):
    make_request(title="Moldova request", mission=officer_a.organisation)
    make_request(title="Yerevan request", mission=mission_b)
    client.force_login(officer_a)
    body = client.get(reverse("roster:request_list")).content.decode()
    assert "Moldova request" in body and "Yerevan request" not in body
    client.force_login(curator)
    body = client.get(reverse("roster:request_list")).content.decode()
    assert "Moldova request" in body and "Yerevan request" in body


def test_expert_list_filters_and_constant_queries(client, curator, django_assert_max_num_queries):
    for i in range(5):
        make_expert(f"Listed Expert {i}", languages=[("ru", CEFR.C1 if i % 2 else CEFR.A2)])
    client.force_login(curator)
    # 12 for the list, and one per work-queue box at its top (applications to vet, requests to answer).
    with django_assert_max_num_queries(14):
        response = client.get(reverse("roster:expert_list") + "?language=ru&level=4")
    assert response.status_code == 200
    assert "Listed Expert 1" in main_text(response) and "Listed Expert 2" not in response.content.decode()
    for i in range(20):
        make_expert(f"More {i}")
    with django_assert_max_num_queries(14):
        assert client.get(reverse("roster:expert_list")).status_code == 200
