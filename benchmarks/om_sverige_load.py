"""Om Sverige under load: a cached topic page against a static file, and exact counts on the short path.

For each engine (a fresh SQLite file, a fresh PostgreSQL database) the script migrates the database,
collects the static files, makes Om Sverige's start page, a topic page (``/sv/om-sverige/arbete/``)
with an English translation through wagtail-localize, and a channel ``bench`` leading to the topic.
It then starts Lika as it is deployed (the server of ``benchmarks/loadgen.py``, shared with
``benchmarks/min_sida_load.py``): gunicorn (``--workers 2 --worker-class gthread --threads 4``)
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
import os
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
from loadgen import (
    BROWSER,
    DEFAULT_POSTGRES_URL,
    GUNICORN_THREADS,
    GUNICORN_WORKERS,
    HOST,
    RESULTS,
    ROOT,
    Load,
    environment,
    lika,
    parse_wrk,
    postgresql_database,
    server,
    sqlite_database,
    versions,
    wrk,
    wrk_command,
)
from machine import machine_text

ENGINES = ("sqlite", "postgresql")
SETTINGS_MODULE = "om_sverige_settings"
TOPIC_PATH = "/sv/om-sverige/arbete/"
STATIC_PATH = "/static/lika/lika.css"
CHANNEL_CODE = "bench"
VISIT_LANGUAGES = ("ar", "so", "en")
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

    from lika.audit.acting import Acting
    from lika.newcomer_info.content import om_sverige_install
    from lika.newcomer_info.models import TopicPage
    from lika.newcomer_info.services import channel_create

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


# --- the pages' sizes (the server and wrk are benchmarks/loadgen.py's) --------------------------


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
        wrk_command(base + TOPIC_PATH, options, COUNTING_LOAD_LIMIT_SECONDS), stdout=subprocess.PIPE, text=True
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
    env = environment(database_url, work, static_root, settings_module=SETTINGS_MODULE)
    lika(env, "migrate", "--noinput", "-v", "0")
    lika(env, "collectstatic", "--noinput", "-v", "0")
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
        dummy = environment(
            database_url,
            work,
            static_root,
            settings_module=SETTINGS_MODULE,
            cache_backend="django.core.cache.backends.dummy.DummyCache",
        )
        with server(dummy) as base:
            uncached = _rounds(base, options, {"page without cache": TOPIC_PATH})["page without cache"]
    return EngineResult(engine, loads["static"], loads["page"], uncached, counting, page_bytes, static_bytes)


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
            database = sqlite_database(work) if engine == "sqlite" else postgresql_database(server_url)
            with database as url:
                results.append(measure(engine, url, work, options))
    command = "benchmarks/om_sverige_load.py " + " ".join(argv if argv is not None else sys.argv[1:])
    text = report(results, options, versions(engines, server_url), command.strip())
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"om_sverige_load-{datetime.datetime.now(tz=datetime.UTC):%Y-%m-%d}.md"
    path.write_text(text)
    print(f"Written to {path.relative_to(ROOT)}", file=sys.stderr)
    return 0 if all(result.counting.exact for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
