"""Acceptance 3: after erasure, no row of any table holds the expert's name, e-mail, phone or CV."""

import os
from datetime import date

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from roster.choices import ExpertStatus, VettingKind
from roster.models import Deployment, Evaluation, Expert
from roster.services import candidate_transition, deployment_create, evaluation_submit, vetting_record

from .factories import application_post, apply_url, make_candidate, make_request, pdf_bytes

pytestmark = pytest.mark.django_db
NAME, EMAIL, PHONE = "Lia Kvaratskhelia", "lia.kvaratskhelia@example.net", "+995 599 123 456"


def scan_database(needles: list[str]) -> list[tuple[str, str]]:
    """Every (table, needle) where a cell of any table in the database contains the needle."""
    hits = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - table names from introspection
            for row in cursor.fetchall():
                text = " ".join(str(cell) for cell in row).lower()
                hits += [(table, needle) for needle in needles if needle.lower() in text]
    return hits


def test_erasure_leaves_no_trace_of_the_expert(client, curator, officer_a, mission_a, settings):
    settings.AXES_ENABLED = True
    data = application_post(username=EMAIL)
    data["cv"] = SimpleUploadedFile("Lia-Kvaratskhelia-CV.pdf", pdf_bytes(), content_type="application/pdf")
    assert client.post(apply_url(data["email"]), data).status_code == 302
    expert = Expert.objects.get(email=EMAIL)
    cv_path = expert.cv.path
    cv_name = expert.cv.name
    account_pk = expert.user_id

    # Staff look, vet, activate; the admin logs a change; a mission request runs to an evaluation.
    client.force_login(curator)
    client.get(reverse("roster:expert_detail", args=[expert.pk]))
    client.get(reverse("roster:expert_cv", args=[expert.pk]))
    for kind in VettingKind.values:
        vetting_record(
            expert=expert, user=curator, kind=kind, completed_on=date(2026, 10, 1), note=f"Called {NAME}"
        )
    client.post(reverse("roster:expert_transition", args=[expert.pk]), {"action": "activate"})
    LogEntry.objects.log_actions(curator.pk, [expert], CHANGE, change_message="Changed phone.")
    past = make_request(
        mission=mission_a, title="Past workshop", starts_on=date(2026, 9, 1), ends_on=date(2026, 9, 5)
    )
    candidate = make_candidate(past, expert)
    for action, user in [("invite", curator), ("accept", expert.user), ("release", curator)]:
        candidate_transition(candidate=candidate, user=user, action=action)
    deployment = deployment_create(
        candidate=candidate, user=curator, starts_on=past.starts_on, ends_on=past.ends_on
    )
    scores = {"quality": 5, "subject_expertise": 5, "communication": 4, "timeliness": 4}
    evaluation = evaluation_submit(
        deployment=deployment,
        user=officer_a,
        scores=scores,
        recommendation="recommend",
        comment=f"{NAME} was excellent.",
    )
    open_request = make_request(mission=mission_a)
    make_candidate(open_request, expert)

    client.force_login(expert.user)
    client.post(reverse("roster:evaluation_respond", args=[evaluation.pk]), {"text": f"Thanks, {NAME}"})
    assert scan_database([NAME, EMAIL, PHONE]), "the scan must find the data before erasure"

    response = client.post(reverse("roster:erase"), {"confirm": "ERASE"})
    assert response.status_code == 302

    assert scan_database([NAME, EMAIL, PHONE, cv_name, "Kvaratskhelia"]) == []
    assert not os.path.exists(cv_path)
    expert.refresh_from_db()
    assert expert.status == ExpertStatus.ERASED and expert.user is None and not expert.cv
    # Past deployments stay, without identity; the evaluation is kept, scrubbed.
    assert Deployment.objects.filter(pk=deployment.pk, candidate__expert=expert).exists()
    evaluation.refresh_from_db()
    assert evaluation.overall == 4.5 and evaluation.comment == "[erased] was excellent."
    assert not open_request.candidates.exists()
    # The account cannot be used again.
    assert client.get(reverse("roster:me")).status_code == 302
    account = get_user_model().objects.get(pk=account_pk)
    assert account.username.startswith("erased-") and account.email == "" and not account.is_active
    assert not account.has_usable_password() and not account.groups.exists()


def test_erased_profile_disappears_from_staff_lists_and_matching(client, curator):
    from roster.matching import Criteria, match

    from .factories import TODAY, make_expert

    expert = make_expert("To Be Erased")
    from roster.services import expert_erase

    expert_erase(expert=expert, user=curator)
    client.force_login(curator)
    assert "To Be Erased" not in client.get(reverse("roster:expert_list")).content.decode()
    assert client.get(reverse("roster:expert_detail", args=[expert.pk])).status_code == 404
    assert match(Criteria.from_request(make_request(required=())), today=TODAY).candidates == []
    assert Evaluation.objects.count() == 0
