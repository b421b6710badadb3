"""``lika demo-data``: loads a synthetic population of asylum seekers and permit holders."""

from __future__ import annotations

import datetime
import sys
from argparse import ArgumentParser, ArgumentTypeError
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from lika.core import clock
from lika.demo.services import demo_population_load

_SEX_LABELS = {"female": "women", "male": "men", "unknown": "unknown sex"}


def _day(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise ArgumentTypeError(f"{value!r} is not a date written YYYY-MM-DD.") from error


class Command(BaseCommand):
    help = (
        "Generates a synthetic population of asylum seekers and people granted residence permits "
        "and loads it into the registry in one transaction. Dossier numbers come from the demo range."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--persons", type=int, default=10_000, help="How many persons to generate (default 10000).")
        parser.add_argument("--seed", type=int, default=1, help="The same seed gives the same population (default 1).")
        parser.add_argument(
            "--today", type=_day, default=None, help="Reference day, YYYY-MM-DD (default: today in Stockholm)."
        )
        parser.add_argument("--no-progress", action="store_true", help="Do not show the progress bar.")
        parser.add_argument(
            "--allow-production", action="store_true", help="Run even with production settings (never for real data)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        persons: int = options["persons"]
        if persons < 1:
            raise CommandError(f"--persons must be at least 1; {persons} was given.")
        if options["seed"] < 0:
            raise CommandError(f"--seed must be 0 or more; {options['seed']} was given.")
        if settings.SETTINGS_MODULE.endswith(".production") and not options["allow_production"]:
            raise CommandError(
                "These are production settings: demo data does not belong there. "
                "Pass --allow-production only for a database that holds no real cases."
            )
        today: datetime.date = options["today"] or clock.today()
        try:
            summary = demo_population_load(
                persons=persons,
                seed=options["seed"],
                today=today,
                progress=not options["no_progress"] and sys.stderr.isatty(),
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            f"Loaded {summary.persons:,} persons in {summary.households:,} households into {summary.database} "
            f"in {summary.seconds:.1f} s (seed {summary.seed}, as of {summary.today.isoformat()})."
        )
        self.stdout.write(
            f"Dossier numbers {summary.first_dossier_number}–{summary.last_dossier_number}, "
            f"person ids {summary.first_person_id}–{summary.last_person_id}."
        )
        self.stdout.write(
            "Persons by sex: "
            + ", ".join(f"{_SEX_LABELS[sex]} {count:,}" for sex, count in summary.persons_by_sex.items())
        )
        for label, count in summary.rows.items():
            self.stdout.write(f"  {label:<30} {count:>12,}")
