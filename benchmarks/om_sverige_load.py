"""Om Sverige under load: a cached topic page against a static file, and exact counts on the short path.

For each engine (a fresh SQLite file, a fresh PostgreSQL database) the script migrates the database,
collects the static files, makes Om Sverige's start page, a topic page (``/sv/om-sverige/arbete/``)
with an English translation through wagtail-localize, and a channel ``bench`` leading to the topic.
It then starts Lika as it is deployed: gunicorn (``--workers 2 --worker-class gthread --threads 4``)
on 127.0.0.1, ``DEBUG`` off, static files served by WhiteNoise from the collected folder, the page
cache on (``benchmarks/om_sverige_settings.py``).

The load generator is wrk (Debian: ``apt-get install wrk``), a C program whose cost per request is
small next to the server's, with the same threads, connections and duration for every target:

1. ``--rounds`` rounds of ``--duration`` seconds each on the static file ``/static/lika/lika.css``
   and on the topic page, alternating, after a short warm-up of each; the table gives the median
   round's requests per second and the median p50 and p99 latency, and the ratio of the page's
   requests per second to the file's (the goal is 0.5 or more).
2. The same load on the topic page, from a second before to a second after ``--visit-connections`` clients of the script's own
   each make their share of ``--visits`` visits to ``/k/bench`` as a browser (keep-alive, one after
   another). Each visit must be redirected to the page, and afterwards the counter must hold
   exactly ``--visits`` visits, split by language as asked; otherwise the script says FAIL and
   exits with 1 after writing the results.
3. Unless ``--no-uncached``, the topic page once more on a server whose cache is Django's
   DummyCache, which keeps nothing: what each request costs without the page cache.

Results go to ``benchmarks/results/om_sverige_load-<date>.md``.

    apt-get install wrk
    .venv/bin/python benchmarks/om_sverige_load.py                          # both engines, 3 x 30 s
    .venv/bin/python benchmarks/om_sverige_load.py --engines sqlite --duration 10 --rounds 1

PostgreSQL is reached through ``LIKA_BENCH_POSTGRES_URL`` (default
``postgres://postgres@127.0.0.1:5432/postgres``); the script creates ``lika_bench_load_<pid>`` there
and drops it afterwards. Every request goes to 127.0.0.1 only, and every run stops by itself.
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import importlib.metadata
import os
import platform
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from machine import machine_text
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"
RESULTS = BENCHMARKS / "results"
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"
ENGINES = ("sqlite", "postgresql")
HOST = "127.0.0.1"
TOPIC_PATH = "/sv/om-sverige/arbete/"
STATIC_PATH = "/static/lika/lika.css"
CHANNEL_CODE = "bench"
VISIT_LANGUAGES = ("ar", "so", "en")
BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
GUNICORN_WORKERS = 2
GUNICORN_THREADS = 4
WARM_UP_SECONDS = 5
# A worker's first page loads Wagtail and the URLs: seconds, or tens of seconds on a busy machine.
FIRST_PAGES_SECONDS = 30
COUNTER_TABLE = "newcomer_info_channelvisitday"
# The longest the visits may take; the load around them stops when they are done.
COUNTING_LOAD_LIMIT_SECONDS = 600


# --- the content, made in a child process with Django set up (--prepare) -----------------------


def prepare() -> None:
    """Makes the start page, the topic page with an English translation, and the channel ``bench``."""
    import django

    django.setup()
    from wagtail.models import Locale
    from wagtail_localize.models import Translation, TranslationSource

    from lika.newcomer_info.content import om_sverige_install
    from lika.newcomer_info.models import TopicPage
    from lika.newcomer_info.services import channel_create
    from lika.people.services import Acting

    acting = Acting(actor=None, actor_label="benchmarks/om_sverige_load.py", reason="Benchmark content")
    start = om_sverige_install(acting=acting)
    paragraph = (
        "<p>Du som har fått uppehållstillstånd får arbeta i Sverige. Arbetsförmedlingen hjälper dig att "
        "hitta ett arbete, att lära dig svenska och att få din utbildning bedömd.</p>"
    )
    topic = TopicPage(
        title="Arbete",
        slug="arbete",
        summary="Så hittar du ett arbete i Sverige, och vem som kan hjälpa dig.",
        show_in_menus=True,
        body=[
            ("heading", "Skriv in dig hos Arbetsförmedlingen"),
            ("paragraph", paragraph),
            ("paragraph", paragraph),
            ("fact", {"title": "Svenska för invandrare", "text": "<p>Sfi är gratis. Kommunen ordnar den.</p>"}),
            ("heading", "Din utbildning"),
            ("paragraph", paragraph),
        ],
        authority_links=[
            ("authority", {"name": "Arbetsförmedlingen", "url": "https://arbetsformedlingen.se/", "description": ""}),
            ("authority", {"name": "Universitets- och högskolerådet", "url": "https://www.uhr.se/", "description": ""}),
        ],
    )
    start.add_child(instance=topic)
    topic.save_revision().publish()
    english = Locale.objects.get(language_code="en")
    for page in (start, topic):
        source, _created = TranslationSource.get_or_create_from_instance(page)
        # The text stays Swedish where no English string is given; what matters here is that the
        # page has a translation, as every published topic will.
        Translation.objects.create(source=source, target_locale=english).save_target(publish=True)
    channel_create(
        acting=acting, code=CHANNEL_CODE, kind="permit_letter", name="Benchmark", landing_path="/om-sverige/arbete/"
    )


# --- the load generator -----------------------------------------------------------------------


@dataclass(frozen=True)
class Load:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: str  # wrk's non-2xx/3xx and socket error lines, or ""


_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if match is None:
        raise ValueError(f"wrk printed a latency Lika cannot read: {text!r}")
    return float(match.group(1)) * _UNITS_MS[match.group(2)]


def parse_wrk(output: str) -> Load:
    """Reads wrk's summary (run with ``--latency``).

    >>> text = "  50%  1.50ms\\n  99%  12.00ms \\n  1000 requests in 2.00s, 1.00MB read\\nRequests/sec:    500.00\\n"
    >>> parse_wrk(text)
    Load(requests_per_second=500.0, p50_ms=1.5, p99_ms=12.0, requests=1000, errors='')
    """
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    total = re.search(r"^\s+(\d+) requests in", output, re.MULTILINE)
    if rps is None or total is None or set(percentiles) != {"50", "99"}:
        raise ValueError(f"wrk's output has no summary:\n{output}")
    errors = [line.strip() for line in output.splitlines() if re.match(r"\s*(Non-2xx|Socket errors)", line)]
    return Load(
        float(rps.group(1)), _ms(percentiles["50"]), _ms(percentiles["99"]), int(total.group(1)), "; ".join(errors)
    )


def _wrk_command(url: str, options: argparse.Namespace, seconds: int, timeout: int = 10) -> list[str]:
    return [
        "wrk",
        f"--threads={options.wrk_threads}",
        f"--connections={options.connections}",
        f"--duration={seconds}s",
        f"--timeout={timeout}s",
        "--latency",
        url,
    ]


def wrk(url: str, options: argparse.Namespace, seconds: int, timeout: int = 10) -> Load:
    done = subprocess.run(_wrk_command(url, options, seconds, timeout), capture_output=True, text=True, check=True)
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
                with urllib.request.urlopen(base + STATIC_PATH, timeout=2) as answer:  # noqa: S310 - loopback only
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


def _size(url: str) -> int:
    # A worker's first page takes seconds (it loads Wagtail); a busy machine can make that long.
    with urllib.request.urlopen(url, timeout=120) as answer:  # noqa: S310 - loopback only
        return len(answer.read())


# --- counting under load ----------------------------------------------------------------------


@dataclass(frozen=True)
class Counting:
    visits: int
    counted: dict[str, int]
    expected: dict[str, int]
    wrong_answers: list[str]
    visits_per_second: float
    page_load: Load

    @property
    def exact(self) -> bool:
        return not self.wrong_answers and self.counted == self.expected


def _visit(port: int, number: int, visits: int, wrong: list[str]) -> None:
    """One browser's keep-alive connection making ``visits`` visits to the short path, one after another."""
    language = VISIT_LANGUAGES[number % len(VISIT_LANGUAGES)]
    # Every language without its own translation falls back to the English one (selectors.FALLBACK_LANGUAGES).
    expected = "/en/om-sverige/arbete/"
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        for _ in range(visits):
            connection.request("GET", f"/k/{CHANNEL_CODE}?lang={language}", headers={"User-Agent": BROWSER})
            answer = connection.getresponse()
            answer.read()
            if answer.status != 302 or answer.getheader("Location") != expected:
                wrong.append(f"{answer.status} {answer.getheader('Location')}")
    finally:
        connection.close()


def _counted(database_url: str) -> dict[str, int]:
    query = f"SELECT language, SUM(visits) FROM {COUNTER_TABLE} GROUP BY language"  # noqa: S608 - constant
    if database_url.startswith("sqlite:///"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as embedded:
            rows = embedded.execute(query).fetchall()
        embedded.close()
    else:
        with psycopg.connect(database_url) as server_connection:
            rows = server_connection.execute(query).fetchall()
    return {str(language): int(visits) for language, visits in rows}


def count_under_load(base: str, database_url: str, options: argparse.Namespace) -> Counting:
    """Visits the short path from several connections while wrk loads the topic page; compares the counter."""
    port = int(urlsplit(base).port or 80)
    per_connection, remainder = divmod(options.visits, options.visit_connections)
    shares = [per_connection + (1 if number < remainder else 0) for number in range(options.visit_connections)]
    expected: dict[str, int] = {}
    for number, share in enumerate(shares):
        language = VISIT_LANGUAGES[number % len(VISIT_LANGUAGES)]
        expected[language] = expected.get(language, 0) + share
    before = _counted(database_url)
    if before:
        raise SystemExit(f"The counter was not empty before the visits: {before}")
    # wrk runs until the visits are done (it prints its summary when interrupted), so that every
    # visit is made under load however long they take.
    load = subprocess.Popen(
        _wrk_command(base + TOPIC_PATH, options, COUNTING_LOAD_LIMIT_SECONDS), stdout=subprocess.PIPE, text=True
    )
    time.sleep(1)  # let the load reach its level first
    wrong: list[str] = []
    threads = [
        threading.Thread(target=_visit, args=(port, number, share, wrong)) for number, share in enumerate(shares)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    time.sleep(1)
    load.send_signal(signal.SIGINT)
    output, _ = load.communicate(timeout=60)
    page_load = parse_wrk(output)
    if load.returncode != 0 or seconds > COUNTING_LOAD_LIMIT_SECONDS - 2:
        raise SystemExit("The load ended before the visits did; give fewer --visits.")
    return Counting(
        visits=options.visits,
        counted=_counted(database_url),
        expected=expected,
        wrong_answers=wrong[:5],
        visits_per_second=options.visits / seconds,
        page_load=page_load,
    )


# --- one engine -------------------------------------------------------------------------------


@dataclass(frozen=True)
class EngineResult:
    engine: str
    static: list[Load]
    page: list[Load]
    uncached: list[Load]
    counting: Counting
    page_bytes: int
    static_bytes: int


def _environment(database_url: str, var_dir: Path, static_root: Path, cache_backend: str | None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="om_sverige_settings",
        PYTHONPATH=os.pathsep.join([str(ROOT), str(BENCHMARKS)]),
        LIKA_VAR_DIR=str(var_dir),
        LIKA_BENCH_STATIC_ROOT=str(static_root),
        DEBUG="0",
    )
    if cache_backend:
        env["LIKA_CACHE_BACKEND"] = cache_backend
    return env


def _lika(env: dict[str, str], *arguments: str) -> None:
    subprocess.run([sys.executable, "-m", "lika", *arguments], cwd=ROOT, env=env, check=True)


def _rounds(base: str, options: argparse.Namespace, targets: dict[str, str]) -> dict[str, list[Load]]:
    # Every worker's first page first, then each target's own warm-up; none of it is measured.
    wrk(base + TOPIC_PATH, options, FIRST_PAGES_SECONDS, timeout=FIRST_PAGES_SECONDS * 2)
    for path in targets.values():
        wrk(base + path, options, WARM_UP_SECONDS)
    loads: dict[str, list[Load]] = {name: [] for name in targets}
    for number in range(options.rounds):
        for name, path in targets.items():
            loads[name].append(wrk(base + path, options, options.duration))
            print(f"  round {number + 1}: {name} {loads[name][-1].requests_per_second:,.0f} rps", file=sys.stderr)
    return loads


def measure(engine: str, database_url: str, work: Path, options: argparse.Namespace) -> EngineResult:
    static_root = work / "static"
    env = _environment(database_url, work, static_root, None)
    _lika(env, "migrate", "--noinput", "-v", "0")
    _lika(env, "collectstatic", "--noinput", "-v", "0")
    subprocess.run([sys.executable, str(Path(__file__).resolve()), "--prepare"], cwd=ROOT, env=env, check=True)
    print(f"{engine}: page cache on", file=sys.stderr)
    with server(env) as base:
        page_bytes, static_bytes = _size(base + TOPIC_PATH), _size(base + STATIC_PATH)
        loads = _rounds(base, options, {"static": STATIC_PATH, "page": TOPIC_PATH})
        print(f"{engine}: {options.visits} visits to /k/{CHANNEL_CODE} under load", file=sys.stderr)
        counting = count_under_load(base, database_url, options)
    uncached: list[Load] = []
    if options.uncached:
        print(f"{engine}: page cache off", file=sys.stderr)
        dummy = _environment(database_url, work, static_root, "django.core.cache.backends.dummy.DummyCache")
        with server(dummy) as base:
            uncached = _rounds(base, options, {"page without cache": TOPIC_PATH})["page without cache"]
    return EngineResult(engine, loads["static"], loads["page"], uncached, counting, page_bytes, static_bytes)


@contextmanager
def _sqlite_database(work: Path) -> Iterator[str]:
    yield f"sqlite:///{work / 'lika.sqlite3'}"


@contextmanager
def _postgresql_database(server_url: str) -> Iterator[str]:
    name = f"lika_bench_load_{os.getpid()}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    parts = urlsplit(server_url)
    try:
        yield urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))
    finally:
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


# --- the report -------------------------------------------------------------------------------


def _median(loads: list[Load], field: str) -> float:
    return float(statistics.median(getattr(load, field) for load in loads))


def _row(engine: str, target: str, loads: list[Load], static_rps: float) -> str:
    rps = _median(loads, "requests_per_second")
    errors = "; ".join(sorted({load.errors for load in loads if load.errors})) or "none"
    return (
        f"| {engine} | {target} | {rps:,.0f} | {_median(loads, 'p50_ms'):.2f} | {_median(loads, 'p99_ms'):.2f} "
        f"| {rps / static_rps:.2f} | {errors} |"
    )


def report(results: list[EngineResult], options: argparse.Namespace, versions: list[str], command: str) -> str:
    lines = [
        f"# Om Sverige under load, {datetime.datetime.now(tz=datetime.UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {machine_text()}; {', '.join(versions)}.",
        f"Command: `{command}`",
        "",
        f"Server: gunicorn, {GUNICORN_WORKERS} workers × {GUNICORN_THREADS} threads (gthread) on {HOST}, DEBUG off, "
        "WhiteNoise serving the collected static files, Django's per-process cache (LocMemCache).",
        f"Load: wrk, {options.wrk_threads} thread(s), {options.connections} connections, keep-alive, "
        f"{options.rounds} round(s) of {options.duration} s per target after a {FIRST_PAGES_SECONDS} s warm-up of the server and {WARM_UP_SECONDS} s of each target, "
        "the targets alternating; the figures are the median round's.",
        "",
        "| Engine | Target | Requests/s | p50 (ms) | p99 (ms) | Requests/s ÷ static file's | Errors |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for result in results:
        static_rps = _median(result.static, "requests_per_second")
        lines.append(_row(result.engine, f"static file `{STATIC_PATH}`", result.static, static_rps))
        lines.append(_row(result.engine, f"topic page `{TOPIC_PATH}`, cached", result.page, static_rps))
        if result.uncached:
            lines.append(_row(result.engine, "topic page, cache off (DummyCache)", result.uncached, static_rps))
    lines += [
        "",
        "Goal: the cached topic page's requests per second at least 0.5 × the static file's.",
        "",
        "| Engine | Page (bytes) | Static file (bytes) | Cached page ÷ static file (rps) | Goal ≥ 0.5 |",
        "|---|---:|---:|---:|---|",
    ]
    for result in results:
        ratio = _median(result.page, "requests_per_second") / _median(result.static, "requests_per_second")
        lines.append(
            f"| {result.engine} | {result.page_bytes:,} | {result.static_bytes:,} | {ratio:.2f} "
            f"| {'met' if ratio >= 0.5 else 'NOT MET'} |"
        )
    lines += [
        "",
        "Counting under load: while wrk loaded the topic page as above, from a second before the first visit to a "
        "second after the last, "
        f"{options.visit_connections} keep-alive connections made {options.visits:,} visits to "
        f"`/k/{CHANNEL_CODE}` between them, as a browser, in languages {', '.join(VISIT_LANGUAGES)}.",
        "",
        "| Engine | Visits made | Counted | Per language (counted / made) | Visits/s | Page rps meanwhile | Result |",
        "|---|---:|---:|---|---:|---:|---|",
    ]
    for result in results:
        c = result.counting
        languages = ", ".join(f"{code} {c.counted.get(code, 0):,}/{c.expected[code]:,}" for code in sorted(c.expected))
        verdict = "exact" if c.exact else f"FAIL {'; '.join(c.wrong_answers)}"
        lines.append(
            f"| {result.engine} | {c.visits:,} | {sum(c.counted.values()):,} | {languages} | "
            f"{c.visits_per_second:,.0f} | {c.page_load.requests_per_second:,.0f} | {verdict} |"
        )
    lines += [
        "",
        "The load generator, the server and the counting clients share the machine's cores, so the figures",
        "are lower than on a server of its own; the ratio compares two targets under the same conditions.",
    ]
    return "\n".join(lines) + "\n"


def _versions(engines: list[str], server_url: str) -> list[str]:
    import django

    wrk_version = subprocess.run(["wrk", "--version"], capture_output=True, text=True, check=False)
    versions = [
        f"Python {platform.python_version()}",
        f"Django {django.get_version()}",
        f"gunicorn {importlib.metadata.version('gunicorn')}",
        (wrk_version.stdout or wrk_version.stderr).split(" Copyright")[0].strip(),
    ]
    if "sqlite" in engines:
        versions.append(f"SQLite {sqlite3.sqlite_version}")
    if "postgresql" in engines:
        with psycopg.connect(server_url) as connection:
            row = connection.execute("SHOW server_version").fetchone()
        versions.append(f"PostgreSQL {row[0] if row else '?'}")
    return versions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engines", default=",".join(ENGINES), help="Comma-separated: sqlite,postgresql.")
    parser.add_argument("--duration", type=int, default=30, help="Seconds per round (default 30).")
    parser.add_argument("--rounds", type=int, default=3, help="Rounds per target (default 3).")
    parser.add_argument("--connections", type=int, default=16, help="wrk's open connections (default 16).")
    parser.add_argument("--wrk-threads", type=int, default=1, help="wrk's threads (default 1).")
    parser.add_argument("--visits", type=int, default=3000, help="Visits to the short path under load (default 3000).")
    parser.add_argument("--visit-connections", type=int, default=6, help="Connections they share (default 6).")
    parser.add_argument("--no-uncached", dest="uncached", action="store_false", help="Skip the page without cache.")
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.prepare:
        prepare()
        return 0
    if shutil.which("wrk") is None:
        parser.error("wrk is not installed: apt-get install wrk")
    engines = [engine.strip() for engine in options.engines.split(",") if engine.strip()]
    if unknown := set(engines) - set(ENGINES):
        parser.error(f"Unknown engine(s): {', '.join(sorted(unknown))}. Choose from {', '.join(ENGINES)}.")
    if min(options.duration, options.rounds, options.connections, options.visits, options.visit_connections) < 1:
        parser.error("--duration, --rounds, --connections, --visits and --visit-connections must be 1 or more.")
    server_url = os.environ.get("LIKA_BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    # Stopped from outside, the script still stops its server and removes its databases.
    signal.signal(signal.SIGTERM, lambda _number, _frame: sys.exit(1))
    results: list[EngineResult] = []
    for engine in engines:
        with tempfile.TemporaryDirectory(prefix="lika_bench_load_") as directory:
            work = Path(directory)
            database = _sqlite_database(work) if engine == "sqlite" else _postgresql_database(server_url)
            with database as url:
                results.append(measure(engine, url, work, options))
    command = "benchmarks/om_sverige_load.py " + " ".join(argv if argv is not None else sys.argv[1:])
    text = report(results, options, _versions(engines, server_url), command.strip())
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"om_sverige_load-{datetime.datetime.now(tz=datetime.UTC):%Y-%m-%d}.md"
    path.write_text(text)
    print(f"Written to {path.relative_to(ROOT)}", file=sys.stderr)
    return 0 if all(result.counting.exact for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
