"""The public API (issue 20): a document search through /api/v1/documents/ at the benchmark size
(the library's catalogue with facets, facet counts cached as in production), a list of 100
inventory activities through /api/v1/activities/ (the number of queries does not grow with it),
and a deep page of the documents and of the activities against their first page (keyset
pagination: the page after 50,000 documents or 4,000 activities costs what the first one costs)."""

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

        deep = _deep_pages(client, documents, size)

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
        *deep,
    ]


def _deep_pages(client, documents: int, size: dict) -> list[Figure]:
    """The page after `position` items of a list, reached with the cursor a `next` link would give
    there (made with the API's own encoder), against the list's first page: medians and ratio."""
    from django.conf import settings
    from django.test import RequestFactory
    from django.utils import translation

    from api.conventions import cursor_at
    from library.catalogue import catalogue
    from portal.inventory import inventory_keys

    repeat = size["repeat"]
    figures = []
    lists = [
        ("documents", "documents", documents, 50_000, lambda: (catalogue({}).queryset, None)),
        (
            "activities",
            "inventory rows",
            None,
            4_000,
            lambda: (inventory_keys(), tuple),
        ),
    ]
    for name, label, total, wanted, items in lists:
        url = f"/api/v1/{name}/"
        params = {"limit": 20}
        with translation.override(settings.LANGUAGE_CODE):
            rows, key = items()
            total = total if total is not None else len(rows)
            position = min(wanted, total // 2)
            cursor = cursor_at(RequestFactory().get(url, params), rows, position, key=key)

        def get(extra, url=url, params=params):
            response = client.get(url, {**params, **extra}, HTTP_ACCEPT_ENCODING="identity")
            assert response.status_code == 200, (response.status_code, response.content[:300])
            return json.loads(response.content)

        first_ids = [item["id"] for item in get({})["results"]]
        deep_ids = [item["id"] for item in get({"cursor": cursor})["results"]]
        first = median(timed(lambda get=get: get({}), repeat))
        after = median(timed(lambda get=get, cursor=cursor: get({"cursor": cursor}), repeat))
        ratio = after / first
        sound = len(deep_ids) == 20 and not set(deep_ids) & set(first_ids)
        figures.append(
            Figure(
                f"API list, the page after {position:,} {label} vs the first page ({total:,})",
                f"first {ms(first)} · deep {ms(after)}" + ("" if sound else " (deep page wrong)"),
                "ratio <= 2",
                f"{ratio:.2f}",
                ratio <= 2 and sound,
            )
        )
    return figures
