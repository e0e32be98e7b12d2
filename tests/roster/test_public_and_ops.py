"""No expert data on public pages; menu entries by role; retention; demo data; admin import/export."""

import io
from datetime import timedelta

import pytest
import tablib
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from roster.choices import ExpertStatus
from roster.models import Expert
from roster.resources import ExpertResource

from .factories import make_expert

pytestmark = pytest.mark.django_db
NAME = "Publicly Invisible"

PUBLIC_URL_NAMES = [
    ("home", []),
    ("programmes:programme_list", []),
    ("country_list", []),
    ("country_detail", ["ge"]),
    ("region_detail", ["caucasus"]),
    ("search", []),
    ("sitemap", []),
    ("library:search", []),
]


def test_no_expert_data_on_public_pages_search_sitemap_or_feeds(client):
    expert = make_expert(NAME, countries=[("GE", 5)])
    checked = 0
    for name, args in PUBLIC_URL_NAMES:
        try:
            url = reverse(name, args=args)
        except NoReverseMatch:
            continue
        response = client.get(url, {"q": "Invisible"})  # the query itself may be echoed
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert NAME.encode() not in body and expert.email.encode() not in body, url
        checked += 1
    assert checked >= 4


@pytest.mark.parametrize(
    ("who", "label", "url_name"),
    [
        (None, "Join the expert roster", "roster:apply"),
        ("expert_user", "My roster profile", "roster:me"),
        ("officer_a", "Expert requests", "roster:request_list"),
        ("curator", "Expert requests", "roster:request_list"),
    ],
)
def test_menu_entry_by_role(client, request, who, label, url_name):
    if who:
        client.force_login(request.getfixturevalue(who))
    body = client.get("/").content.decode()
    assert f'href="{reverse(url_name)}"' in body and label in body
    others = {"Join the expert roster", "My roster profile", "Expert requests"} - {label}
    assert not any(f">{other}<" in body for other in others)


def test_retention_reminds_once_and_archives(mailbox, django_capture_on_commit_callbacks):
    fresh = make_expert("Fresh", confirmed_days_ago=30)
    stale = make_expert("Stale", confirmed_days_ago=400)
    ancient = make_expert("Ancient", confirmed_days_ago=800)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("roster_retention", stdout=out)
    assert "Reminded 1" in out.getvalue() and "archived 1" in out.getvalue()
    assert [m.to for m in mailbox] == [[stale.email]]
    for expert in (fresh, stale, ancient):
        expert.refresh_from_db()
    assert fresh.status == stale.status == ExpertStatus.ACTIVE and ancient.status == ExpertStatus.ARCHIVED
    assert stale.retention_notice_sent_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        call_command("roster_retention", stdout=io.StringIO())
    assert len(mailbox) == 1  # e-mailed once


def test_confirming_brings_an_archived_vetted_profile_back(client, expert_user):
    expert = make_expert(user=expert_user, status=ExpertStatus.ARCHIVED, confirmed_days_ago=800, vetted=True)
    client.force_login(expert_user)
    client.post(reverse("roster:confirm"))
    expert.refresh_from_db()
    assert expert.status == ExpertStatus.ACTIVE and expert.confirmed_at > timezone.now() - timedelta(
        minutes=1
    )


def test_seed_demo_adds_fifty_varied_experts_and_requests(settings):
    settings.DEBUG = True
    from clearinghouse import demo as accounts
    from roster import demo

    accounts.load(io.StringIO())
    demo.load(io.StringIO())
    demo.load(io.StringIO())  # idempotent
    assert Expert.objects.count() >= 51
    assert Expert.objects.filter(user__username="expert").exists()
    assert len(set(Expert.objects.values_list("status", flat=True))) >= 3
    from roster.models import ExpertRequest

    missions = set(ExpertRequest.objects.values_list("filed_by__username", flat=True))
    assert {"officer-moldova", "officer-yerevan"} <= missions


def test_roster_import_export_round_trip():
    make_expert("Exported Expert", verified_themes=["national-referral-mechanisms"], countries=[("GE", 3)])
    dataset = ExpertResource().export()
    row = dataset.dict[0]
    assert (
        row["languages"] == "ru:C1"
        and row["themes"] == "national-referral-mechanisms*"
        and row["countries"] == "GE:3"
    )
    dataset.dict  # noqa: B018

    incoming = tablib.Dataset(
        headers=[
            "full_name",
            "email",
            "status",
            "languages",
            "themes",
            "functions_list",
            "countries",
            "windows",
        ]
    )
    incoming.headers = [
        "full_name",
        "email",
        "status",
        "languages",
        "themes",
        "functions",
        "countries",
        "availability",
    ]
    incoming.append(
        [
            "Imported Expert",
            "imported@example.net",
            "active",
            "ru:B2; en:C1",
            "child-trafficking",
            "trainer",
            "AM:4",
            "2027-03-01/2027-03-31",
        ]
    )
    result = ExpertResource().import_data(incoming, dry_run=False)
    assert not result.has_errors(), [e.error for row in result.rows for e in row.errors]
    imported = Expert.objects.get(email="imported@example.net")
    assert {x.language for x in imported.languages.all()} == {"ru", "en"}
    assert imported.country_experience.get().years == 4
    assert imported.availability.count() == 1 and imported.functions.get().function == "trainer"


def test_admin_pages_load(client, superuser):
    expert = make_expert("Admin Visible")
    client.force_login(superuser)
    assert client.get(reverse("admin:roster_expert_changelist") + "?status=active").status_code == 200
    assert client.get(reverse("admin:roster_expert_change", args=[expert.pk])).status_code == 200
    assert client.get(reverse("admin:roster_expert_import")).status_code == 200
    assert client.get(reverse("admin:roster_expertrequest_changelist")).status_code == 200


def test_demo_pages_render_for_each_role(client, settings):
    """Smoke test over the demo data: every roster page renders for the roles that may see it."""
    settings.DEBUG = True
    from clearinghouse import demo as accounts
    from clearinghouse.models import User
    from roster import demo
    from roster.models import ExpertRequest
    from tests.factories import verified_login

    accounts.load(io.StringIO())
    demo.load(io.StringIO())
    verified_login(client, User.objects.get(username="curator"))  # the demo's staff have a device
    pages = [
        reverse("roster:expert_list"),
        reverse("roster:expert_list") + "?status=active&language=ru&level=4",
    ]
    pages += [reverse("roster:expert_detail", args=[e.pk]) for e in Expert.objects.all()[:5]]
    for req in ExpertRequest.objects.all():
        pages += [req.get_absolute_url(), reverse("roster:request_matching", args=[req.pk])]
    pages += [reverse("roster:request_list"), reverse("roster:request_new")]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"<script>" not in response.content and b' style="' not in response.content
    nrm = ExpertRequest.objects.get(title="Trainer on national referral mechanisms")
    matching_page = client.get(reverse("roster:request_matching", args=[nrm.pk])).content.decode()
    assert "roster-score" in matching_page and "Demo Expert" in matching_page
    client.force_login(User.objects.get(username="officer-moldova"))
    for req in ExpertRequest.objects.filter(mission__slug="osce-mission-to-moldova"):
        assert client.get(req.get_absolute_url()).status_code == 200
    for req in ExpertRequest.objects.filter(mission__slug="osce-office-in-yerevan"):
        assert client.get(req.get_absolute_url()).status_code == 404
    client.force_login(User.objects.get(username="expert"))
    for name in ("roster:me", "roster:edit", "roster:view_log", "roster:export"):
        assert client.get(reverse(name)).status_code == 200, name


def test_admin_erase_action(client, superuser):
    expert = make_expert("Erase Me Via Admin")
    client.force_login(superuser)
    response = client.post(
        reverse("admin:roster_expert_changelist"),
        {"action": "erase_selected", "_selected_action": [expert.pk], "index": "0"},
    )
    assert response.status_code == 302
    expert.refresh_from_db()
    assert expert.status == ExpertStatus.ERASED and expert.full_name == ""


def test_admin_profile_view_is_logged_and_staleness_filter(client, superuser):
    stale = make_expert("Stale Profile", confirmed_days_ago=500)
    make_expert("Fresh Profile")
    client.force_login(superuser)
    client.get(reverse("admin:roster_expert_change", args=[stale.pk]))
    assert stale.profile_views.get().what == "Profile (administration)"
    body = client.get(reverse("roster:expert_list") + "?freshness=stale").content.decode()
    assert "Stale Profile" in body and "Fresh Profile" not in body
