"""Every URL pattern x every role answers as the matrix says; a pattern without an entry fails."""

import pytest
from django.contrib.admin.sites import site as admin_site
from django.urls import URLPattern, URLResolver, get_resolver

from .matrix import HIDDEN, LOGIN, MATRIX, ROLES

pytestmark = pytest.mark.django_db


def pattern_names(resolver: URLResolver | None = None, namespace: str = "") -> list[tuple[str, str]]:
    """(full name, route) of every pattern; unnamed patterns come back as '' so they fail too."""
    resolver = resolver or get_resolver()
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace == "admin" or entry.app_name == "admin":
                continue
            found += pattern_names(entry, inner)
        elif isinstance(entry, URLPattern):
            found.append((f"{namespace}{entry.name}" if entry.name else "", str(entry.pattern)))
    return found


def unlisted(names: list[tuple[str, str]]) -> list[str]:
    return sorted(f"{name or '(unnamed)'} [{route}]" for name, route in names if name not in MATRIX)


def test_every_resolved_url_pattern_has_an_entry():
    missing = unlisted(pattern_names())
    assert not missing, "URL patterns without a permission-matrix entry:\n" + "\n".join(missing)


def test_an_unlisted_url_fails_the_coverage_check():
    from django.urls import path

    import clearinghouse.urls as root

    class WithExtraPatterns:
        urlpatterns = [
            *root.urlpatterns,
            path("sneaky/", lambda request: None, name="sneaky"),
            path("anonymous/", lambda request: None),
        ]

    assert unlisted(pattern_names(get_resolver(WithExtraPatterns))) == [
        "(unnamed) [anonymous/]",
        "sneaky [sneaky/]",
    ]


def answer(client, rule, world):
    url = rule.url(world)
    response = getattr(client, rule.method)(url, rule.data)
    return url, response


def header_problems(response) -> list[str]:
    """The security headers every page must carry."""
    csp = response.get("Content-Security-Policy", "")
    problems = []
    if "default-src 'self'" not in csp or "unsafe-inline" in csp or "frame-ancestors 'none'" not in csp:
        problems.append(f"weak or missing Content-Security-Policy: {csp!r}")
    for header, value in (
        ("X-Frame-Options", "DENY"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
    ):
        if response.get(header) != value:
            problems.append(f"{header} is {response.get(header)!r}, expected {value!r}")
    return problems


def matches(expected, response) -> bool:
    if expected == LOGIN:
        return response.status_code == 302 and "/accounts/login/" in response.headers.get("Location", "")
    return response.status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_matrix(client, world, users, role):
    user = users[role]
    failures = []
    for name, rule in [*MATRIX.items(), *HIDDEN]:
        client.logout()
        if user is not None:
            client.force_login(user)
        url, response = answer(client, rule, world)
        expected = rule.expect[role]
        if not matches(expected, response):
            failures.append(
                f"{name} {rule.method.upper()} {url}: expected {expected}, got {response.status_code}"
            )
        elif response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            failures += [f"{name} {url}: {problem}" for problem in header_problems(response)]
    assert not failures, f"role {role}:\n" + "\n".join(failures)


# The admin lists a curator may not open: accounts' groups, sign-in records, background tasks and
# two-factor devices are the superuser's. Every other registered model's list opens for a curator.
CURATOR_WITHOUT_ADMIN = {
    "auth.group",
    "axes.accessattempt",
    "axes.accessfailurelog",
    "axes.accesslog",
    "django_tasks_database.dbtaskresult",
    "otp_static.staticdevice",
    "otp_totp.totpdevice",
}


@pytest.mark.parametrize("role", ROLES)
def test_admin_urls_are_staff_only(client, users, role):
    """Every registered model's list in the admin: the superuser opens all, a curator all but the list
    above (403), and everybody else is sent to the admin's sign-in page."""
    user = users[role]
    if user is not None:
        client.force_login(user)
    registered = {f"{model._meta.app_label}.{model._meta.model_name}" for model in admin_site._registry}
    assert registered >= CURATOR_WITHOUT_ADMIN
    wrong = []
    for label in sorted(registered):
        url = f"/admin/{label.replace('.', '/')}/"
        response = client.get(url)
        if role == "superuser" or (role == "curator" and label not in CURATOR_WITHOUT_ADMIN):
            ok = response.status_code == 200
        elif role == "curator":
            ok = response.status_code == 403
        else:
            ok = response.status_code == 302 and "/admin/login/" in response.headers["Location"]
        if not ok:
            wrong.append(f"{url}: {response.status_code}")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


def test_answers_stay_each_roles_own_with_the_page_cache_on(client, world, users, settings):
    """Production keeps whole public pages for anonymous visitors (clearinghouse/page_cache.py). Every
    GET in the matrix, visited by each signed-in role, then twice anonymously (the second answer from
    the copy), then by each signed-in role again, still answers each role as the matrix says."""
    from django.core.cache import cache

    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    signed_in_roles = [role for role in ROLES if role != "anonymous"]
    order = [*signed_in_roles, "anonymous", "anonymous", *signed_in_roles]
    failures, from_the_copy = [], 0
    try:
        for name, rule in [*MATRIX.items(), *HIDDEN]:
            if rule.method != "get":
                continue
            for role in order:
                client.logout()
                if users[role] is not None:
                    client.force_login(users[role])
                url, response = answer(client, rule, world)
                if not matches(rule.expect[role], response):
                    failures.append(
                        f"{name} {url} as {role}: expected {rule.expect[role]}, got {response.status_code}"
                    )
                elif (
                    response.status_code == 200
                    and response.get("Content-Type", "").startswith("text/html")
                    and not getattr(response, "templates", None)
                ):
                    from_the_copy += role == "anonymous"  # nothing rendered: the stored copy answered
    finally:
        cache.clear()
    assert not failures, "\n".join(failures)
    assert from_the_copy >= 15, f"only {from_the_copy} answers came from the cache: the test tests nothing"


DEMO_MODULES = ["clearinghouse.demo", "programmes.demo", "library.demo", "fund.demo", "roster.demo"]


@pytest.fixture
def demo_data(seeded, media_root):
    """Every pillar's demo data, plus the private files the demo leaves out (a CV, an attachment)."""
    import importlib
    from io import StringIO

    from django.core.files.base import ContentFile

    from fund.models import Proposal, ProposalAttachment
    from roster.models import Expert

    for path in DEMO_MODULES:
        importlib.import_module(path).load(StringIO())
    expert = Expert.objects.order_by("pk").first()
    expert.cv.save("cv.pdf", ContentFile(b"%PDF-1.4\n%demo\n"))
    ProposalAttachment.objects.create(
        proposal=Proposal.objects.order_by("pk").first(),
        title="Budget plan",
        file=ContentFile(b"%PDF-1.4\n%demo\n", name="budget-plan.pdf"),
        content_type="application/pdf",
    )


@pytest.mark.parametrize("role", ["curator", "superuser"])
def test_admin_change_pages_of_the_demo_data_open(client, users, demo_data, role):
    """The change page of one object of every model the admin lists, demo data loaded: a 500 on any
    of them (a file widget asking a private file for its address, say) fails here."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = type(users[role]).objects.get(pk=users[role].pk)  # the demo sets its own password
    TOTPDevice.objects.filter(user=user).delete()  # and gives its staff a device
    client.force_login(user)
    failures, visited = [], 0
    for model in admin_site._registry:
        obj = model._default_manager.order_by("pk").first()
        if obj is None:
            continue
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/{obj.pk}/change/"
        response = client.get(url)
        visited += 1
        allowed = (200,) if role == "superuser" else (200, 403)
        if response.status_code not in allowed:
            failures.append(f"{url}: {response.status_code}")
    assert visited >= 20, f"only {visited} change pages had an object to show"
    assert not failures, "\n".join(failures)


def test_admin_file_widgets_link_to_the_checked_downloads(client, users, demo_data):
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from lxml import html

    from fund.models import ProposalAttachment
    from roster.models import Expert

    TOTPDevice.objects.filter(user=users["superuser"]).delete()
    client.force_login(users["superuser"])
    expert = Expert.objects.exclude(cv="").get()
    attachment = ProposalAttachment.objects.get(title="Budget plan")
    pages = [
        (f"/admin/roster/expert/{expert.pk}/change/", f"/roster/experts/{expert.pk}/cv/"),
        (f"/admin/fund/proposalattachment/{attachment.pk}/change/", attachment.get_absolute_url()),
    ]
    for url, download in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        links = html.fromstring(response.content).xpath("//*[@id='content']//a/@href")
        assert download in links, (url, links)
        assert not any("/media/" in link for link in links), links
