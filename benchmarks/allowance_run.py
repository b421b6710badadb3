"""Times a whole monthly payment run on PostgreSQL against PostgreSQL's COPY of the same rows.

The script creates a fresh database, loads the demo population (``lika demo-data``), gives every
adult covered by LMA a card (set-up, not timed), and then, in a child process, times the run as an
officer and an approver would do it:

1. read the month's facts from the registry and compute every person's allowance (the kernel);
2. prepare: store the entitlements and the payments (one transaction);
3. approve (another user) and execute: mark every payment paid and write the pain.001 file and
   the card-load lines.

For comparison it then COPYs the very rows the run wrote (entitlements and payments) into empty
tables of the same shape (the least any run that stores those rows could take), and into tables that
carry the same foreign keys. It prints a Markdown table; ``--write`` adds it to
``benchmarks/results/allowance_run-<date>.md``.

    .venv/bin/python benchmarks/allowance_run.py --persons 1000000

PostgreSQL is reached through ``LIKA_BENCH_POSTGRES_URL`` (default
``postgres://postgres@127.0.0.1:5432/postgres``); the database is dropped afterwards.

Loading a million persons takes minutes, so a loaded database can be kept and copied for each run:

    .venv/bin/python benchmarks/allowance_run.py --persons 1000000 --load-template lika_run_1m   # load and keep
    .venv/bin/python benchmarks/allowance_run.py --persons 1000000 --template lika_run_1m        # copy and run

``--template`` creates the run's database with ``CREATE DATABASE … TEMPLATE`` and migrates it with the
code measured, so every run starts from the same rows; earlier code is measured the same way with ``PYTHONPATH`` naming an export of it
(the timed child imports ``lika`` from there). ``--profile FILE`` writes the child's cProfile
statistics. Results are printed; ``--write`` appends them to the day's results file.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
from machine import machine_text, results_add
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"
TODAY = "2026-11-22"
MONTH = "2026-12"


def _database_url(server: str, name: str) -> str:
    parts = urlsplit(server)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _lika(args: list[str], env: dict[str, str]) -> None:
    subprocess.run([str(ROOT / ".venv" / "bin" / "lika"), *args], env=env, check=True, cwd=ROOT)


def _child() -> dict[str, Any]:
    """Runs inside a process whose DATABASE_URL names the loaded database."""
    import django

    django.setup()
    from django.db import connection

    from lika.accounts.roles import Role
    from lika.accounts.services import staff_user_create
    from lika.allowance import services
    from lika.allowance.models import Entitlement, Payment
    from lika.allowance.rules.month import Month
    from lika.allowance.selectors import month_amounts
    from lika.audit.acting import Acting
    from lika.core import clock

    month = Month.parse(MONTH)
    # The population is dated 2026-11-22; the run's calendar must be too, whenever this is run. The time is
    # fixed as well, so that the payment file's message id and creation time, and so its hash, are the same
    # in every run of the same code on the same rows.
    clock.fix(now=datetime.datetime.fromisoformat(f"{TODAY}T09:00:00+01:00"))
    users = [
        staff_user_create(
            actor=None,
            actor_label="benchmark",
            reason="Benchmark",
            username=f"bench-{role.value}",
            password="benchmark password",  # noqa: S106 - a throwaway database
            roles=[role],
            check_password=False,
        )
        for role in (Role.CASE_OFFICER, Role.APPROVER)
    ]
    with connection.cursor() as cursor:  # set-up: a card for every adult covered by LMA
        cursor.execute(
            """
            INSERT INTO allowance_card (holder_id, reference, account_iban, status, ordered_on, created_at)
            SELECT DISTINCT p.id, 'B' || p.id, 'SE2899900000000000000007', 'active', %s, now()
            FROM people_person p JOIN people_lmaeligibilityperiod l ON l.person_id = p.id
            WHERE l.start_date <= %s AND (l.end_date IS NULL OR l.end_date >= %s) AND p.birth_date <= %s
            """,
            [
                datetime.date.fromisoformat(TODAY),
                month.first,
                month.first,
                month.first.replace(year=month.first.year - 18),
            ],
        )
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu_before = usage.ru_utime + usage.ru_stime
    by_officer = Acting(actor=users[0], reason="Benchmark run")
    by_approver = Acting(actor=users[1], reason="Benchmark approval")
    timings: dict[str, float] = {}
    started = time.perf_counter()
    amounts = month_amounts(month)
    timings["read_compute_s"] = time.perf_counter() - started
    started = time.perf_counter()
    run = services.payment_run_prepare(
        acting=by_officer, month=month, execution_date=month.first - datetime.timedelta(days=5), amounts=amounts
    )
    timings["prepare_s"] = time.perf_counter() - started
    started = time.perf_counter()
    run = services.payment_run_approve(acting=by_approver, run=run)
    run = services.payment_run_execute(acting=by_approver, run=run)
    timings["execute_s"] = time.perf_counter() - started
    timings["run_s"] = timings["read_compute_s"] + timings["prepare_s"] + timings["execute_s"]
    usage = resource.getrusage(resource.RUSAGE_SELF)
    timings["child_cpu_s"] = usage.ru_utime + usage.ru_stime - cpu_before
    entitlements = Entitlement.objects.filter(run=run).count()
    payments = Payment.objects.filter(run=run).count()
    with connection.cursor() as cursor:
        copy_s, copy_fk_s = _copy_same_rows(cursor, run.pk)
    return {
        "persons": len(amounts.built.person_keys),
        "households": len(amounts.households),
        "entitlements": entitlements,
        "payments": payments,
        "file_bytes": len(bytes(run.payment_file or b"")),
        "file_sha256": run.payment_file_sha256,
        "total_ore": run.total_ore,
        **timings,
        "copy_s": copy_s,
        "copy_fk_s": copy_fk_s,
    }


def _copy_same_rows(cursor: Any, run_id: int) -> tuple[float, float]:
    """COPYs the run's entitlement and payment rows into empty tables of the same shape, then into tables that
    also have the same foreign keys (checked at commit, as Django declares them); returns both times."""
    raw = cursor.connection
    exports = {}
    tables = ("allowance_entitlement", "allowance_payment")
    for table in tables:
        buffer = bytearray()
        with raw.cursor().copy(
            sql.SQL("COPY (SELECT * FROM {} WHERE run_id = {}) TO STDOUT").format(sql.Identifier(table), run_id)
        ) as copy:
            for chunk in copy:
                buffer += chunk
        exports[table] = bytes(buffer)
        for prefix in ("bench_", "bench_fk_"):
            cursor.execute(f"CREATE TABLE {prefix}{table} (LIKE {table} INCLUDING ALL)")
        cursor.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'",
            [table],
        )
        for (definition,) in cursor.fetchall():
            cursor.execute(f"ALTER TABLE bench_fk_{table} ADD {definition}")
    raw.commit()
    timings = []
    for prefix in ("bench_", "bench_fk_"):
        started = time.perf_counter()
        with raw.transaction():
            for table, data in exports.items():
                with raw.cursor().copy(sql.SQL("COPY {} FROM STDIN").format(sql.Identifier(prefix + table))) as copy:
                    copy.write(data)
        timings.append(time.perf_counter() - started)
    return timings[0], timings[1]


def _run_child(env: dict[str, str], profile: str) -> dict[str, Any]:
    command = [sys.executable]
    if profile:
        command += ["-m", "cProfile", "-o", profile]
    child = subprocess.run(
        [*command, __file__, "--child"], env=env, check=False, cwd=ROOT, capture_output=True, text=True
    )
    if child.returncode:
        raise SystemExit(f"The timed run failed:\n{child.stderr}")
    figures: dict[str, Any] = json.loads(child.stdout.strip().splitlines()[-1])
    return figures


def _load(server: str, name: str, persons: int) -> float:
    """Creates database ``name`` and loads the demo population into it; returns the load's seconds."""
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    env = _env(server, name)
    _lika(["migrate", "-v0"], env)
    started = time.perf_counter()
    _lika(["demo-data", "--persons", str(persons), "--seed", "1", "--no-progress", "--today", TODAY], env)
    return time.perf_counter() - started


def _env(server: str, name: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": _database_url(server, name),
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
    }


def _template_exists(server: str, name: str) -> bool:
    with psycopg.connect(server, autocommit=True) as admin:
        return admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--template", default="", help="copy this loaded database instead of loading")
    parser.add_argument("--load-template", default="", help="load the population into this database and keep it")
    parser.add_argument("--profile", default="", help="write the timed child's cProfile statistics here")
    parser.add_argument("--write", action="store_true", help="append the table to the day's results file")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        print(json.dumps(_child()))
        return
    server = os.environ.get("LIKA_BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    if options.load_template:
        load_s = _load(server, options.load_template, options.persons)
        print(f"Loaded {options.persons:,} persons into {options.load_template} in {load_s:.1f} s; kept.")
        return
    name = f"lika_bench_run_{os.getpid()}"
    load_s = 0.0
    try:
        if options.template:
            if not _template_exists(server, options.template):
                raise SystemExit(f"No database {options.template}: load it first with --load-template.")
            with psycopg.connect(server, autocommit=True) as admin:
                admin.execute(
                    sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                        sql.Identifier(name), sql.Identifier(options.template)
                    )
                )
            # The code measured may bring migrations the kept database has not had (not timed).
            _lika(["migrate", "-v0"], _env(server, name))
        else:
            load_s = _load(server, name, options.persons)
        figures = _run_child(_env(server, name), options.profile)
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    ratio = figures["run_s"] / figures["copy_s"]
    loaded = f"a copy of database {options.template}" if options.template else f"loaded in {load_s:.1f} s"
    table = "\n".join(
        [
            f"# Allowance payment run on PostgreSQL — {datetime.date.today().isoformat()}",  # noqa: DTZ011
            "",
            f"Machine: {machine_text()}, Python {platform.python_version()}; "
            f"demo population of {options.persons:,} persons ({loaded}); month {MONTH}; "
            f"load average {os.getloadavg()[0]:.2f}.",
            "",
            "| Persons computed | Households | Entitlements | Payments | File (MB) | Read + compute (s) "
            "| Prepare (s) | Approve + execute (s) | Whole run (s) | COPY of the same rows (s) | Run / COPY "
            "| COPY with the foreign keys (s) | Run / that | Child CPU (s) |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
            f"| {figures['persons']:,} | {figures['households']:,} | {figures['entitlements']:,} "
            f"| {figures['payments']:,} | {figures['file_bytes'] / 1e6:.1f} | {figures['read_compute_s']:.2f} "
            f"| {figures['prepare_s']:.2f} | {figures['execute_s']:.2f} | {figures['run_s']:.2f} "
            f"| {figures['copy_s']:.2f} | {ratio:.1f}× | {figures['copy_fk_s']:.2f} "
            f"| {figures['run_s'] / figures['copy_fk_s']:.1f}× | {figures['child_cpu_s']:.2f} |",
            "",
            f"Total {figures['total_ore']:,} öre; pain.001 SHA-256 {figures['file_sha256']}.",
            "",
        ]
    )
    print(table)
    if options.write:
        results_add(RESULTS, "allowance_run", table)


if __name__ == "__main__":
    main()
