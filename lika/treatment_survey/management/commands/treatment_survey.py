"""``lika treatment_survey``: a survey's XLSForm, imports of ODK and KoboToolbox exports, and its report as PDF."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from lika.audit.shell import command_acting
from lika.core import files as guard
from lika.documents.rendering import pdf_render
from lika.treatment_survey import selectors
from lika.treatment_survey.models import Survey
from lika.treatment_survey.protocol.xlsform import xform_compile, xlsform_workbook
from lika.treatment_survey.report import report_build, report_document
from lika.treatment_survey.services import observations_import


class Command(BaseCommand):
    help = "Treatment surveys: write a survey's XLSForm, import an export, write the report as PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        add: Any = actions.add_parser

        form: ArgumentParser = add("form", help="Write the survey's XLSForm and check it with pyxform.")
        form.add_argument("--survey", type=int, required=True)
        form.add_argument("--out", required=True, help="the .xlsx file to write")

        load: ArgumentParser = add("import", help="Import an ODK Central or KoboToolbox export, all or nothing.")
        load.add_argument("--survey", type=int, required=True)
        load.add_argument("--as", dest="username", required=True, help="the survey lead importing it")
        load.add_argument("--reason", required=True)
        load.add_argument("files", nargs="+", help="CSV, XLSX or ZIP files of one export")

        report: ArgumentParser = add("report", help="Write the survey's report as a PDF/UA-1 file.")
        report.add_argument("--survey", type=int, required=True)
        report.add_argument("--language", choices=("sv", "en"), default="sv")
        report.add_argument("--out", required=True)
        report.add_argument("--link-base", default="http://127.0.0.1:8000/", help="address that links start with")

    def handle(self, *args: Any, **options: Any) -> None:
        survey = Survey.objects.filter(pk=options["survey"]).first()
        if survey is None:
            raise CommandError(f"--survey: no treatment survey number {options['survey']}.")
        if options["action"] == "form":
            xlsx = xlsform_workbook(selectors.form_spec(survey))
            _xform, warnings = xform_compile(xlsx)
            Path(options["out"]).write_bytes(xlsx)
            for warning in warnings:
                self.stderr.write(f"pyxform: {warning}")
            self.stdout.write(f"Wrote {options['out']} (form id {survey.form_id}).")
        elif options["action"] == "import":
            self._import(survey, options)
        else:
            with translation.override(options["language"]):
                built = report_build(survey, selectors.survey_analysis(survey), options["language"])
                document = report_document(built, link_base=options["link_base"])
            pdf = pdf_render(
                template="treatment_survey_report.typ", data=document, language=options["language"], title=built.title
            )
            Path(options["out"]).write_bytes(pdf)
            self.stdout.write(f"Wrote {options['out']}.")

    def _import(self, survey: Survey, options: dict[str, Any]) -> None:
        acting = command_acting(username=options["username"], reason=options["reason"], label="lika treatment_survey")
        files = []
        for name in options["files"]:
            path = Path(name)
            if not path.is_file():
                raise CommandError(f"{name}: no such file.")
            try:
                guard.path_size_check(path, file=path.name)
            except guard.FileRefusedError as refusal:
                raise CommandError(f"{refusal} Nothing was imported.") from refusal
            files.append((path.name, path.read_bytes()))
        try:
            record = observations_import(acting=acting, survey=survey, files=files)
        except ValidationError as error:
            raise CommandError("\n".join([*error.messages, "Nothing was imported."])) from error
        self.stdout.write(
            f"Imported {record.observations_count} observations in {record.sessions_count} sessions "
            f"({record.dialect}); skipped {record.skipped} submissions already there."
        )
