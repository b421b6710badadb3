"""What machine a benchmark ran on, said the same way in every results file."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def cpu_model() -> str:
    """The processor's model name from /proc/cpuinfo, or what the platform module knows."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def machine_text() -> str:
    """E.g. "2 CPUs (AMD EPYC 7B13)"."""
    return f"{os.cpu_count()} CPUs ({cpu_model()})"
