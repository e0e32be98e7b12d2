"""Public pages: queries per page, bytes a browser downloads (compressed), third-party requests, and
throughput under gunicorn as a ratio to a bare Django view served by the same gunicorn."""

from __future__ import annotations

import gzip
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from .harness import ROOT, Figure, Gunicorn, server_env, throughput

# Pillar modules extend these lists with their own public pages.
PUBLIC_PAGES = [
    "/",
    "/programmes/",
    "/programmes/odihr-anti-trafficking-project-fund/",
    "/countries/",
    "/countries/md/",
]
THROUGHPUT_PAGES = ["/programmes/"]

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


def measure(database_url: str, size: dict) -> list[Figure]:
    from django.test import Client

    client = Client()
    figures = []
    counts = {path: queries_per_page(client, path) for path in PUBLIC_PAGES}
    worst = max(counts, key=counts.get)
    figures.append(
        Figure(
            "queries per public page (worst)",
            f"{counts[worst]} ({worst})",
            "<= 10",
            ", ".join(f"{p}: {n}" for p, n in counts.items()),
            counts[worst] <= 10,
        )
    )
    sizes = {path: transfer(client, path) for path in PUBLIC_PAGES}
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
        with Gunicorn(env) as server:
            seconds = size["throughput_seconds"]
            bare = throughput(f"{server.url}/healthz", seconds=seconds)
            for path in THROUGHPUT_PAGES:
                rate = throughput(f"{server.url}{path}", seconds=seconds)
                ratio = rate / bare if bare else 0.0
                figures.append(
                    Figure(
                        f"throughput {path} (gunicorn, 2 workers, 4 clients)",
                        f"{rate:.0f} req/s (bare view {bare:.0f} req/s)",
                        "ratio >= 0.3",
                        f"{ratio:.2f}",
                        ratio >= 0.3,
                    )
                )
    return figures
