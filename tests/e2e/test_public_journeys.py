"""A visitor's journeys through the public pages, with and without JavaScript, in both languages."""

import re

import pytest

from programmes.services.outlines import import_document

pytestmark = pytest.mark.e2e


@pytest.fixture
def site(live, seed_path):
    import_document(seed_path.read_text(encoding="utf-8"), source=seed_path.name)
    return live.url


def test_visitor_browses_and_filters_programmes(site, page, a11y):
    page.goto(site + "/")
    a11y.check(page, "home")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Programmes").click()
    page.wait_for_url(re.compile(r"/programmes/$"))
    a11y.check(page, "programme-list")

    page.get_by_label("Theme").select_option(label="Monitoring and research")
    page.get_by_label("Region").select_option(label="Caucasus")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"theme=monitoring-and-research"))
    titles = page.locator("article.result h3").all_inner_texts()
    assert titles == ["ODIHR Anti-Trafficking Contact Point Programme"]
    assert page.get_by_label("Region").input_value() == "caucasus", "the form keeps the choice"

    page.get_by_role("link", name="ODIHR Anti-Trafficking Contact Point Programme").click()
    page.wait_for_url(re.compile(r"/programmes/odihr-anti-trafficking-contact-point-programme/$"))
    assert page.get_by_role("heading", level=2, name="Justification").is_visible()
    a11y.check(page, "programme-detail")

    page.get_by_role("link", name=re.compile("in the Caucasus")).first.click()
    page.wait_for_url(re.compile(r"/programmes/odihr-anti-trafficking-contact-point-programme/.+/$"))
    assert page.get_by_text("REGIONAL: CAUCASUS: SEE RIGHTS").is_visible()
    a11y.check(page, "outline-detail")

    page.goto(site + "/countries/")
    a11y.check(page, "countries")
    page.get_by_role("link", name="Armenia", exact=True).first.click()
    assert page.get_by_role("heading", level=1, name="Armenia").is_visible()
    a11y.check(page, "country-armenia")


def test_filters_work_without_javascript(site, nojs_page):
    page = nojs_page
    page.goto(site + "/programmes/")
    page.get_by_role("textbox", name="Search:").fill("journalists")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"q=journalists"))
    assert page.get_by_role(
        "link", name="Anti-Trafficking Awareness Raising: Media and NGO Training Programme"
    ).is_visible()
    assert page.locator("article.result").count() == 1


def test_visitor_switches_to_russian(site, page, a11y):
    page.goto(site + "/programmes/")
    page.get_by_role("button", name="Русский").click()
    page.wait_for_url(site + "/ru/programmes/")
    assert page.locator("html").get_attribute("lang") == "ru"
    a11y.check(page, "programme-list-ru")
    page.get_by_role("button", name="English").click()
    page.wait_for_url(site + "/programmes/")
    assert page.locator("html").get_attribute("lang") == "en"


def test_sign_in_with_the_keyboard_only(site, page, a11y):
    from tests.factories import PASSWORD, UserFactory

    UserFactory(username="keyboard-user")
    page.goto(site + "/")
    page.keyboard.press("Tab")  # the skip link comes first
    assert page.evaluate("document.activeElement.textContent").strip() == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.goto(site + "/accounts/login/")
    a11y.check(page, "login")
    # The username field has the focus as the page opens.
    assert page.evaluate("document.activeElement.name") == "username"
    page.keyboard.type("keyboard-user")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(site + "/")
    assert page.get_by_role("button", name="Sign out (keyboard-user)").is_visible()


def test_sign_in_error_is_announced_and_linked(site, page, a11y):
    page.goto(site + "/accounts/login/")
    page.get_by_label("Username").fill("nobody")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    alert = page.get_by_role("alert")
    assert "There is a problem" in alert.inner_text()
    assert page.get_by_label("Username").input_value() == "nobody"
    a11y.check(page, "login-error")
