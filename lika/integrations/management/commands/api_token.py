"""``lika api-token``: issue, list and revoke the tokens integrating systems use for Lika's APIs.

``issue`` prints the token once; Lika keeps only its SHA-256. Issuing and revoking are audited, credited
to the staff account the shell user maps to (``LIKA_COMMAND_STAFF``), else to the command itself.
"""

from __future__ import annotations

import datetime
from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lika.audit.shell import command_acting
from lika.integrations.models import ApiToken
from lika.integrations.services import TOKEN_START, api_token_issue, api_token_revoke


def _day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"--expires: {text!r} is not a date written as YYYY-MM-DD. Nothing was changed.") from error


class Command(BaseCommand):
    help = "Issue a token to an integrating system (issue), list the tokens (list), or revoke one (revoke)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        add: Any = actions.add_parser
        issue: ArgumentParser = add("issue", help="Issue a token to SYSTEM and print it (once).")
        issue.add_argument("system", help="which system uses the token, and whose it is")
        issue.add_argument("--reason", required=True, help="why, for the audit trail")
        issue.add_argument("--per-minute", type=int, help="requests a minute (default LIKA_API_TOKEN_PER_MINUTE)")
        issue.add_argument("--expires", help="the token's last day, YYYY-MM-DD (default: until revoked)")
        add("list", help="List the tokens: prefix, system, limit, last day, last use, revoked.")
        revoke: ArgumentParser = add("revoke", help="Revoke the token that starts with lika_PREFIX.")
        revoke.add_argument("prefix", help="the prefix the list shows (with or without lika_)")
        revoke.add_argument("--reason", required=True, help="why, for the audit trail")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            self._list()
            return
        acting = command_acting(username=None, reason=options["reason"], label="api-token", required=False)
        try:
            if options["action"] == "issue":
                expires = _day(options["expires"]) if options["expires"] else None
                token, text = api_token_issue(
                    acting=acting,
                    system=options["system"],
                    requests_per_minute=options["per_minute"],
                    expires_on=expires,
                )
                self.stdout.write(f"Token for {token.system} ({token.requests_per_minute} requests a minute):\n{text}")
                self.stdout.write("Give it to the system's administrators in a safe way: it is not shown again.")
                return
            prefix = options["prefix"].removeprefix(TOKEN_START).split("_", 1)[0]
            found = ApiToken.objects.filter(prefix=prefix).first()
            if found is None:
                raise CommandError(
                    f"No token has the prefix {prefix!r} (see lika api-token list). Nothing was changed."
                )
            api_token_revoke(acting=acting, token=found)
            self.stdout.write(f"Revoked {found}.")
        except ValidationError as error:
            raise CommandError(" ".join(error.messages) + " Nothing was changed.") from error

    def _list(self) -> None:
        for token in ApiToken.objects.all():
            state = f"revoked {token.revoked_at:%Y-%m-%d}" if token.revoked_at else "in use"
            last = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never"
            expires = token.expires_on.isoformat() if token.expires_on else "-"
            self.stdout.write(
                f"{TOKEN_START}{token.prefix}  {token.system}  {token.requests_per_minute}/min  "
                f"expires {expires}  last used {last}  {state}"
            )
