"""Scale-out: two gunicorn instances of the portal share one PostgreSQL (and Redis when REDIS_URL is
set); an officer's whole journey alternates between them, and neither writes anywhere on local
disk but the media storage.

    python -m bench.scaleout

Each instance runs from its own empty working folder with its own HOME and TMPDIR; the checkout
(db.sqlite3, media/, private/ ...) must not change. Prints what it checked; exits 1 on a failure.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import os
import re
import shutil
import signal
import struct
import sys
import tempfile
import time
import urllib.parse
import uuid
from pathlib import Path

from bench.cluster import (
    PASSWORD,
    Browser,
    TempPostgres,
    form_choices,
    manage,
    portal_env,
    prepare,
    proposal_fields,
)
from bench.harness import ROOT, Gunicorn

CURATOR = "scaleout-curator"
TOTP_KEY = "3132333435363738393031323334353637383930"  # the key of the curator's authenticator
LIBRARY_LIMIT = 120  # settings.RATE_LIMITS["library:document_list"]: 120 a minute per address


def tree(root: Path, skip: tuple[str, ...] = (".git",)) -> dict[str, tuple[int, int]]:
    """Every file under root: (size, modification time)."""
    out = {}
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d not in skip]
        for name in names:
            path = Path(folder, name)
            try:
                stat = path.lstat()
            except FileNotFoundError:
                continue
            out[str(path.relative_to(root))] = (stat.st_size, stat.st_mtime_ns)
    return out


def stored_files(work: Path) -> dict[str, tuple[int, int]]:
    """The uploads on local disk: MEDIA_ROOT (media/) and PRIVATE_ROOT (private/)."""
    return {
        f"{area}/{name}": stat for area in ("media", "private") for name, stat in tree(work / area).items()
    }


def changed(before: dict, after: dict) -> list[str]:
    return sorted({k for k in before.keys() | after.keys() if before.get(k) != after.get(k)})


def pdf_bytes() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Title": "Scale-out attachment"})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


class Journey:
    """Steps of one officer's journey, each against instance A or B, with the same cookies."""

    def __init__(self, a: str, b: str):
        self.urls = {"A": a, "B": b}
        self.browser = Browser(a)
        self.results: list[tuple[str, bool]] = []

    def on(self, name: str) -> Browser:
        self.browser.base = self.urls[name]
        return self.browser

    def check(self, label: str, ok: bool) -> bool:
        self.results.append((label, bool(ok)))
        print(f"[{'ok' if ok else 'FAILED'}] {label}")
        return bool(ok)


def journey(j: Journey, username: str, media: Path) -> None:
    title = f"Scale-out {uuid.uuid4().hex[:8]}"
    j.check("A: the officer signs in", j.on("A").sign_in(username))
    page = j.on("B").get("/fund/proposals/new/")
    if not j.check("B: the new-proposal form opens with the session made on A", page.status == 200):
        return
    fields = proposal_fields(
        page.hidden("csrfmiddlewaretoken"),
        page.hidden("form_token"),
        title,
        [("3", "1200.00"), ("1", "450.50")],
        countries=form_choices(page.body, "countries")[:1],
        themes=form_choices(page.body, "themes")[:1],
        requested_amount="4000",
        save="1",
    )
    saved = j.on("B").post("/fund/proposals/new/", fields)
    match = re.fullmatch(r"/fund/proposals/(\d+)/edit/", saved.location)
    if not j.check("B: the draft is saved", saved.status == 302 and match):
        return
    pk = match.group(1)
    edit = j.on("A").get(f"/fund/proposals/{pk}/edit/")
    j.check(
        "A: the draft saved on B is there, with its message from B",
        title in edit.body and "Draft saved." in edit.body,
    )
    content = pdf_bytes()
    upload = j.on("A").post(
        f"/fund/proposals/{pk}/attachments/",
        {"csrfmiddlewaretoken": edit.hidden("csrfmiddlewaretoken"), "title": "Budget annex"},
        files={"file": ("annex.pdf", content, "application/pdf")},
    )
    j.check("A: an attachment is uploaded", upload.status == 302)
    edit_b = j.on("B").get(f"/fund/proposals/{pk}/edit/")
    link = re.search(rf'href="(/fund/proposals/{pk}/attachments/\d+/)"', edit_b.body)
    download = j.on("B").get(link.group(1)) if link else None
    j.check("B: the attachment uploaded on A downloads, byte for byte", download and download.data == content)
    stored = [p for p in media.rglob("*") if p.is_file() and "fund" in p.parts]
    j.check("the attachment is stored in the media storage", any(p.read_bytes() == content for p in stored))
    fields.pop("save")
    fields.pop("form_token", None)
    fields.update(csrfmiddlewaretoken=edit_b.hidden("csrfmiddlewaretoken"), submit="1")
    submitted = j.on("A").post(f"/fund/proposals/{pk}/edit/", fields)
    j.check("A: the proposal is submitted", submitted.location == f"/fund/proposals/{pk}/")
    detail = j.on("B").get(f"/fund/proposals/{pk}/")
    reference = re.search(r"ATPF-\d{4}-\d{4,}", detail.body)
    j.check(
        "B: the proposal shows as submitted, with its reference and the message from A",
        reference and "Submitted" in detail.body and "The proposal has been submitted" in detail.body,
    )
    listed = j.on("A").get("/fund/proposals/")
    j.check("A: the mission's list shows it", reference and reference.group(0) in listed.body)
    message = j.on("B").post(
        f"/fund/proposals/{pk}/messages/",
        {"csrfmiddlewaretoken": detail.hidden("csrfmiddlewaretoken"), "body": f"Question from B {title}"},
    )
    thread = j.on("A").get(f"/fund/proposals/{pk}/")
    j.check(
        "B writes in the thread, A reads it",
        message.status == 302 and f"Question from B {title}" in thread.body,
    )
    public_a = j.on("A").get("/fund/projects/")
    public_b = j.on("B").get("/fund/projects/")
    refs = re.compile(r"ATPF-\d{4}-\d{4,}")
    j.check(
        "public project list: same answer on A and B, the submitted proposal not on it",
        public_a.status == public_b.status == 200
        and refs.findall(public_a.body) == refs.findall(public_b.body)
        and reference
        and reference.group(0) not in public_b.body,
    )
    if reference:
        approve(j, pk, reference.group(0))
    logout = j.on("A").post(
        "/accounts/logout/", {"csrfmiddlewaretoken": thread.hidden("csrfmiddlewaretoken")}
    )
    after = j.on("B").get("/fund/proposals/")
    j.check(
        "A: signing out ends the session on B too",
        logout.status == 302 and after.status == 302 and "/accounts/login/" in after.location,
    )


def approve(j: Journey, pk: str, reference: str) -> None:
    """A curator, with two-factor authentication, decides the proposal across both instances; the
    supported project then appears on the public pages of both."""
    curator = Browser(j.urls["B"])
    page = curator.get("/accounts/login/")
    signed = curator.post(
        "/accounts/login/",
        {
            "csrfmiddlewaretoken": page.hidden("csrfmiddlewaretoken"),
            "username": CURATOR,
            "password": PASSWORD,
            "next": "",
        },
    )
    curator.base = j.urls["A"]
    verify = curator.get(
        signed.location + "?" + urllib.parse.urlsplit(signed.headers.get("location", "")).query
    )
    verified = curator.post(
        signed.location,
        {"csrfmiddlewaretoken": verify.hidden("csrfmiddlewaretoken"), "token": totp(TOTP_KEY), "next": ""},
    )
    j.check(
        "B: the curator signs in with a password, A: and confirms with a one-time code",
        signed.status == 302 and "/accounts/two-factor/" in signed.location and verified.status == 302,
    )
    curator.base = j.urls["B"]
    detail = curator.get(f"/fund/proposals/{pk}/")
    moved = curator.post(
        f"/fund/proposals/{pk}/action/",
        {"csrfmiddlewaretoken": detail.hidden("csrfmiddlewaretoken"), "action": "send_to_review", "note": ""},
    )
    curator.base = j.urls["A"]
    form = curator.get(f"/fund/proposals/{pk}/decide/")
    decided = curator.post(
        f"/fund/proposals/{pk}/decide/",
        {
            "csrfmiddlewaretoken": form.hidden("csrfmiddlewaretoken"),
            "outcome": "approved",
            "amount": "",
            "conditions": "Report on the shelter's occupancy.",
            "reasons": "",
        },
    )
    j.check(
        "B: sent to review, A: approved",
        moved.status == 302 and form.status == 200 and decided.location == f"/fund/proposals/{pk}/",
    )
    public_b = Browser(j.urls["B"]).get("/fund/projects/")
    public_a = Browser(j.urls["A"]).get(f"/fund/projects/{reference}/")
    j.check(
        "the approved project is on the public list of B and has its public page on A",
        reference in public_b.body and public_a.status == 200 and reference in public_a.body,
    )


def add_curator(env: dict[str, str]) -> None:
    """A curator with a confirmed TOTP device whose key this script knows."""
    manage(
        env,
        "shell",
        "-c",
        "from clearinghouse import roles; from clearinghouse.models import User;"
        "from django.contrib.auth.models import Group; from django_otp.plugins.otp_totp.models import TOTPDevice;"
        f"u = User.objects.create_user('{CURATOR}', 'curator@example.org', '{PASSWORD}');"
        "u.groups.add(Group.objects.get(name=roles.CURATOR));"
        f"TOTPDevice.objects.create(user=u, name='phone', confirmed=True, key='{TOTP_KEY}')",
    )


def totp(key_hex: str, step: int = 30, digits: int = 6) -> str:
    """The current time-based one-time password (RFC 6238, HMAC-SHA1), as an authenticator app shows."""
    counter = struct.pack(">Q", int(time.time()) // step)
    digest = hmac.new(bytes.fromhex(key_hex), counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**digits
    return str(code).zfill(digits)


def shared_rate_limit(j: Journey) -> None:
    """The library's limit (120 a minute per address) counts requests to both instances together:
    it lives in the shared cache."""
    statuses = [Browser(j.urls["AB"[i % 2]]).get("/library/").status for i in range(LIBRARY_LIMIT + 20)]
    ok, limited = statuses.count(200), statuses.count(429)
    print(f"library list, {len(statuses)} requests alternating A/B: {ok} answered, {limited} refused (429)")
    j.check(
        f"the rate limit is counted across instances ({LIBRARY_LIMIT} answered, 20 refused)",
        (ok, limited) == (LIBRARY_LIMIT, 20),
    )


def run() -> int:
    began = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix="ch_scaleout_"))
    pg = TempPostgres()
    servers: list[Gunicorn] = []
    redis_url = os.environ.get("REDIS_URL", "")
    try:
        print(
            "== Scale-out: two gunicorn instances, one PostgreSQL" + (" and one Redis" if redis_url else "")
        )
        pg.start()
        extra = (
            {"REDIS_URL": redis_url, "CACHE_KEY_PREFIX": f"ch_load_scaleout_{uuid.uuid4().hex[:8]}"}
            if redis_url
            else {}
        )
        base_env = portal_env(pg.url, work, **extra)
        [username] = prepare(base_env, 1)
        add_curator(base_env)
        (work / "media").mkdir(exist_ok=True)
        (work / "private").mkdir(exist_ok=True)
        checkout_before, static_before = tree(ROOT), tree(work / "static")
        media_before = stored_files(work)
        for name in ("a", "b"):
            for sub in ("cwd", "home", "tmp"):
                (work / f"{sub}-{name}").mkdir()
            env = {**base_env, "HOME": str(work / f"home-{name}"), "TMPDIR": str(work / f"tmp-{name}")}
            servers.append(
                Gunicorn(env, cwd=work / f"cwd-{name}", log=work / f"gunicorn-{name}.log", threads=4).start()
            )
        print(
            f"A: {servers[0].url}  B: {servers[1].url}  PostgreSQL: port {pg.port}; cache: "
            + ("Redis (shared)" if redis_url else "local memory of each process (set REDIS_URL to share it)")
        )

        j = Journey(servers[0].url, servers[1].url)
        journey(j, username, work / "private")
        if redis_url:
            shared_rate_limit(j)
        for server in servers:
            server.stop()

        checkout = changed(checkout_before, tree(ROOT))
        j.check(
            "the checkout is untouched (no db.sqlite3, media/, private/ or any other file written)",
            not checkout,
        )
        for path in checkout[:10]:
            print(f"  written in the checkout: {path}")
        strays = [
            f"{sub}-{n}/{p}"
            for n in "ab"
            for sub in ("cwd", "home", "tmp")
            for p in tree(work / f"{sub}-{n}")
        ]
        j.check("the working folders, HOME and TMPDIR of the instances stay empty", not strays)
        for path in strays[:10]:
            print(f"  written: {path}")
        j.check("the collected static files are only read", not changed(static_before, tree(work / "static")))
        media_new = changed(media_before, stored_files(work))
        print(f"written to the media storage: {', '.join(media_new) or 'nothing'}")
        failed = [label for label, ok in j.results if not ok]
        print(f"run took {time.monotonic() - began:.0f} s")
        print(f"scaleout: {len(j.results) - len(failed)} passed, {len(failed)} failed")
        return 1 if failed else 0
    finally:
        for server in servers:
            server.stop()
        pg.cleanup()
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(130))
    sys.exit(run())


if __name__ == "__main__":
    main()
