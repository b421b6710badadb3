"""Where one Min Sida request spends its time: queries and a cProfile of the timeline and a decision page.

The script migrates a fresh SQLite file (or the PostgreSQL database given with ``--database-url``),
registers ``--users`` people with a decision each exactly as ``benchmarks/min_sida_load.py`` does,
and then, in this one process, asks the first user's timeline and decision page through Django's
test client with the user's session cookie. For each page it prints every SQL statement of one
request (after a first, unmeasured request that fills Django's caches), the mean time of ``--repeat``
requests with the CPU they took in this process and, on a PostgreSQL server on this machine, in its
backend (the trivial view of ``benchmarks/min_sida_urls.py`` is timed too, as the yardstick), and the
functions that took the most cumulative time over ``--repeat`` more under cProfile.
The test client skips the network and the server, so the times are the application's own.

    .venv/bin/python benchmarks/min_sida_profile.py
    .venv/bin/python benchmarks/min_sida_profile.py --repeat 200 --top 40
    .venv/bin/python benchmarks/min_sida_profile.py --database-url postgres://postgres@127.0.0.1:5432/empty \
        --redis-url redis://127.0.0.1:6379/9
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
ROOT = BENCHMARKS.parent


def _database_cpu_seconds() -> float | None:
    """CPU seconds used so far by this connection's PostgreSQL backend, when it runs on this machine; else None."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        row = cursor.fetchone()
    try:
        fields = Path(f"/proc/{row[0]}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, TypeError, IndexError):
        return None
    # utime and stime, the 14th and 15th fields of stat (11th and 12th after the command name).
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def profile(users_file: Path, repeat: int, top: int) -> None:
    """Prints the queries of one request and the cumulative profile of ``repeat`` requests, per page."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    users = json.loads(users_file.read_text())
    row = users["users"][0]
    client = Client(HTTP_USER_AGENT="Mozilla/5.0 (benchmark)", HTTP_HOST="127.0.0.1")
    client.cookies[users["cookie_name"]] = row["session"]
    client.cookies["lika_language"] = "sv"
    for name, path in (
        ("trivial", "/bench/trivial/"),
        ("timeline", "/min-sida/oversikt/"),
        ("decision", row["decision_path"]),
    ):
        first = client.get(path)
        if first.status_code != 200:
            raise SystemExit(f"{path} answered {first.status_code}, not 200.")
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        print(f"\n== {name} {path}: {len(queries.captured_queries)} queries")
        for number, query in enumerate(queries.captured_queries, start=1):
            print(f"{number:3}. {query['time']}s {query['sql'][:220]}")
        database_before = _database_cpu_seconds()
        started, cpu_started = time.perf_counter(), time.process_time()
        for _ in range(repeat):
            client.get(path)
        mean_ms = (time.perf_counter() - started) * 1000 / repeat
        cpu_ms = (time.process_time() - cpu_started) * 1000 / repeat
        database_after = _database_cpu_seconds()
        database = (
            f", PostgreSQL's backend {(database_after - database_before) * 1000 / repeat:.2f} ms CPU"
            if database_before is not None and database_after is not None
            else ""
        )
        print(
            f"-- {name}: {mean_ms:.2f} ms per request ({cpu_ms:.2f} ms CPU in this process{database}), "
            f"the mean of {repeat} without the profiler"
        )
        if name == "trivial":
            continue
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(repeat):
            client.get(path)
        profiler.disable()
        text = io.StringIO()
        pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(top)
        print(f"-- {name}: cProfile of {repeat} requests, top {top} by cumulative time")
        print(text.getvalue())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=20, help="People registered (default 20).")
    parser.add_argument("--repeat", type=int, default=100, help="Requests profiled per page (default 100).")
    parser.add_argument("--top", type=int, default=30, help="Functions shown per profile (default 30).")
    parser.add_argument("--database-url", help="An empty PostgreSQL database instead of a fresh SQLite file.")
    parser.add_argument(
        "--redis-url", help="Django's default cache in this Redis (as benchmarks/min_sida_load.py --redis-url)."
    )
    options = parser.parse_args(argv)
    if min(options.users, options.repeat, options.top) < 1:
        parser.error("--users, --repeat and --top must be 1 or more.")
    sys.path[:0] = [str(ROOT), str(BENCHMARKS)]
    with tempfile.TemporaryDirectory(prefix="lika_profile_min_sida_") as directory:
        work = Path(directory)
        os.environ.update(
            DATABASE_URL=options.database_url or f"sqlite:///{work / 'lika.sqlite3'}",
            DJANGO_SETTINGS_MODULE="min_sida_settings",
            LIKA_VAR_DIR=str(work),
            LIKA_BENCH_STATIC_ROOT=str(work / "static"),
            DEBUG="0",
        )
        if options.redis_url:
            os.environ.update(
                LIKA_CACHE_BACKEND="django.core.cache.backends.redis.RedisCache", LIKA_CACHE_LOCATION=options.redis_url
            )
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", "--noinput", "--run-syncdb", verbosity=0)
        call_command("collectstatic", "--noinput", verbosity=0)
        from min_sida_load import prepare

        users_file = work / "users.json"
        prepare(options.users, users_file)
        profile(users_file, options.repeat, options.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
