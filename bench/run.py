"""Runs the benchmark suite against PostgreSQL and prints one table of figures with their targets.

    make bench         # realistic scale; the table is added to bench/RESULTS.md
    make bench-quick   # a small size, as a smoke test (CI)
    make bench-huge    # the library search at 1,000,000 documents and at 100,000, with the growth

The database is BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/clearinghouse_bench);
it is created when missing and filled once (later runs top it up to the size asked for). The huge size
measures the library search (and the API's document search) twice, each in a process of its own:
on BENCH_DATABASE_URL at the full size and on BENCH_HUGE_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/clearinghouse_bench_huge) at 1,000,000 documents, and prints each
figure at both sizes with its growth factor (the value at 1,000,000 divided by the value at 100,000).
BENCH_REPEAT=n repeats each measurement n times instead of the size's own number (a first look).
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import json
import os
import platform
import subprocess
import sys
import tempfile
from datetime import UTC, datetime

from .harness import DEFAULT_URL, ROOT, Figure, ensure_database, median, ms, percentile, table

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
# A library ten times larger (issue 17): only the library search is measured there (HUGE_MODULES),
# so the other data stays at the full size (the huge database starts as a copy of the full one).
SIZES["huge"] = {**SIZES["full"], "documents": 1_000_000}
HUGE_URL = "postgres://postgres@127.0.0.1:5432/clearinghouse_bench_huge"
HUGE_MODULES = ["bench.library", "bench.api"]
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
    # One measurement of the huge mode: the figures and raw timings go to this JSON file, not out.
    parser.add_argument("--raw", metavar="PATH", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.size == "huge" and not args.raw:
        return huge(record=args.record)
    size = dict(SIZES[args.size])
    if os.environ.get("BENCH_REPEAT"):  # fewer repetitions for a first look (never for a record)
        size["repeat"] = int(os.environ["BENCH_REPEAT"])
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

    figures, raw = [], {}
    for name in modules:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        print(f"… {name}", file=sys.stderr, flush=True)
        figures += module.measure(url, size)
        raw[name] = getattr(module, "RAW", {})

    if args.raw:
        figures_raw = [dataclasses.asdict(f) for f in figures]
        with open(args.raw, "w") as out:
            json.dump({"figures": figures_raw, "raw": raw}, out)
        return 0
    return report(args.size, table(figures), record=args.record)


def report(size_name: str, body: str, *, record: bool) -> int:
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = f"## {when} · size {size_name}\n\nMachine: {machine()}\n\n{body}\n"
    print(text)
    if record:
        results = ROOT / "bench" / "RESULTS.md"
        if not results.exists():
            results.write_text("# Benchmark results\n\nOne table per `make bench` run, newest last.\n\n")
        with results.open("a") as out:
            out.write("\n" + text)
    return 0


# The huge mode's figures: (name, module, raw timings, statistic, target at 1,000,000 in seconds).
GROWTH = [
    (
        "library search, first visit of a query (facets counted afresh): median",
        "library",
        "first_visit",
        50,
        None,
    ),
    ("library search, first visit of a query: p95", "library", "first_visit", 95, 0.250),
    ("library search with facets cached: median", "library", "page", 50, None),
    ("library search with facets cached: p95", "library", "page", 95, 0.080),
    ("the hand-written ranked SQL query (the same 20 ids): median", "library", "sql", 50, None),
    ("the ranked ids through the ORM (catalogue queryset): median", "library", "orm", 50, None),
    ("API document search (facets cached): median", "api", "search", 50, None),
    ("API document search (facets cached): p95", "api", "search", 95, None),
]


def huge(*, record: bool) -> int:
    """The library search on the full database and on the huge one, each measured by a process of
    its own (`--raw`), printed side by side with the growth from one to the other."""
    urls = {
        "full": os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL),
        "huge": os.environ.get("BENCH_HUGE_DATABASE_URL", HUGE_URL),
    }
    if not all(url.startswith("postgres") for url in urls.values()) or urls["full"] == urls["huge"]:
        print(
            "The huge size needs two PostgreSQL databases: BENCH_DATABASE_URL (100,000 documents) and "
            "BENCH_HUGE_DATABASE_URL (1,000,000), two different postgres:// URLs.",
            file=sys.stderr,
        )
        return 2
    runs = {}
    # The huge database first: its data step may take long; then both are measured close in time.
    for size_name in ("huge", "full"):
        url = urls[size_name]
        database = url.rsplit("/", 1)[1]
        print(f"… size {size_name} on {database}", file=sys.stderr, flush=True)
        env = {
            **os.environ,
            "BENCH_DATABASE_URL": url,
            # Facet counts cached for one database are never read for the other (shared Redis).
            "CACHE_KEY_PREFIX": f"{os.environ.get('CACHE_KEY_PREFIX', '')}bench-{database}",
        }
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "raw.json")
            only = [m.removeprefix("bench.") for m in HUGE_MODULES]
            command = [sys.executable, "-m", "bench.run", "--size", size_name, "--only", *only, "--raw", path]
            subprocess.run(command, cwd=ROOT, env=env, check=True)  # noqa: S603
            with open(path) as source:
                runs[size_name] = json.load(source)
    return report("huge", growth_table(runs["full"], runs["huge"]), record=record)


def growth_table(full: dict, huge: dict) -> str:
    def count(run):
        return run["raw"].get("bench.library", {}).get("documents")

    def column(run):
        documents = count(run)
        return f"{documents:,} documents" if documents else "documents"

    def value(run, module, key, p):
        times = run["raw"].get(f"bench.{module}", {}).get(key)
        if not times:
            return None
        return median(times) if p == 50 else percentile(times, p)

    lines = [
        f"| figure | {column(full)} | {column(huge)} | growth | target at 1,000,000 documents | target met |",
        "|---|---|---|---|---|---|",
    ]
    for name, module, key, p, target in GROWTH:
        small, large = value(full, module, key, p), value(huge, module, key, p)
        growth = f"× {large / small:.2f}" if small and large else ""
        goal, met = ("", "-") if target is None else (f"<= {ms(target)}", "-")
        if target is not None and large is not None:
            met = "met" if large <= target else "NOT met"
        cells = [ms(v) if v is not None else "not measured" for v in (small, large)]
        lines.append(f"| {name} | {cells[0]} | {cells[1]} | {growth} | {goal} | {met} |")
    for name, key in (("first visit", "first_visit"), ("facets cached", "page")):
        ratios = []
        for run in (full, huge):
            page, sql = value(run, "library", key, 50), value(run, "library", "sql", 50)
            ratios.append(page / sql if page and sql else None)
        cells = [f"{r:.2f}" if r else "not measured" for r in ratios]
        growth = f"× {ratios[1] / ratios[0]:.2f}" if all(ratios) else ""
        lines.append(
            f"| library search, {name}: median as a ratio to the SQL | {cells[0]} | {cells[1]} | {growth} |  | - |"
        )
    parts = ["\n".join(lines)]
    for run in (full, huge):
        figures = [Figure(**f) for f in run["figures"]]
        parts.append(f"Figures of the {column(run)} run, with their own targets:\n\n{table(figures)}")
    return "\n\n".join(parts)


if __name__ == "__main__":
    sys.exit(main())
