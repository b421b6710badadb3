"""``lika staff-break-glass``: make an administrator the break-glass account and enrol its TOTP device.

In production only a break-glass account may log in with a password, and then only with a code from
an authenticator app. ``enrol`` makes a new device and prints its ``otpauth://`` address and a QR
code to scan; ``confirm`` takes the first code the app shows, after which the account can log in.
"""

from __future__ import annotations

import io
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

import segno
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lika.accounts.models import User
from lika.accounts.services import break_glass_confirm, break_glass_enrol
from lika.audit.shell import command_acting


class Command(BaseCommand):
    help = "Enrol the break-glass administrator's TOTP device (enrol), then confirm it with a code (confirm)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        add: Any = actions.add_parser
        enrol: ArgumentParser = add("enrol", help="Make USERNAME the break-glass account with a new TOTP device.")
        enrol.add_argument("username")
        enrol.add_argument("--reason", required=True, help="why, for the audit trail")
        enrol.add_argument("--qr-svg", type=Path, help="also write the QR code to this SVG file")
        confirm: ArgumentParser = add("confirm", help="Confirm USERNAME's new device with a code from the app.")
        confirm.add_argument("username")
        confirm.add_argument("code")
        confirm.add_argument("--reason", required=True, help="why, for the audit trail")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No member of staff has the user name {options['username']!r}.")
        # Credited to the staff account the shell user maps to (LIKA_COMMAND_STAFF), else to the command itself.
        acting = command_acting(username=None, reason=options["reason"], label="staff-break-glass", required=False)
        try:
            if options["action"] == "enrol":
                device = break_glass_enrol(acting=acting, user=user)
            else:
                break_glass_confirm(acting=acting, user=user, code=options["code"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        if options["action"] == "confirm":
            self.stdout.write(f"{user.username} can now log in with the password and a code from the app.")
            return
        # The address holds the device's secret: it is shown once, to the administrator enrolling it.
        url = device.config_url
        qr = segno.make(url, error="m")
        self.stdout.write("Scan this QR code with the authenticator app, or enter the address by hand:\n")
        picture = io.StringIO()
        qr.terminal(out=picture, compact=True)
        self.stdout.write(picture.getvalue())
        self.stdout.write(f"\n{url}\n")
        if options["qr_svg"]:
            qr.save(options["qr_svg"], scale=6)
            self.stdout.write(f"The QR code is also in {options['qr_svg']}; delete it once scanned.")
        self.stdout.write(
            f"Then run: lika staff-break-glass confirm {user.username} CODE --reason ... with the code the app shows."
        )
