"""The ``lika`` command: Lika's command-line jobs (``lika demo-data``, ``lika migrate`` ...).

Sub-command names may be written with hyphens; ``lika demo-data`` runs ``demo_data``.
"""

from __future__ import annotations

import os
import sys

# The commands a scheduler runs: each run is timed and counted for the hosting team's metrics (lika.core.metrics).
# allowance and treatment_survey are named with their sub-command ("allowance payment-run").
JOBS = frozenset(
    {"registry_snapshot", "permit_messages", "followup_rebuild", "followup_import", "allowance", "treatment_survey"}
)


def main(argv: list[str] | None = None, prog: str = "lika") -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    from django.core.management import execute_from_command_line

    if not args or args[0] not in JOBS:
        execute_from_command_line([prog, *args])
        return 0
    from lika.core.metrics import job_observe

    job = args[0].replace("_", "-")
    if len(args) > 1 and not args[1].startswith("-") and args[0] in {"allowance", "treatment_survey"}:
        job = f"{job} {args[1]}"
    with job_observe(job):
        execute_from_command_line([prog, *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
