"""``lika followup-import``: imports a register extract from the command line, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from lika.audit.shell import command_acting
from lika.core import clock
from lika.followup.models import RegisterKind
from lika.followup.registers.services import RegisterImportError, register_import

ACTOR_LABEL = "lika followup-import"


class Command(BaseCommand):
    help = "Import a register extract (CSV, XLSX or Parquet) for the follow-up; nothing is imported if a row is wrong."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the extract: CSV (UTF-8), XLSX or Parquet")
        parser.add_argument("--register", required=True, choices=RegisterKind.values, help="which register it is")
        parser.add_argument("--reason", required=True, help="why it is imported (kept in the audit trail)")
        parser.add_argument(
            "--as", dest="username", help="the analyst importing it; without it, the import is recorded as a job"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        acting = command_acting(
            username=options["username"], reason=options["reason"], label=ACTOR_LABEL, required=False
        )
        started = clock.now()
        try:
            imported = register_import(acting=acting, kind=options["register"], path=path)
        except RegisterImportError as error:
            for message in error.messages:
                self.stderr.write(message)
            count = len(error.problems)
            raise CommandError(
                f"{path.name} was not imported: {count} problem{'s' if count != 1 else ''}. Nothing was changed.",
                returncode=1,
            ) from error
        except ValidationError as error:
            raise CommandError(" ".join(error.messages), returncode=1) from error
        if imported.imported_at < started:
            self.stdout.write(
                f"{path.name} was already imported into {imported.kind} as import {imported.pk} "
                f"on {timezone.localtime(imported.imported_at):%Y-%m-%d %H:%M}; nothing was changed."
            )
        else:
            self.stdout.write(
                f"Imported {imported.file_name} into {imported.kind} as import {imported.pk}: "
                f"{imported.rows} rows, {imported.rows_new} new."
            )
