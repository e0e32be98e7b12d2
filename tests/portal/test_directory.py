"""Directory: filters, contacts by visibility on every page and export, freshness report."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clearinghouse.models import AntiTraffickingRole, ContactVisibility

from ..factories import UserFactory
from .helpers import make_contact, make_org

pytestmark = pytest.mark.django_db


@pytest.fixture
def org_with_contacts():
    org = make_org("Hotline Test", anti_trafficking_role=AntiTraffickingRole.HOTLINE)
    make_contact(org, "Public Person", ContactVisibility.PUBLIC)
    make_contact(org, "Member Person", ContactVisibility.SIGNED_IN)
    make_contact(org, "Secret Person", ContactVisibility.STAFF)
    return org


def _pages(org):
    return [
        org.get_absolute_url(),
        "/countries/md/",
        "/directory/export.csv",
        "/ru/directory/export.csv",
        "/ru/countries/md/",
        "/search/?q=Person",
    ]


@pytest.mark.parametrize(
    "who, sees",
    [
        ("anonymous", {"Public Person"}),
        ("member", {"Public Person", "Member Person"}),
        ("officer", {"Public Person", "Member Person"}),
        ("expert", {"Public Person", "Member Person"}),
        ("curator", {"Public Person", "Member Person", "Secret Person"}),
    ],
)
def test_contacts_by_visibility_on_every_page_and_export(
    client, org_with_contacts, who, sees, officer_a, expert_user, curator
):
    users = {"member": UserFactory(), "officer": officer_a, "expert": expert_user, "curator": curator}
    if who in users:
        client.force_login(users[who])
    for url in _pages(org_with_contacts):
        body = client.get(url).content.decode()
        for name in ("Public Person", "Member Person", "Secret Person"):
            if "search" in url:
                assert "secret.person" not in body  # search never lists contacts
                continue
            if url.startswith("/countries") or url.startswith("/ru/countries"):
                expected = name in sees
            else:
                expected = name in sees
            assert (name in body) is expected, (who, url, name)


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"role": "hotline"}, {"Hotline Test"}),
        ({"role": "shelter"}, set()),
        ({"role": "bogus"}, set()),
        ({"kind": "government"}, {"Gov Test"}),
        ({"country": "AM", "kind": "ngo"}, {"Yerevan NGO"}),
        ({"q": "hotline"}, {"Hotline Test"}),
    ],
)
def test_directory_filters(client, org_with_contacts, params, expected):
    make_org("Gov Test", kind="government")
    make_org("Yerevan NGO", iso2="AM")
    body = client.get("/directory/", params).content.decode()
    for name in ("Hotline Test", "Gov Test", "Yerevan NGO"):
        assert (name in body) is (name in expected), (params, name)


def test_directory_constant_queries(client):
    def count(n):
        for i in range(n):
            make_org(f"Bulk Org {n}-{i}")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/directory/").status_code == 200
        return len(ctx.captured_queries)

    assert count(10) == count(40)


def test_freshness_flags_contacts_unverified_for_twelve_months(org_with_contacts):
    old = make_contact(
        org_with_contacts,
        "Old Person",
        ContactVisibility.PUBLIC,
        verified=datetime.date.today() - datetime.timedelta(days=400),
    )
    out = io.StringIO()
    call_command("directory_freshness", stdout=out)
    text = out.getvalue()
    assert f"STALE\t{old.pk}\t" in text and "Old Person" in text
    assert "Public Person" not in text
    assert "1 contact(s)" in text
