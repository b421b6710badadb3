"""Min Sida under load: logged-in people browsing their timeline and decisions, against a trivial view.

The script migrates a fresh database (SQLite file, or PostgreSQL with ``--engines postgresql``) and,
in a child process with Django set up, registers ``--users`` adults (each alone in a household, with
LMA, housing and a permit application) through the registry's services, issues each a decision on
daily allowance for December 2026, and logs each in to Min Sida with the portal's own
:func:`portal_login` into a session of its own. It then checks, without load, that every session
sees its own timeline and its own decision (200 and the decision number on the page), and not a
login page.

The server (gunicorn, 2 workers × 4 threads, gthread, DEBUG off) and the load generator (wrk) are
``benchmarks/loadgen.py``'s, which ``benchmarks/om_sverige_load.py`` uses too.
A wrk Lua script makes each request as a randomly chosen user, half to ``/min-sida/oversikt/`` and
half to the user's own decision page (each opening writes an audit event, as in production), with
``--connections`` (default 200) concurrent connections for ``--duration`` seconds (default 60).
Then the same load goes to ``/bench/trivial/``, a view that only answers "ok", added by the
benchmark's own URL configuration (``benchmarks/min_sida_urls.py``), never the product's.

A redirect counts as an error here (wrk counts only non-2xx/3xx): after the load the script asks
each user's pages again and fails if any answers anything but 200 with the user's own decision.

    .venv/bin/python benchmarks/min_sida_load.py                       # SQLite, 200 users, 60 s
    .venv/bin/python benchmarks/min_sida_load.py --engines sqlite,postgresql --duration 30
    URL=postgres://postgres@127.0.0.1:5432/perf_bench                  # made if missing, refused if not empty
    .venv/bin/python benchmarks/min_sida_load.py --engines postgresql --database-url "$URL"
    .venv/bin/python benchmarks/min_sida_load.py --engines postgresql --redis-url redis://127.0.0.1:6379/9

With ``--redis-url`` the server keeps Django's default cache (and so, by the settings, the sessions)
in that Redis, as production does; both targets run on the same server with the same settings.

``benchmarks/min_sida_profile.py`` shows where one request's time goes.

Results are added to ``benchmarks/results/min_sida_load-<date>.md``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from loadgen import (
    BROWSER,
    DEFAULT_POSTGRES_URL,
    GUNICORN_THREADS,
    GUNICORN_WORKERS,
    RESULTS,
    ROOT,
    Load,
    environment,
    lika,
    postgresql_database,
    server,
    sqlite_database,
    versions,
    wrk,
)
from machine import machine_text, results_add

ENGINES = ("sqlite", "postgresql")
TIMELINE_PATH = "/min-sida/oversikt/"
TRIVIAL_PATH = "/bench/trivial/"
REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"
# A request that waits longer than this counts as a socket error (wrk's timeout).
WRK_TIMEOUT_SECONDS = 30


# --- the users, made in a child process with Django set up (--prepare) -------------------------


def prepare(users: int, out: Path) -> None:
    """Registers ``users`` adults with a decision each and writes their sessions and decision pages as JSON."""
    import django

    django.setup()
    from importlib import import_module

    from django.conf import settings
    from django.http import HttpRequest

    from lika.accounts.roles import Role
    from lika.accounts.services import staff_user_create
    from lika.allowance.rules.month import Month
    from lika.allowance.services import decisions_issue
    from lika.applicant_portal.session import portal_login
    from lika.audit.acting import Acting
    from lika.people import services
    from lika.people.models import AccommodationKind, EligibilityBasis, MemberRole, PermitGround, Sex

    acting = Acting(actor=None, actor_label="benchmarks/min_sida_load.py", reason="Benchmark users")
    officer = staff_user_create(
        actor=None,
        actor_label="benchmarks/min_sida_load.py",
        reason="Benchmark users",
        username="bench-officer",
        password="bench-officer-password",  # noqa: S106 - a throw-away database
        roles=(Role.CASE_OFFICER,),
        check_password=False,
    )
    start = datetime.date(2025, 1, 1)
    persons = []
    for number in range(users):
        person = services.person_create(
            acting=acting,
            dossier_number=str(10_000_001 + number),
            given_name=f"Bench{number}",
            family_name="User",
            birth_date=datetime.date(1990, 1, 1),
            sex=Sex.FEMALE if number % 2 else Sex.MALE,
            country_of_birth="SY",
            preferred_language="sv",
        )
        services.household_create(acting=acting, start_date=start, members=[services.Member(person, MemberRole.ADULT)])
        services.lma_eligibility_create(
            acting=acting, person=person, basis=EligibilityBasis.ASYLUM_SEEKER, start_date=start
        )
        services.accommodation_period_create(
            acting=acting, person=person, kind=AccommodationKind.OWN, food_included=False, start_date=start
        )
        services.permit_application_submit(acting=acting, person=person, ground=PermitGround.ASYLUM, submitted_on=start)
        persons.append(person)
    decisions = decisions_issue(acting=Acting(actor=officer, reason="Benchmark decisions"), month=Month(2026, 12))
    by_person = {decision.person_id: decision for decision in decisions}
    engine = import_module(settings.SESSION_ENGINE)
    rows = []
    for person in persons:
        request = HttpRequest()
        request.session = engine.SessionStore()
        portal_login(request, person, method="benchmark")
        request.session.save()
        decision = by_person[person.pk]
        rows.append(
            {
                "session": request.session.session_key,
                "decision_path": f"/min-sida/dokument/dagersattning/{decision.pk}/",
                "decision_number": decision.number,
            }
        )
    out.write_text(json.dumps({"cookie_name": settings.SESSION_COOKIE_NAME, "users": rows}))


# --- the load ---------------------------------------------------------------------------------


def _lua(users: dict[str, object]) -> str:
    """A wrk script that makes every request as a random user, to the timeline or their own decision."""
    cookie_name = users["cookie_name"]
    rows = cast("list[dict[str, str]]", users["users"])
    entries = ",\n".join(f'  {{"{cookie_name}={row["session"]}", "{row["decision_path"]}"}}' for row in rows)
    return f"""
local users = {{
{entries}
}}
local counter = 0
function init(args)
  math.randomseed(os.time() + tonumber(tostring({{}}):sub(8), 16))
end
function request()
  counter = counter + 1
  local user = users[math.random(#users)]
  local path = "{TIMELINE_PATH}"
  if counter % 2 == 0 then path = user[2] end
  return wrk.format("GET", path, {{["Cookie"] = user[1] .. "; lika_language=sv", ["User-Agent"] = "{BROWSER}"}})
end
"""


def own_pages_problems(base: str, users: dict[str, object]) -> list[str]:
    """Every user's timeline and decision, asked once: anything but 200 with their own decision is a problem."""
    problems = []
    rows = cast("list[dict[str, str]]", users["users"])
    for row in rows:
        for path in (TIMELINE_PATH, row["decision_path"]):
            request = urllib.request.Request(  # noqa: S310 - loopback only
                base + path,
                headers={"Cookie": f"{users['cookie_name']}={row['session']}", "User-Agent": BROWSER},
            )
            try:
                # urllib follows redirects: a login page would answer 200 without the decision number.
                with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310 - loopback only
                    body = answer.read().decode()
                    final = answer.geturl()
            except urllib.error.HTTPError as error:
                problems.append(f"{path}: {error.code}")
                continue
            if final != base + path:
                problems.append(f"{path}: redirected to {final}")
            elif path != TIMELINE_PATH and row["decision_number"] not in body:
                problems.append(f"{path}: the decision number is missing")
    return problems


@dataclass(frozen=True)
class EngineResult:
    engine: str
    portal: Load
    trivial: Load
    problems_before: list[str]
    problems_after: list[str]
    # The machine's load averages (1, 5, 15 min) just before the Min Sida load and after the trivial one.
    load_before: tuple[float, float, float]
    load_after: tuple[float, float, float]

    @property
    def ok(self) -> bool:
        return not (self.portal.errors or self.trivial.errors or self.problems_before or self.problems_after)


def measure(engine: str, database_url: str, work: Path, options: argparse.Namespace) -> EngineResult:
    env = environment(
        database_url,
        work,
        work / "static",
        settings_module="min_sida_settings",
        cache_backend=REDIS_CACHE if options.redis_url else None,
        cache_location=options.redis_url,
    )
    lika(env, "migrate", "--noinput", "--run-syncdb", "-v", "0")
    lika(env, "collectstatic", "--noinput", "-v", "0")
    users_file = work / "users.json"
    print(f"{engine}: registering {options.users} users with a decision each", file=sys.stderr)
    subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--prepare", str(users_file), "--users", str(options.users)],
        cwd=ROOT,
        env=env,
        check=True,
    )
    users = json.loads(users_file.read_text())
    script = work / "min_sida.lua"
    script.write_text(_lua(users))
    with server(env) as base:
        before = own_pages_problems(base, users)
        load_before = os.getloadavg()
        print(f"{engine}: {options.connections} connections on Min Sida for {options.duration} s", file=sys.stderr)
        portal = wrk(base + TIMELINE_PATH, options, options.duration, WRK_TIMEOUT_SECONDS, script)
        print(f"{engine}: the same on the trivial view", file=sys.stderr)
        trivial = wrk(base + TRIVIAL_PATH, options, options.duration, WRK_TIMEOUT_SECONDS)
        load_after = os.getloadavg()
        after = own_pages_problems(base, users)
    return EngineResult(engine, portal, trivial, before[:5], after[:5], load_before, load_after)


def report(results: list[EngineResult], options: argparse.Namespace, version_texts: list[str], command: str) -> str:
    lines = [
        f"# Min Sida under load, {datetime.datetime.now(tz=datetime.UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {machine_text()}; {', '.join(version_texts)}.",
        f"Command: `{command}`",
        "",
        f"Server: gunicorn, {GUNICORN_WORKERS} workers × {GUNICORN_THREADS} threads (gthread) on 127.0.0.1, "
        "DEBUG off (the server of `benchmarks/loadgen.py`, shared with `benchmarks/om_sverige_load.py`); "
        + (
            f"the default cache in Redis ({options.redis_url}), as production has it."
            if options.redis_url
            else "the default cache in each process (LocMemCache)."
        ),
        f"Load: wrk, {options.wrk_threads} thread(s), {options.connections} connections, keep-alive, "
        f"{options.duration} s per target. Min Sida: {options.users} logged-in users, each request as a random "
        f"user, half to the timeline `{TIMELINE_PATH}`, half to the user's own decision page (which records "
        f"an audit event). Trivial: `{TRIVIAL_PATH}`, a view in the benchmark's URL configuration only.",
        "",
        "| Engine | Target | Requests | Requests/s | p50 (ms) | p99 (ms) | Errors |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for result in results:
        for name, load in (("Min Sida (timeline + decision)", result.portal), ("trivial view", result.trivial)):
            lines.append(
                f"| {result.engine} | {name} | {load.requests:,} | {load.requests_per_second:,.0f} | "
                f"{load.p50_ms:.1f} | {load.p99_ms:.1f} | {load.errors or 'none'} |"
            )
    lines += [
        "",
        "| Engine | Min Sida ÷ trivial (requests/s) | Own pages checked before / after "
        "| Load average before → after | Result |",
        "|---|---:|---|---|---|",
    ]
    for result in results:
        ratio = result.portal.requests_per_second / result.trivial.requests_per_second
        checks = f"{'; '.join(result.problems_before) or 'all own'} / {'; '.join(result.problems_after) or 'all own'}"
        machine_load = (
            f"{' '.join(f'{x:.2f}' for x in result.load_before)} → {' '.join(f'{x:.2f}' for x in result.load_after)}"
        )
        lines.append(
            f"| {result.engine} | {ratio:.2f} | {checks} | {machine_load} | {'no errors' if result.ok else 'FAIL'} |"
        )
    lines += [
        "",
        "wrk, gunicorn and the database share the machine's cores; the ratio compares the two targets under",
        "the same conditions. The load averages (1, 5 and 15 minutes) include anything else the machine ran.",
        "A Min Sida request saves the session only when the idle timeout's clock is a minute old or more;",
        "every opening of a decision writes an audit event.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engines", default="sqlite", help="Comma-separated: sqlite,postgresql (default sqlite).")
    parser.add_argument("--users", type=int, default=200, help="Logged-in users (default 200).")
    parser.add_argument("--connections", type=int, default=200, help="Concurrent connections (default 200).")
    parser.add_argument("--duration", type=int, default=60, help="Seconds per target (default 60).")
    parser.add_argument("--wrk-threads", type=int, default=2, help="wrk's threads (default 2).")
    parser.add_argument(
        "--database-url",
        help="The PostgreSQL database for --engines postgresql, e.g. postgres://postgres@127.0.0.1:5432/perf_bench: "
        "made and dropped afterwards if missing, used if empty, refused if it has tables. Without it, "
        "lika_bench_load_<pid> on LIKA_BENCH_POSTGRES_URL's server.",
    )
    parser.add_argument(
        "--redis-url",
        help="Serve with Django's default cache in this Redis (e.g. redis://127.0.0.1:6379/9), as production does "
        "(docs/operations.md, 'Caching'); without it, each process keeps its own cache.",
    )
    parser.add_argument("--prepare", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.prepare:
        prepare(options.users, options.prepare)
        return 0
    if shutil.which("wrk") is None:
        parser.error("wrk is not installed: apt-get install wrk")
    engines = [engine.strip() for engine in options.engines.split(",") if engine.strip()]
    if unknown := set(engines) - set(ENGINES):
        parser.error(f"Unknown engine(s): {', '.join(sorted(unknown))}. Choose from {', '.join(ENGINES)}.")
    if min(options.users, options.connections, options.duration, options.wrk_threads) < 1:
        parser.error("--users, --connections, --duration and --wrk-threads must be 1 or more.")
    if options.database_url and "postgresql" not in engines:
        parser.error("--database-url is the PostgreSQL database: give it with --engines postgresql.")
    if options.redis_url and not options.redis_url.startswith(("redis://", "rediss://", "unix://")):
        parser.error(f"--redis-url must be a redis:// address, not {options.redis_url}")
    if options.database_url and not options.database_url.startswith(("postgres://", "postgresql://")):
        parser.error(f"--database-url must be a postgres:// address, not {options.database_url}")
    server_url = options.database_url or os.environ.get("LIKA_BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    version_texts = versions(engines, server_url)
    results = []
    for engine in engines:
        with tempfile.TemporaryDirectory(prefix="lika_bench_min_sida_") as directory:
            work = Path(directory)
            database = (
                sqlite_database(work) if engine == "sqlite" else postgresql_database(server_url, options.database_url)
            )
            with database as url:
                results.append(measure(engine, url, work, options))
    command = "benchmarks/min_sida_load.py " + " ".join(argv if argv is not None else sys.argv[1:])
    text = report(results, options, version_texts, command.strip())
    print(text)
    path = results_add(RESULTS, "min_sida_load", text)
    print(f"Added to {path.relative_to(ROOT)}", file=sys.stderr)
    return 0 if all(result.ok for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
