"""``lika followup-rebuild``: rebuilds the follow-up's fact tables and their Parquet copies. Run it nightly."""

from __future__ import annotations

import datetime
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lika.core import clock
from lika.core.disclosure import disclosure_rules
from lika.followup.facts.build import facts_rebuild
from lika.followup.facts.export import facts_directory, facts_export
from lika.followup.indicators.engines import DuckDBEngine
from lika.followup.indicators.store import cubes_store


class Command(BaseCommand):
    help = "Rebuild the follow-up's fact tables (incrementally where the data allow) and write them as Parquet."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", help="The last day the facts cover, YYYY-MM-DD (today if not given).")
        parser.add_argument("--full", action="store_true", help="Rebuild every table from the start.")

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = clock.today()
        if options["as_of"]:
            try:
                as_of = datetime.date.fromisoformat(options["as_of"])
            except ValueError as error:
                raise CommandError(
                    f"--as-of must be a date written YYYY-MM-DD; {options['as_of']!r} is not."
                ) from error
        began = time.perf_counter()
        for result in facts_rebuild(as_of=as_of, full=options["full"]):
            how = "in full" if result.full else "new rows only"
            self.stdout.write(
                f"  {result.table}: {result.rows_written} rows written ({how}), {result.rows_total} in all"
            )
        paths = facts_export(facts_directory())
        exported = time.perf_counter()
        self.stdout.write(
            f"Rebuilt the fact tables as of {as_of} and wrote {len(paths)} Parquet files to {facts_directory()} "
            f"in {exported - began:.1f} s."
        )
        stored = cubes_store(DuckDBEngine(facts_directory()), disclosure_rules())
        hidden = ", ".join(f"{indicator.code} {masked}" for indicator, masked in stored)
        self.stdout.write(
            f"Protected and stored the published tables of {len(stored)} indicators in "
            f"{time.perf_counter() - exported:.1f} s (cells hidden: {hidden})."
        )
