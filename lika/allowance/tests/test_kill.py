"""The payment run killed for real (SIGKILL) at random moments, then executed again.

The run executes in a child process on its own SQLite file, one payment per transaction so that
a kill lands between and inside transactions. After each kill the next process carries on; in the
end every payment is paid exactly once, the totals reconcile to the öre, and the file holds each
payment once.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parents[3]
LIKA = [sys.executable, "-m", "lika"]

SET_UP = """
import datetime
from lika.accounts.models import User
from lika.allowance import services
from lika.core import clock
from lika.allowance.rules.month import Month
from lika.demo.allowance import demo_allowance_month
from lika.people.models import LmaEligibilityPeriod, Person
from lika.audit.acting import Acting
from lika.demo.bank_accounts import iban_se_demo

clock.fix(today=datetime.date(2026, 11, 22))  # the test's calendar, whatever day it runs
officer, approver = User.objects.get(username="case-officer"), User.objects.get(username="approver")
month = Month(2026, 12)
for person in Person.objects.filter(pk__in=LmaEligibilityPeriod.objects.values("person_id"), birth_date__lte="2008-12-01"):
    services.card_order(
        acting=Acting(actor=officer, reason="Set-up"), person=person, on=datetime.date(2026, 11, 1),
        account_iban=iban_se_demo(person.pk),
    )
run = services.payment_run_prepare(
    acting=Acting(actor=officer, reason="Set-up"), month=month, execution_date=datetime.date(2026, 11, 25)
)
services.payment_run_approve(acting=Acting(actor=approver, reason="Set-up"), run=run)
print(run.pk, run.payments_count, run.total_ore)
"""


def _environment(database: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "PYTHONPATH": str(ROOT),
    }


def _run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run([*LIKA, *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.slow  # about 45 s on 2 cores: a demo population, then a child process killed and started again
def test_sigkill_at_random_moments_then_rerun_pays_everyone_exactly_once(tmp_path: Path) -> None:
    database = tmp_path / "kill.sqlite3"
    env = _environment(database)
    _run(["migrate", "-v0"], env)
    _run(["demo-data", "--persons", "3000", "--seed", "7", "--today", "2026-11-22", "--no-progress"], env)
    _run(["shell", "-c", "from lika.demo.logins import demo_logins_ensure; demo_logins_ensure()"], env)
    run_id, count, total = (int(v) for v in _run(["shell", "-c", SET_UP], env).split()[-3:])
    assert count > 20, "the demo month needs enough payments to kill the run in the middle"
    execute = [
        "allowance", "payment-run", "execute", "--run", str(run_id), "--as", "approver",
        "--reason", "Kill test", "--chunk", "1", "--no-progress",
    ]  # fmt: skip
    rng = random.Random(2026)  # noqa: S311 - kill moments, not security
    kills = 0
    for _ in range(4):
        child = subprocess.Popen([*LIKA, *execute], env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        # At the lowest priority (set while it is still starting Python): on a busy machine, as CI's parallel
        # suite makes it, the run would otherwise pay everyone while this process waits for a core to watch it.
        os.setpriority(os.PRIO_PROCESS, child.pid, 19)
        paid_before = _paid(database, run_id)
        # Wait until the child has started paying, then kill it a random moment later.
        deadline = time.monotonic() + 30
        # SQLite in WAL mode commits a one-payment chunk in well under a millisecond, so watch closely.
        while _paid(database, run_id) == paid_before and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.001)
        time.sleep(rng.uniform(0.0, 0.005))
        if child.poll() is None:
            child.send_signal(signal.SIGKILL)
            kills += 1
        child.communicate()
    assert kills >= 2, "the run finished before it could be killed; make it larger"
    _run(execute, env)
    with sqlite3.connect(database) as db:
        status, file, lines = db.execute(
            "SELECT status, payment_file, card_load_lines FROM allowance_paymentrun WHERE id = ?", (run_id,)
        ).fetchone()
        paid = db.execute(
            "SELECT person_id, COUNT(*), SUM(amount_ore) FROM allowance_payment WHERE run_id = ? AND status = 'paid' "
            "GROUP BY person_id",
            (run_id,),
        ).fetchall()
        pending = db.execute(
            "SELECT COUNT(*) FROM allowance_payment WHERE run_id = ? AND status = 'pending'", (run_id,)
        ).fetchone()[0]
    assert status == "executed"
    assert pending == 0
    assert len(paid) == count
    assert all(times == 1 for _, times, _ in paid)
    assert sum(amount for _, _, amount in paid) == total
    document = etree.fromstring(bytes(file))
    ids = [e.text for e in document.iter("{*}EndToEndId")]
    assert len(ids) == len(set(ids)) == count
    control = next(document.iter("{*}CtrlSum")).text or ""
    assert int(control.replace(".", "")) == total
    assert len(lines.strip().splitlines()) == count + 1


def _paid(database: Path, run_id: int) -> int:
    try:
        with sqlite3.connect(database, timeout=5) as db:
            row = db.execute(
                "SELECT COUNT(*) FROM allowance_payment WHERE run_id = ? AND status = 'paid'", (run_id,)
            ).fetchone()
    except sqlite3.OperationalError:
        return -1
    return int(row[0])
