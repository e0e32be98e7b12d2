"""Attachments (checked by content, private, served as downloads), decisions and their e-mails,
admin with import of historic projects, the demo data, navigation links, no inline styles."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from import_export.formats.base_formats import CSV

from fund.choices import ProposalStatus
from fund.models import Proposal, ProposalAttachment
from fund.resources import ProposalResource
from tests.html import select

from .factories import advance, pdf_bytes

pytestmark = pytest.mark.django_db


def test_attachment_upload_is_checked_private_and_downloaded_safely(
    client, officer_a, reviewer, draft, media_root, settings
):
    client.force_login(officer_a)
    url = reverse("fund:attachment_upload", args=[draft.pk])
    # A file whose content is not an accepted type is refused, whatever its name.
    refused = client.post(
        url,
        {"title": "Fake", "file": SimpleUploadedFile("plan.pdf", b"<script>alert(1)</script>")},
        follow=True,
    )
    assert refused.status_code == 200 and select(refused, 'main .messages [role="alert"]')
    assert not ProposalAttachment.objects.exists()
    response = client.post(url, {"title": "Work plan", "file": SimpleUploadedFile("plan.pdf", pdf_bytes())})
    assert response.status_code == 302
    attachment = ProposalAttachment.objects.get()
    path = Path(attachment.file.path)
    assert path.is_relative_to(Path(settings.PRIVATE_ROOT)) and path.exists()
    assert not path.is_relative_to(Path(media_root))
    with pytest.raises(ValueError):
        attachment.file.url  # noqa: B018  (no public address)
    for user in (officer_a, reviewer):
        client.force_login(user)
        response = client.get(attachment.get_absolute_url())
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
    # Once submitted, the mission can no longer add or remove files.
    advance(draft, "submitted", officer=officer_a, staff=reviewer)
    client.force_login(officer_a)
    assert (
        client.post(url, {"title": "Late", "file": SimpleUploadedFile("b.pdf", pdf_bytes())}).status_code
        == 403
    )
    assert client.post(reverse("fund:attachment_remove", args=[draft.pk, attachment.pk])).status_code == 403


def test_decision_form_and_email(
    client, officer_a, curator, draft, mailbox, django_capture_on_commit_callbacks
):
    advance(draft, "under_review", officer=officer_a, staff=curator)
    client.force_login(curator)
    url = reverse("fund:decide", args=[draft.pk])
    response = client.post(url, {"outcome": "rejected", "reasons": ""})
    assert "Give the reasons for the rejection." in response.content.decode()
    response = client.post(url, {"outcome": "approved", "amount": "99999"})
    assert "cannot exceed" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"outcome": "approved", "amount": "10000", "conditions": "Quarterly updates."}
        )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == ProposalStatus.APPROVED and str(draft.approved_amount) == "10000.00"
    message = mailbox[-1]
    assert message.to == [officer_a.email] and "Approved" in message.subject
    assert "EUR 10,000.00" in message.body and "Quarterly updates." in message.body


def test_rejection_email_gives_reasons(
    officer_a, curator, draft, mailbox, django_capture_on_commit_callbacks
):
    from fund.services.proposals import proposal_transition

    advance(draft, "under_review", officer=officer_a, staff=curator)
    with django_capture_on_commit_callbacks(execute=True):
        proposal_transition(proposal=draft, user=curator, action="reject", note="Outside the fund's scope.")
    assert "Outside the fund's scope." in mailbox[-1].body and "Rejected" in mailbox[-1].subject


def test_no_email_when_the_transaction_rolls_back(
    officer_a, draft, mailbox, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from fund.services.proposals import proposal_transition

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                proposal_transition(proposal=draft, user=officer_a, action="submit")
                raise RuntimeError
        except RuntimeError:
            pass
    assert callbacks == [] and mailbox == []
    draft.refresh_from_db()
    assert draft.status == ProposalStatus.DRAFT


def test_only_curators_mark_sensitive(client, officer_a, curator, reviewer, draft):
    advance(draft, "approved", officer=officer_a, staff=curator)
    url = reverse("fund:mark_sensitive", args=[draft.pk])
    client.force_login(reviewer)
    assert client.post(url, {"sensitive": "1"}).status_code == 403
    client.force_login(curator)
    assert client.post(url, {"sensitive": "1"}).status_code == 302
    draft.refresh_from_db()
    assert draft.sensitive


def reverse_or_none(name: str) -> str | None:
    from django.urls import NoReverseMatch

    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def test_admin_pages_for_every_model(client, superuser, officer_a, curator, draft):
    """Every fund model has its list and history in the admin; curated ones (rounds, proposals) have
    an import too; the records the workflow writes (events, versions, attachments, budget lines,
    messages, reviews, decisions, reports, evaluations) are read-only: no import, no add."""
    from django.apps import apps

    from fund.models import FundingRound, Proposal

    curated = {FundingRound, Proposal}

    advance(draft, "in_implementation", officer=officer_a, staff=curator)
    client.force_login(superuser)
    for model in apps.get_app_config("fund").get_models():
        if model.__name__.startswith("Historical"):
            continue
        base = f"admin:fund_{model._meta.model_name}"
        assert client.get(reverse(f"{base}_changelist"), {"q": "x"}).status_code == 200, model
        if model not in curated:
            assert not reverse_or_none(f"{base}_import"), model
            assert client.get(reverse(f"{base}_add")).status_code == 403, model
        else:
            assert client.get(reverse(f"{base}_import")).status_code == 200, model
        obj = model.objects.first()
        if obj is not None:
            assert client.get(reverse(f"{base}_history", args=[obj.pk])).status_code == 200, model


def test_historic_projects_import_from_a_spreadsheet(funding_round):
    data = (
        "reference,mission,round,title,summary,countries,themes,start_date,end_date,requested_amount,"
        "approved_amount,decided_at,status,co_funding,urgent,sensitive\n"
        "ATPF-2003-0012,osce-mission-to-moldova,2026 Q4,Witness protection seminar,Seminar for judges,MD,"
        ",2003-02-01,2003-06-30,15000,15000,2003-01-15 10:00:00,completed,0,0,0\n"
    )
    dataset = CSV().create_dataset(io.StringIO(data).read())
    result = ProposalResource().import_data(dataset, dry_run=False, raise_errors=True)
    assert not result.has_errors()
    project = Proposal.objects.get(reference="ATPF-2003-0012")
    assert project.mission.slug == "osce-mission-to-moldova" and [
        c.iso2 for c in project.countries.all()
    ] == ["MD"]
    assert project.is_public


def test_demo_data_has_every_state_for_both_missions(db):
    from clearinghouse import demo as accounts
    from fund import demo

    out = io.StringIO()
    accounts.load(out)
    demo.load(out)
    demo.load(out)  # idempotent
    for slug in ("osce-mission-to-moldova", "osce-office-in-yerevan"):
        states = set(Proposal.objects.filter(mission__slug=slug).values_list("status", flat=True))
        assert states == set(ProposalStatus.values), slug
    assert Proposal.objects.filter(reviews__isnull=False).exists()
    assert Proposal.objects.filter(decisions__outcome="approved").exists()
    assert Proposal.objects.filter(reports__status="accepted").exists()
    assert Proposal.objects.count() == 2 * len(ProposalStatus.values)


def test_navigation_links_by_role(client, officer_a, reviewer):
    body = client.get("/").content.decode()
    assert reverse("fund:project_list") in body and reverse("fund:dashboard") not in body
    client.force_login(officer_a)
    body = client.get("/").content.decode()
    assert "My proposals" in body and reverse("fund:dashboard") not in body
    client.force_login(reviewer)
    body = client.get("/").content.decode()
    assert "Fund dashboard" in body and "My proposals" not in body


def test_pages_have_no_inline_style_or_script(client, officer_a, curator, draft, funding_round):
    advance(draft, "in_implementation", officer=officer_a, staff=curator)
    pages = {
        officer_a: [
            reverse("fund:proposal_list"),
            reverse("fund:proposal_create"),
            draft.get_absolute_url(),
            draft.reports.first().get_absolute_url(),
        ],
        curator: [
            reverse("fund:dashboard"),
            reverse("fund:round_list"),
            funding_round.get_absolute_url(),
            draft.get_absolute_url(),
            reverse("fund:review", args=[draft.pk]),
            reverse("fund:decide", args=[draft.pk]),
            reverse("fund:versions", args=[draft.pk]),
            reverse("fund:evaluation", args=[draft.pk]),
        ],
    }
    for user, urls in pages.items():
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            body = response.content.decode()
            assert "style=" not in body and "<style" not in body, url
            assert "<script>" not in body, url


def test_admin_action_marks_sensitive_through_the_service(client, superuser, officer_a, curator, draft):
    advance(draft, "approved", officer=officer_a, staff=curator)
    client.force_login(superuser)
    response = client.post(
        reverse("admin:fund_proposal_changelist"),
        {"action": "mark_sensitive", "_selected_action": [draft.pk]},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.sensitive and draft.events.filter(action="sensitive", internal=True).exists()
