"""``lika registry-snapshot``: counts the registry, split by sex, for the start page. Run it nightly."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lika.core import clock
from lika.people.services import registry_snapshot_take


class Command(BaseCommand):
    help = "Count persons, households and LMA recipients by sex, for the pages to show."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--on", help="The day to count, YYYY-MM-DD (today if not given).")

    def handle(self, *args: Any, **options: Any) -> None:
        on = clock.today()
        if options["on"]:
            try:
                on = datetime.date.fromisoformat(options["on"])
            except ValueError as error:
                raise CommandError(f"--on must be a date written YYYY-MM-DD; {options['on']!r} is not.") from error
        snapshot = registry_snapshot_take(on=on)
        total = snapshot.persons_female + snapshot.persons_male + snapshot.persons_unknown
        self.stdout.write(
            f"Counted the registry on {on}: {total} persons "
            f"({snapshot.persons_female} women, {snapshot.persons_male} men, {snapshot.persons_unknown} unknown)."
        )
