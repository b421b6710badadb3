"""Times ``lika demo-data`` on a fresh SQLite file and a fresh PostgreSQL database.

For each engine the script migrates a new database in one child process, then runs
``lika demo-data --persons N --seed 1 --no-progress`` in another and reports that child's wall
time and peak resident memory (from ``os.wait4``, so migrate's memory does not count). It prints
a Markdown table and writes it to ``benchmarks/results/demo_load-<date>.md``.

    .venv/bin/python benchmarks/demo_load.py --persons 1000000 --engines sqlite,postgresql

PostgreSQL is reached through ``LIKA_BENCH_POSTGRES_URL`` (default
``postgres://postgres@127.0.0.1:5432/postgres``); the script creates ``lika_bench_<pid>`` there
and drops it afterwards.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from machine import machine_text
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"
ENGINES = ("sqlite", "postgresql")
_ROW_LINE = re.compile(r"^\s+(people\.\w+)\s+([\d,]+)$")


@dataclass(frozen=True)
class Measurement:
    engine: str
    persons: int
    rows: int
    seconds: float
    peak_mib: float
    reported_seconds: str


def _child_environment(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env["DATABASE_URL"] = database_url
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.local"
    env["DEBUG"] = "0"
    return env


def _lika(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "lika", *arguments]


def _measure(engine: str, database_url: str, persons: int, seed: int, today: str | None) -> Measurement:
    env = _child_environment(database_url)
    subprocess.run(_lika("migrate", "--noinput", "-v", "0"), cwd=ROOT, env=env, check=True)
    command = ["demo-data", "--persons", str(persons), "--seed", str(seed), "--no-progress"]
    if today:
        command += ["--today", today]
    with tempfile.TemporaryFile(mode="w+") as output:
        started = time.perf_counter()
        child = subprocess.Popen(_lika(*command), cwd=ROOT, env=env, stdout=output)
        # wait4 gives this child's own resource use, unlike RUSAGE_CHILDREN (all children so far).
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        text = output.read()
    if child.returncode != 0:
        raise SystemExit(f"lika demo-data failed on {engine} with exit code {child.returncode}:\n{text}")
    rows = sum(int(match.group(2).replace(",", "")) for line in text.splitlines() if (match := _ROW_LINE.match(line)))
    reported = re.search(r" in ([\d.]+) s ", text)
    return Measurement(
        engine=engine,
        persons=persons,
        rows=rows,
        seconds=seconds,
        # ru_maxrss is in KiB on Linux.
        peak_mib=usage.ru_maxrss / 1024,
        reported_seconds=reported.group(1) if reported else "?",
    )


@contextmanager
def _sqlite_database() -> Iterator[str]:
    with tempfile.TemporaryDirectory(prefix="lika_bench_") as directory:
        yield f"sqlite:///{Path(directory) / 'lika.sqlite3'}"


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


@contextmanager
def _postgresql_database(server_url: str) -> Iterator[str]:
    name = f"lika_bench_{os.getpid()}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield _with_database(server_url, name)
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _postgresql_version(server_url: str) -> str:
    with psycopg.connect(server_url) as connection:
        row = connection.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else "?"


def _report(measurements: list[Measurement], engines: list[str], server_url: str, command: str) -> str:
    versions = [f"Python {platform.python_version()}"]
    if "sqlite" in engines:
        versions.append(f"SQLite {sqlite3.sqlite_version}")
    if "postgresql" in engines:
        versions.append(f"PostgreSQL {_postgresql_version(server_url)}")
    lines = [
        f"# `lika demo-data` load benchmark, {datetime.datetime.now(tz=datetime.UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {machine_text()}; {', '.join(versions)}.",
        f"Command: `{command}`",
        "",
        "| Engine | Persons | Rows written | Wall time (s) | Reported by the command (s) | Peak RSS of the child (MiB) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {m.engine} | {m.persons:,} | {m.rows:,} | {m.seconds:.1f} | {m.reported_seconds} | {m.peak_mib:.0f} |"
        for m in measurements
    ]
    lines += [
        "",
        "Wall time includes starting Django; the command's own figure covers generation and the load",
        "transaction. Peak RSS is the demo-data process only (migrate runs in an earlier process); the",
        "PostgreSQL server's memory is not counted.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=1_000_000, help="Persons to load (default 1000000).")
    parser.add_argument("--engines", default=",".join(ENGINES), help="Comma-separated: sqlite,postgresql.")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", default=None, help="Reference day passed to demo-data (YYYY-MM-DD).")
    arguments = parser.parse_args(argv)
    engines = [engine.strip() for engine in arguments.engines.split(",") if engine.strip()]
    unknown = set(engines) - set(ENGINES)
    if unknown:
        parser.error(f"Unknown engine(s): {', '.join(sorted(unknown))}. Choose from {', '.join(ENGINES)}.")
    server_url = os.environ.get("LIKA_BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    measurements: list[Measurement] = []
    for engine in engines:
        database = _sqlite_database() if engine == "sqlite" else _postgresql_database(server_url)
        with database as url:
            print(f"{engine}: loading {arguments.persons:,} persons ...", file=sys.stderr, flush=True)
            measurements.append(_measure(engine, url, arguments.persons, arguments.seed, arguments.today))
    command = f"lika demo-data --persons {arguments.persons} --seed {arguments.seed} --no-progress"
    if arguments.today:
        command += f" --today {arguments.today}"
    report = _report(measurements, engines, server_url, command)
    print(report)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"demo_load-{datetime.datetime.now(tz=datetime.UTC):%Y-%m-%d}.md"
    path.write_text(report)
    print(f"Written to {path.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
