"""``lika plan``: the yearly report as PDF or HTML, and the joint plan's data packages out and in."""

from __future__ import annotations

import os
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.template.loader import render_to_string
from django.utils import translation

from lika.audit.shell import command_acting
from lika.plan.exchange import PackageRefusedError, package_import, package_write
from lika.plan.report import report_for, report_html, report_pdf


class Command(BaseCommand):
    help = "The plan: write the yearly report, or export and import a part of the joint plan."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        add: Any = actions.add_parser
        report: ArgumentParser = add(
            "report", help="The yearly report: the approved one if there is one, else a draft marked as such."
        )
        report.add_argument("--year", type=int, required=True)
        report.add_argument("--language", choices=("sv", "en"), default="sv")
        report.add_argument("--format", choices=("pdf", "html"), default="pdf")
        report.add_argument("--output", required=True, help="the file to write")
        export: ArgumentParser = add(
            "export", help="This agency's part of the joint plan as a Frictionless Data Package."
        )
        export.add_argument("--year", type=int, required=True)
        export.add_argument("--output", required=True, help="the folder to write the package to")
        export.add_argument("--as", dest="username", help="the staff user who exports (default: the command itself)")
        imported: ArgumentParser = add("import", help="Another agency's part, all or nothing.")
        imported.add_argument("directory", help="the folder with datapackage.json")
        imported.add_argument("--as", dest="username", help="the staff user who imports")
        imported.add_argument("--reason", default="Another agency's part of the joint plan")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _report(self, options: dict[str, Any]) -> None:
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(f"--output: the folder {output.parent} does not exist.")
        language = options["language"]
        content, approved = report_for(options["year"], language)
        if options["format"] == "pdf":
            data = approved.pdf(language) if approved else report_pdf(content)
        else:
            with translation.override(language):
                body = approved.html[language] if approved else report_html(content)
                data = render_to_string("plan/report_file.html", {"report": content, "body": body}).encode()
        partial = output.with_name(f".{output.name}.partial")
        partial.write_bytes(data)
        os.replace(partial, output)
        state = "approved" if approved else "DRAFT (not approved)"
        self.stdout.write(f"Wrote {output}: the {state} report for {options['year']} in {language}.")

    def _export(self, options: dict[str, Any]) -> None:
        acting = command_acting(
            username=options["username"],
            reason="Part of the joint plan for the coordinator",
            label="lika plan export",
            required=False,
        )
        try:
            counts = package_write(acting=acting, year=options["year"], directory=Path(options["output"]))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"Wrote {options['output']}: {counts['measures']} measures, {counts['figures']} figures.")

    def _import(self, options: dict[str, Any]) -> None:
        acting = command_acting(
            username=options["username"], reason=options["reason"], label="lika plan import", required=False
        )
        try:
            parts = package_import(acting=acting, directory=Path(options["directory"]))
        except PackageRefusedError as error:
            lines = "\n".join(f"  {problem}" for problem in error.problems)
            raise CommandError(f"The package was refused; nothing was imported.\n{lines}") from error
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        for part in parts:
            self.stdout.write(f"Imported {part.agency.name} {part.year}: {len(part.measures)} measures.")
