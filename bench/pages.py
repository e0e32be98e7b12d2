"""Public pages: queries per page (and that they stay the same at 10, 10,000 and the full number of
rows), bytes a browser downloads (compressed), third-party requests, and throughput under gunicorn
(DEBUG off, production settings) as a ratio to a bare Django view served by the same gunicorn."""

from __future__ import annotations

import gzip
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from .harness import ROOT, Figure, Gunicorn, server_env, throughput

# Pillar modules extend these lists with their own public pages; {programme}, {document} and
# {project} are the first published programme (from the seed document, when it is there), document
# and supported project, {word} a word of that document's title (so the
# search finds something at every size).
PUBLIC_PAGES = [
    "/",
    "/programmes/",
    "/programmes/{programme}/",
    "/countries/",
    "/countries/md/",
    "/library/",
    "/library/?q={word}",
    "/library/{document}/",
    "/fund/projects/",
    "/fund/projects/{project}/",
    "/inventory/",
    "/events/",
    "/monitoring/",
    "/directory/",
]
THROUGHPUT_PAGES = ["/programmes/", "/library/", "/fund/projects/"]
# Rows shown by the public pages, hidden (in a transaction rolled back) beyond the first N.
HIDEABLE = [
    ("library_document", ["published"]),
    ("fund_proposal", ["approved", "in_implementation", "completed"]),
    ("programmes_activity", ["published"]),
]

ASSET = re.compile(r"""<(?:link|script|img)\b[^>]*?(?:href|src)=["']([^"']+)["']""", re.IGNORECASE)


def queries_per_page(client, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(context.captured_queries)


def transfer(client, path: str) -> tuple[int, int]:
    """(compressed bytes of the page and its same-origin assets, number of third-party requests)."""
    from django.contrib.staticfiles import finders

    body = client.get(path).content
    total = len(gzip.compress(body, 6))
    third_party = 0
    for url in ASSET.findall(body.decode()):
        parts = urlsplit(url)
        if parts.netloc and parts.netloc not in ("testserver", "127.0.0.1", "localhost"):
            third_party += 1
            continue
        if parts.path.startswith("/static/"):
            found = finders.find(parts.path.removeprefix("/static/"))
            if found:
                total += len(gzip.compress(Path(found).read_bytes(), 6))
    return total, third_party


def warm_up(
    url: str, *, least: float, enough: float, most: float = 45.0, headers: dict | None = None
) -> None:
    """Requests the page until every worker has filled its caches (a worker counting facets for
    the first time takes seconds): over windows of a quarter of `least` (one second at least), the
    rate reaches `enough` or stops rising three times in a row; `least` to `most` seconds."""
    import time

    start = time.monotonic()
    last, calm = 0.0, 0
    while time.monotonic() - start < most:
        rate = throughput(url, seconds=max(1.0, least / 4), headers=headers)
        calm = calm + 1 if last and rate <= last * 1.1 else 0
        last = max(last, rate)
        if (calm >= 3 or rate >= enough) and time.monotonic() - start >= least:
            return


def _pages() -> list[str]:
    from fund.models import Proposal
    from library.models import Document
    from programmes.models import Programme

    first = Document.objects.published().order_by("pk").values_list("slug", "title").first()
    document, title = first or ("none", "")
    word = max(title.split(), key=len, default="trafficking")
    project = Proposal.objects.public().order_by("pk").values_list("reference", flat=True).first() or "none"
    programme = Programme.objects.published().order_by("pk").values_list("slug", flat=True).first() or "none"
    pages = [
        p.format(programme=programme, document=document, project=project, word=word) for p in PUBLIC_PAGES
    ]
    return [p for p in pages if "/none/" not in p]


def counts_at(client, pages: list[str], rows: int | None) -> dict[str, int]:
    """Queries per page with only the first `rows` records of each public list shown (all when
    None): the others are hidden in a transaction that is rolled back."""
    from django.db import connection, transaction

    with transaction.atomic():
        if rows is not None:
            with connection.cursor() as cursor:
                for table, shown in HIDEABLE:
                    cursor.execute(
                        f"UPDATE {table} SET status = 'draft' WHERE status = ANY(%s) AND id NOT IN "  # noqa: S608
                        f"(SELECT id FROM {table} WHERE status = ANY(%s) ORDER BY id LIMIT %s)",
                        [shown, shown, rows],
                    )
        counts = {path: queries_per_page(client, path) for path in pages}
        transaction.set_rollback(True)
    return counts


def measure(database_url: str, size: dict) -> list[Figure]:
    from django.test import Client

    from library.models import Document

    client = Client()
    figures = []
    pages = _pages()
    full = Document.objects.published().count()
    levels = sorted({10, min(10_000, full)})
    at = {n: counts_at(client, pages, n) for n in levels}
    counts = at[full] = counts_at(client, pages, None)
    worst = max(counts, key=counts.get)
    figures.append(
        Figure(
            f"queries per public page at {full:,} documents (worst)",
            f"{counts[worst]} ({worst})",
            "<= 10",
            ", ".join(f"{p}: {n}" for p, n in counts.items()),
            counts[worst] <= 10,
        )
    )
    sizes_label = " / ".join(f"{n:,}" for n in sorted(at))
    ordered = sorted(at)
    # Growth means more queries with more rows (from 10,000 rows on, where every list has rows). At
    # 10 rows a page may differ either way: a list empty there skips its queries, and the inventory's
    # first page holds rows of all three sources (a query each) where a long list shows one or two.
    grew = [
        p for p in pages if any(at[a][p] < at[b][p] for a, b in zip(ordered[1:], ordered[2:], strict=False))
    ]
    differ = [p for p in pages if at[ordered[0]][p] != at[ordered[-1]][p]]
    note = f" (other at {ordered[0]} rows: {', '.join(differ)})" if differ else ""
    figures.append(
        Figure(
            f"queries per public page at {sizes_label} rows",
            (f"the same from {ordered[min(1, len(ordered) - 1)]:,} rows on" + note)
            if not grew
            else f"grow on {', '.join(grew)}",
            "constant",
            "; ".join(f"{p}: {'/'.join(str(at[n][p]) for n in ordered)}" for p in pages),
            not grew,
        )
    )
    sizes = {path: transfer(client, path) for path in pages}
    heaviest = max(sizes, key=lambda p: sizes[p][0])
    figures.append(
        Figure(
            "bytes per public page, compressed (heaviest)",
            f"{sizes[heaviest][0] / 1024:.1f} KB ({heaviest})",
            "<= 100 KB",
            "",
            sizes[heaviest][0] <= 100 * 1024,
        )
    )
    third = sum(n for _, n in sizes.values())
    figures.append(Figure("third-party requests, all public pages", str(third), "0", "", third == 0))

    with tempfile.TemporaryDirectory() as static_root:
        env = server_env(database_url, Path(static_root))
        subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
        )
        seconds = size["throughput_seconds"]
        # The page cache on, as in production with a shared cache (REDIS_URL) or one worker: without
        # either the default turns it off, and these figures would measure uncached pages.
        # The library's rendered content is kept under the same condition (LIBRARY_RESULTS_CACHE_SECONDS).
        kept = {"LIBRARY_RESULTS_CACHE_SECONDS": "300"}
        with Gunicorn({**env, **kept, "PAGE_CACHE_SECONDS": "60"}) as server:
            bare = throughput(f"{server.url}/healthz", seconds=seconds)
            for path in THROUGHPUT_PAGES:
                # Steady state: each worker has its copy and its facet counts (first visits are
                # measured above, as "counted afresh").
                warm_up(f"{server.url}{path}", least=seconds, enough=bare / 2)
                rate = throughput(f"{server.url}{path}", seconds=seconds)
                ratio = rate / bare if bare else 0.0
                figures.append(
                    Figure(
                        f"throughput {path} (gunicorn, 2 workers, 4 clients, anonymous page cache)",
                        f"{rate:.0f} req/s (bare view {bare:.0f} req/s)",
                        "ratio >= 0.3",
                        f"{ratio:.2f}",
                        ratio >= 0.3,
                    )
                )
        # The same pages rendered for every request (as for signed-in users), and a signed-in
        # officer's own page (sessions, authentication, two-factor check, roles, the menu by role).
        cookie = officer_session_cookie(env["SECRET_KEY"])
        with Gunicorn({**env, **kept, "PAGE_CACHE_SECONDS": "0"}) as server:
            bare = throughput(f"{server.url}/healthz", seconds=seconds)
            runs = [
                (path, f"throughput {path} without the page cache (facet counts cached)", None)
                for path in THROUGHPUT_PAGES[1:]
            ]
            runs.append(
                (SIGNED_IN_PAGE, f"throughput {SIGNED_IN_PAGE} signed in as a field-mission officer", cookie)
            )
            for path, name, headers in runs:
                warm_up(f"{server.url}{path}", least=seconds, enough=bare / 2, headers=headers)
                rate = throughput(f"{server.url}{path}", seconds=seconds, headers=headers)
                ratio = rate / bare if bare else 0.0
                figures.append(
                    Figure(
                        name,
                        f"{rate:.0f} req/s (bare view {bare:.0f} req/s)",
                        "ratio >= 0.2",
                        f"{ratio:.2f}",
                        ratio >= 0.2,
                    )
                )
    return figures


# A signed-in page measured without any cache in front of it: an officer's list of the mission's proposals.
SIGNED_IN_PAGE = "/fund/proposals/"
OFFICER = "bench-pages-officer"


def officer_session_cookie(secret_key: str) -> dict[str, str]:
    """The Cookie header of a session signed in as a field-mission officer (of the first OSCE field
    mission, created once), stored in the database with the server's secret key."""
    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.test import Client, override_settings

    from clearinghouse import roles
    from clearinghouse.models import Organisation, User

    roles.sync_groups()
    user, created = User.objects.get_or_create(
        username=OFFICER,
        defaults={
            "email": "bench-officer@example.org",
            "organisation": Organisation.objects.field_missions().order_by("pk").first(),
        },
    )
    if created:
        user.set_unusable_password()
        user.save()
        user.groups.add(Group.objects.get(name=roles.OFFICER))
    with override_settings(SECRET_KEY=secret_key):
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return {
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        }
