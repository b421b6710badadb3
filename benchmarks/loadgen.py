"""What the load benchmarks share: Lika under gunicorn as deployed, the databases, and wrk with its parser.

``benchmarks/om_sverige_load.py`` and ``benchmarks/min_sida_load.py`` both use these helpers; neither
keeps a copy of its own.

* :func:`server` starts gunicorn (``--workers 2 --worker-class gthread --threads 4``) on a free
  loopback port with the environment from :func:`environment`, waits until it answers, and stops it.
* :func:`sqlite_database` and :func:`postgresql_database` give a fresh, empty database for one run.
* :func:`wrk` runs the load generator wrk (Debian: ``apt-get install wrk``) and :func:`parse_wrk`
  reads its summary.

Every request goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import platform
import re
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"
RESULTS = BENCHMARKS / "results"
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"
HOST = "127.0.0.1"
# The file the server is ready when it serves: WhiteNoise answers it without Lika's views.
READY_PATH = "/static/lika/lika.css"
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
GUNICORN_WORKERS = 2
GUNICORN_THREADS = 4


# --- wrk --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Load:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: str  # wrk's non-2xx/3xx and socket error lines, or ""


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def _ms(text: str) -> float:
    """A wrk latency in milliseconds.

    >>> _ms("850.00us"), _ms("12.50ms"), _ms("1.16s"), _ms("1.00m")
    (0.85, 12.5, 1160.0, 60000.0)
    """
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text)
    if match is None:
        raise ValueError(f"wrk printed a latency Lika cannot read: {text!r}")
    return float(match.group(1)) * _UNITS_MS[match.group(2)]


def parse_wrk(output: str) -> Load:
    """Reads wrk's summary (run with ``--latency``).

    Each line is read without its surrounding blanks: wrk pads a latency in whole seconds or
    minutes with a trailing space (``"1.16s "``), and a line may end in ``\\r\\n``.

    >>> text = "  50%  1.50ms\\n  99%  12.00ms\\n  1000 requests in 2.00s, 1.00MB read\\nRequests/sec:    500.00\\n"
    >>> parse_wrk(text)
    Load(requests_per_second=500.0, p50_ms=1.5, p99_ms=12.0, requests=1000, errors='')
    >>> padded = "     50%    1.16s \\r\\n     99%    7.65s \\n  3588 requests in 1.00m\\nRequests/sec:  59.80 \\n"
    >>> parse_wrk(padded)
    Load(requests_per_second=59.8, p50_ms=1160.0, p99_ms=7650.0, requests=3588, errors='')
    >>> parse_wrk("Requests/sec: 1\\n")
    Traceback (most recent call last):
    ValueError: wrk's output has no summary (requests, Requests/sec, 50% and 99%):
    Requests/sec: 1
    <BLANKLINE>
    """
    lines = [line.strip() for line in output.splitlines()]
    percentiles: dict[str, str] = {}
    rps: float | None = None
    total: int | None = None
    errors: list[str] = []
    for line in lines:
        if match := re.fullmatch(r"(50|99)%\s+(\S+)", line):
            percentiles[match.group(1)] = match.group(2)
        elif match := re.match(r"Requests/sec:\s+([\d.]+)$", line):
            rps = float(match.group(1))
        elif match := re.match(r"(\d+) requests in ", line):
            total = int(match.group(1))
        elif re.match(r"(Non-2xx|Socket errors)", line):
            errors.append(line)
    if rps is None or total is None or set(percentiles) != {"50", "99"}:
        raise ValueError(f"wrk's output has no summary (requests, Requests/sec, 50% and 99%):\n{output}")
    return Load(rps, _ms(percentiles["50"]), _ms(percentiles["99"]), total, "; ".join(errors))


def wrk_command(
    url: str, options: argparse.Namespace, seconds: int, timeout: int = 10, script: Path | None = None
) -> list[str]:
    """wrk with ``options.wrk_threads`` threads and ``options.connections`` connections for ``seconds``."""
    command = [
        "wrk",
        f"--threads={options.wrk_threads}",
        f"--connections={options.connections}",
        f"--duration={seconds}s",
        f"--timeout={timeout}s",
        "--latency",
    ]
    if script is not None:
        command.append(f"--script={script}")
    return [*command, url]


def wrk(url: str, options: argparse.Namespace, seconds: int, timeout: int = 10, script: Path | None = None) -> Load:
    """Runs wrk (see :func:`wrk_command`) and reads its summary."""
    done = subprocess.run(
        wrk_command(url, options, seconds, timeout, script), capture_output=True, text=True, check=True
    )
    return parse_wrk(done.stdout)


# --- the server -------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


@contextmanager
def server(env: dict[str, str]) -> Iterator[str]:
    """gunicorn serving Lika on a free loopback port; yields its base address and stops it afterwards."""
    port = _free_port()
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "config.wsgi:application",
        f"--bind={HOST}:{port}",
        f"--workers={GUNICORN_WORKERS}",
        "--worker-class=gthread",
        f"--threads={GUNICORN_THREADS}",
        "--keep-alive=5",
        "--log-level=warning",
        f"--pythonpath={BENCHMARKS}",
    ]
    child = subprocess.Popen(command, cwd=ROOT, env=env)
    base = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(base + READY_PATH, timeout=2) as answer:  # noqa: S310 - loopback only
                    if answer.status == 200:
                        break
            except OSError:
                if child.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"gunicorn did not start (exit code {child.poll()}).") from None
                time.sleep(0.2)
        yield base
    finally:
        child.terminate()
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def environment(
    database_url: str,
    var_dir: Path,
    static_root: Path,
    *,
    settings_module: str,
    cache_backend: str | None = None,
    cache_location: str | None = None,
) -> dict[str, str]:
    """This process's environment for Lika as the benchmark deploys it (DEBUG off, the given settings)."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE=settings_module,
        PYTHONPATH=os.pathsep.join([str(ROOT), str(BENCHMARKS)]),
        LIKA_VAR_DIR=str(var_dir),
        LIKA_BENCH_STATIC_ROOT=str(static_root),
        DEBUG="0",
    )
    if cache_backend:
        env["LIKA_CACHE_BACKEND"] = cache_backend
    if cache_location:
        env["LIKA_CACHE_LOCATION"] = cache_location
    return env


def lika(env: dict[str, str], *arguments: str) -> None:
    """Runs a management command (``python -m lika ...``) in ``env``."""
    subprocess.run([sys.executable, "-m", "lika", *arguments], cwd=ROOT, env=env, check=True)


# --- the databases ----------------------------------------------------------------------------


@contextmanager
def sqlite_database(work: Path) -> Iterator[str]:
    """A new SQLite file in ``work`` (removed with it)."""
    yield f"sqlite:///{work / 'lika.sqlite3'}"


def _database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


@contextmanager
def postgresql_database(server_url: str, database_url: str | None = None) -> Iterator[str]:
    """An empty PostgreSQL database for one run; yields its address.

    Without ``database_url`` the database is ``lika_bench_load_<pid>`` on ``server_url``'s server,
    made now and dropped afterwards. With it, the named database is used: made (and dropped
    afterwards) when it does not exist, used as it is when it exists and has no tables, and refused
    when it has tables, so that a benchmark never writes into a database that holds anything.
    """
    if database_url is None:
        name = f"lika_bench_load_{os.getpid()}"
        maintenance_url, target_url = server_url, _with_database(server_url, name)
    else:
        name = _database_name(database_url)
        if not name:
            raise SystemExit(f"--database-url names no database: {database_url}")
        maintenance_url, target_url = _with_database(database_url, "postgres"), database_url
    with psycopg.connect(maintenance_url, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is not None
        if not exists:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    if exists:
        with psycopg.connect(target_url) as connection:
            row = connection.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
            ).fetchone()
        if row and row[0]:
            raise SystemExit(
                f"The database {name} already has {row[0]} tables; the benchmark needs an empty one. "
                f"Drop it (DROP DATABASE {name}) or name another."
            )
    try:
        yield target_url
    finally:
        if not exists:
            with psycopg.connect(maintenance_url, autocommit=True) as admin:
                admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


# --- the report -------------------------------------------------------------------------------


def versions(engines: list[str], server_url: str) -> list[str]:
    """Python, Django, gunicorn, wrk and each engine's version, for a results file."""
    import django

    wrk_version = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)
    found = [
        f"Python {platform.python_version()}",
        f"Django {django.get_version()}",
        f"gunicorn {importlib.metadata.version('gunicorn')}",
        (wrk_version.stdout or wrk_version.stderr).split(" Copyright")[0].strip(),
    ]
    if "sqlite" in engines:
        found.append(f"SQLite {sqlite3.sqlite_version}")
    if "postgresql" in engines:
        # The server's maintenance database: the benchmark's own may be gone by now.
        with psycopg.connect(_with_database(server_url, "postgres")) as connection:
            row = connection.execute("SHOW server_version").fetchone()
        found.append(f"PostgreSQL {row[0] if row else '?'}")
    return found
