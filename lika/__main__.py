"""The ``lika`` command: Lika's command-line jobs (``lika demo-data``, ``lika migrate`` ...).

Sub-command names may be written with hyphens; ``lika demo-data`` runs ``demo_data``.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None, prog: str = "lika") -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line([prog, *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
