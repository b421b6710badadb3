"""Times Lika's allowance kernel against the OpenFisca peer and a plain NumPy kernel on one population.

The population is the OpenFisca peer's own synthetic one (``run_peer.py --write-synthetic N``),
written once as CSV and as Parquet and kept in ``var/bench/`` (or ``LIKA_BENCH_CACHE``). Each
engine then runs in a child process of its own on the same file, month and repeats:

* the peer, ``run_peer.py --input F --month M --repeats R``, in its own virtualenv
  (``benchmarks/peer_openfisca.sh`` creates it on first use);
* ``benchmarks/plain_numpy_kernel.py`` with the same arguments, in Lika's environment;
* ``lika allowance kernel-bench --input F --month M --repeats R``.

Each prints one JSON line; the script checks that every engine's month total and payout total
equal the peer's to the öre (a differing engine gets a FAIL row and the exit code is 1), prints a
Markdown table and writes it to ``benchmarks/results/allowance-kernel-<date>.md``.

    .venv/bin/python benchmarks/allowance_kernel.py --persons 1000000 --month 2025-01 --repeats 5

The peer's folder is ``LIKA_PEER_OPENFISCA`` (default ``../shared/peers/openfisca_lma`` from the
repository root); its virtualenv is ``LIKA_PEER_OPENFISCA_VENV`` (default ``/tmp/peer-openfisca``).
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from machine import machine_text

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"
RESULTS = BENCHMARKS / "results"
PEER_SCRIPT = BENCHMARKS / "peer_openfisca.sh"
FORMATS = ("csv", "parquet")
# Lika's kernel should take no longer than the peer, and at most this many times the plain kernel.
PLAIN_FACTOR_GOAL = 1.5
DEFAULT_PERSONS, DEFAULT_MONTH, DEFAULT_REPEATS = 1_000_000, "2025-01", 5


@dataclass(frozen=True)
class Engine:
    name: str
    command: list[str]
    cwd: Path


@dataclass(frozen=True)
class Run:
    engine: str
    line: dict[str, Any]
    wall_s: float
    peak_mib: float

    @property
    def calc_s(self) -> float:
        return float(self.line["calc_s"])

    @property
    def prepare_s(self) -> float:
        # The peer reports the time to build its simulation; the others the time to read the file.
        return float(self.line.get("read_s", self.line.get("build_s", float("nan"))))


def peer_directory() -> Path:
    return Path(os.environ.get("LIKA_PEER_OPENFISCA", ROOT.parent / "shared" / "peers" / "openfisca_lma")).resolve()


def peer_python() -> str:
    """The peer virtualenv's interpreter, creating the virtualenv first if it is missing."""
    done = subprocess.run([str(PEER_SCRIPT)], cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True)
    return done.stdout.strip().splitlines()[-1]


def cache_directory(option: str | None) -> Path:
    directory = Path(option or os.environ.get("LIKA_BENCH_CACHE") or ROOT / "var" / "bench")
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def population(persons: int, cache: Path, python: str, peer: Path) -> dict[str, Path]:
    """The peer's synthetic population of ``persons`` as CSV and Parquet, written once per peer version."""
    version = hashlib.sha256((peer / "run_peer.py").read_bytes()).hexdigest()[:12]
    files = {}
    for file_format in FORMATS:
        path = cache / f"peer-synthetic-{persons}-{version}.{file_format}"
        if not path.exists():
            print(f"Writing the peer's population of {persons:,} persons to {path} ...", file=sys.stderr, flush=True)
            partial = path.with_name(f"{path.stem}.partial-{os.getpid()}.{file_format}")
            subprocess.run(
                [python, "run_peer.py", "--write-synthetic", str(persons), str(partial)], cwd=peer, check=True
            )
            partial.replace(path)
        files[file_format] = path
    return files


def measure(engine: Engine) -> Run:
    """Runs one engine in a child process; its JSON line, wall time and peak RSS (from ``os.wait4``)."""
    with tempfile.TemporaryFile(mode="w+") as output, tempfile.TemporaryFile(mode="w+") as errors:
        started = time.perf_counter()
        child = subprocess.Popen(engine.command, cwd=engine.cwd, stdout=output, stderr=errors)
        _, status, usage = os.wait4(child.pid, 0)
        wall_s = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        errors.seek(0)
        text, error_text = output.read(), errors.read()
    lines = [line for line in text.splitlines() if line.startswith("{")]
    if child.returncode != 0 or not lines:
        raise SystemExit(
            f"{engine.name} failed (exit code {child.returncode}): {' '.join(engine.command)}\n{text}{error_text}"
        )
    # ru_maxrss is in KiB on Linux.
    return Run(engine=engine.name, line=json.loads(lines[-1]), wall_s=wall_s, peak_mib=usage.ru_maxrss / 1024)


def engines(python: str, peer: Path, path: Path, month: str, repeats: int) -> list[Engine]:
    common = ["--input", str(path), "--month", month, "--repeats", str(repeats)]
    return [
        Engine("OpenFisca peer", [python, "run_peer.py", *common], peer),
        Engine("plain NumPy", [sys.executable, str(BENCHMARKS / "plain_numpy_kernel.py"), *common], ROOT),
        Engine("Lika", [sys.executable, "-m", "lika", "allowance", "kernel-bench", *common], ROOT),
    ]


def agreement(run: Run, reference: Run) -> str:
    """'= peer' when both totals equal the reference's to the öre, else a FAIL naming the differences."""
    if run is reference:
        return "reference"
    differences = [
        f"{key} {int(run.line[key]) - int(reference.line[key]):+,} öre"
        for key in ("total_month_ore", "total_payout_ore")
        if int(run.line[key]) != int(reference.line[key])
    ]
    return "**FAIL**: " + ", ".join(differences) if differences else "= peer"


def _peer_version(python: str) -> str:
    code = "import importlib.metadata as m; print(m.version('OpenFisca-Core'), m.version('numpy'))"
    done = subprocess.run([python, "-c", code], check=False, stdout=subprocess.PIPE, text=True)
    parts = done.stdout.split()
    return f"OpenFisca-Core {parts[0]} with NumPy {parts[1]}" if len(parts) == 2 else "OpenFisca-Core (version unknown)"


def _goal(met: bool) -> str:
    return "met" if met else "**missed**"


def report(runs: list[Run], *, path: Path, month: str, repeats: int, python: str) -> tuple[str, bool]:
    """The Markdown report, and whether all totals agree."""
    reference = runs[0]
    lika = next(run for run in runs if run.engine == "Lika")
    by_name = {run.engine: run for run in runs}
    exact = all(agreement(run, reference) in ("reference", "= peer") for run in runs)
    lines = [
        f"# Allowance kernel benchmark, {datetime.datetime.now(tz=datetime.UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {machine_text()}; Python {platform.python_version()}, NumPy {np.__version__} "
        f"for Lika and the plain kernel; {_peer_version(python)} for the peer.",
        f"Population: the OpenFisca peer's synthetic population, `{path.name}` ({path.suffix[1:]}); "
        f"month {month}; {repeats} repeats per engine, each engine in its own process.",
        "",
        "| Engine | Persons | Households | Read / build (s) | calc_s median (s) | min (s) | max (s) "
        "| Wall (s) | Peak RSS (MiB) | total_month_ore | total_payout_ore | Totals | Lika's calc_s ÷ this |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    for run in runs:
        line = run.line
        lines.append(
            f"| {run.engine} | {int(line['persons']):,} | {int(line['households']):,} | {run.prepare_s:.3f} "
            f"| {run.calc_s:.3f} | {float(line['calc_s_min']):.3f} | {float(line['calc_s_max']):.3f} "
            f"| {run.wall_s:.1f} | {run.peak_mib:.0f} | {int(line['total_month_ore']):,} "
            f"| {int(line['total_payout_ore']):,} | {agreement(run, reference)} | {lika.calc_s / run.calc_s:.2f} |"
        )
    peer_ratio = lika.calc_s / by_name["OpenFisca peer"].calc_s
    plain_ratio = lika.calc_s / by_name["plain NumPy"].calc_s
    lines += [
        "",
        "Goals:",
        "",
        f"- Lika's kernel no slower than OpenFisca's: {peer_ratio:.2f}× the peer's calc_s — {_goal(peer_ratio <= 1)}.",
        f"- At most {PLAIN_FACTOR_GOAL}× the plain NumPy kernel: {plain_ratio:.2f}× — "
        f"{_goal(plain_ratio <= PLAIN_FACTOR_GOAL)}.",
        "- The same totals to the öre: "
        + ("met (all engines equal the peer)." if exact else "**FAIL** (see the Totals column)."),
        "",
        "calc_s is the median of the repeats of the calculation alone, as each engine times it: for Lika",
        "`kernel_run` on whole-month segments (categories, ranks, halving, reductions, the öre-exact split",
        "of each child's amount between its payees, per-person totals); for the plain kernel the",
        "afternoon version of the same rules; for the peer `simulation.calculate('utbetalning_till_konto')`",
        "on a freshly built simulation. Read / build is reading the file and numbering households",
        "(Lika: also building the segments) for Lika and the plain kernel, and building the simulation",
        "for the peer, whose file reading is not timed. Wall time is the whole child process, start-up",
        "included; peak RSS is the child's (`os.wait4`). The peer keeps money in float32 and rounds",
        "each person's amount to öre; Lika and the plain kernel count in integer öre.",
    ]
    return "\n".join(lines) + "\n", exact


def _variant(arguments: argparse.Namespace) -> str:
    """A file-name part for every option that differs from the default, so other runs do not overwrite it."""
    parts = [
        f"{arguments.persons}p" if arguments.persons != DEFAULT_PERSONS else "",
        arguments.month if arguments.month != DEFAULT_MONTH else "",
        f"{arguments.repeats}r" if arguments.repeats != DEFAULT_REPEATS else "",
        arguments.format if arguments.format != "parquet" else "",
    ]
    return "".join(f"-{part}" for part in parts if part)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--persons", type=int, default=DEFAULT_PERSONS, help="Persons in the population (default 1000000)."
    )
    parser.add_argument("--month", default=DEFAULT_MONTH, help="YYYY-MM (default 2025-01).")
    parser.add_argument("--repeats", type=int, default=DEFAULT_REPEATS, help="Calculations per engine (default 5).")
    parser.add_argument("--format", choices=FORMATS, default="parquet", help="File the engines read (default parquet).")
    parser.add_argument("--cache-dir", default=None, help="Where populations are kept (default var/bench).")
    arguments = parser.parse_args(argv)
    peer = peer_directory()
    python = peer_python()
    files = population(arguments.persons, cache_directory(arguments.cache_dir), python, peer)
    path = files[arguments.format]
    runs = []
    for engine in engines(python, peer, path, arguments.month, arguments.repeats):
        print(f"{engine.name}: {' '.join(engine.command)}", file=sys.stderr, flush=True)
        runs.append(measure(engine))
    text, exact = report(runs, path=path, month=arguments.month, repeats=arguments.repeats, python=python)
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    result = RESULTS / f"allowance-kernel{_variant(arguments)}-{datetime.datetime.now(tz=datetime.UTC):%Y-%m-%d}.md"
    result.write_text(text)
    print(f"Written to {result.relative_to(ROOT)}", file=sys.stderr)
    if not exact:
        print("FAIL: the engines' totals differ; see the table.", file=sys.stderr)
    return 0 if exact else 1


if __name__ == "__main__":
    sys.exit(main())
