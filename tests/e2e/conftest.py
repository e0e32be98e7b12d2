"""Browser tests: Playwright for Python driving Debian's Chromium against Django's live server.

They run when Chromium is present (CHROMIUM_PATH, or `chromium` on PATH) and are skipped with a visible
notice when it is not. Every page a journey visits is checked with axe-core for WCAG 2.2 A and AA
violations; screenshots at desktop and phone widths land in tests/e2e/screenshots/ (not committed).
"""

import os
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
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def live(django_db_serialized_rollback, live_server):
    """The live server, with the vocabulary the data migrations load restored after each test."""
    return live_server


def new_page(browser, *, javascript: bool = True, width: int = 1280, height: int = 900):
    context = browser.new_context(
        viewport={"width": width, "height": height}, java_script_enabled=javascript, locale="en-GB"
    )
    context.set_default_timeout(15000)
    return context.new_page()


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

    def check(self, page, name: str | None = None) -> None:
        results = self.axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
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
    assert not checker.problems, "axe found WCAG 2.2 A/AA violations:\n" + "\n\n".join(checker.problems)
