"""Phones and narrow screens (issue 21): no public page scrolls sideways at 320 CSS px (WCAG 1.4.10) and
its touch targets are at least 24 px (axe's target-size, WCAG 2.5.8); the header is the site name, the
search box and a Menu button; the first library result is on the first screen of a 390 × 844 phone;
the proposal and expert request forms work there, with axe, and their long lists filter as you type."""

import io
import re

import pytest
from django.core.management import call_command
from django.test import override_settings

from clearinghouse.models import Country, Theme
from fund.models import Proposal

from .conftest import new_page, sign_in
from .fund_journey import fund_people

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
NARROWEST = 320


@pytest.fixture
def demo_site(live, seed_path, media_root):
    """Everything `make run` shows: the seed document and the demo data of every pillar."""
    from programmes.services.outlines import import_document

    import_document(seed_path.read_text(encoding="utf-8"), source=seed_path.name)
    with override_settings(DEBUG=True):  # seed_demo refuses to run without it
        call_command("seed_demo", stdout=io.StringIO())
    return live.url


PATHS = "links => links.map(a => new URL(a.getAttribute('href'), location.href).pathname)"


def first_link(page, list_path: str, pattern: str) -> str:
    """The address of the first link inside <main> of `list_path` whose path matches `pattern`."""
    page.goto(list_path)
    for href in page.locator("main a[href]").evaluate_all(PATHS):
        if re.fullmatch(pattern, href):
            return href
    raise AssertionError(f"no link matching {pattern} on {list_path}")


# Pages of every public kind: fixed addresses, then (list page, pattern) for one page of each kind
# of detail, found by following the site's own links.
FIXED = [
    "/",
    "/library/",
    "/library/?q=referral",
    "/library/collections/",
    "/programmes/",
    "/fund/",
    "/fund/projects/",
    "/countries/",
    "/directory/",
    "/inventory/",
    "/inventory/matrix/",
    "/events/",
    "/events/calendar/",
    "/monitoring/",
    "/search/?q=trafficking",
    "/roster/apply/",
    "/accounts/login/",
    "/ru/",
    "/ru/library/?q=referral",
    "/ru/countries/",
    "/ru/fund/",
]
FOLLOWED = [
    ("/library/", r"/library/(?!collections/|feed/)[^/]+/"),
    ("/programmes/", r"/programmes/[^/]+/"),
    ("/programmes/odihr-anti-trafficking-contact-point-programme/", r"/programmes/[^/]+/[^/]+/"),
    ("/fund/projects/", r"/fund/projects/[^/]+/"),
    ("/countries/", r"/countries/[a-z]{2}/"),
    ("/countries/", r"/regions/[^/]+/"),
    ("/directory/", r"/directory/[^/]+/"),
    ("/inventory/", r"/inventory/\d+/"),
    ("/events/", r"/events/(?!calendar/)[^/.]+/"),
    ("/monitoring/", r"/monitoring/[^/]+/\d+/"),
    ("/monitoring/", r"/monitoring/[^/]+/\d+/[a-z]{2}/"),
    ("/monitoring/see-rights-2004/2005/md/", r"/monitoring/[^/]+/indicators/[^/]+/"),
]


def test_no_public_page_scrolls_sideways_at_320_px(demo_site, browser):
    from axe_playwright_python.sync_playwright import Axe

    site = demo_site
    page = new_page(browser, width=NARROWEST, height=640)
    addresses = FIXED + [first_link(page, site + list_path, pattern) for list_path, pattern in FOLLOWED]
    axe, problems = Axe(), []
    for address in addresses:
        response = page.goto(site + address)
        assert response.status == 200, address
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > NARROWEST:
            problems.append(f"{address}: {width} px wide")
        # Touch targets of at least 24 × 24 px, or spaced as WCAG 2.5.8 allows.
        targets = axe.run(page, options={"runOnly": {"type": "rule", "values": ["target-size"]}})
        if targets.violations_count:
            problems.append(f"{address}:\n{targets.generate_report()}")
    page.context.close()
    assert len(addresses) >= 30
    assert not problems, "\n".join(problems)


def test_phone_header_is_name_search_and_menu(demo_site, browser, a11y):
    page = new_page(browser, **PHONE)
    page.goto(demo_site + "/")
    nav = page.get_by_role("navigation", name="Main")
    assert page.get_by_role("link", name="Anti-Trafficking Clearinghouse").is_visible()
    assert page.get_by_role("searchbox", name="Search the site").is_visible()
    menu = page.locator("summary", has_text="Menu")
    assert menu.is_visible() and not nav.is_visible(), "the nine links wait behind the Menu button"
    header = page.locator("header.site-header").bounding_box()
    assert header["height"] < 200, header
    menu.click()
    assert nav.get_by_role("link", name="Library").is_visible()
    assert nav.get_by_role("link", name="Sign in").is_visible()
    a11y.check(page)
    nav.get_by_role("link", name="Library").click()
    page.wait_for_url(re.compile(r"/library/$"))
    page.set_viewport_size({"width": 1280, "height": 900})
    assert not page.locator("summary", has_text="Menu").is_visible(), "wide screens show the links"
    assert page.get_by_role("navigation", name="Main").get_by_role("link", name="Programmes").is_visible()
    page.context.close()


def test_first_library_result_is_on_the_first_phone_screen(demo_site, browser, a11y):
    page = new_page(browser, **PHONE)
    page.goto(demo_site + "/library/")
    page.get_by_label("Search the library").fill("referral")
    page.get_by_label("Search the library").press("Enter")
    page.wait_for_url(re.compile(r"q=referral"))
    first = page.locator(".library-list article").first
    box = first.bounding_box()
    assert box is not None and box["y"] < PHONE["height"], box
    a11y.check(page, "library-search-phone")
    facets = page.locator(".library-filter")
    facet = facets.locator("details[open] li a").first
    assert not facet.is_visible(), "the facets wait behind Filter"
    facets.locator("summary").first.click()
    assert facet.is_visible()
    address = facet.get_attribute("href")
    facet.click()
    page.wait_for_url(re.compile(re.escape(address.split("&")[-1]) + "$"))
    assert page.locator(".library-list article").count() >= 1
    a11y.check(page)
    page.context.close()


@pytest.fixture
def people(live, two_factor):
    return fund_people(live.url)


def test_phone_proposal_form_filters_countries_as_you_type(people, browser, a11y):
    page = new_page(browser, **PHONE)
    sign_in(page, people.site, people.officer, next_path="/fund/proposals/new/")
    a11y.check(page, "proposal-form-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_label("Title", exact=True).fill("Hotline on a phone")
    countries = page.locator("#id_countries")
    box = countries.get_by_label("Type to filter the countries")
    box.fill("mol")
    assert countries.get_by_label("Moldova", exact=True).is_visible()
    assert not countries.get_by_label("Armenia", exact=True).is_visible()
    countries.get_by_label("Moldova", exact=True).check()
    status = countries.locator(".choice-list-status")
    assert status.inner_text() == "1 of 57 shown, 1 chosen"
    box.fill("caucasus")  # a region's name shows its countries
    assert countries.get_by_label("Armenia", exact=True).is_visible()
    countries.get_by_label("Armenia", exact=True).check()
    box.press("Enter")  # filters; does not send the form
    assert page.url.endswith("/fund/proposals/new/")
    box.fill("")
    assert countries.get_by_label("Albania", exact=True).is_visible()
    a11y.check(page)
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(r"/fund/proposals/\d+/edit/$"))
    proposal = Proposal.objects.get(title="Hotline on a phone")
    assert set(proposal.countries.values_list("iso2", flat=True)) == {"MD", "AM"}
    assert page.locator("#id_countries").get_by_label("Moldova", exact=True).is_checked()
    assert page.locator("#id_countries .choice-list-status").inner_text() == "57 of 57 shown, 2 chosen"
    page.context.close()


def test_phone_expert_request_form(people, browser, a11y):
    page = new_page(browser, **PHONE)
    sign_in(page, people.site, people.officer, next_path="/roster/requests/new/")
    a11y.check(page, "roster-request-form-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    theme = Theme.objects.filter(parent__isnull=False).order_by("order", "name").first()
    required = page.locator("#id_required_themes")
    required.get_by_label("Type to filter the themes").fill(theme.name[:6])
    required.get_by_label(theme.name, exact=True).check()
    page.get_by_label(re.compile(r"^Title")).fill("Trainer for judges")
    page.get_by_label(re.compile(r"^Terms of reference")).fill("Two workshops.")
    page.get_by_label(re.compile(r"^Start date")).fill("2031-03-03")
    page.get_by_label(re.compile(r"^End date")).fill("2031-03-01")  # before the start
    page.get_by_label(re.compile(r"^Country")).select_option(label=str(Country.objects.get(iso2="MD")))
    page.get_by_role("button", name="File the request").click()
    page.get_by_text("The end cannot be before the start.").first.wait_for()
    assert page.locator("#id_required_themes").get_by_label(theme.name, exact=True).is_checked()
    a11y.check(page)
    page.context.close()
