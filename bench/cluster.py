"""A throwaway PostgreSQL cluster, gunicorn instances and a small browser-like HTTP client, for the
load-and-restart run (bench/load.py) and the scale-out run (bench/scaleout.py).

The cluster lives in a temporary folder on a free port and is removed at the end: the shared
PostgreSQL server of the machine is never touched. As root, PostgreSQL's programs run as the
`postgres` user (the data folder must belong to it). Everything is stdlib apart from psycopg.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from http import client as http_client
from http.cookies import SimpleCookie
from pathlib import Path

from bench.harness import ROOT, free_port

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
DB_NAME = "ch_load"
SECRET_KEY = "load-test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105 (throwaway)
PASSWORD = "load-test-password-4821-officer"  # noqa: S105 (users of a throwaway database)


def _as_postgres(args: list[str]) -> list[str]:
    """Runs a PostgreSQL program as `postgres` when we are root (it refuses to run as root)."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


class TempPostgres:
    """initdb in a temporary folder, started on a free local port; restart, stop and remove."""

    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="ch_load_pg_"))
        self.data = self.folder / "data"
        self.log = self.folder / "postgres.log"
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{DB_NAME}"

    def _ctl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", *args]
        return subprocess.run(_as_postgres(command), check=check, capture_output=True, text=True)  # noqa: S603

    def start(self) -> TempPostgres:
        subprocess.run(  # noqa: S603
            _as_postgres(
                [
                    str(PG_BIN / "initdb"),
                    "-D",
                    str(self.data),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                    "--no-sync",
                ]
            ),
            check=True,
            capture_output=True,
        )
        self.options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c max_connections=60 -c shared_buffers=32MB"
        self._ctl("-o", self.options, "start")
        import psycopg

        with psycopg.connect(self.url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{DB_NAME}"')
        return self

    def stop(self, mode: str = "fast") -> None:
        self._ctl("-m", mode, "stop")

    def resume(self) -> None:
        self._ctl("-o", self.options, "start")

    def restart(self) -> None:
        self._ctl("-m", "fast", "-o", self.options, "restart")

    def cleanup(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._ctl("-m", "immediate", "stop", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


def portal_env(database_url: str, work: Path, **extra: str) -> dict[str, str]:
    """The environment of a production-like portal (DEBUG off) whose files all live under `work`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "MEDIA_ROOT", "PRIVATE_ROOT", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        {
            "DATABASE_URL": database_url,
            "DEBUG": "0",
            "SECRET_KEY": SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "STATIC_ROOT": str(work / "static"),
            "MEDIA_ROOT": str(work / "media"),
            "PRIVATE_ROOT": str(work / "private"),
            "DJANGO_SETTINGS_MODULE": "clearinghouse.settings",
            "PYTHONPATH": str(ROOT),
            "PYTHONDONTWRITEBYTECODE": "1",
            "LOG_LEVEL": "WARNING",
            "EMAIL_SMTP": "0",  # notifications go to the log: no mail server here
        }
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str) -> str:
    """Runs manage.py with the portal's environment; its output, or the error and its output."""
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), *args], env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def _migrations_key() -> str:
    """Changes whenever a migration or the installed Django changes."""
    import django

    digest = hashlib.sha256(django.__version__.encode())
    for path in sorted(ROOT.glob("*/migrations/*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def migrate(env: dict[str, str], database_url: str) -> str:
    """Migrates the empty database, or restores the dump of an earlier migration of the same
    migrations (kept in ~/.cache/clearinghouse-bench): migrating takes half a minute, restoring two
    seconds. Says which it did."""
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "clearinghouse-bench"
    dump = cache / f"migrated-{_migrations_key()}.dump"
    target = ["--dbname", database_url.replace("postgres://", "postgresql://")]
    if dump.exists():
        subprocess.run([str(PG_BIN / "pg_restore"), "--no-owner", *target, str(dump)], check=True)  # noqa: S603
        return f"restored from {dump}"
    manage(env, "migrate", "--noinput")
    cache.mkdir(parents=True, exist_ok=True)
    partial = dump.with_suffix(".partial")
    subprocess.run(  # noqa: S603
        [str(PG_BIN / "pg_dump"), "--format=custom", "--no-owner", "--file", str(partial), target[1]],
        check=True,
    )
    partial.rename(dump)
    return "migrated"


def prepare(env: dict[str, str], officers: int) -> list[str]:
    """Migrates, collects static files and creates `officers` field-mission officers (spread over
    the OSCE field operations of the vocabulary). Returns their user names."""
    print(f"database: {migrate(env, env['DATABASE_URL'])}")
    manage(env, "collectstatic", "--noinput")
    code = (
        "from clearinghouse import roles; from clearinghouse.models import Organisation, User;"
        "from django.contrib.auth.models import Group;"
        "roles.sync_groups(); group = Group.objects.get(name=roles.OFFICER);"
        "missions = list(Organisation.objects.filter(kind='osce_field').order_by('pk'));"
        f"names = [f'load-officer-{{i}}' for i in range({officers})];"
        "[User.objects.create_user(n, f'{n}@example.org', "
        f"'{PASSWORD}', organisation=missions[i % len(missions)]).groups.add(group)"
        " for i, n in enumerate(names)];"
        "from django.db import connection as c; s = c.settings_dict;"
        "print('CONN_MAX_AGE=%s CONN_HEALTH_CHECKS=%s connect_timeout=%s' % ("
        "s['CONN_MAX_AGE'], s['CONN_HEALTH_CHECKS'], s['OPTIONS'].get('connect_timeout')))"
    )
    print(f"database settings of the portal: {manage(env, 'shell', '-c', code).strip().splitlines()[-1]}")
    return [f"load-officer-{i}" for i in range(officers)]


@dataclass
class Response:
    status: int | str  # an HTTP status, or "timeout" / "refused" / "reset"
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""
    data: bytes = b""
    seconds: float = 0.0

    @property
    def location(self) -> str:
        return urllib.parse.urlsplit(self.headers.get("location", "")).path

    def hidden(self, name: str) -> str | None:
        match = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', self.body)
        return html.unescape(match.group(1)) if match else None


class Browser:
    """A browser without JavaScript: keeps its cookies (Secure ones too, the portal is plain HTTP
    here), sends forms url-encoded or as multipart, never follows redirects by itself."""

    def __init__(self, base: str, *, timeout: float = 30.0):
        self.base = base
        self.timeout = timeout
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, fields=None, files=None) -> Response:
        parts = urllib.parse.urlsplit(self.base)
        headers = {"Host": parts.netloc, "User-Agent": "clearinghouse-load/1"}
        body = None
        if files:
            body, headers["Content-Type"] = _multipart(fields or {}, files)
        elif fields is not None:
            body = urllib.parse.urlencode(fields, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        start = time.monotonic()
        connection = http_client.HTTPConnection(parts.hostname, parts.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            data = answer.read()
        except TimeoutError:
            return Response("timeout", seconds=time.monotonic() - start)
        except ConnectionRefusedError:
            return Response("refused", seconds=time.monotonic() - start)
        except (ConnectionError, http_client.HTTPException):
            return Response("reset", seconds=time.monotonic() - start)
        finally:
            connection.close()
        for raw in answer.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(raw)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Response(
            answer.status,
            {k.lower(): v for k, v in answer.getheaders()},
            data.decode("utf-8", "replace"),
            data,
            time.monotonic() - start,
        )

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, fields: dict, files: dict | None = None) -> Response:
        return self.request("POST", path, fields, files)

    def sign_in(self, username: str, password: str = PASSWORD) -> bool:
        page = self.get("/accounts/login/")
        token = page.hidden("csrfmiddlewaretoken")
        if page.status != 200 or not token:
            return False
        answer = self.post(
            "/accounts/login/",
            {"csrfmiddlewaretoken": token, "username": username, "password": password, "next": ""},
        )
        return answer.status == 302


def _multipart(fields: dict, files: dict) -> tuple[bytes, str]:
    boundary = "----clearinghouse-load-boundary-7f3a"
    out = bytearray()
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            out += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{item}\r\n'.encode()
    for name, (filename, content, content_type) in files.items():
        out += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        ).encode()
        out += content + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out), f"multipart/form-data; boundary={boundary}"


def proposal_fields(csrf: str, token: str | None, title: str, lines: list[tuple[str, str]], **extra) -> dict:
    """A complete proposal as the form sends it; `lines` are (quantity, unit cost) pairs."""
    fields = {
        "csrfmiddlewaretoken": csrf,
        "title": title,
        "summary": "Assistance to returned victims of trafficking.",
        "objectives": "Safe housing and counselling.",
        "activities": "Rent; staff; counselling sessions.",
        "partners": "La Strada",
        "beneficiaries": "Returned victims and their families.",
        "locations": "Chisinau",
        "start_date": "2027-02-01",
        "end_date": "2027-09-30",
        "co_funding": "0",
        "co_funding_sources": "",
        "requested_amount": "100",
        "urgent_justification": "",
        "lines-TOTAL_FORMS": str(len(lines)),
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "1000",
        **extra,
    }
    if token:
        fields["form_token"] = token
    for index, (quantity, unit_cost) in enumerate(lines):
        fields[f"lines-{index}-category"] = "services"
        fields[f"lines-{index}-description"] = f"Line {index + 1}"
        fields[f"lines-{index}-quantity"] = quantity
        fields[f"lines-{index}-unit_cost"] = unit_cost
    return fields


def form_choices(body: str, name: str) -> list[str]:
    """The values of a select's options or of checkboxes named `name` on a page."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', body, re.S)
    if select:
        return re.findall(r'<option value="([^"]+)"', select.group(1))
    return re.findall(rf'name="{name}" value="([^"]+)"', body)
