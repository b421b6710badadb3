"""Times a bulk quote: ``lika allowance quote FILE`` on 1, 1 000 and 10 000 synthetic households.

The households are drawn from a fixed seed: one or two adults (two are partners in most
households), nought to five children with their parents named, in some households an
18–20-year-old living with their parents, food included or not, birthdays anywhere in the year (so
some months are split at a birthday). They are written as one JSON list per size.

For each size the script runs ``lika allowance quote FILE`` in a child process (Django's start-up,
reading the JSON, the quote, the explanation texts and writing the answer; output to a temporary
file) and reports its wall time and peak RSS. It also imports Lika's rules and times, in this
process, ``quote(payload, parameters_load())`` and adding the explanation texts, so that start-up
and the quote itself can be told apart, and work per household can be compared across sizes.
It prints a Markdown table and writes it to ``benchmarks/results/allowance-quote-<date>.md``.

    .venv/bin/python benchmarks/allowance_quote.py --households 1,1000,10000 --repeats 3
    .venv/bin/python benchmarks/allowance_quote.py --households 1000,10000,100000
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from machine import machine_text, results_add

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"


@dataclass(frozen=True)
class Measurement:
    households: int
    persons: int
    input_mib: float
    output_mib: float
    wall_s: list[float]
    cpu_s: list[float]
    peak_mib: float
    quote_s: list[float]
    texts_s: list[float]


def _birth_date(rng: random.Random, age: int, first: datetime.date) -> datetime.date:
    """A birth date at which the person is ``age`` on some day of the month starting ``first``."""
    anchor = first + datetime.timedelta(days=rng.randrange(28))
    birthday = anchor - datetime.timedelta(days=rng.randrange(365))
    try:
        return birthday.replace(year=birthday.year - age)
    except ValueError:  # 29 February in a year that has none
        return birthday.replace(year=birthday.year - age, day=28)


def households_generate(count: int, *, seed: int, month: str) -> list[dict[str, Any]]:
    """``count`` households in the quote format, the same ones for the same seed."""
    rng = random.Random(seed)  # noqa: S311 - made-up households, not secrets
    first = datetime.date.fromisoformat(f"{month}-01")
    households = []
    for index in range(count):
        persons: list[dict[str, Any]] = [{"id": "a1", "birth_date": _birth_date(rng, rng.randint(21, 69), first)}]
        parents = ["a1"]
        if rng.random() < 0.55:
            second: dict[str, Any] = {"id": "a2", "birth_date": _birth_date(rng, rng.randint(21, 69), first)}
            if rng.random() < 0.85:
                persons[0]["partner"], second["partner"] = "a2", "a1"
                parents.append("a2")
            persons.append(second)
        if rng.random() < 0.1:
            persons.append({"id": "y1", "birth_date": _birth_date(rng, rng.randint(18, 20), first), "parents": parents})
        children = rng.choices(range(6), weights=[35, 20, 20, 13, 7, 5])[0]
        persons += [
            {"id": f"c{n + 1}", "birth_date": _birth_date(rng, rng.randint(0, 17), first), "parents": parents}
            for n in range(children)
        ]
        for person in persons:
            birth = person["birth_date"]
            # A child born during the month is not yet born on its first day; keep everyone born by then.
            person["birth_date"] = min(birth, first).isoformat()
        households.append(
            {"id": f"h{index + 1}", "month": month, "food_included": rng.random() < 0.5, "persons": persons}
        )
    return households


def _child(path: Path) -> tuple[float, float, float, float]:
    """Wall time, CPU time, peak RSS (MiB) and output size (MiB) of ``lika allowance quote path``."""
    with tempfile.TemporaryFile() as output, tempfile.TemporaryFile(mode="w+") as errors:
        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-m", "lika", "allowance", "quote", str(path)], cwd=ROOT, stdout=output, stderr=errors
        )
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            errors.seek(0)
            raise SystemExit(f"lika allowance quote {path} failed:\n{errors.read()}")
        size = output.seek(0, os.SEEK_END)
    # ru_maxrss is in KiB on Linux.
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, size / 2**20


def measure(count: int, *, seed: int, month: str, repeats: int, directory: Path) -> Measurement:
    from django.utils import translation

    from lika.allowance import explanations
    from lika.allowance.rules.parameters import parameters_load
    from lika.allowance.rules.quote import quote

    payload = households_generate(count, seed=seed, month=month)
    path = directory / f"households-{count}.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    wall, cpu, peaks, quote_s, texts_s = [], [], [], [], []
    output_mib = 0.0
    for _ in range(repeats):
        seconds, cpu_seconds, peak, output_mib = _child(path)
        wall.append(seconds)
        cpu.append(cpu_seconds)
        peaks.append(peak)
        started = time.perf_counter()
        answers = quote(payload, parameters_load())
        quote_s.append(time.perf_counter() - started)
        started = time.perf_counter()
        with translation.override("en"):
            explanations.texts_add(answers)
        texts_s.append(time.perf_counter() - started)
    return Measurement(
        households=count,
        persons=sum(len(h["persons"]) for h in payload),
        input_mib=path.stat().st_size / 2**20,
        output_mib=output_mib,
        wall_s=wall,
        cpu_s=cpu,
        peak_mib=max(peaks),
        quote_s=quote_s,
        texts_s=texts_s,
    )


def report(measurements: list[Measurement], *, seed: int, month: str, repeats: int) -> str:
    lines = [
        f"# Bulk quote benchmark, {datetime.datetime.now(tz=datetime.UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {machine_text()}; Python {platform.python_version()}.",
        f"Households: synthetic, seed {seed}, month {month}; medians of {repeats} runs.",
        "",
        "| Households | Persons | Input (MiB) | Output (MiB) | `lika allowance quote` wall (s) | its CPU (s) "
        "| Peak RSS (MiB) | `quote()` in process (s) | Explanation texts (s) | `quote()` per household (µs) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for m in measurements:
        quote_s = statistics.median(m.quote_s)
        lines.append(
            f"| {m.households:,} | {m.persons:,} | {m.input_mib:.2f} | {m.output_mib:.2f} "
            f"| {statistics.median(m.wall_s):.2f} | {statistics.median(m.cpu_s):.2f} | {m.peak_mib:.0f} | {quote_s:.3f} "
            f"| {statistics.median(m.texts_s):.3f} | {quote_s / m.households * 1e6:.0f} |"
        )
    lines += [
        "",
        "Wall time is the whole `lika allowance quote FILE` process: Python and Django start-up, reading",
        "and checking the JSON, the quote, the explanation texts in English and writing the answer",
        "(to a file); its CPU is the process's user and system time, which other work on a shared machine",
        "does not inflate as it does the wall time. `quote()` is `lika.allowance.rules.quote.quote(payload, parameters_load())` timed",
        "in the benchmark's own process on the already parsed payload: validation, segments, the",
        "kernel and the explanation steps, after one warm-up quote (parameters read, tables cached).",
        "Explanation texts is `explanations.texts_add` on its answer, in English.",
        "Linear work shows as a steady time per household.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--households", default="1,1000,10000", help="Comma-separated sizes (default 1,1000,10000).")
    parser.add_argument("--month", default="2025-01", help="YYYY-MM (default 2025-01).")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=3, help="Runs per size (default 3).")
    arguments = parser.parse_args(argv)
    sizes = [int(size) for size in arguments.households.split(",") if size.strip()]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from lika.allowance.rules.parameters import parameters_load
    from lika.allowance.rules.quote import quote

    # Read the parameters and fill the kernel's table cache before timing, as a running server would have.
    quote(households_generate(1, seed=arguments.seed, month=arguments.month), parameters_load())
    measurements = []
    with tempfile.TemporaryDirectory(prefix="lika_quote_bench_") as directory:
        for count in sizes:
            print(f"{count:,} households ...", file=sys.stderr, flush=True)
            measurements.append(
                measure(
                    count,
                    seed=arguments.seed,
                    month=arguments.month,
                    repeats=arguments.repeats,
                    directory=Path(directory),
                )
            )
    text = report(measurements, seed=arguments.seed, month=arguments.month, repeats=arguments.repeats)
    print(text)
    path = results_add(RESULTS, "allowance-quote", text)
    print(f"Added to {path.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
