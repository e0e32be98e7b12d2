"""Forms in the browser: the proposal form completed with the keyboard alone, and every error of the
proposal form and of the expert application announced, focused and linked from the error summary."""

import re

import pytest

from clearinghouse.models import Theme
from fund.choices import ProposalStatus
from fund.models import Proposal

from .conftest import sign_in
from .fund_journey import fund_people

pytestmark = pytest.mark.e2e


@pytest.fixture
def people(live, two_factor):
    return fund_people(live.url)


def focused(page, attribute: str = "id") -> str:
    return page.evaluate(f"document.activeElement.{attribute} || ''")


def tab_to(page, *, id: str = "", name: str = "", limit: int = 150) -> None:
    """Presses Tab until the element with this id (or button name) has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if (id and focused(page) == id) or (name and focused(page, "name") == name):
            return
    raise AssertionError(f"Tab never reached {id or name}")


def test_proposal_form_with_the_keyboard_only(people, pages, a11y):
    site = people.site
    page = pages()
    sign_in(page, site, people.officer, next_path="/fund/proposals/new/")
    a11y.check(page)
    texts = {
        "id_title": "Keyboard-only proposal",
        "id_summary": "Typed without a mouse.",
        "id_objectives": "Show the form works from the keyboard.",
        "id_activities": "Type, tab and press Enter.",
        "id_partners": "La Strada Moldova",
        "id_beneficiaries": "Keyboard users",
    }
    for element_id, text in texts.items():
        tab_to(page, id=element_id)
        page.keyboard.type(text)
    tab_to(page, id="id_countries_filter")
    page.keyboard.type("Moldova")  # the list shows only what matches; Tab reaches the first match
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.labels[0].textContent").strip() == "Moldova"
    page.keyboard.press("Space")
    tab_to(page, id="id_themes_0_0")
    page.keyboard.press("Space")
    tab_to(page, id="id_start_date")
    # Day and month are equal, so the digits mean the same in a dd/mm/yyyy or an mm/dd/yyyy field.
    page.keyboard.type("02022027")
    tab_to(page, id="id_end_date")
    page.keyboard.type("07072027")
    tab_to(page, id="id_requested_amount")
    page.keyboard.type("9000")
    tab_to(page, id="id_co_funding")
    page.keyboard.type("0")
    tab_to(page, id="id_lines-0-category")
    page.keyboard.type("Contracted")
    for element_id, text in (
        ("id_lines-0-description", "Hotline operator"),
        ("id_lines-0-quantity", "12"),
        ("id_lines-0-unit_cost", "800"),
    ):
        tab_to(page, id=element_id)
        page.keyboard.type(text)
    tab_to(page, name="submit")  # "Save and submit"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/fund/proposals/\d+/$"))
    proposal = Proposal.objects.get(title="Keyboard-only proposal")
    assert proposal.status == ProposalStatus.SUBMITTED
    assert [c.iso2 for c in proposal.countries.all()] == ["MD"]
    assert str(proposal.start_date) == "2027-02-02" and str(proposal.end_date) == "2027-07-07"
    line = proposal.budget_lines.get()
    assert (line.category, str(line.total)) == ("services", "9600.00")
    a11y.check(page)


def assert_error_summary(page, expected_ids: set[str]) -> None:
    """One summary, announced as an alert, holding the focus, with a link to each invalid field."""
    summary = page.locator("#error-summary")
    assert summary.get_attribute("role") == "alert"
    assert "There is a problem" in summary.inner_text()
    assert focused(page) == "error-summary"
    targets = {
        href.lstrip("#")
        for href in summary.locator("a").evaluate_all("l => l.map(a => a.getAttribute('href'))")
    }
    assert expected_ids <= targets, expected_ids - targets
    for target in targets:
        field = page.locator(f"[id='{target}']")
        assert field.count() == 1, target
        assert field.get_attribute("aria-invalid") == "true", target


def test_proposal_form_errors_are_summarised_and_linked(people, pages, a11y):
    page = pages()
    sign_in(page, people.site, people.officer, next_path="/fund/proposals/new/")
    page.locator("#id_title").fill("Dates the wrong way round")
    page.locator("#id_start_date").fill("2027-05-01")
    page.locator("#id_end_date").fill("2027-04-01")
    page.locator("#id_lines-0-description").fill("Printing")  # a line without category, quantity, cost
    page.get_by_role("button", name="Save and submit").click()
    page.locator("#error-summary").wait_for()
    assert_error_summary(
        page, {"id_end_date", "id_lines-0-category", "id_lines-0-quantity", "id_lines-0-unit_cost"}
    )
    assert page.get_by_role("link", name="Budget line 1: Quantity: This field is required.").is_visible()
    # Nothing typed is lost, and nothing was saved.
    assert page.locator("#id_title").input_value() == "Dates the wrong way round"
    assert page.locator("#id_end_date").input_value() == "2027-04-01"
    assert page.locator("#id_lines-0-description").input_value() == "Printing"
    assert not Proposal.objects.exists()
    a11y.check(page, "proposal-errors")


def test_expert_application_errors_are_summarised_and_linked(live, page, a11y):
    from tests.roster.factories import apply_url

    page.goto(live.url + apply_url("tamar@example.net"))  # the form behind the e-mailed link
    page.locator("#id_username").fill("tamar")
    page.locator("#id_password1").fill("correct-horse-battery-staple")
    page.locator("#id_password2").fill("another-horse-battery-staple")
    page.locator("#id_bio").fill("Trainer of labour inspectors.")
    page.locator("#id_lang-0-language").select_option("ru")  # a language without its level
    page.get_by_label(Theme.objects.get(slug="national-referral-mechanisms").name, exact=True).check()
    page.get_by_role("button", name="Apply").click()
    page.locator("#error-summary").wait_for()
    assert_error_summary(page, {"id_password2", "id_full_name", "id_lang-0-level", "id_consent"})
    assert page.locator("#id_username").input_value() == "tamar"
    assert page.locator("#id_bio").input_value() == "Trainer of labour inspectors."
    assert page.locator("#id_lang-0-language").input_value() == "ru"
    a11y.check(page, "roster-apply-errors")
