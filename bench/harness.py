"""Shared pieces of the benchmarks: the database, timing, the table of figures, gunicorn and a client.

Figures are ratios against a physical limit measured in the same run (a hand-written SQL query, a
bare Django view, a plain bulk_create), so they hold on a noisy machine. Nothing here asserts a time.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/clearinghouse_bench"


@dataclass
class Figure:
    name: str
    value: str
    target: str
    ratio: str = ""
    met: bool | None = None

    def row(self) -> str:
        verdict = {True: "met", False: "NOT met", None: "-"}[self.met]
        return f"| {self.name} | {self.value} | {self.target} | {self.ratio} | {verdict} |"


def table(figures: list[Figure]) -> str:
    lines = ["| figure | value | target | ratio | target met |", "|---|---|---|---|---|"]
    return "\n".join(lines + [f.row() for f in figures])


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def timed(fn, repeat: int) -> list[float]:
    """Seconds per call, after one warm-up call."""
    fn()
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def ensure_database(url: str) -> None:
    """Creates the benchmark database when it does not exist yet."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def server_env(database_url: str, static_root: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "RATELIMIT_ENABLE": "0",
        "STATIC_ROOT": str(static_root),
        "DJANGO_SETTINGS_MODULE": "clearinghouse.settings",
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """gunicorn serving the project on a free local port, as in production (DEBUG off).

    Started from `cwd` (the checkout by default); with `log`, its output and access log go to that
    file, otherwise nowhere. Use it as a context manager, or call start() and stop()."""

    def __init__(
        self,
        env: dict[str, str],
        *,
        cwd: Path = ROOT,
        log: Path | None = None,
        workers: int = 2,
        threads: int = 1,
    ):
        self.port = free_port()
        self.env, self.cwd, self.log = env, cwd, log
        self.workers, self.threads = workers, threads
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> Gunicorn:
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            str(ROOT / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--threads",
            str(self.threads),
            "--no-control-socket",
            "--access-logfile",
            "-" if self.log else "/dev/null",
        ]
        output = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115
        try:
            self.process = subprocess.Popen(  # noqa: S603
                command, cwd=self.cwd, env=self.env, stdout=output, stderr=subprocess.STDOUT
            )
        finally:
            if self.log:
                output.close()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start{f'; see {self.log}' if self.log else ''}")
            try:
                urllib.request.urlopen(f"{self.url}/healthz", timeout=2).read()  # noqa: S310
                return self
            except OSError:
                time.sleep(0.2)
        self.stop()  # not left running when the caller's `with` never starts
        raise RuntimeError("gunicorn did not answer within 60 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self) -> Gunicorn:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def throughput(url: str, *, clients: int = 4, seconds: float = 5.0, headers: dict | None = None) -> float:
    """Requests per second that `clients` concurrent clients get from `url` (errors not counted),
    each request with `headers` (a session cookie, for a signed-in visitor)."""
    done = []
    stop = time.monotonic() + seconds

    def client():
        count = 0
        while time.monotonic() < stop:
            try:
                request = urllib.request.Request(url, headers=headers or {})  # noqa: S310
                with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                    response.read()
                    if response.status == 200:
                        count += 1
            except OSError:
                pass
        done.append(count)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.monotonic() - start)


def median(values: list[float]) -> float:
    return statistics.median(values)
