"""The public API (issue 20): a document search through /api/v1/documents/ at the benchmark size
(the library's catalogue with facets, facet counts cached as in production), and a list of 100
inventory activities through /api/v1/activities/ (the number of queries does not grow with it)."""

from __future__ import annotations

import json

from .harness import Figure, median, ms, percentile, timed
from .library import QUERIES

# The raw timings (seconds) of the last measure(), for the huge mode of bench.run.
RAW: dict = {}


def measure(database_url: str, size: dict) -> list[Figure]:
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from library.catalogue import catalogue
    from library.models import Document

    documents = Document.objects.published().count()
    repeat = size["repeat"]
    client = Client()
    times, mismatched = [], []

    def search(text):
        response = client.get("/api/v1/documents/", {"q": text}, HTTP_ACCEPT_ENCODING="identity")
        assert response.status_code == 200, response.status_code
        return response

    with override_settings(LIBRARY_FACET_CACHE_SECONDS=300, PAGE_CACHE_SECONDS=0):
        for text in QUERIES:
            shown = [d["id"] for d in json.loads(search(text).content)["results"]]
            if shown != list(catalogue({"q": text}).queryset.values_list("pk", flat=True)[:20]):
                mismatched.append(text)
            times += timed(lambda text=text: search(text), repeat)

        def activities(limit):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(
                    "/api/v1/activities/", {"limit": limit}, HTTP_ACCEPT_ENCODING="identity"
                )
            assert response.status_code == 200, response.status_code
            return len(json.loads(response.content)["results"]), len(queries)

        few, few_queries = activities(10)
        many, many_queries = activities(100)
        list_times = timed(lambda: activities(100), repeat)

    RAW.update(documents=documents, search=times)
    p95 = percentile(times, 95)
    same = "same ids as the catalogue" if not mismatched else f"ids differ for {', '.join(mismatched)}"
    return [
        Figure(
            f"API document search, first page with facets ({documents:,} documents, {len(QUERIES)} queries)",
            f"median {ms(median(times))} · p95 {ms(p95)} ({same})",
            "p95 <= 50 ms",
            "",
            p95 <= 0.050 and not mismatched,
        ),
        Figure(
            f"API list of {many} inventory activities",
            f"{many_queries} queries ({few_queries} for {few}) · median {ms(median(list_times))}",
            "queries constant",
            "",
            many_queries == few_queries,
        ),
    ]
