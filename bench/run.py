"""Runs the benchmark suite against PostgreSQL and prints one table of figures with their targets.

    make bench         # realistic scale; the table is added to bench/RESULTS.md
    make bench-quick   # a small size, as a smoke test (CI)

The database is BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/clearinghouse_bench);
it is created when missing and filled once (later runs top it up to the size asked for).
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import sys
from datetime import UTC, datetime

from .harness import DEFAULT_URL, ROOT, ensure_database, table

SIZES = {
    "full": {
        "documents": 100_000,
        "proposals": 10_000,
        "experts": 20_000,
        "activities": 5_000,
        "import_rows": 10_000,
        "monitoring_countries": 57,
        "monitoring_indicators": 100,
        "monitoring_cycles": 10,
        "repeat": 30,
        "throughput_seconds": 8.0,
    },
    "quick": {
        "documents": 300,
        "proposals": 60,
        "experts": 200,
        "activities": 30,
        "import_rows": 200,
        "monitoring_countries": 57,
        "monitoring_indicators": 20,
        "monitoring_cycles": 3,
        "repeat": 5,
        "throughput_seconds": 1.5,
    },
}
# Each pillar's benchmark module, run when it exists: measure(database_url, size) -> [Figure].
MODULES = [
    "bench.library",
    "bench.imports",
    "bench.fund",
    "bench.roster",
    "bench.monitoring",
    "bench.pages",
    "bench.api",
    "bench.staff",
]
# Modules that write (and reuse) their own data: `--only` them skips the shared data above.
OWN_DATA = {"bench.monitoring"}


def machine() -> str:
    cpu = ""
    try:
        with open("/proc/cpuinfo") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{platform.node()} · {os.cpu_count()} cores · {cpu} · Python {platform.python_version()}"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", choices=SIZES, default="quick")
    parser.add_argument("--record", action="store_true", help="Add the table to bench/RESULTS.md.")
    parser.add_argument(
        "--only",
        nargs="+",
        metavar="NAME",
        choices=[m.removeprefix("bench.") for m in MODULES],
        help="Run only these benchmark modules (e.g. --only monitoring).",
    )
    args = parser.parse_args()
    size = SIZES[args.size]
    modules = [m for m in MODULES if not args.only or m.removeprefix("bench.") in args.only]

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        print(
            "The benchmarks run on PostgreSQL: set BENCH_DATABASE_URL to a postgres:// URL.", file=sys.stderr
        )
        return 2
    ensure_database(url)
    os.environ.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="clearinghouse.settings",
        ALLOWED_HOSTS="testserver,127.0.0.1,localhost",
        RATELIMIT_ENABLE="0",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    seed = ROOT / "programmes" / "fixtures" / "odihr-anti-trafficking-programmes-2004-2005.md"
    if seed.exists():
        call_command("import_outlines", str(seed), verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115

    from . import data

    if not set(modules) <= OWN_DATA:
        print("… data", file=sys.stderr, flush=True)
        data.documents_populate(size["documents"])
        data.proposals_populate(size["proposals"])
        data.activities_populate(size["activities"])
        data.analyse()

    figures = []
    for name in modules:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        print(f"… {name}", file=sys.stderr, flush=True)
        figures += module.measure(url, size)

    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    report = f"## {when} · size {args.size}\n\nMachine: {machine()}\n\n{table(figures)}\n"
    print(report)
    if args.record:
        results = ROOT / "bench" / "RESULTS.md"
        if not results.exists():
            results.write_text("# Benchmark results\n\nOne table per `make bench` run, newest last.\n\n")
        with results.open("a") as out:
            out.write("\n" + report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
