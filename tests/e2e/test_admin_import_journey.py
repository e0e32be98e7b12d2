"""Issue 21, acceptance 4: a curator imports a 10,000-row library file through the admin, served by
gunicorn with its production settings (DEBUG off, `gunicorn.conf.py`, its 60-second timeout), with the
task worker (`manage.py db_worker`) running beside it: upload, preview, confirmation, the progress bar
on a page that refreshes itself, the result. Then a file with one bad row: nothing is imported and the
row is named.

The portal runs in its own processes, so this journey has its own PostgreSQL database (skipped
when no PostgreSQL server answers), not the test database; it needs no Django test fixture."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.harness import Gunicorn, server_env
from tests.library.test_import import HEADER, row

from .conftest import new_page

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "journey-curator-pass-4821"
ROWS = 10_000
DATABASE = "clearinghouse_e2e_imports"
CREATE_CURATOR = f"""
from django.contrib.auth.models import Group
from clearinghouse import roles
from clearinghouse.models import User
roles.sync_groups()
user = User.objects.create_user("journey-curator", "curator@example.org", "{PASSWORD}", is_staff=True)
user.groups.add(Group.objects.get(name=roles.CURATOR))
"""


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def database_url() -> str:
    """A fresh PostgreSQL database beside DATABASE_URL's (or on the local server). Not SQLite: its one
    writer at a time would make every page that writes (the session) wait for the worker's import."""
    import psycopg

    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        base = os.environ.get("E2E_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    server = base.rsplit("/", 1)[0]
    try:
        with psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{DATABASE}"')
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL not reachable at {server} (set E2E_POSTGRES_URL): {exc}")
    return f"{server}/{DATABASE}"


def write_csv(path: Path, rows: list[dict]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER)
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def portal(tmp_path):
    """gunicorn (production settings and timeout) and the task worker on a fresh database."""
    url = database_url()
    env = {
        **server_env(url, tmp_path / "static"),
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "PRIVATE_ROOT": str(tmp_path / "private"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "STAFF_TWO_FACTOR_REQUIRED": "0",
        "EMAIL_SMTP": "0",
        "PAGE_CACHE_SECONDS": "0",
    }
    env.pop("GUNICORN_TIMEOUT", None)  # the production timeout of gunicorn.conf.py (60 s)
    manage(env, "migrate", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "shell", "-c", CREATE_CURATOR)
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), "db_worker", "--no-reload", "--interval", "0.5"],
        cwd=ROOT,
        env=env,
        stdout=(tmp_path / "worker.log").open("ab"),
        stderr=subprocess.STDOUT,
    )
    server = Gunicorn(env, log=tmp_path / "gunicorn.log", workers=2, threads=2)
    try:
        server.start()
        yield f"http://localhost:{server.port}"
    finally:
        server.stop()
        worker.terminate()
        worker.wait(timeout=30)


def upload(page, site: str, path: Path) -> None:
    page.goto(f"{site}/admin/library/document/import/")
    page.get_by_label("File to import").set_input_files(str(path))
    page.get_by_role("button", name="Upload and check").click()
    page.wait_for_url(re.compile(r"/admin/clearinghouse/importjob/\d+/change/$"))


def totals(page) -> dict[str, str]:
    rows = page.locator("#import-totals tr")
    return {
        rows.nth(i).locator("th").inner_text().strip(): rows.nth(i).locator("td").inner_text().strip()
        for i in range(rows.count())
    }


def test_curator_imports_ten_thousand_documents_under_gunicorn(portal, browser, a11y, tmp_path):
    from playwright.sync_api import expect

    page = new_page(browser, javascript=False)  # the pages refresh themselves without JavaScript
    page.goto(f"{portal}/accounts/login/?next=/admin/")
    page.locator("#id_username").fill("journey-curator")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("#id_password").press("Enter")
    page.wait_for_url(re.compile(r"/admin/$"))

    big = write_csv(tmp_path / "documents.csv", [row(i) for i in range(ROWS)])
    upload(page, portal, big)
    a11y.check(page)  # busy pages refresh themselves: no screenshot
    # The worker checks every row while the page refreshes itself; then the preview and the button.
    expect(page.locator("#import-status")).to_contain_text("Ready to import", timeout=300_000)
    expect(page.locator("#import-preview tbody tr")).to_have_count(10)
    expect(page.locator("#import-preview tbody tr").first).to_contain_text("Imported report 0")
    assert totals(page)["To create"] == str(ROWS)
    a11y.check(page, "admin-import-preview")

    page.get_by_role("button", name=f"Import {ROWS} rows").click()
    bar = page.locator("progress#import-progress-bar")
    expect(bar).to_have_attribute("max", str(ROWS))
    assert page.locator('meta[http-equiv="refresh"]').count() == 1
    a11y.check(page)
    expect(page.locator("#import-status")).to_contain_text("Imported", timeout=300_000)
    assert totals(page)["Created"] == str(ROWS) and totals(page)["Rows with errors"] == "0"
    assert page.locator('meta[http-equiv="refresh"]').count() == 0
    a11y.check(page, "admin-import-result")

    # The documents are there, in the admin's list.
    page.goto(f"{portal}/admin/library/document/?q=Imported+report+9999")
    expect(page.locator("#result_list tbody tr")).to_have_count(1)

    # A file with one bad row: nothing is imported, the row is named.
    rows = [row(i, title=f"Second file {i}") for i in range(1, 200)]
    rows[149] = row(150, title="Second file 150", countries="XX")
    upload(page, portal, write_csv(tmp_path / "bad.csv", rows))
    expect(page.locator("#import-status")).to_contain_text("nothing imported", timeout=120_000)
    first_error = page.locator("#import-errors tbody tr").first
    expect(first_error.locator("td").first).to_have_text("150")
    expect(first_error).to_contain_text("unknown country codes: XX")
    assert page.locator("#import-confirm").count() == 0
    a11y.check(page, "admin-import-errors")
    page.goto(f"{portal}/admin/library/document/?q=Second+file")
    expect(page.locator("#result_list")).to_have_count(0)

    # The curator's list of imports leads back to both.
    page.goto(f"{portal}/admin/clearinghouse/importjob/")
    expect(page.locator("#result_list tbody tr")).to_have_count(2)
    page.context.close()
