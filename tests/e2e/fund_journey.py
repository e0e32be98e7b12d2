"""The proposal journey, written once and run in English, in Russian and without JavaScript:
an officer drafts, leaves, comes back, submits and answers a revision request; a curator asks for
the revision, a reviewer scores, the curator decides; the public list of supported projects shows it.

Each person works in their own browser context and signs in once (staff with a TOTP code from their
device). Labels are read through the site's own translations, so the steps are the same in each language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone, translation

from clearinghouse import roles
from clearinghouse.models import Country, Organisation, Theme
from fund.choices import ProposalStatus
from fund.forms import ProposalForm, ReviewForm
from fund.models import Proposal
from tests.factories import PASSWORD, UserFactory
from tests.fund.factories import make_round

from .conftest import in_language, sign_in, totp_device

TITLE = "Hotline for people at risk of trafficking"


@dataclass
class People:
    site: str
    officer: object
    curator: object
    reviewer: object


def fund_people(site: str) -> People:
    """An open funding round, an officer of the Moldova mission, a curator and a reviewer (both with
    an authenticator device, since staff must use two factors)."""
    today = timezone.localdate()
    make_round(
        title="Current round",
        opens=today - timedelta(days=30),
        closes=today + timedelta(days=60),
        decision_date=today + timedelta(days=75),
    )
    mission = Organisation.objects.get(slug="osce-mission-to-moldova")
    officer = UserFactory(username="officer-md", role=roles.OFFICER, organisation=mission)
    curator = UserFactory(username="fund-curator", role=roles.CURATOR, is_staff=True)
    reviewer = UserFactory(username="fund-reviewer", role=roles.REVIEWER)
    totp_device(curator)
    totp_device(reviewer)
    return People(site=site, officer=officer, curator=curator, reviewer=reviewer)


def form_label(form_class, name: str, language: str) -> str:
    with translation.override(language):
        return str(form_class().fields[name].label)


class ProposalJourney:
    def __init__(self, people: People, pages, a11y, *, language: str = "en", javascript: bool = True):
        self.people = people
        self.site = people.site
        self.pages = pages
        self.a11y = a11y
        self.language = language
        self.javascript = javascript
        self.T = in_language(language)
        self.prefix = "" if language == "en" else f"/{language}"
        self.shot = f"{language}{'' if javascript else '-nojs'}"

    # Helpers ------------------------------------------------------------------------------------
    def url(self, path: str) -> str:
        return f"{self.site}{self.prefix}{path}"

    def field(self, page, name: str):
        return page.get_by_label(form_label(ProposalForm, name, self.language), exact=True)

    def check(self, page, name: str | None = None) -> None:
        assert page.locator("html").get_attribute("lang") == self.language
        self.a11y.check(page, f"{name}-{self.shot}" if name else None)

    def expect_message(self, page, text: str) -> None:
        assert page.get_by_text(self.T(text), exact=True).is_visible(), text

    def proposal(self) -> Proposal:
        return Proposal.objects.get(title=TITLE)

    def person(self, user, next_path: str):
        page = self.pages(javascript=self.javascript)
        sign_in(page, self.site, user, next_path=self.prefix + next_path, prefix=self.prefix, a11y=self.a11y)
        return page

    # The journey --------------------------------------------------------------------------------
    def run(self) -> None:
        officer = self.officer_drafts()
        self.officer_comes_back_and_submits(officer)
        curator = self.curator_requests_revision()
        self.officer_revises(officer)
        self.curator_sends_to_review(curator)
        self.reviewer_scores()
        self.curator_approves(curator)
        self.public_sees_the_project()

    def officer_drafts(self):
        T = self.T
        page = self.pages(javascript=self.javascript)
        page.goto(self.site + "/fund/proposals/")  # not signed in: the sign-in page, in English
        page.wait_for_url(re.compile(r"/accounts/login/"))
        if self.language != "en":
            page.get_by_role("button", name="Русский").click()
            page.wait_for_url(re.compile(re.escape(self.url("/accounts/login/"))))
        self.check(page, "login")
        page.get_by_label(T("Username")).fill(self.people.officer.username)
        page.get_by_label(T("Password")).fill(PASSWORD)
        page.get_by_role("button", name=T("Sign in")).click()
        page.wait_for_url(self.url("/fund/proposals/"))
        self.check(page, "proposal-list")

        page.get_by_role("button", name=T("New proposal")).click()
        page.wait_for_url(self.url("/fund/proposals/new/"))
        self.check(page, "proposal-new")
        self.field(page, "title").fill(TITLE)
        self.field(page, "summary").fill("A national hotline for people at risk.")
        page.locator("#id_lines-0-category").select_option("services")
        page.locator("#id_lines-0-description").fill("Hotline operator")
        page.locator("#id_lines-0-quantity").fill("12")
        page.locator("#id_lines-0-unit_cost").fill("800")
        page.get_by_role("button", name=T("Save draft")).click()
        page.wait_for_url(re.compile(re.escape(self.url("/fund/proposals/")) + r"\d+/edit/$"))
        self.expect_message(page, "Draft saved.")
        assert page.locator(".fund-budget tfoot").inner_text().split()[-1] == "9,600"  # server total
        self.check(page, "proposal-draft")
        assert self.proposal().status == ProposalStatus.DRAFT
        return page

    def officer_comes_back_and_submits(self, page) -> None:
        T = self.T
        page.goto(self.url("/"))  # leaves the form
        self.check(page)
        page.goto(self.url("/fund/proposals/"))
        reference = self.proposal().reference
        page.get_by_role("link", name=reference).click()
        page.wait_for_url(self.url(f"/fund/proposals/{self.proposal().pk}/"))
        self.check(page, "proposal-detail-draft")
        page.get_by_role("button", name=T("Edit and submit")).click()
        page.wait_for_url(re.compile(r"/edit/$"))
        # What was typed before is still there.
        assert self.field(page, "summary").input_value() == "A national hotline for people at risk."
        assert page.locator("#id_lines-0-description").input_value() == "Hotline operator"
        self.field(page, "objectives").fill("Reach people at risk before they are trafficked.")
        self.field(page, "activities").fill("Run the hotline; train its operators.")
        self.field(page, "partners").fill("La Strada Moldova")
        self.field(page, "beneficiaries").fill("People at risk and their families")
        theme = Theme.objects.filter(parent__isnull=True).order_by("order", "name").first()
        with translation.override(self.language):
            page.get_by_label(str(Country.objects.get(iso2="MD")), exact=True).check()
            page.get_by_label(str(theme), exact=True).check()
        self.field(page, "start_date").fill("2027-02-01")
        self.field(page, "end_date").fill("2027-07-31")
        self.field(page, "requested_amount").fill("9000")
        self.field(page, "co_funding").fill("600")
        page.get_by_role("button", name=T("Save and submit")).click()
        page.wait_for_url(self.url(f"/fund/proposals/{self.proposal().pk}/"))
        self.expect_message(page, "The proposal has been submitted. The fund will be in touch.")
        assert self.proposal().status == ProposalStatus.SUBMITTED
        self.check(page, "proposal-submitted")

    def curator_requests_revision(self):
        T = self.T
        page = self.person(self.people.curator, "/fund/dashboard/")
        self.check(page, "fund-dashboard")
        proposal = self.proposal()
        page.get_by_role("link", name=proposal.reference).click()
        page.wait_for_url(self.url(f"/fund/proposals/{proposal.pk}/"))
        self.check(page, "proposal-detail-staff")
        page.get_by_role("button", name=T("Start consultation")).click()
        page.get_by_role("button", name=T("Request revision")).wait_for()
        assert self.proposal().status == ProposalStatus.CONSULTATION
        self.check(page)
        page.get_by_label(T("What should change (sent to the mission)")).fill(
            "Add indicators for the results."
        )
        page.get_by_role("button", name=T("Request revision")).click()
        page.get_by_role("button", name=T("Send to review")).wait_for(state="detached")
        assert self.proposal().status == ProposalStatus.REVISION_REQUESTED
        self.check(page)
        return page

    def officer_revises(self, page) -> None:
        T = self.T
        proposal = self.proposal()
        page.goto(self.url(f"/fund/proposals/{proposal.pk}/"))
        assert page.get_by_text("Add indicators for the results.").is_visible()  # told why
        self.check(page, "proposal-revision-requested")
        page.get_by_role("button", name=T("Revise and resubmit")).click()
        page.wait_for_url(re.compile(r"/edit/$"))
        assert page.get_by_text(
            T("The fund has asked for a revision. Change the proposal, then resubmit it.")
        ).is_visible()
        self.check(page)
        self.field(page, "objectives").fill("Reach people at risk; 500 calls a year.")
        page.get_by_role("button", name=T("Save and resubmit")).click()
        page.wait_for_url(self.url(f"/fund/proposals/{proposal.pk}/"))
        assert self.proposal().status == ProposalStatus.CONSULTATION
        assert self.proposal().versions.count() == 2
        self.check(page)

    def curator_sends_to_review(self, page) -> None:
        T = self.T
        page.reload()
        page.get_by_role("button", name=T("Send to review")).click()
        page.get_by_role("button", name=T("Decide")).wait_for()
        assert self.proposal().status == ProposalStatus.UNDER_REVIEW
        self.check(page)

    def reviewer_scores(self) -> None:
        T = self.T
        proposal = self.proposal()
        page = self.person(self.people.reviewer, f"/fund/proposals/{proposal.pk}/")
        self.check(page)
        page.get_by_role("button", name=T("Review"), exact=True).click()
        page.wait_for_url(self.url(f"/fund/proposals/{proposal.pk}/review/"))
        self.check(page, "review-form")
        for name in ReviewForm().fields:
            if name.startswith("score_"):
                page.get_by_label(form_label(ReviewForm, name, self.language), exact=True).select_option("4")
        page.get_by_label(form_label(ReviewForm, "recommendation", self.language), exact=True).select_option(
            "approve"
        )
        page.get_by_label(form_label(ReviewForm, "comment", self.language), exact=True).fill(
            "Clear results and a strong local partner."
        )
        page.get_by_role("button", name=T("Save review")).click()
        page.wait_for_url(self.url(f"/fund/proposals/{proposal.pk}/"))
        self.expect_message(page, "Review saved.")
        assert proposal.reviews.get().score_impact == 4
        self.check(page)

    def curator_approves(self, page) -> None:
        T = self.T
        proposal = self.proposal()
        page.reload()
        assert page.get_by_text("Clear results and a strong local partner.").is_visible()
        page.get_by_role("button", name=T("Decide")).click()
        page.wait_for_url(self.url(f"/fund/proposals/{proposal.pk}/decide/"))
        self.check(page, "decision-form")
        page.get_by_label(T("Approved"), exact=True).check()
        page.get_by_label(T("Approved amount (EUR)")).fill("8500")
        page.get_by_label(T("Conditions")).fill("Quarterly call statistics.")
        page.get_by_role("button", name=T("Record the decision")).click()
        page.wait_for_url(self.url(f"/fund/proposals/{proposal.pk}/"))
        self.expect_message(page, "Decision recorded; the mission has been told.")
        assert self.proposal().status == ProposalStatus.APPROVED
        self.check(page)

    def public_sees_the_project(self) -> None:
        page = self.pages(javascript=self.javascript)
        page.goto(self.url("/fund/projects/"))
        self.check(page, "project-list")
        page.get_by_role("link", name=TITLE).click()
        page.wait_for_url(self.url(f"/fund/projects/{self.proposal().reference}/"))
        assert page.get_by_role("heading", level=1, name=TITLE).is_visible()
        assert page.get_by_text("8,500").first.is_visible()
        self.check(page, "project-detail")
