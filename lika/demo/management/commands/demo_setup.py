"""Prepares the demo: staff logins for every role, the synthetic population, and the main jobs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation

from lika.demo.logins import DEMO_PASSWORD, demo_logins_ensure
from lika.people.identifiers import DEMO_DOSSIER_FIRST
from lika.people.models import Person


class Command(BaseCommand):
    help = "Create demo logins, load the demo population if none is loaded, run the main jobs and print the logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--persons", type=int, default=3000, help="Persons to generate on the first run.")
        parser.add_argument("--seed", type=int, default=2026, help="Seed of the generator.")
        parser.add_argument("--port", type=int, default=8000, help="Port printed in the address.")

    def handle(self, *args: Any, **options: Any) -> None:
        if str(settings.SETTINGS_MODULE).endswith(".production"):
            raise CommandError(
                "The demo must not run with production settings: it creates logins with a known password."
            )
        logins = demo_logins_ensure()
        if Person.objects.filter(dossier_number__gte=str(DEMO_DOSSIER_FIRST)).exists():
            self.stdout.write("The demo population is already loaded; keeping it.")
        else:
            from lika.demo.services import demo_population_load

            summary = demo_population_load(
                persons=options["persons"], seed=options["seed"], today=timezone.localdate(), progress=True
            )
            self.stdout.write(f"Loaded {summary.persons} demo persons in {summary.households} households.")
        # The main jobs of the parts that exist, in the order a night would run them.
        call_command("registry_snapshot", stdout=self.stdout)
        address = f"http://127.0.0.1:{options['port']}/"
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Lika is starting on {address}"))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        names: dict[str, list[str]] = {login.username: [] for login in logins}
        for language in ("sv", "en"):
            with translation.override(language):
                for login in logins:
                    names[login.username].append(str(login.role.label))
        for login in logins:
            self.stdout.write(f"  {login.username:<16} {' / '.join(names[login.username])}")
        self.stdout.write("")
