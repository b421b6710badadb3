"""The protocol's whole structure as JSON, to pin it in a fixture and compare it after a change.

Run as a script to write the fixture of the protocol version in force::

    .venv/bin/python -m lika.treatment_survey.tests.helpers

The dump lists every upper-case name of :mod:`lika.treatment_survey.protocol.definition` (sorted),
and in each value every field of every object in the order of its dataclass, so that a changed
text, code, order, relevance or family shows as a difference.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import re
from pathlib import Path
from types import ModuleType

FIXTURES = Path(__file__).resolve().parent


def fixture_path(version: str) -> Path:
    """Where the pinned structure of protocol ``version`` is kept."""
    return FIXTURES / f"protocol-{version}.json"


def _plain(value: object) -> object:
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}.{value.name}"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {field.name: _plain(getattr(value, field.name)) for field in dataclasses.fields(value)}
        return {"__type__": type(value).__name__, **fields}
    if isinstance(value, tuple | list):
        return [_plain(element) for element in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"Cannot dump {value!r}.")


def protocol_dump(module: ModuleType) -> str:
    """Every upper-case data name of the protocol module and its value, as indented JSON."""
    names = sorted(name for name in vars(module) if re.fullmatch(r"[A-Z][A-Z0-9_]*", name))
    structure = {name: _plain(getattr(module, name)) for name in names}
    return json.dumps(structure, ensure_ascii=False, indent=1) + "\n"


def _write_fixture() -> Path:
    from lika.treatment_survey.protocol import definition

    path = fixture_path(definition.PROTOCOL_VERSION)
    path.write_text(protocol_dump(definition), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(_write_fixture())  # noqa: T201 - the script says where it wrote the fixture
