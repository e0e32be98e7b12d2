"""page_cache.remember computes a value once however many requests miss it at the same moment: the
first claims the key, the others wait for its value (a new search's facet counts are counted once,
not by every worker that receives the search). A computation that fails leaves the others to compute
the value themselves, and nothing is stored."""

import threading

import pytest
from django.core.cache import cache
from django.db import connections

from clearinghouse import page_cache


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _in_threads(target, n: int) -> list:
    results: list = [None] * n

    def run(i):
        try:
            results[i] = target()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert not any(thread.is_alive() for thread in threads)
    return results


def test_concurrent_misses_compute_the_value_once_and_share_it():
    calls = []
    started = threading.Event()
    release = threading.Event()

    def slow_count():
        calls.append(1)
        started.set()
        release.wait(5)
        return ["counted", len(calls)]

    def ask():
        return page_cache.remember("facets", {"q": "passports"}, 60, slow_count)

    first = threading.Thread(target=lambda: results.append(ask()))
    results: list = []
    first.start()
    assert started.wait(5)
    # Four more requests for the same search arrive while the first is still counting.
    waiting = threading.Thread(target=lambda: results.extend(_in_threads(ask, 4)))
    waiting.start()
    release.set()
    first.join(10)
    waiting.join(20)

    assert len(calls) == 1
    assert results == [["counted", 1]] * 5


def test_another_key_is_not_held_up_by_a_computation_in_progress():
    release = threading.Event()
    started = threading.Event()

    def slow():
        started.set()
        release.wait(5)
        return "slow"

    holder = threading.Thread(target=lambda: page_cache.remember("facets", {"q": "a"}, 60, slow))
    holder.start()
    assert started.wait(5)
    try:
        assert page_cache.remember("facets", {"q": "b"}, 60, lambda: "quick") == "quick"
    finally:
        release.set()
        holder.join(10)


def test_a_failed_computation_stores_nothing_and_the_next_request_computes(monkeypatch):
    monkeypatch.setattr(page_cache, "WAIT_SECONDS", 0.5)

    def broken():
        raise RuntimeError("database gone")

    with pytest.raises(RuntimeError):
        page_cache.remember("facets", {"q": "x"}, 60, broken)
    assert page_cache.remember("facets", {"q": "x"}, 60, lambda: "computed") == "computed"
    assert page_cache.remember("facets", {"q": "x"}, 60, lambda: "not again") == "computed"


def test_a_stale_claim_only_delays_the_waiter_until_it_gives_up(monkeypatch):
    """A worker killed while computing leaves its claim; the next request waits at most WAIT_SECONDS."""
    monkeypatch.setattr(page_cache, "WAIT_SECONDS", 0.2)
    calls = []

    def count():
        calls.append(1)
        return "counted"

    cache.add(page_cache.remember_key("facets", {}) + ":computing", 1, 10)  # left by a dead worker

    assert page_cache.remember("facets", {}, 60, count) == "counted"
    # It stored the value: the next request reads it without waiting for the stale claim.
    assert page_cache.remember("facets", {}, 60, lambda: "not again") == "counted"
    assert calls == [1]


def test_a_value_of_none_is_remembered_too():
    calls = []

    def nothing():
        calls.append(1)

    page_cache.remember("facets", {"q": "none"}, 60, nothing)
    page_cache.remember("facets", {"q": "none"}, 60, nothing)
    assert calls == [1]
