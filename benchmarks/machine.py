"""What machine a benchmark ran on, said the same way in every results file, and adding to the day's file."""

from __future__ import annotations

import datetime
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


def results_add(results: Path, name: str, text: str) -> Path:
    """Adds ``text`` to ``results/<name>-<UTC date>.md``, after the day's earlier runs (a "before", say), never over them."""
    results.mkdir(parents=True, exist_ok=True)
    path = results / f"{name}-{datetime.datetime.now(tz=datetime.UTC):%Y-%m-%d}.md"
    with path.open("a", encoding="utf-8") as day_file:
        day_file.write(("\n" if path.stat().st_size else "") + text)
    return path
