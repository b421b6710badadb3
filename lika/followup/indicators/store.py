"""Protected once, served many times: each indicator's protected cube, stored beside the fact files.

Grouping an indicator over all its dimensions and protecting its published tables together
(:func:`~lika.followup.indicators.results.indicator_protect`) is the slow part of the follow-up. The
nightly ``lika followup-rebuild`` does it for every person-level indicator and writes the result as
JSON under ``<facts dir>/published/``; the dashboard, its exports and ``lika followup-indicator``
cut their views from it. A stored cube names what it was computed from — the fact file's size and
time, the disclosure rules and the indicator's definition — and one that no longer matches is
computed afresh and stored again (after a register import, say), so a reader never gets figures
from other facts or other rules.

The file holds only what may be published: a masked cell is stored with its reason and no number.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path
from typing import Any

from lika.followup.indicators.catalogue import CATALOGUE, RECODES, Indicator
from lika.followup.indicators.engines import DuckDBEngine, Engine
from lika.followup.indicators.results import RECODE_TOLERANCE, ProtectedCube, indicator_protect
from lika.statistics.disclosure import DisclosureRules, Masked, Reason

FORMAT = 1  # raise when the stored layout or the way cubes are protected changes
DIRECTORY = "published"

_memo: dict[Path, tuple[str, ProtectedCube]] = {}
_lock = threading.Lock()


def _definition(indicator: Indicator) -> str:
    """What in the catalogue decides an indicator's cube (not its titles or texts)."""
    parts = (
        FORMAT,
        indicator.code,
        indicator.table,
        indicator.kind,
        indicator.population,
        indicator.numerator,
        indicator.amount,
        indicator.dimensions,
        indicator.sex,
        indicator.pairs,
        sorted((dim, repr(recode)) for dim, recode in RECODES.items()),
        RECODE_TOLERANCE,
        # Indicators protected together share their cells: a change to one changes the other's cube.
        sorted(
            (other.code, other.numerator, other.amount)
            for other in CATALOGUE
            if other.table == indicator.table and other.population == indicator.population
        ),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def facts_version(table: str, engine: Engine) -> str | None:
    """What identifies the facts an engine reads: the Parquet file's size and time; ``None`` when unknown."""
    if not isinstance(engine, DuckDBEngine):
        return None
    try:
        stat = (engine.directory / f"{table}.parquet").stat()
    except FileNotFoundError:
        return None
    return f"{stat.st_size}-{stat.st_mtime_ns}"


def cube_version(indicator: Indicator, engine: Engine, rules: DisclosureRules) -> str | None:
    """What a stored cube must match: the fact file, the rules and the definition; ``None`` when not stored."""
    facts = facts_version(indicator.table, engine)
    return None if facts is None else f"{facts}-{rules!r}-{_definition(indicator)}"


def cube_path(indicator: Indicator, engine: DuckDBEngine) -> Path:
    return engine.directory / DIRECTORY / f"{indicator.code}.json"


def _encoded(cube: ProtectedCube, version: str) -> dict[str, Any]:
    return {
        "version": version,
        "code": cube.code,
        "dims": list(cube.dims),
        "years": list(cube.years),
        "tables": {
            name: [[*key, None if key in cube.masked[name] else value] for key, value in sorted(table.items())]
            for name, table in cube.tables.items()
        },
        "masked": {
            name: [
                [list(key), mask.reason.value, None if mask.protects is None else [mask.protects[0], *mask.protects[1]]]
                for key, mask in sorted(cells.items())
            ]
            for name, cells in cube.masked.items()
        },
    }


def _decoded(data: dict[str, Any]) -> ProtectedCube:
    width = len(data["dims"])
    tables = {
        name: {tuple(row[:width]): (0 if row[width] is None else int(row[width])) for row in rows}
        for name, rows in data["tables"].items()
    }
    masked: dict[str, dict[tuple[str, ...], Masked]] = {}
    for name, rows in data["masked"].items():
        cells = masked.setdefault(name, {})
        for key, reason, protects in rows:
            ref = None if protects is None else (protects[0], tuple(protects[1:]))
            cells[tuple(key)] = Masked(name, tuple(key), Reason(reason), ref)
    return ProtectedCube(
        code=data["code"], dims=tuple(data["dims"]), years=tuple(data["years"]), tables=tables, masked=masked
    )


def cube_write(cube: ProtectedCube, path: Path, version: str) -> None:
    """Writes ``cube`` beside ``path`` and renames it over, so a reader sees the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(json.dumps(_encoded(cube, version), separators=(",", ":")), encoding="utf-8")
    os.replace(partial, path)


def cube_read(path: Path, version: str) -> ProtectedCube | None:
    """The cube stored at ``path`` if it was computed for ``version``; ``None`` if there is none or it is stale."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("version") != version:
        return None
    return _decoded(data)


def protected_cube(indicator: Indicator, *, engine: Engine, rules: DisclosureRules) -> ProtectedCube:
    """``indicator``'s protected cube: from memory or the stored file when current, else computed and stored."""
    version = cube_version(indicator, engine, rules)
    if version is None or not isinstance(engine, DuckDBEngine):
        return indicator_protect(indicator, engine=engine, rules=rules)
    path = cube_path(indicator, engine)
    with _lock:
        remembered = _memo.get(path)
    if remembered is not None and remembered[0] == version:
        return remembered[1]
    cube = cube_read(path, version)
    if cube is None:
        cube = indicator_protect(indicator, engine=engine, rules=rules)
        cube_write(cube, path, version)
    with _lock:
        _memo[path] = (version, cube)
    return cube


def cubes_store(engine: DuckDBEngine, rules: DisclosureRules) -> list[tuple[Indicator, int]]:
    """Computes and stores the cube of every person-level indicator whose facts are there; returns each with its
    number of masked cells. Run by the nightly rebuild, after the fact files are written."""
    stored = []
    for indicator in CATALOGUE:
        version = cube_version(indicator, engine, rules)
        if not indicator.person_level or version is None:
            continue
        cube = indicator_protect(indicator, engine=engine, rules=rules)
        cube_write(cube, cube_path(indicator, engine), version)
        with _lock:
            _memo[cube_path(indicator, engine)] = (version, cube)
        stored.append((indicator, sum(len(cells) for cells in cube.masked.values())))
    return stored
