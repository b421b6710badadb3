"""``lika allowance``: quotes, the kernel benchmark and the monthly payment run from the command line."""

from __future__ import annotations

import datetime
import json
import resource
import statistics
import sys
import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

import orjson
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from tqdm import tqdm

from lika.allowance import explanations
from lika.allowance.api import MAX_BODY_BYTES
from lika.allowance.explanations import money
from lika.allowance.models import PaymentRun
from lika.allowance.peer_population import PopulationFileError, population_read, population_segments
from lika.allowance.rules.impact import ProposalError, proposal_read
from lika.allowance.rules.kernel import kernel_run
from lika.allowance.rules.month import Month
from lika.allowance.rules.parameters import parameters_load
from lika.allowance.rules.quote import QuoteError, QuoteInputError, quote, quote_json
from lika.audit.acting import Acting
from lika.audit.shell import command_acting
from lika.core import files as guard
from lika.core.collector import collection_paused

# The services (and through them the impact assessment's statistics) are imported by the actions that use
# them: importing them takes half a second, which a bulk quote would otherwise pay for nothing.


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

        decide: ArgumentParser = add(
            "decisions", help="Issue decisions for a month to every adult whose facts changed."
        )
        decide.add_argument("--month", required=True, help="YYYY-MM")
        decide.add_argument("--household", type=int, action="append", help="only this household (repeatable)")
        decide.add_argument("--as", dest="username", required=True, help="the case officer issuing them")
        decide.add_argument("--reason", required=True)

        impact: ArgumentParser = add(
            "impact", help="Assess a proposed rule change on a month's caseload: what it does to women and men."
        )
        impact.add_argument("--proposal", required=True, help="YAML file of changed dated parameters or variants")
        impact.add_argument("--month", required=True, help="the caseload's month, YYYY-MM")
        impact.add_argument("--format", choices=("json", "html", "pdf"), default="json")
        impact.add_argument("--output", help="where to write it (standard output for json and html if left out)")
        impact.add_argument("--language", default="sv", choices=("sv", "en"), help="language of html and pdf")

        run: ArgumentParser = add("payment-run", help="Prepare, approve or execute a month's payment run.")
        run.add_argument("step", choices=("prepare", "approve", "execute", "show"))
        run.add_argument("--month", help="YYYY-MM (prepare)")
        run.add_argument("--payment-date", help="YYYY-MM-DD, before the month starts (prepare)")
        run.add_argument("--run", type=int, help="the run's number (approve, execute, show)")
        run.add_argument("--as", dest="username", help="who acts (prepare, approve, execute)")
        run.add_argument("--reason", default="")
        run.add_argument("--no-progress", action="store_true")
        run.add_argument(
            "--chunk", type=int, help="payments marked paid per transaction (execute; default: the service's own)"
        )

    def execute(self, *args: Any, **options: Any) -> str | None:
        # A quote reads neither the database nor the site's URLs, so the system checks (which import every
        # URL configuration, about a second) would only delay the answer; the other actions keep them.
        if options.get("action") == "quote":
            options["skip_checks"] = True
        return super().execute(*args, **options)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "quote":
            self.quote(options["file"], options["language"])
        elif options["action"] == "kernel-bench":
            self.kernel_bench(Path(options["input"]), options["month"], options["repeats"])
        elif options["action"] == "decisions":
            self.decisions(options)
        elif options["action"] == "payment-run":
            self.payment_run(options)
        elif options["action"] == "impact":
            self.impact(options)

    def _acting(self, username: str | None, reason: str) -> Acting:
        return command_acting(username=username, reason=reason, label="lika allowance")

    def _month(self, text: str | None) -> Month:
        try:
            return Month.parse(text or "")
        except ValueError as error:
            raise CommandError(f"--month: {error}") from error

    def _fail(self, error: ValidationError) -> CommandError:
        messages = [f"{field}: {' '.join(texts)}" for field, texts in error.message_dict.items()]
        return CommandError("; ".join(messages))

    def decisions(self, options: dict[str, Any]) -> None:
        from lika.allowance.services import decisions_issue

        acting = self._acting(options["username"], options["reason"])
        try:
            issued = decisions_issue(
                acting=acting, month=self._month(options["month"]), household_ids=options["household"]
            )
        except ValidationError as error:
            raise self._fail(error) from error
        self.stdout.write(f"Issued {len(issued)} decisions.")

    def impact(self, options: dict[str, Any]) -> None:
        # Imported here: the assessment's statistics and PDF rendering take half a second to import, which
        # every other action (a bulk quote above all) would pay for nothing.
        from lika.allowance.impact import REPORT_TEMPLATE, impact_assess, impact_html, impact_report
        from lika.core.disclosure import disclosure_rules
        from lika.documents.rendering import pdf_render

        month = self._month(options["month"])
        path = Path(options["proposal"])
        if not path.is_file():
            raise CommandError(f"--proposal: {path}: no such file.")
        try:
            proposal = proposal_read(path)
        except ProposalError as error:
            raise CommandError(f"{error} Nothing was computed.") from error
        assessment = impact_assess(month, proposal, rules=disclosure_rules())
        if options["format"] == "json":
            content = json.dumps(assessment.data, ensure_ascii=False, indent=2).encode()
        else:
            with translation.override(options["language"]):
                report = impact_report(assessment)
                content = (
                    impact_html(report).encode()
                    if options["format"] == "html"
                    else pdf_render(
                        template=REPORT_TEMPLATE, data=report, language=options["language"], title=report["title"]
                    )
                )
        if options["output"]:
            Path(options["output"]).write_bytes(content)
            self.stdout.write(f"Wrote the assessment of {proposal.title!r} on {month} to {options['output']}.")
        elif options["format"] == "pdf":
            raise CommandError("--output: say where to write the PDF.")
        else:
            sys.stdout.buffer.write(content + b"\n")
            sys.stdout.buffer.flush()

    def payment_run(self, options: dict[str, Any]) -> None:
        from lika.allowance.services import PAYMENT_CHUNK, payment_run_approve, payment_run_prepare

        step = options["step"]
        try:
            if step == "prepare":
                if not options["payment_date"]:
                    raise CommandError("--payment-date: give the day the money is paid, YYYY-MM-DD.")
                try:
                    payday = datetime.date.fromisoformat(options["payment_date"])
                except ValueError as error:
                    raise CommandError(f"--payment-date: {options['payment_date']!r} is not YYYY-MM-DD.") from error
                run = payment_run_prepare(
                    acting=self._acting(options["username"], options["reason"]),
                    month=self._month(options["month"]),
                    execution_date=payday,
                )
            else:
                run = self._run(options["run"])
                if step == "approve":
                    run = payment_run_approve(acting=self._acting(options["username"], options["reason"]), run=run)
                elif step == "execute":
                    acting = self._acting(options["username"], options["reason"])
                    chunk = PAYMENT_CHUNK if options["chunk"] is None else max(options["chunk"], 1)
                    run = self._execute(run, acting, quiet=options["no_progress"], chunk=chunk)
        except ValidationError as error:
            raise self._fail(error) from error
        self.stdout.write(
            f"Run {run.pk} for {run.month}: {run.get_status_display()}; {run.payments_count} payments, "
            f"{money(run.total_ore)}; held {run.held_count} ({money(run.held_ore)})."
        )

    def _run(self, number: int | None) -> PaymentRun:
        run = PaymentRun.objects.filter(pk=number).first() if number else None
        if run is None:
            raise CommandError(f"--run: no payment run number {number}.")
        return run

    def _execute(self, run: PaymentRun, acting: Acting, *, quiet: bool, chunk: int) -> PaymentRun:
        from lika.allowance.services import payment_run_execute

        with tqdm(total=run.payments_count, unit="payments", disable=quiet, file=sys.stderr) as bar:

            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.update(done - bar.n)

            return payment_run_execute(acting=acting, run=run, progress=progress, chunk=chunk)

    def quote(self, file: str, language: str) -> None:
        with collection_paused():
            self._quote(file, language)

    def _quote(self, file: str, language: str) -> None:
        try:
            if file == "-":
                data = sys.stdin.buffer.read(guard.max_bytes(MAX_BODY_BYTES) + 1)
            else:
                guard.path_size_check(Path(file), file=file, limit=MAX_BODY_BYTES)
                data = Path(file).read_bytes()
            guard.size_check(len(data), file=file, limit=MAX_BODY_BYTES)
            text = guard.text_decode(data, file=file)
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from error
        except guard.FileRefusedError as refusal:
            raise CommandError(f"{refusal} Nothing was computed.") from refusal
        try:
            payload = quote_json(text)
        except QuoteInputError as error:
            where = ", " if str(error).startswith("line ") else ": "
            raise CommandError(f"{file}{where}{error}. Nothing was computed.") from error
        try:
            answers = quote(payload, parameters_load())
        except QuoteError as error:
            raise CommandError(f"{file}: " + "\n".join(str(p) for p in error.problems)) from error
        with translation.override(language):
            explanations.texts_add(answers)
        # orjson writes the same JSON (UTF-8, no ASCII escapes) without spaces, about ten times faster than json.
        self.stdout.write(orjson.dumps(answers if isinstance(payload, list) else answers[0]).decode())

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
