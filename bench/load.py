"""Load and restart: officers submit proposals through the real forms while the public browses, the
database is stopped and started again in the middle, and the database is then audited.

    python -m bench.load [--size quick|default]

Runs its own throwaway PostgreSQL cluster (bench/cluster.py) and gunicorn, as in production (DEBUG
off). Passes when the portal recovered by itself, every request that failed during the outage got a
clean 500/503 page (no hang, no dropped connection), every submission the server accepted (a
redirect to the proposal page, whose reference it shows) is stored exactly once with its budget, and
no proposal is half written. Prints a short report; exits 1 when a check fails.

Clients retry only what is safe to repeat: pages (GET), signing in, and forms that cannot create
twice (the new-proposal form carries a one-time token; the edit form replaces what it saved).
"""

from __future__ import annotations

import argparse
import random
import re
import signal
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from bench.cluster import Browser, Response, TempPostgres, form_choices, portal_env, prepare
from bench.cluster import proposal_fields as base_fields
from bench.harness import Gunicorn

SIZES = {
    # officers, public visitors, seconds of load, outage starts at (s), outage length (s)
    "quick": {"officers": 3, "visitors": 2, "seconds": 18, "outage_at": 6, "outage": 3},
    "default": {"officers": 12, "visitors": 6, "seconds": 90, "outage_at": 35, "outage": 6},
}
PUBLIC_PAGES = [
    "/",
    "/programmes/",
    "/fund/projects/",
    "/library/",
    "/countries/",
    "/directory/",
    "/search/?q=shelter",
]
REQUEST_TIMEOUT = 30.0  # a request that takes longer counts as a hang
RECOVERY_LIMIT = 20.0  # seconds after the database is back within which pages must work again
SETTLE = 5.0  # seconds after recovery from which no request may fail
RETRYABLE = {500, 502, 503, 504, "timeout", "refused", "reset"}
REFERENCE = re.compile(r"ATPF-\d{4}-\d{4,}")


@dataclass
class Attempt:
    title: str
    lines: list[tuple[str, str]]
    two_step: bool
    pk: int | None = None
    reference: str | None = None
    accepted_at: float | None = None
    replayed: bool = False  # the server answered a resent form with the proposal it had created
    resent: bool | None = None  # sent twice on purpose (a double click): answered with the same proposal?

    @property
    def total(self) -> Decimal:
        return sum((Decimal(q) * Decimal(u) for q, u in self.lines), Decimal("0")).quantize(Decimal("0.01"))


class Record:
    """Every answer the clients got, with its time; thread-safe."""

    def __init__(self):
        self.lock = threading.Lock()
        self.answers: list[tuple[float, str, str, int | str, float]] = []
        self.attempts: list[Attempt] = []
        self.retries = 0

    def add(self, method: str, path: str, response: Response) -> None:
        with self.lock:
            self.answers.append((time.monotonic(), method, path, response.status, response.seconds))


def send(browser: Browser, record: Record, method: str, path: str, fields=None, *, until: float) -> Response:
    """One request, repeated while the answer says 'try again' (5xx or no answer) and time is left.
    Only called for requests that are safe to repeat."""
    while True:
        response = browser.request(method, path, fields)
        record.add(method, path, response)
        if response.status not in RETRYABLE or time.monotonic() > until:
            return response
        with record.lock:
            record.retries += 1
        time.sleep(0.5)


def officer(base: str, username: str, run: str, record: Record, stop_at: float, seed: int) -> None:
    rng = random.Random(seed)
    browser = Browser(base, timeout=REQUEST_TIMEOUT)
    give_up = stop_at + 40
    while not browser.sign_in(username):
        if time.monotonic() > give_up:
            return
        time.sleep(0.5)
    number = 0
    while time.monotonic() < stop_at:
        number += 1
        page = send(browser, record, "GET", "/fund/proposals/new/", until=give_up)
        if page.status != 200:
            continue
        lines = [
            (str(rng.randint(1, 20)), f"{rng.randint(10, 900)}.{rng.randint(0, 99):02d}")
            for _ in range(rng.randint(1, 4))
        ]
        attempt = Attempt(f"Load {run} {username} no. {number}", lines, two_step=number % 2 == 0)
        with record.lock:
            record.attempts.append(attempt)
        fields = base_fields(
            page.hidden("csrfmiddlewaretoken"),
            page.hidden("form_token"),
            attempt.title,
            lines,
            countries=form_choices(page.body, "countries")[:1],
            themes=form_choices(page.body, "themes")[:1],
            requested_amount=str(attempt.total),
            **({"save": "1"} if attempt.two_step else {"submit": "1"}),
        )
        path = "/fund/proposals/new/"
        answer = send(browser, record, "POST", path, fields, until=give_up)
        match = (
            re.fullmatch(r"/fund/proposals/(\d+)/(edit/)?", answer.location) if answer.status == 302 else None
        )
        if not match:
            continue
        attempt.pk = int(match.group(1))
        if attempt.two_step:
            edit = send(browser, record, "GET", f"/fund/proposals/{attempt.pk}/edit/", until=give_up)
            if edit.status != 200:
                continue
            fields.pop("save")
            fields.pop("form_token", None)
            fields.update(csrfmiddlewaretoken=edit.hidden("csrfmiddlewaretoken"), submit="1")
            path = f"/fund/proposals/{attempt.pk}/edit/"
            answer = send(browser, record, "POST", path, fields, until=give_up)
        if answer.status == 302 and answer.location == f"/fund/proposals/{attempt.pk}/":
            attempt.accepted_at = time.monotonic()
            detail = send(browser, record, "GET", answer.location, until=give_up)
            found = REFERENCE.search(detail.body)
            attempt.reference = found.group(0) if found else None
            attempt.replayed = any(
                note in detail.body for note in ("This form was already sent", "can no longer be edited")
            )
            if number % 4 == 1:
                # A double click, or a browser resending after a lost answer: the very same form again.
                again = send(browser, record, "POST", path, fields, until=give_up)
                attempt.resent = again.status == 302 and again.location == answer.location


def visitor(base: str, record: Record, stop_at: float, seed: int) -> None:
    rng = random.Random(seed)
    browser = Browser(base, timeout=REQUEST_TIMEOUT)
    while time.monotonic() < stop_at:
        send(browser, record, "GET", rng.choice(PUBLIC_PAGES), until=stop_at + 40)
        time.sleep(rng.uniform(0.05, 0.3))


def probe(
    base: str, username: str, record: Record, stop_at: float, seen: list[tuple[float, int | str]]
) -> None:
    """A page that needs the database on every request, four times a second: when it fails, when it
    works again. A signed-in officer's own proposals: public pages may be answered from caches (the
    fund's project list with no project needs no query at all), a signed-in page never is."""
    browser = Browser(base, timeout=REQUEST_TIMEOUT)
    while not browser.sign_in(username):
        if time.monotonic() > stop_at:
            return
        time.sleep(0.5)
    while time.monotonic() < stop_at:
        response = browser.get("/fund/proposals/")
        record.add("GET", "/fund/proposals/ (probe)", response)
        seen.append((time.monotonic(), response.status))
        time.sleep(0.25)


def audit(database_url: str, run: str, attempts: list[Attempt]) -> tuple[dict[str, int], list[str]]:
    """Counts in the database; returns figures and the list of failed checks."""
    import psycopg

    failures: list[str] = []
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            """SELECT p.id, p.title, p.reference, p.status,
                      (SELECT count(*) FROM fund_budgetline b WHERE b.proposal_id = p.id),
                      (SELECT coalesce(sum(round(b.quantity * b.unit_cost, 2)), 0)
                         FROM fund_budgetline b WHERE b.proposal_id = p.id),
                      (SELECT count(*) FROM fund_proposalversion v WHERE v.proposal_id = p.id),
                      (SELECT max(v.snapshot ->> 'budget_total') FROM fund_proposalversion v
                        WHERE v.proposal_id = p.id),
                      (SELECT count(*) FROM fund_proposalevent e WHERE e.proposal_id = p.id AND e.action = 'create'),
                      p.requested_amount
                 FROM fund_proposal p WHERE p.title LIKE %s""",
            [f"Load {run} %"],
        ).fetchall()
    by_title: dict[str, list[tuple]] = {}
    for row in rows:
        by_title.setdefault(row[1], []).append(row)
    sent = {a.title: a for a in attempts}
    for title, found in by_title.items():
        if len(found) > 1:
            failures.append(f"{title}: stored {len(found)} times")
        if title not in sent:
            failures.append(f"{title}: stored but never sent")
    for row in rows:
        pk, title, reference, status, lines, total, versions, snapshot_total, created, requested = row
        attempt = sent.get(title)
        if lines == 0:
            failures.append(f"{reference}: no budget lines (half written)")
        if created != 1:
            failures.append(f"{reference}: {created} creation events")
        if attempt and (lines != len(attempt.lines) or Decimal(total) != attempt.total):
            failures.append(
                f"{reference}: budget {lines} lines EUR {total}, sent {len(attempt.lines)} lines EUR {attempt.total}"
            )
        if status == "submitted" and (versions != 1 or Decimal(snapshot_total or "-1") != Decimal(total)):
            failures.append(
                f"{reference}: submitted with {versions} versions, snapshot total {snapshot_total} vs {total}"
            )
        if status not in ("draft", "submitted"):
            failures.append(f"{reference}: unexpected status {status}")
    accepted = [a for a in attempts if a.accepted_at is not None]
    for attempt in accepted:
        found = by_title.get(attempt.title, [])
        if len(found) != 1:
            failures.append(f"accepted {attempt.title!r} stored {len(found)} times")
            continue
        pk, _title, reference, status = found[0][:4]
        if pk != attempt.pk or status != "submitted":
            failures.append(f"accepted {attempt.title!r}: stored as {pk} {status}, accepted as {attempt.pk}")
        if attempt.reference not in (None, reference):
            failures.append(
                f"accepted {attempt.title!r}: page showed {attempt.reference}, stored {reference}"
            )
    figures = {
        "proposals stored": len(rows),
        "submitted": sum(1 for r in rows if r[3] == "submitted"),
        "drafts left (their submission was never accepted)": sum(1 for r in rows if r[3] == "draft"),
        "budget lines stored": sum(r[4] for r in rows),
    }
    return figures, failures


def run(size: str, keep: bool = False) -> int:
    plan = SIZES[size]
    began = time.monotonic()
    run_id = time.strftime("%H%M%S")
    work = Path(tempfile.mkdtemp(prefix="ch_load_work_"))
    pg = TempPostgres()
    server = None
    try:
        print(
            f"== Load and restart ({size}): {plan['officers']} officers, {plan['visitors']} visitors, {plan['seconds']} s"
        )
        pg.start()
        env = portal_env(pg.url, work)
        users = prepare(env, plan["officers"])
        print(f"PostgreSQL on port {pg.port}: a throwaway cluster in {pg.folder}")
        server = Gunicorn(env, cwd=work, log=work / "gunicorn.log", threads=4).start()
        for path in PUBLIC_PAGES:
            status = Browser(server.url).get(path).status
            if status != 200:
                print(f"{path} answers {status} before the load: stopping", file=sys.stderr)
                return 1

        record, seen = Record(), []
        start = time.monotonic()
        stop_at = start + plan["seconds"]
        threads = [
            threading.Thread(target=officer, args=(server.url, name, run_id, record, stop_at, i), daemon=True)
            for i, name in enumerate(users)
        ]
        threads += [
            threading.Thread(target=visitor, args=(server.url, record, stop_at, 100 + i), daemon=True)
            for i in range(plan["visitors"])
        ]
        threads.append(
            threading.Thread(target=probe, args=(server.url, users[0], record, stop_at, seen), daemon=True)
        )
        for thread in threads:
            thread.start()
        time.sleep(plan["outage_at"])
        down_at = time.monotonic()
        pg.stop("fast")
        time.sleep(plan["outage"])
        pg.resume()
        up_at = time.monotonic()
        for thread in threads:
            thread.join(timeout=plan["seconds"] + 120)
        hung_clients = sum(t.is_alive() for t in threads)

        figures, failures = audit(pg.url, run_id, list(record.attempts))
        answers = record.answers
        statuses = Counter(str(a[3]) for a in answers)
        failed = [a for a in answers if a[3] in RETRYABLE or a[3] == 403]
        unclean = [a for a in failed if a[3] not in (500, 503)]
        recovered = next((t for t, status in seen if t >= up_at and status == 200), None)
        late = [a for a in failed if recovered is not None and a[0] > recovered + SETTLE]
        accepted = [a for a in record.attempts if a.accepted_at is not None]
        after = [a for a in accepted if a.accepted_at > up_at]
        slowest_failure = max((a[4] for a in failed), default=0.0)

        print(
            f"database stopped at {down_at - start:.1f} s for {up_at - down_at:.1f} s; pages worked again "
            + (f"{recovered - up_at:.1f} s after it was back" if recovered else "NEVER")
        )
        print(
            f"requests: {len(answers)} ({', '.join(f'{k}: {v}' for k, v in sorted(statuses.items()))}); retried: {record.retries}"
        )
        print(
            f"failed answers: {len(failed)}, slowest {slowest_failure:.2f} s; not a clean 500/503 page: {len(unclean)}"
        )
        print(
            f"submissions sent: {len(record.attempts)}; accepted: {len(accepted)} ({len(after)} after the outage); "
            f"answered from an earlier try of the same form: {sum(a.replayed for a in accepted)}"
        )
        resent = [a for a in accepted if a.resent is not None]
        print(
            f"accepted forms sent a second time on purpose: {len(resent)}, "
            f"answered with the proposal already created: {sum(bool(a.resent) for a in resent)}"
        )
        for name, value in figures.items():
            print(f"{name}: {value}")

        checks = {
            "the outage was seen by the clients": any(
                status != 200 for t, status in seen if down_at <= t <= up_at + 1
            ),
            f"pages worked again within {RECOVERY_LIMIT:.0f} s, with no manual step": recovered is not None
            and recovered - up_at <= RECOVERY_LIMIT,
            "every failed request got a clean 500/503 page (no hang, no dropped connection)": not unclean
            and hung_clients == 0,
            f"no request failed from {SETTLE:.0f} s after recovery on": not late,
            "submissions were accepted before and after the outage": bool(after)
            and len(after) < len(accepted),
            "every form sent twice led to the proposal it had created": bool(resent)
            and all(a.resent for a in resent),
            "every accepted submission is stored exactly once, none half written": not failures,
        }
        others = Counter(f"{a[1]} {a[2]} {a[3]}" for a in answers if a[3] not in (200, 302, 500, 503))
        for line, count in others.most_common(10):
            print(f"  other answer: {line} ({count}x)")
        for message in failures[:20]:
            print(f"  problem: {message}")
        for name, ok in checks.items():
            print(f"[{'ok' if ok else 'FAILED'}] {name}")
        print(f"run took {time.monotonic() - began:.0f} s")
        return 0 if all(checks.values()) else 1
    finally:
        if server:
            server.stop()
        pg.cleanup()
        import shutil

        if keep:
            print(f"logs kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="default")
    parser.add_argument("--keep", action="store_true", help="keep the portal's log and files")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(130))  # clean up on kill as on Ctrl-C
    sys.exit(run(args.size, args.keep))


if __name__ == "__main__":
    main()
