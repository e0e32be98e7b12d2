"""Acceptance 1: an officer drafts, saves incomplete work, submits, answers a revision request and
resubmits; an officer of another mission gets 404 on every URL of that proposal."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clearinghouse.models import Country, Theme
from fund.choices import ProposalStatus
from fund.models import Proposal, ProposalVersion

from .factories import advance, make_proposal, pdf_bytes

pytestmark = pytest.mark.django_db


def form_data(**fields) -> dict:
    data = {
        "lines-TOTAL_FORMS": "3",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
    }
    data.update(fields)
    return data


def test_officer_drafts_submits_revises_and_resubmits(
    client, officer_a, curator, funding_round, mailbox, django_capture_on_commit_callbacks
):
    client.force_login(officer_a)
    # 1. An incomplete draft is saved as typed.
    response = client.post(
        reverse("fund:proposal_create"),
        form_data(title="Hotline for people at risk", summary="A national hotline.", **{"save": "1"}),
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "fund:proposal_edit", args=[proposal.pk]
    )
    assert (proposal.title, proposal.summary, proposal.status, proposal.mission) == (
        "Hotline for people at risk",
        "A national hotline.",
        ProposalStatus.DRAFT,
        officer_a.organisation,
    )
    assert proposal.reference.startswith("ATPF-")

    # 2. Submitting incomplete work keeps everything typed and says exactly what is missing.
    data = form_data(
        title="Hotline for people at risk",
        summary="A national hotline.",
        objectives="Reach people at risk.",
        **{
            "lines-0-category": "services",
            "lines-0-description": "Hotline operator",
            "lines-0-quantity": "12",
            "lines-0-unit_cost": "800",
            "lines-0-unit_cost-typed-but-ignored": "x",
            "submit": "1",
        },
    )
    response = client.post(reverse("fund:proposal_edit", args=[proposal.pk]), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="error-summary"' in body
    for missing in (
        "Add the activities.",
        "Add the local partners.",
        "Add the beneficiaries.",
        "Choose at least one country.",
        "Choose at least one theme.",
        "Give the start date.",
        "Give the end date.",
        "Give the amount requested from the fund.",
    ):
        assert missing in body
    assert "Add a summary." not in body and "Add the objectives." not in body
    assert "Reach people at risk." in body and "Hotline operator" in body  # nothing typed is lost
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT and proposal.objectives == "Reach people at risk."
    line = proposal.budget_lines.get()
    assert str(line.total) == "9600.00"  # computed on the server

    # 3. A complete submission.
    theme = Theme.objects.first()
    complete = form_data(
        title="Hotline for people at risk",
        summary="A national hotline.",
        objectives="Reach people at risk.",
        activities="Run the hotline.",
        partners="La Strada",
        beneficiaries="People at risk",
        countries=[str(Country.objects.get(iso2="MD").pk)],
        themes=[str(theme.pk)],
        start_date="2026-11-01",
        end_date="2027-06-30",
        requested_amount="9000",
        co_funding="0",
        **{
            "lines-0-category": "services",
            "lines-0-description": "Hotline operator",
            "lines-0-quantity": "12",
            "lines-0-unit_cost": "800",
            "submit": "1",
        },
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("fund:proposal_edit", args=[proposal.pk]), complete)
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED and proposal.round == funding_round
    assert proposal.versions.count() == 1
    assert any("submitted" in m.subject for m in mailbox) and officer_a.email in mailbox[0].to

    # 4. Staff consult and ask for a revision; the mission is told why.
    client.force_login(curator)
    response = client.post(
        reverse("fund:proposal_action", args=[proposal.pk]), {"action": "start_consultation"}
    )
    assert response.status_code == 302
    mailbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("fund:proposal_action", args=[proposal.pk]),
            {"action": "request_revision", "note": "Add indicators for the results."},
        )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REVISION_REQUESTED
    assert (
        mailbox
        and "Add indicators for the results." in mailbox[0].body
        and mailbox[0].to == [officer_a.email]
    )

    # 5. The officer revises and resubmits; a second version is kept.
    client.force_login(officer_a)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Add indicators for the results." in page  # the event meant for the mission
    revised = dict(
        complete,
        objectives="Reach people at risk; 500 calls a year.",
        requested_amount="8000",
        **{"lines-0-quantity": "10"},
    )
    response = client.post(reverse("fund:proposal_edit", args=[proposal.pk]), revised)
    assert response.status_code == 302, response.context["form"].errors
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CONSULTATION
    assert list(proposal.versions.values_list("number", flat=True)) == [1, 2]
    assert ProposalVersion.objects.get(proposal=proposal, number=2).snapshot["budget_total"] == "8000.00"

    # 6. Staff see what changed between the versions.
    client.force_login(curator)
    diff = client.get(reverse("fund:versions", args=[proposal.pk])).content.decode()
    assert "<del>-objectives: Reach people at risk.</del>" in diff
    assert "<ins>+objectives: Reach people at risk; 500 calls a year.</ins>" in diff
    assert "budget_total: 8000.00" in diff


def test_end_before_start_is_an_error_and_keeps_the_input(client, officer_a):
    client.force_login(officer_a)
    response = client.post(
        reverse("fund:proposal_create"),
        form_data(title="Dates", start_date="2026-05-01", end_date="2026-04-01", save="1"),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "The end date is before the start date." in body and 'value="2026-05-01"' in body
    assert not Proposal.objects.exists()


def every_proposal_url(proposal, attachment, report) -> list[tuple[str, str, dict]]:
    pk = proposal.pk
    return [
        ("get", reverse("fund:proposal_detail", args=[pk]), {}),
        ("get", reverse("fund:proposal_edit", args=[pk]), {}),
        ("post", reverse("fund:proposal_edit", args=[pk]), form_data(title="hijack", save="1")),
        ("post", reverse("fund:proposal_action", args=[pk]), {"action": "withdraw"}),
        ("post", reverse("fund:message_create", args=[pk]), {"body": "hello"}),
        ("post", reverse("fund:attachment_upload", args=[pk]), {"title": "x"}),
        ("get", reverse("fund:attachment_download", args=[pk, attachment.pk]), {}),
        ("post", reverse("fund:attachment_remove", args=[pk, attachment.pk]), {}),
        ("get", reverse("fund:report_detail", args=[pk, report.pk]), {}),
        ("post", reverse("fund:report_detail", args=[pk, report.pk]), {"narrative": "x"}),
        ("get", reverse("fund:review", args=[pk]), {}),
        ("get", reverse("fund:decide", args=[pk]), {}),
        ("get", reverse("fund:versions", args=[pk]), {}),
        ("get", reverse("fund:evaluation", args=[pk]), {}),
        ("post", reverse("fund:mark_sensitive", args=[pk]), {"sensitive": "1"}),
    ]


@pytest.mark.parametrize("status", [ProposalStatus.DRAFT, ProposalStatus.IN_IMPLEMENTATION])
def test_another_mission_gets_404_on_every_url(
    status, client, officer_a, officer_b, curator, funding_round, media_root
):
    from fund.models import ProposalAttachment, Report

    proposal = make_proposal(officer_a)
    attachment = ProposalAttachment.objects.create(
        proposal=proposal,
        title="Plan",
        file=SimpleUploadedFile("plan.pdf", pdf_bytes()),
        content_type="application/pdf",
    )
    advance(proposal, status, officer=officer_a, staff=curator)
    report = proposal.reports.first() or Report.objects.create(
        proposal=proposal, kind="final", due_date="2027-01-31"
    )
    client.force_login(officer_b)
    urls = every_proposal_url(proposal, attachment, report)
    for method, url, data in urls:
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (method, url, response.status_code)
    proposal.refresh_from_db()
    assert proposal.title == "Shelter support for returned victims" and proposal.status == status
    assert not proposal.messages.exists() and proposal.attachments.count() == 1
    # The lists never mention it either.
    assert proposal.reference not in client.get(reverse("fund:proposal_list")).content.decode()


def test_every_proposal_url_pattern_is_in_the_404_check():
    """The list above must grow with the URLconf: a new proposal URL without a 404 test fails here."""
    from fund.urls import urlpatterns

    with_proposal = {p.name for p in urlpatterns if "<int:pk>" in str(p.pattern) and p.name != "round_detail"}
    tested = {
        "proposal_detail",
        "proposal_edit",
        "proposal_action",
        "message_create",
        "attachment_upload",
        "attachment_download",
        "attachment_remove",
        "report_detail",
        "review",
        "decide",
        "versions",
        "evaluation",
        "mark_sensitive",
    }
    assert with_proposal == tested


def test_officer_sees_only_own_mission_in_list(client, officer_a, officer_b, funding_round):
    mine = make_proposal(officer_a, title="Mine")
    theirs = make_proposal(officer_b, title="Theirs", countries=("AM",))
    client.force_login(officer_a)
    body = client.get(reverse("fund:proposal_list")).content.decode()
    assert mine.reference in body and theirs.reference not in body


@pytest.mark.parametrize("who,expected", [("expert_user", 403), ("anonymous", 302)])
def test_non_fund_users_are_refused(who, expected, client, request, draft):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    for name in ("proposal_list", "proposal_create"):
        assert client.get(reverse(f"fund:{name}")).status_code == expected
    assert client.get(draft.get_absolute_url()).status_code == expected


def test_mission_never_sees_internal_notes_or_reviews(client, officer_a, curator, reviewer, draft):
    from fund.services.proposals import message_post
    from fund.services.review import review_save

    advance(draft, ProposalStatus.CONSULTATION, officer=officer_a, staff=curator)
    message_post(proposal=draft, user=curator, body="internal-staff-note-xyz", internal=True)
    message_post(proposal=draft, user=curator, body="Public question to the mission")
    review_save(
        proposal=draft,
        user=reviewer,
        scores={"impact": 4, "partners": 3, "cooperation": 2, "networking": 5},
        recommendation="approve",
        comment="secret-review-comment",
    )
    client.force_login(officer_a)
    body = client.get(draft.get_absolute_url()).content.decode()
    assert "Public question to the mission" in body
    assert "internal-staff-note-xyz" not in body and "secret-review-comment" not in body
    assert "Review" not in body.split('id="history-title"')[1]  # internal events hidden from the history
    client.force_login(reviewer)
    body = client.get(draft.get_absolute_url()).content.decode()
    assert "internal-staff-note-xyz" in body and "secret-review-comment" in body


def test_officer_cannot_mark_message_internal(client, officer_a, draft):
    client.force_login(officer_a)
    response = client.post(reverse("fund:message_create", args=[draft.pk]), {"body": "Hi", "internal": "on"})
    assert response.status_code == 302
    assert draft.messages.get().internal is False


def test_a_mail_server_that_is_down_never_turns_a_stored_submission_into_an_error(
    client, officer_a, funding_round, settings, caplog, django_capture_on_commit_callbacks
):
    """The proposal is stored and submitted, the officer sees its page; the failed e-mail is logged."""
    settings.MAILERS = {"default": {"BACKEND": "tests.mail_backends.UnreachableBackend"}}
    draft = make_proposal(officer_a)
    client.force_login(officer_a)
    with caplog.at_level("ERROR"), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("fund:proposal_action", args=[draft.pk]), {"action": "submit"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == ProposalStatus.SUBMITTED
    assert "the mail server is down" in caplog.text
