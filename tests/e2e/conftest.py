"""Browser tests: Playwright for Python driving Debian's Chromium against Django's live server.

They run when Chromium is present (CHROMIUM_PATH, or `chromium` on PATH) and are skipped with a visible
notice when it is not. Every page a journey visits is checked with axe-core for WCAG 2.2 A and AA
violations; screenshots at desktop and phone widths land in tests/e2e/screenshots/ (not committed).
"""

import os
import re
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "1")  # Playwright's sync API runs an event loop

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOTS = Path(__file__).parent / "screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
SKIP_REASON = "Chromium not found (install Debian's `chromium` or set CHROMIUM_PATH): browser tests skipped"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    skip = pytest.mark.skip(reason=SKIP_REASON)
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter):
    if not CHROMIUM:
        terminalreporter.write_sep("!", SKIP_REASON, yellow=True)


@pytest.fixture(scope="session")
def serialized_contents(django_db_setup):
    """The test database's initial contents (the vocabulary the data migrations load), read before
    Playwright starts. Once its event loop runs in this thread, Django hands the test another
    connection wrapper, one without this snapshot, so pytest-django's serialized rollback would
    silently restore nothing; `live` restores from here instead."""
    from django.db import connections

    return getattr(connections["default"], "_test_serialized_contents", None)


@pytest.fixture(scope="session")
def browser(serialized_contents):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def live(django_db_serialized_rollback, live_server, serialized_contents):
    """The live server, with the vocabulary the data migrations load restored for each test."""
    from django.db import connections

    connection = connections["default"]
    if serialized_contents and not hasattr(connection, "_test_serialized_contents"):
        connection.creation.deserialize_db_from_string(serialized_contents)
        connection._test_serialized_contents = serialized_contents  # later tests restore as usual
    return live_server


def new_page(browser, *, javascript: bool = True, width: int = 1280, height: int = 900):
    context = browser.new_context(
        viewport={"width": width, "height": height}, java_script_enabled=javascript, locale="en-GB"
    )
    context.set_default_timeout(15000)
    page = context.new_page()
    page.e2e_javascript = javascript  # axe needs JavaScript: see Accessibility.check
    return page


@pytest.fixture
def page(browser):
    page = new_page(browser)
    yield page
    page.context.close()


@pytest.fixture
def nojs_page(browser):
    page = new_page(browser, javascript=False)
    yield page
    page.context.close()


class Accessibility:
    """Runs axe on every page it is shown and keeps what it found."""

    def __init__(self):
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe()
        self.visited: list[str] = []
        self.problems: list[str] = []
        self.checker = None

    def page_to_audit(self, page):
        """The page itself; for a page without JavaScript (where axe cannot run), a page with it that
        receives exactly the same document at the same address (its styles load as usual)."""
        if getattr(page, "e2e_javascript", True):
            return page
        if self.checker is None:
            self.checker = new_page(page.context.browser, width=page.viewport_size["width"])
        html, url = page.content(), page.url
        # A page that refreshes itself (an import's progress) would navigate away during the audit.
        html = re.sub(r'<meta http-equiv="refresh"[^>]*>', "", html)

        def same_address(address: str) -> bool:
            return address == url

        self.checker.route(
            same_address, lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8")
        )
        self.checker.goto(url)
        self.checker.unroute(same_address)
        return self.checker

    def close(self) -> None:
        if self.checker is not None:
            self.checker.context.close()

    def check(self, page, name: str | None = None) -> None:
        audited = self.page_to_audit(page)
        results = self.axe.run(audited, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        self.visited.append(page.url)
        if results.violations_count:
            self.problems.append(f"{page.url}:\n{results.generate_report()}")
        if name:
            screenshot(page, name)


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-desktop.png"), full_page=True)
    size = page.viewport_size
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SCREENSHOTS / f"{name}-phone.png"), full_page=True)
    page.set_viewport_size(size)


@pytest.fixture
def a11y():
    checker = Accessibility()
    yield checker
    checker.close()
    assert not checker.problems, "axe found WCAG 2.2 A/AA violations:\n" + "\n\n".join(checker.problems)


@pytest.fixture
def pages(browser):
    """Opens one browser context per person of a journey (their own cookies and session), closed
    at the end: `pages()` or `pages(javascript=False)`."""
    opened = []

    def open_page(*, javascript: bool = True):
        page = new_page(browser, javascript=javascript)
        opened.append(page)
        return page

    yield open_page
    for page in opened:
        page.context.close()


def in_language(language: str):
    """T(text): the site's own translation of `text` in `language`, so one journey reads the page
    in English or in Russian with the same steps."""
    from django.utils import translation

    def translate(text: str, **values) -> str:
        with translation.override(language):
            result = translation.gettext(text)
        assert language == "en" or result != text, f"no {language} translation for {text!r}"
        return result % values if values else result

    return translate


@pytest.fixture
def two_factor(settings):
    """Staff must verify a second factor, as in production (the test settings turn it off)."""
    settings.STAFF_TWO_FACTOR_REQUIRED = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def totp_device(user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def current_code(device) -> str:
    """The code the person's authenticator app shows now, computed from the device's key."""
    from django_otp.oath import totp

    device.refresh_from_db()
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def sign_in(page, site: str, user, *, next_path: str = "/", prefix: str = "", a11y=None) -> None:
    """Signs in through the real pages: password, then (when the user has a device) the code from
    their authenticator. Ends on `next_path`. Each person signs in once, in their own context."""
    import re
    from urllib.parse import urlencode

    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.factories import PASSWORD

    page.goto(f"{site}{prefix}/accounts/login/?{urlencode({'next': next_path})}")
    if a11y:
        a11y.check(page)
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        page.wait_for_url(re.compile(r"/accounts/two-factor/\?"))
        if a11y:
            a11y.check(page)
        page.locator("#id_token").fill(current_code(device))
        page.locator("#id_token").press("Enter")
    page.wait_for_url(re.compile(re.escape(site + next_path) + r"(\?.*)?$"))
