"""``lika om-sverige-load``: loads Lika's starting texts for Om Sverige in Swedish, English and the languages its files have.

Pages that exist are kept as editors left them; a broken content file stops the load before
anything is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lika.audit.shell import command_job
from lika.newcomer_info.topics import CONTENT_DIR, om_sverige_content_load

ACTOR_LABEL = "lika om-sverige-load"


class Command(BaseCommand):
    help = (
        "Load Om Sverige's topic pages and accessibility statement in Swedish, English and the other languages "
        "of the files; existing pages are kept."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--reason", default="Lika's starting texts for Om Sverige", help="why (kept in the audit trail)"
        )
        parser.add_argument("--directory", type=Path, default=CONTENT_DIR, help="the folder with the content files")

    def handle(self, *args: Any, **options: Any) -> None:
        acting = command_job(label=ACTOR_LABEL, reason=options["reason"])
        try:
            result = om_sverige_content_load(acting=acting, directory=options["directory"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages) + " Nothing was changed.", returncode=1) from error
        others = "".join(
            f", {len(slugs)} into {language}" for language, slugs in sorted(result.translated_into.items())
        )
        if result.created or result.translated or result.translated_into:
            self.stdout.write(
                f"Om Sverige: {len(result.created)} pages loaded in Swedish, {len(result.translated)} translated "
                f"into English{others}; {len(result.kept)} existing pages kept."
            )
        else:
            self.stdout.write(f"Om Sverige: all {len(result.kept)} pages exist already; nothing was changed.")
