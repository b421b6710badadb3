"""``lika allowance``: quotes, the kernel benchmark and the monthly payment run from the command line."""

from __future__ import annotations

import json
import resource
import statistics
import sys
import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from lika.allowance import explanations
from lika.allowance.peer_population import PopulationFileError, population_read, population_segments
from lika.allowance.rules.kernel import kernel_run
from lika.allowance.rules.month import Month
from lika.allowance.rules.parameters import parameters_load
from lika.allowance.rules.quote import QuoteError, quote


class Command(BaseCommand):
    help = "The LMA daily allowance: quote households, time the kernel, run the monthly payment."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        add: Any = commands.add_parser

        quote_parser: ArgumentParser = add("quote", help="Quote households from a JSON file (- for stdin).")
        quote_parser.add_argument("file")
        quote_parser.add_argument("--language", default="en", choices=("en", "sv"), help="language of the texts")

        bench: ArgumentParser = add("kernel-bench", help="Time the kernel on a population file.")
        bench.add_argument("--input", required=True, help="CSV or Parquet in the OpenFisca peer's format")
        bench.add_argument("--month", required=True, help="YYYY-MM")
        bench.add_argument("--repeats", type=int, default=5)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "quote":
            self.quote(options["file"], options["language"])
        elif options["action"] == "kernel-bench":
            self.kernel_bench(Path(options["input"]), options["month"], options["repeats"])

    def quote(self, file: str, language: str) -> None:
        try:
            text = sys.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from error
        try:
            payload = json.loads(text)
        except json.JSONDecodeError as error:
            raise CommandError(
                f"{file}, line {error.lineno}, column {error.colno}: not valid JSON: {error.msg}"
            ) from error
        try:
            answers = quote(payload, parameters_load())
        except QuoteError as error:
            raise CommandError(f"{file}: " + "\n".join(str(p) for p in error.problems)) from error
        with translation.override(language):
            explanations.texts_add(answers)
        self.stdout.write(json.dumps(answers if isinstance(payload, list) else answers[0], ensure_ascii=False))

    def kernel_bench(self, path: Path, month_text: str, repeats: int) -> None:
        try:
            month = Month.parse(month_text)
        except ValueError as error:
            raise CommandError(f"--month: {error}") from error
        history = parameters_load()
        started = time.perf_counter()
        try:
            columns = population_read(path)
            segments, _ = population_segments(columns, month, history)
        except PopulationFileError as error:
            raise CommandError(str(error)) from error
        read_s = time.perf_counter() - started
        timings, result = [], None
        for _ in range(max(repeats, 1)):
            started = time.perf_counter()
            result = kernel_run(segments, history, rotation=month.number)
            timings.append(time.perf_counter() - started)
        assert result is not None  # noqa: S101 - at least one repeat ran
        line = {
            "engine": "lika",
            "month": str(month),
            "persons": segments.persons,
            "households": segments.groups,
            "read_s": read_s,
            "calc_s": statistics.median(timings),
            "calc_s_min": min(timings),
            "calc_s_max": max(timings),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "total_month_ore": int(result.allowance_ore.sum()),
            "total_payout_ore": int(result.payout_ore.sum()),
        }
        self.stdout.write(json.dumps(line))
