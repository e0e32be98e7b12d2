"""Staff pages at full size (issue 17): the admin's change lists for documents, proposals and experts
(plain, with a filter, with a search), a document's admin history, the fund's dashboard and review
queue (reviewer), a mission's proposal list (its officer) and an officer's roster request with its
ranked shortlist. Each page: median and p95 of a signed-in request (two-factor verified, as in
production), and its number of queries with many rows and with few (queries must not grow with the
rows: the admin lists show a full page and then 5 rows; the other pages are measured again with most of their
rows hidden in a transaction that is rolled back).

    BENCH_DATABASE_URL=postgres://… python -m bench.run --size full --only staff
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass

from .harness import Figure, median, ms, percentile, timed
from .roster_matching import criteria as matching_criteria
from .roster_matching import populate as experts_populate

TARGET_P95 = 0.150
HISTORY_RECORDS = 30
SHORTLIST = 30
REQUEST_TITLE = "BENCH-staff request"


@dataclass
class Page:
    label: str
    user: str
    path: str
    # A context manager under which the same page shows few rows (for the query count).
    few: Callable[[], contextlib.AbstractContextManager]


@contextlib.contextmanager
def _rolled_back(*statements):
    """Runs `statements` (sql, params) in a transaction that is rolled back when the block ends."""
    from django.db import connection, transaction

    with transaction.atomic():
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
        yield
        transaction.set_rollback(True)


@contextlib.contextmanager
def _per_page(model, rows: int):
    """The model's admin change list shows `rows` rows a page."""
    from django.contrib import admin

    model_admin = admin.site.get_model_admin(model)
    before = model_admin.list_per_page
    model_admin.list_per_page = rows
    try:
        yield
    finally:
        model_admin.list_per_page = before


def _user(username: str, *, role: str | None = None, device: bool = False, **fields):
    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from clearinghouse import roles
    from clearinghouse.models import User

    user, created = User.objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.invalid", **fields}
    )
    if created:
        user.set_unusable_password()
        user.save()
        if role:
            roles.sync_groups()
            user.groups.add(Group.objects.get(name=role))
    if device and not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(user=user, name="bench", confirmed=True)
    return user


def _client(user):
    """A client signed in as `user`, its session verified by the user's device when it has one."""
    import django_otp
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    client = Client()
    client.force_login(user)
    device = next(django_otp.devices_for_user(user), None)
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def _history_document(records: int, *, nth: int = 0):
    """The `nth` document, with at least `records` change records in its history."""
    from simple_history.utils import bulk_update_with_history

    from library.models import Document

    document = Document.objects.order_by("pk")[nth]
    missing = records - document.history.count()
    for _ in range(max(0, missing)):
        bulk_update_with_history([document], Document, ["title"], default_change_reason="benchmark")
    return document


def _request_with_shortlist(officer, curator):
    """The officer's mission's request (Russian, Georgia, trainer) with the best matches shortlisted."""
    from clearinghouse.models import Country
    from roster import matching
    from roster.models import ExpertRequest, RequestLanguage
    from roster.services.requests import shortlist_add

    req = ExpertRequest.objects.filter(title=REQUEST_TITLE, mission=officer.organisation).first()
    if req is None:
        c = matching_criteria()
        req = ExpertRequest.objects.create(
            mission=officer.organisation,
            filed_by=officer,
            title=REQUEST_TITLE,
            terms_of_reference="Benchmark request: a trainer on national referral mechanisms.",
            country=Country.objects.get(pk=c.country_id),
            function=c.function,
            starts_on=c.starts_on,
            ends_on=c.ends_on,
        )
        req.required_themes.set(c.required_themes)
        req.desirable_themes.set(c.desirable_themes)
        RequestLanguage.objects.bulk_create(
            [RequestLanguage(request=req, language=code, min_level=level) for code, level in c.languages]
        )
    missing = SHORTLIST - req.candidates.count()
    if missing > 0:
        result = matching.match(matching.Criteria.from_request(req), limit=SHORTLIST + 10)
        taken = set(req.candidates.values_list("expert_id", flat=True))
        ids = [m.expert_id for m in result.candidates if m.expert_id not in taken][:missing]
        if ids:  # a small roster may have nobody free in the window
            shortlist_add(request=req, user=curator, expert_ids=ids)
    return req


def _pages(size: dict) -> tuple[list[Page], dict]:
    from django.db import connection

    from clearinghouse import roles
    from clearinghouse.models import Organisation
    from fund.choices import PENDING_STATUSES
    from fund.models import Proposal
    from library.models import Document
    from roster.models import Expert

    experts_populate(size["experts"])
    # The tables as a database in steady use has them (as bench.data.analyse leaves them): the
    # modules measured before this one hide rows in transactions rolled back (the public pages
    # hide 90,000 documents and 6,000 proposals so), which leaves dead row versions and pending
    # search-index entries that autovacuum would have cleared (measured after them, the proposal
    # search took 230 ms instead of 140, and the document search had slow first requests).
    with connection.cursor() as cursor:
        tables = (
            "roster_expert",
            "roster_expertlanguage",
            "roster_candidate",
            "fund_proposal",
            "library_document",
        )
        for table in tables:
            cursor.execute(f"VACUUM ANALYZE {table}")

    mission = (
        Organisation.objects.field_missions()
        .filter(pk__in=Proposal.objects.filter(reference__startswith="BENCH-").values("mission"))
        .order_by("pk")
        .first()
    )
    users = {
        "admin": _user("bench-staff-admin", device=True, is_staff=True, is_superuser=True),
        "reviewer": _user("bench-staff-reviewer", role=roles.REVIEWER, device=True),
        "curator": _user("bench-staff-curator", role=roles.CURATOR, device=True, is_staff=True),
        "officer": _user("bench-staff-officer", role=roles.OFFICER, device=True, organisation=mission),
    }
    history = _history_document(HISTORY_RECORDS)
    history_two = _history_document(2, nth=1)  # the "few rows" case: two versions, one difference
    req = _request_with_shortlist(users["officer"], users["curator"])

    word = "trafficking"
    pending = [str(s) for s in PENDING_STATUSES]
    hide_pending = lambda: _rolled_back(  # noqa: E731
        (
            "UPDATE fund_proposal SET status = 'draft' WHERE status = ANY(%s) AND id NOT IN "
            "(SELECT id FROM fund_proposal WHERE status = ANY(%s) ORDER BY id LIMIT 3)",
            [pending, pending],
        )
    )
    other = Organisation.objects.field_missions().exclude(pk=mission.pk).order_by("pk").first()
    pages = [
        Page("admin: documents", "admin", "/admin/library/document/", lambda: _per_page(Document, 5)),
        Page(
            "admin: documents, filtered (published)",
            "admin",
            "/admin/library/document/?status__exact=published",
            lambda: _per_page(Document, 5),
        ),
        Page(
            f"admin: documents, search '{word}'",
            "admin",
            f"/admin/library/document/?q={word}",
            lambda: _per_page(Document, 5),
        ),
        Page("admin: proposals", "admin", "/admin/fund/proposal/", lambda: _per_page(Proposal, 5)),
        Page(
            "admin: proposals, filtered (submitted)",
            "admin",
            "/admin/fund/proposal/?status__exact=submitted",
            lambda: _per_page(Proposal, 5),
        ),
        Page(
            f"admin: proposals, search '{word}'",
            "admin",
            f"/admin/fund/proposal/?q={word}",
            lambda: _per_page(Proposal, 5),
        ),
        Page("admin: experts", "admin", "/admin/roster/expert/", lambda: _per_page(Expert, 5)),
        Page(
            "admin: experts, filtered (speaks Russian)",
            "admin",
            "/admin/roster/expert/?languages__language__exact=ru",
            lambda: _per_page(Expert, 5),
        ),
        Page(
            "admin: experts, search 'Bench Expert 1'",
            "admin",
            "/admin/roster/expert/?q=Bench+Expert+1",
            lambda: _per_page(Expert, 5),
        ),
        Page(
            f"admin: a document's history ({HISTORY_RECORDS} records)",
            "admin",
            f"/admin/library/document/{history.pk}/history/",
            lambda: _swap_path(f"/admin/library/document/{history_two.pk}/history/"),
        ),
        Page("fund: staff dashboard (reviewer)", "reviewer", "/fund/dashboard/", hide_pending),
        Page(
            "fund: review queue, submitted proposals (reviewer)",
            "reviewer",
            "/fund/proposals/?status=submitted",
            hide_pending,
        ),
        Page(
            "fund: a mission's proposal list (its officer)",
            "officer",
            "/fund/proposals/",
            lambda: _rolled_back(
                (
                    "UPDATE fund_proposal SET mission_id = %s WHERE mission_id = %s AND id NOT IN "
                    "(SELECT id FROM fund_proposal WHERE mission_id = %s ORDER BY id LIMIT 3)",
                    [other.pk, mission.pk, mission.pk],
                )
            ),
        ),
        Page(
            f"roster: an officer's request with its ranked shortlist ({SHORTLIST})",
            "officer",
            f"/roster/requests/{req.pk}/",
            lambda: _rolled_back(
                (
                    "DELETE FROM roster_candidate WHERE request_id = %s AND id NOT IN "
                    "(SELECT id FROM roster_candidate WHERE request_id = %s ORDER BY id LIMIT 2)",
                    [req.pk, req.pk],
                )
            ),
        ),
    ]
    return pages, users


_SWAPPED: list[str] = []


@contextlib.contextmanager
def _swap_path(path: str):
    """The "few rows" case of a page is another address (a document with one history record)."""
    _SWAPPED.append(path)
    try:
        yield
    finally:
        _SWAPPED.pop()


def measure(database_url: str, size: dict) -> list[Figure]:
    from django.db import connection
    from django.test import override_settings
    from django.test.utils import CaptureQueriesContext

    from fund.models import Proposal
    from library.models import Document
    from roster.models import Expert

    pages, users = _pages(size)
    clients = {name: _client(user) for name, user in users.items()}
    counts = (
        f"{Document.objects.count():,} documents, {Proposal.objects.count():,} proposals, "
        f"{Expert.objects.count():,} experts"
    )
    repeat = size["repeat"]
    figures = []

    def get(client, path):
        response = client.get(path, HTTP_ACCEPT_ENCODING="identity")
        assert response.status_code == 200, (path, response.status_code)
        return response

    def queries(client, path) -> int:
        with CaptureQueriesContext(connection) as context:
            get(client, path)
        return len(context.captured_queries)

    with override_settings(PAGE_CACHE_SECONDS=0, RATELIMIT_ENABLE=False):
        for page in pages:
            client = clients[page.user]
            times = timed(lambda client=client, page=page: get(client, page.path), repeat)
            many = queries(client, page.path)
            with page.few():
                few = queries(client, _SWAPPED[-1] if _SWAPPED else page.path)
            p95 = percentile(times, 95)
            figures.append(
                Figure(
                    f"staff page: {page.label}",
                    f"median {ms(median(times))} · p95 {ms(p95)} · {many} queries ({few} with few rows)",
                    "p95 <= 150 ms, queries constant",
                    "",
                    p95 <= TARGET_P95 and many == few,
                )
            )
    figures.insert(0, Figure("staff pages: data", counts, "100,000 / 10,000 / 20,000 at full size"))
    return figures
