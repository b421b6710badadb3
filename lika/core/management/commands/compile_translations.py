"""Compiles the project's .po catalogues to .mo without GNU gettext, so a fresh machine needs only Python.

Django shows the default language (Swedish) wherever a catalogue lacks a string. For a reader who
chose Arabic or Tigrinya, English is far more likely to be understood than Swedish, so in every
catalogue but Swedish an untranslated string is compiled as its English source text. The .po file
keeps it untranslated, so translators and the completeness checks still see the gap.
(docs/decisions/0003-english-fallback-for-untranslated-strings.md)
"""

from __future__ import annotations

import gettext
import re
from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser


def _plural_forms(catalogue: polib.POFile) -> list[bool]:
    """For each plural index of the catalogue's language, whether it is the form used for one."""
    header = catalogue.metadata.get("Plural-Forms", "nplurals=2; plural=(n != 1);")
    match = re.search(r"nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?);?\s*$", header)
    if match is None:
        raise ValueError(f"the Plural-Forms header cannot be read: {header!r}")
    count, rule = int(match.group(1)), gettext.c2py(match.group(2))
    used_for = {index: [n for n in range(1000) if rule(n) == index] for index in range(count)}
    return [1 in used_for[index] for index in range(count)]


def english_fallback(catalogue: polib.POFile) -> polib.POFile:
    """Fills every untranslated, non-fuzzy entry with its English source text."""
    singular_forms = _plural_forms(catalogue)
    for entry in catalogue:
        if entry.obsolete or entry.translated() or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {
                index: entry.msgid if singular else entry.msgid_plural for index, singular in enumerate(singular_forms)
            }
        else:
            entry.msgstr = entry.msgid
    return catalogue


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/*.po to .mo (only those that changed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="Compile every catalogue, changed or not.")

    def handle(self, *args: Any, **options: Any) -> None:
        compiled = 0
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                fresh = mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime
                if fresh and not options["force"]:
                    continue
                try:
                    catalogue = polib.pofile(str(po_path))
                except (OSError, ValueError) as error:
                    raise CommandError(f"{po_path}: cannot be read as a gettext catalogue: {error}") from error
                language = po_path.parent.parent.name
                if language != settings.LANGUAGE_CODE:
                    catalogue = english_fallback(catalogue)
                catalogue.save_as_mofile(str(mo_path))
                compiled += 1
        if options["verbosity"] > 1 or compiled:
            self.stdout.write(f"Compiled {compiled} translation catalogue(s).")
