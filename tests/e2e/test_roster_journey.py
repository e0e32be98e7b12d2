"""The expert roster end to end: an expert applies, a curator vets and activates them, a field-mission
officer files a request, the curator shortlists from the ranked matches, and the officer sees the
ranked, anonymised shortlist."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from clearinghouse import roles
from clearinghouse.models import Organisation, Theme
from roster.choices import CEFR, ExpertStatus
from roster.models import Expert
from tests.factories import PASSWORD, UserFactory
from tests.roster.factories import make_expert

from .conftest import sign_in, totp_device

pytestmark = pytest.mark.e2e

THEME = "national-referral-mechanisms"


def iso(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


@pytest.fixture
def roster(live, two_factor, media_root):
    mission = Organisation.objects.get(slug="osce-mission-to-moldova")
    officer = UserFactory(username="officer-md", role=roles.OFFICER, organisation=mission)
    curator = UserFactory(username="roster-curator", role=roles.CURATOR, is_staff=True)
    totp_device(curator)
    today = timezone.localdate()
    # Already on the roster: speaks Russian, but without the verified expertise.
    make_expert(
        "Second Candidate",
        languages=[("ru", CEFR.B2)],
        windows=[(today, today + timedelta(days=200))],
    )
    return {"site": live.url, "officer": officer, "curator": curator}


def field(page, label: str):
    """The field labelled `label`; required fields' labels end with an asterisk hidden from
    assistive technology."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \*)?$"))


def expert_applies(site, page, a11y) -> None:
    from django.core import mail

    page.goto(site + "/roster/apply/")
    assert page.get_by_role("heading", level=1, name="Join the expert roster").is_visible()
    a11y.check(page, "roster-apply-email")
    field(page, "E-mail").fill("tamar@example.net")
    page.get_by_role("button", name="Send me the link").click()
    assert page.get_by_text("Check your inbox").is_visible()
    assert not Expert.objects.filter(email="tamar@example.net").exists(), "nothing before the link"
    [message] = [m for m in mail.outbox if m.to == ["tamar@example.net"]]
    page.goto(site + re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1))
    a11y.check(page, "roster-apply")
    field(page, "Username").fill("tamar")
    field(page, "Password").fill(PASSWORD)
    field(page, "Password again").fill(PASSWORD)
    field(page, "Full name").fill("Tamar Gelashvili")
    field(page, "Years of professional experience").fill("12")
    page.locator("#id_lang-0-language").select_option("ru")
    page.locator("#id_lang-0-level").select_option(str(CEFR.C1))
    page.get_by_label(Theme.objects.get(slug=THEME).name, exact=True).check()
    page.get_by_label("Trainer", exact=True).check()
    page.locator("#id_window-0-starts_on").fill(iso(10))
    page.locator("#id_window-0-ends_on").fill(iso(200))
    page.locator("#id_consent").check()
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(site + "/roster/me/")
    assert page.get_by_text("Thank you: your application is recorded and awaits vetting.").is_visible()
    assert Expert.objects.get(full_name="Tamar Gelashvili").status == ExpertStatus.APPLIED
    a11y.check(page, "roster-me")


def curator_vets(site, page, a11y) -> None:
    page.goto(site + "/roster/experts/")
    a11y.check(page, "roster-experts")
    page.get_by_role("link", name="Tamar Gelashvili").click()
    page.wait_for_url(re.compile(r"/roster/experts/\d+/$"))
    a11y.check(page, "roster-expert-detail")
    page.get_by_role("button", name="Mark verified").click()
    page.get_by_role("button", name="Mark self-declared").wait_for()
    for kind in ("References checked", "Interview held", "Documents verified"):
        field(page, "Check").select_option(label=kind)
        field(page, "Completed on").fill(iso(-1))
        page.get_by_role("button", name="Record check").click()
        page.get_by_role("cell", name=kind).wait_for()
    a11y.check(page)
    page.get_by_role("button", name="Activate").click()
    page.get_by_text("Status changed to: Active.").wait_for()
    assert Expert.objects.get(full_name="Tamar Gelashvili").status == ExpertStatus.ACTIVE
    a11y.check(page)


def officer_files_request(site, page, a11y) -> str:
    page.get_by_role("button", name="Request an expert").click()
    page.wait_for_url(site + "/roster/requests/new/")
    a11y.check(page, "roster-request-form")
    field(page, "Title").fill("Trainer on national referral mechanisms")
    field(page, "Terms of reference").fill("Three workshops for NRM coordinators.")
    field(page, "Start date").fill(iso(40))
    field(page, "End date").fill(iso(54))
    field(page, "Country").select_option(label="Moldova")
    field(page, "Function").select_option("trainer")
    page.locator("#id_lang-0-language").select_option("ru")
    page.locator("#id_lang-0-min_level").select_option(str(CEFR.B2))
    page.locator("fieldset", has_text="Required expertise").get_by_label(
        Theme.objects.get(slug=THEME).name, exact=True
    ).check()
    page.get_by_role("button", name="Check matches").click()
    page.get_by_text("2 active experts are available and speak the required languages.").wait_for()
    a11y.check(page)
    page.get_by_role("button", name="File the request").click()
    page.wait_for_url(re.compile(r"/roster/requests/\d+/$"))
    assert page.get_by_text("No candidates on the shortlist yet.").is_visible()
    a11y.check(page, "roster-request-detail")
    return page.url


def test_expert_applies_is_vetted_and_shortlisted(roster, pages, a11y):
    site = roster["site"]
    expert_applies(site, pages(), a11y)

    curator = pages()
    sign_in(curator, site, roster["curator"], next_path="/roster/experts/", a11y=a11y)
    curator_vets(site, curator, a11y)

    officer = pages()
    sign_in(officer, site, roster["officer"], next_path="/roster/requests/")
    a11y.check(officer, "roster-requests")
    request_url = officer_files_request(site, officer, a11y)

    curator.goto(request_url)
    curator.get_by_role("button", name="Ranked matches").click()
    curator.wait_for_url(re.compile(r"/matching/$"))
    a11y.check(curator, "roster-matching")
    ranked = curator.locator("ol.roster-ranking > li")
    assert ranked.count() == 2
    assert "Tamar Gelashvili" in ranked.first.inner_text()  # verified expertise ranks her first
    for row in ranked.all():
        row.get_by_role("checkbox").check()
    curator.get_by_role("button", name="Add the ticked experts to the shortlist").click()
    curator.wait_for_url(request_url)
    a11y.check(curator)

    officer.reload()
    shortlist = officer.locator("article.roster-candidate header")
    headers = [" ".join(text.split()) for text in shortlist.all_inner_texts()]
    assert [h.split(" · ")[0] for h in headers] == ["Candidate 1", "Candidate 2"]
    scores = [float(re.search(r"score ([\d.]+) of 100", h).group(1)) for h in headers]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[1]
    assert "Tamar Gelashvili" not in officer.content()  # names stay hidden until released
    a11y.check(officer, "roster-shortlist")
