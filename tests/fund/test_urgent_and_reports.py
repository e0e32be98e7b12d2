"""Acceptance 5: an urgent proposal shows its decision deadline; an overdue one is flagged; reminders
are sent once per due report. Also: implementation reports, their review and the evaluation."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from clearinghouse.errors import TransitionNotAllowed
from fund.choices import ProposalStatus, ReportStatus
from fund.dates import add_working_days, working_days_between
from fund.models import Proposal, Report
from fund.services.reports import report_review, report_submit

from .factories import advance, make_proposal

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "start,days,expected",
    [
        (date(2026, 11, 23), 5, date(2026, 11, 30)),  # Monday -> next Monday
        (date(2026, 11, 27), 5, date(2026, 12, 4)),  # Friday -> next Friday
        (date(2026, 11, 28), 5, date(2026, 12, 4)),  # Saturday -> Friday
        (date(2026, 11, 26), 1, date(2026, 11, 27)),
        (date(2026, 11, 27), 1, date(2026, 11, 30)),  # Friday + 1 -> Monday
    ],
)
def test_add_working_days_skips_weekends(start, days, expected):
    assert add_working_days(start, days) == expected


def test_working_days_between():
    assert working_days_between(date(2026, 11, 27), date(2026, 12, 4)) == 5
    assert working_days_between(date(2026, 12, 4), date(2026, 11, 27)) == -5


def test_urgent_submission_gets_a_deadline_and_shows_time_left(
    client, officer_a, curator, funding_round, settings
):
    settings.FUND_URGENT_DECISION_WORKING_DAYS = 3
    proposal = make_proposal(officer_a, urgent=True, urgent_justification="A witness needs protection now.")
    advance(proposal, "submitted", officer=officer_a, staff=curator)
    expected = add_working_days(timezone.localdate(), 3)
    assert proposal.decision_deadline == expected
    client.force_login(curator)
    body = client.get(reverse("fund:dashboard")).content.decode()
    urgent_section = body.split('id="urgent-title"')[1].split('id="inbox-title"')[0]
    assert proposal.reference in urgent_section
    assert expected.strftime("%-d %b %Y") in urgent_section
    assert "3 working days left" in urgent_section
    assert "Overdue" not in urgent_section
    # The mission sees the deadline too.
    client.force_login(officer_a)
    assert "decision due by" in client.get(proposal.get_absolute_url()).content.decode()


def test_overdue_urgent_proposal_is_flagged(client, officer_a, curator, funding_round):
    proposal = make_proposal(officer_a, urgent=True, urgent_justification="Now.")
    advance(proposal, "under_review", officer=officer_a, staff=curator)
    Proposal.objects.filter(pk=proposal.pk).update(decision_deadline=timezone.localdate() - timedelta(days=7))
    client.force_login(curator)
    body = client.get(reverse("fund:dashboard")).content.decode()
    assert 'class="fund-overdue"' in body and "Overdue by 5 working days" in body


def test_non_urgent_proposal_has_no_deadline(officer_a, curator, funding_round):
    proposal = advance(make_proposal(officer_a), "submitted", officer=officer_a, staff=curator)
    assert proposal.decision_deadline is None


@pytest.fixture
def implementing(officer_a, curator, funding_round):
    proposal = make_proposal(officer_a, start_date=date(2026, 1, 1), end_date=date(2026, 12, 31))
    return advance(proposal, "in_implementation", officer=officer_a, staff=curator)


def test_reports_are_scheduled_when_implementation_starts(implementing):
    kinds = list(implementing.reports.values_list("kind", "due_date"))
    assert kinds == [("interim", date(2026, 7, 2)), ("final", date(2027, 1, 30))]


def test_reminders_are_sent_once_per_due_report(
    implementing, mailbox, django_capture_on_commit_callbacks, officer_a
):
    interim, final = implementing.reports.order_by("due_date")
    today = timezone.localdate()
    Report.objects.filter(pk=interim.pk).update(due_date=today + timedelta(days=3))
    Report.objects.filter(pk=final.pk).update(due_date=today + timedelta(days=200))
    for _run in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_fund_reminders", stdout=io.StringIO())
    assert [m.subject for m in mailbox] == [f"Report due for {implementing.reference}"]
    assert mailbox[0].to == [officer_a.email]
    interim.refresh_from_db()
    assert interim.reminder_sent_at is not None
    # Once it is overdue, one overdue reminder, once.
    Report.objects.filter(pk=interim.pk).update(due_date=today - timedelta(days=1))
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_fund_reminders", stdout=io.StringIO())
    assert [m.subject for m in mailbox][1:] == [f"Report overdue for {implementing.reference}"]


def test_submitted_reports_get_no_reminder(
    implementing, mailbox, django_capture_on_commit_callbacks, officer_a
):
    interim = implementing.reports.order_by("due_date").first()
    report_submit(report=interim, user=officer_a, narrative="Done.", spending={})
    Report.objects.filter(pk=interim.pk).update(due_date=timezone.localdate() - timedelta(days=3))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_fund_reminders", stdout=io.StringIO())
    assert mailbox == []


def test_report_cycle_completes_the_project(
    client, implementing, officer_a, curator, mailbox, django_capture_on_commit_callbacks
):
    interim, final = implementing.reports.order_by("due_date")
    lines = list(implementing.budget_lines.all())
    client.force_login(officer_a)
    url = final.get_absolute_url()
    response = client.post(url, {"narrative": "", f"spent_{lines[0].pk}": "-1"})
    assert response.status_code == 200 and 'id="error-summary"' in response.content.decode()
    response = client.post(
        url, {"narrative": "All done.", f"spent_{lines[0].pk}": "8800", f"spent_{lines[1].pk}": "4000"}
    )
    assert response.status_code == 302
    final.refresh_from_db()
    assert final.status == ReportStatus.SUBMITTED
    assert {s.budget_line_id: s.amount for s in final.spending.all()} == {
        lines[0].pk: Decimal("8800.00"),
        lines[1].pk: Decimal("4000.00"),
    }
    client.force_login(curator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"review": "1", "decision": "changes", "comment": "Add receipts."})
    assert response.status_code == 302
    final.refresh_from_db()
    assert final.status == ReportStatus.CHANGES_REQUESTED and "Add receipts." in mailbox[-1].body
    report_submit(report=final, user=officer_a, narrative="All done, receipts attached.", spending={})
    assert client.post(url, {"review": "1", "decision": "accept"}).status_code == 302
    implementing.refresh_from_db()
    assert implementing.status == ProposalStatus.COMPLETED
    assert implementing.events.filter(action="complete").exists()
    # Staff record an evaluation; the mission cannot.
    response = client.post(
        reverse("fund:evaluation", args=[implementing.pk]),
        {"rating": "satisfactory", "findings": "Met its goals."},
    )
    assert response.status_code == 302 and implementing.evaluation.findings == "Met its goals."
    client.force_login(officer_a)
    assert client.get(reverse("fund:evaluation", args=[implementing.pk])).status_code == 403


def test_only_the_mission_submits_and_only_staff_review(implementing, officer_b, reviewer, officer_a):
    report = implementing.reports.first()
    with pytest.raises(TransitionNotAllowed):
        report_submit(report=report, user=officer_b, narrative="x", spending={})
    with pytest.raises(TransitionNotAllowed):
        report_submit(report=report, user=reviewer, narrative="x", spending={})
    report_submit(report=report, user=officer_a, narrative="x", spending={})
    with pytest.raises(TransitionNotAllowed):
        report_review(report=report, user=officer_a, accept=True)


def test_dashboard_inbox_comes_a_page_at_a_time_with_every_urgent_request(
    client, officer_a, curator, funding_round, monkeypatch
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.html import main, select, text

    monkeypatch.setattr("fund.views.staff.INBOX_PAGE", 2)
    waiting = [
        advance(make_proposal(officer_a, title=f"Waiting {n}"), "submitted", officer=officer_a, staff=curator)
        for n in range(3)
    ]
    urgent = [
        advance(
            make_proposal(officer_a, title=f"Urgent {n}", urgent=True, urgent_justification="Now."),
            "submitted",
            officer=officer_a,
            staff=curator,
        )
        for n in range(3)
    ]
    client.force_login(curator)
    client.get(reverse("fund:dashboard"))  # the session's first request

    def page(number):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("fund:dashboard"), {"page": number})
        section = {s.get("aria-labelledby"): s for s in select(main(response), "section")}
        rows = {
            key: [text(row) for row in select(section[key], "tbody tr")]
            for key in ("urgent-title", "inbox-title")
        }
        return rows, len(queries), texts_of(section["inbox-title"], "nav.pagination li")

    def texts_of(element, css):
        return [text(e) for e in select(element, css)]

    first, first_queries, first_nav = page(1)
    second, second_queries, _nav = page(2)

    assert [r.split()[0] for r in first["inbox-title"]] == [p.reference for p in waiting[:2]]
    assert [r.split()[0] for r in second["inbox-title"]] == [waiting[2].reference]
    assert "Page 1 of 2" in first_nav
    assert sorted(r.split()[0] for r in first["urgent-title"]) == sorted(p.reference for p in urgent)
    assert first["urgent-title"] == second["urgent-title"]
    assert first_queries == second_queries
