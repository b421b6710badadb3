"""``lika partners``: the quarterly briefing for municipalities, as CSV or PDF."""

from __future__ import annotations

import os
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from lika.audit.actions import Action
from lika.audit.shell import command_job
from lika.partners.briefing import briefings_csv, briefings_pdf, municipality_briefings


class Command(BaseCommand):
    help = "Other actors: write the quarterly briefing for municipalities."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        add: Any = actions.add_parser
        briefing: ArgumentParser = add(
            "municipality-briefing",
            help="People newly granted a permit who settled in each municipality in a quarter, by sex, protected.",
        )
        briefing.add_argument("--quarter", required=True, help="such as 2026Q3")
        briefing.add_argument(
            "--municipality", help="Statistics Sweden's four-digit code; every municipality if left out"
        )
        briefing.add_argument("--format", choices=("csv", "pdf"), required=True)
        briefing.add_argument("--language", choices=("sv", "en"), default="sv", help="of the PDF")
        briefing.add_argument("--output", required=True, help="the file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(f"--output: the folder {output.parent} does not exist.")
        try:
            briefings = municipality_briefings(quarter=options["quarter"], municipality=options["municipality"])
        except ValidationError as error:
            field, texts = next(iter(error.message_dict.items()))
            raise CommandError(f"--{field}: {' '.join(texts)} Nothing was written.") from error
        if options["format"] == "csv":
            content = briefings_csv(briefings).encode("utf-8")
        else:
            if not briefings:
                raise CommandError(f"No one settled in any municipality in {options['quarter']}; nothing was written.")
            with translation.override(options["language"]):
                content = briefings_pdf(briefings, language=options["language"])
        # Written beside its final name and then renamed over it: a reader never sees half a file.
        partial = output.with_name(f".{output.name}.partial")
        partial.write_bytes(content)
        os.replace(partial, output)
        command_job(label="lika partners", reason="Quarterly briefing for municipalities").audit(
            Action.MUNICIPALITY_BRIEFING,
            ("partners.briefing", options["quarter"]),
            {"municipalities": len(briefings), "format": options["format"]},
        )
        self.stdout.write(f"Wrote {output} ({len(briefings)} municipalities).")
