"""Reading a protocol file (``protocol-<version>.yaml``) and checking every part of it.

:func:`protocol_load` gives the :class:`~lika.treatment_survey.protocol.structure.Protocol` of a
version, read once per process. A file that cannot be used raises :class:`ProtocolError`, whose
message names the file, the place in it (``contact.sections[2].items[3].scale``) and what is
wrong: a key unknown or missing, a name or answer value used twice, a scale that does not exist, a
condition on an item not asked before it or with an answer that item does not have, a value of the
wrong type, or a version that differs from the file name. Pure Python: no Django, no clock.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Hashable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode

try:  # libyaml's parser reads the protocol in a sixth of the time, at every process start
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # PyYAML built without libyaml
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]

from lika.treatment_survey.protocol.structure import (
    Behaviour,
    Bilingual,
    Choice,
    Condition,
    Item,
    ItemKind,
    Practice,
    Protocol,
    Relevance,
)

__all__ = [
    "PROTOCOL_DIRECTORY",
    "ProtocolError",
    "protocol_load",
    "protocol_parse",
    "protocol_read",
    "protocol_versions",
]

PROTOCOL_DIRECTORY = Path(__file__).resolve().parent
_FILE_NAME = re.compile(r"protocol-(?P<version>.+)\.yaml")
# Survey.protocol_version stores the version in at most this many characters.
VERSION_MAX_LENGTH = 20
_VERSION = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]*")
_NAME = re.compile(r"[a-z][a-z0-9_]*")
_VALUE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")
_CONDITION = re.compile(r"\s*(?P<field>\S+?)\s*(?P<operator>!=|=)\s*(?P<value>\S+)\s*")
_CHANNELS = "channels"  # the scale the session's channel is chosen from


class ProtocolError(ValueError):
    """A protocol file that cannot be used; the message names the file, the place in it and what is wrong."""


class _Loader(_SafeLoader):
    """PyYAML's safe loader, refusing a mapping that has the same key twice (PyYAML keeps the last)."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        self.flatten_mapping(node)
        seen: set[Hashable] = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, Hashable):
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"the key {key!r} appears twice in one mapping", key_node.start_mark
                    )
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _described(value: object) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (a truth value; YAML reads yes, no, on, off, true and false so: quote texts)"
    if isinstance(value, int | float):
        return f"{value!r} (a number; quote it to make it a text)"
    if value is None:
        return "nothing"
    if isinstance(value, Mapping | list):
        return "a mapping" if isinstance(value, Mapping) else "a list"
    if isinstance(value, str):
        return repr(value)
    return f"{value!r} ({type(value).__name__})"


def _at(path: str, step: str | int) -> str:
    if isinstance(step, int):
        return f"{path}[{step}]"
    return f"{path}.{step}" if path else step


class _Reader:
    """Builds a protocol from a parsed document; every refusal names ``source`` and the path."""

    def __init__(self, source: str) -> None:
        self.source = source

    def error(self, path: str, problem: str) -> ProtocolError:
        return ProtocolError(f"{self.source}: {path or 'the top level'}: {problem}")

    def mapping(
        self, value: Any, path: str, *, required: Sequence[str], optional: Sequence[str] = ()
    ) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.error(path, f"expected a mapping with {', '.join(required)}; got {_described(value)}")
        for key in value:
            if key not in required and key not in optional:
                known = ", ".join([*required, *optional])
                raise self.error(_at(path, str(key)), f"unknown key (the keys here are {known})")
        for key in required:
            if key not in value:
                raise self.error(path, f"missing key {key!r}")
        return value

    def items_of(self, value: Any, path: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.error(path, f"expected a list; got {_described(value)}")
        if not value:
            raise self.error(path, "the list is empty")
        return value

    def text(self, value: Any, path: str) -> str:
        if not isinstance(value, str):
            raise self.error(path, f"expected a text; got {_described(value)}")
        if not value.strip():
            raise self.error(path, "the text is empty")
        return value

    def matching(self, value: Any, path: str, pattern: re.Pattern[str], what: str) -> str:
        text = self.text(value, path)
        if not pattern.fullmatch(text):
            raise self.error(path, f"{text!r} is not {what}")
        return text

    def name(self, value: Any, path: str) -> str:
        return self.matching(value, path, _NAME, "a name (lower-case letters, digits and _, from a letter)")

    def flag(self, value: Any, path: str) -> bool:
        if not isinstance(value, bool):
            raise self.error(path, f"expected true or false; got {_described(value)}")
        return value

    def bilingual(self, value: Any, path: str) -> Bilingual:
        texts = self.mapping(value, path, required=("sv", "en"))
        return Bilingual(sv=self.text(texts["sv"], _at(path, "sv")), en=self.text(texts["en"], _at(path, "en")))


class _Builder(_Reader):
    """Reads the parts in the order they are asked, so that a condition can only name an item asked before."""

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.named: dict[str, str] = {}  # every item and group name, with the path that gave it
        self.asked: dict[str, Item] = {}
        self.scales: dict[str, tuple[Choice, ...]] = {}
        self.code_pattern = ""
        self.code_message = Bilingual(sv="", en="")

    def unique_name(self, value: Any, path: str) -> str:
        name = self.name(value, path)
        if name in self.named:
            raise self.error(path, f"{name!r} is already the name at {self.named[name]}")
        self.named[name] = path
        return name

    def version(self, value: Any, path: str, expected: str | None) -> str:
        version = self.matching(value, path, _VERSION, "a version (letters, digits, '.', '_' and '-')")
        if len(version) > VERSION_MAX_LENGTH:
            raise self.error(path, f"{version!r} is longer than the {VERSION_MAX_LENGTH} characters a survey stores")
        if expected is not None and version != expected:
            raise self.error(path, f"{version!r} differs from the version {expected!r} in the file name")
        return version

    def code(self, value: Any, path: str) -> None:
        code = self.mapping(value, path, required=("pattern", "message"))
        pattern = self.text(code["pattern"], _at(path, "pattern"))
        try:
            re.compile(pattern)
        except re.error as error:
            raise self.error(_at(path, "pattern"), f"not a regular expression: {error}") from error
        self.code_pattern = pattern
        self.code_message = self.bilingual(code["message"], _at(path, "message"))

    def scale(self, value: Any, path: str) -> tuple[Choice, ...]:
        choices: list[Choice] = []
        first: dict[str, str] = {}
        for position, entry in enumerate(self.items_of(value, path)):
            at = _at(path, position)
            choice = self.mapping(entry, at, required=("value", "label"))
            code = self.matching(
                choice["value"], _at(at, "value"), _VALUE, "an answer value (letters, digits, _ and -)"
            )
            if code in first:
                raise self.error(_at(at, "value"), f"{code!r} appears twice (first at {first[code]})")
            first[code] = _at(at, "value")
            choices.append(Choice(code, self.bilingual(choice["label"], _at(at, "label"))))
        return tuple(choices)

    def read_scales(self, value: Any, path: str) -> None:
        if not isinstance(value, Mapping):
            raise self.error(path, f"expected a mapping of scale names to answer lists; got {_described(value)}")
        for name, entries in value.items():
            self.name(name, _at(path, str(name)))
            self.scales[name] = self.scale(entries, _at(path, name))
        if _CHANNELS not in self.scales:
            raise self.error(path, f"missing the scale {_CHANNELS!r}, which the session's channel is chosen from")

    def answers(self, item: Item) -> tuple[str, ...] | None:
        """The values an item can have, or None when they are open (a site, a code, a date)."""
        if item.kind is ItemKind.CHANNEL:
            return tuple(choice.value for choice in self.scales[_CHANNELS])
        if item.kind in (ItemKind.YES_NO, ItemKind.CHOICE):
            return item.choice_values()
        return None

    def condition(self, text: str, path: str, name: str) -> Condition:
        match = _CONDITION.fullmatch(text)
        if match is None or not _NAME.fullmatch(match["field"]) or not _VALUE.fullmatch(match["value"]):
            raise self.error(path, f"{text!r} is not 'item = value' or 'item != value'")
        field, value = match["field"], match["value"]
        asked = self.asked.get(field)
        if asked is None:
            raise self.error(path, f"{name!r} depends on {field!r}, which is not asked before it")
        answers = self.answers(asked)
        if answers is not None and value not in answers:
            raise self.error(path, f"{value!r} is not an answer of {field!r} ({', '.join(answers)})")
        return Condition(field, value, negate=match["operator"] == "!=")

    def relevance(self, value: Any, path: str, name: str) -> Relevance:
        groups = []
        for position, entry in enumerate(self.items_of(value, path)):
            at = _at(path, position)
            text = self.text(entry, at)
            groups.append(tuple(self.condition(part, at, name) for part in text.split(" or ")))
        return Relevance(tuple(groups))

    def practice(self, value: Any, path: str) -> Practice:
        practice = self.mapping(value, path, required=("title", "why", "exercise"))
        exercise = self.items_of(practice["exercise"], _at(path, "exercise"))
        return Practice(
            title=self.bilingual(practice["title"], _at(path, "title")),
            why=self.bilingual(practice["why"], _at(path, "why")),
            exercise=tuple(self.bilingual(step, _at(_at(path, "exercise"), i)) for i, step in enumerate(exercise)),
        )

    def item(self, value: Any, path: str, group: str) -> tuple[Item, Behaviour | None]:
        spec = self.mapping(
            value,
            path,
            required=("name", "kind", "label", "definition"),
            optional=("scale", "short", "relevance", "behaviour"),
        )
        name = self.unique_name(spec["name"], _at(path, "name"))
        kinds = ", ".join(kind.value for kind in ItemKind)
        kind_text = self.text(spec["kind"], _at(path, "kind"))
        if kind_text not in {kind.value for kind in ItemKind}:
            raise self.error(_at(path, "kind"), f"{kind_text!r} is not a kind of item ({kinds})")
        kind = ItemKind(kind_text)
        choices: tuple[Choice, ...] = ()
        if kind is ItemKind.CHOICE:
            if "scale" not in spec:
                raise self.error(path, "missing key 'scale' (a choice item names the scale of its answers)")
            scale = self.name(spec["scale"], _at(path, "scale"))
            if scale not in self.scales:
                raise self.error(_at(path, "scale"), f"no scale {scale!r} (the scales are {', '.join(self.scales)})")
            choices = self.scales[scale]
        elif "scale" in spec:
            raise self.error(_at(path, "scale"), f"only a choice item has a scale, and this one is {kind.value}")
        coded = kind is ItemKind.CODE
        built = Item(
            name=name,
            group=group,
            kind=kind,
            label=self.bilingual(spec["label"], _at(path, "label")),
            definition=self.bilingual(spec["definition"], _at(path, "definition")),
            relevance=self.relevance(spec["relevance"], _at(path, "relevance"), name)
            if "relevance" in spec
            else Relevance(),
            choices=choices,
            pattern=self.code_pattern if coded else "",
            pattern_message=self.code_message if coded else None,
            short=self.bilingual(spec["short"], _at(path, "short")) if "short" in spec else None,
        )
        self.asked[name] = built
        if "behaviour" not in spec:
            return built, None
        at = _at(path, "behaviour")
        if kind is not ItemKind.YES_NO or built.short is None:
            raise self.error(at, "a behaviour is answered yes or no and has a short name: kind yes_no and a short")
        spec_of_behaviour = self.mapping(spec["behaviour"], at, required=("confirmatory", "practice"))
        behaviour = Behaviour(
            item=built,
            short=built.short,
            confirmatory=self.flag(spec_of_behaviour["confirmatory"], _at(at, "confirmatory")),
            practice=self.practice(spec_of_behaviour["practice"], _at(at, "practice")),
        )
        return built, behaviour

    def group_items(self, value: Any, path: str, group: str) -> list[tuple[Item, Behaviour | None]]:
        return [self.item(entry, _at(path, i), group) for i, entry in enumerate(self.items_of(value, path))]


def protocol_parse(
    document: Any, *, source: str = "<protocol>", version: str | None = None, sha256: str = ""
) -> Protocol:
    """Builds the protocol from a parsed document, checking every part; ``version`` is the one it must have."""
    builder = _Builder(source)
    top = builder.mapping(document, "", required=("version", "code", "scales", "session", "contact"))
    found_version = builder.version(top["version"], "version", version)
    builder.code(top["code"], "code")
    builder.read_scales(top["scales"], "scales")

    session = builder.mapping(top["session"], "session", required=("group", "label", "items"))
    session_group = builder.unique_name(session["group"], "session.group")
    session_items = builder.group_items(session["items"], "session.items", session_group)

    contact = builder.mapping(top["contact"], "contact", required=("group", "label", "sections"))
    contact_group = builder.unique_name(contact["group"], "contact.group")
    subgroups: list[tuple[str, Bilingual]] = []
    contact_items: list[tuple[Item, Behaviour | None]] = []
    for position, entry in enumerate(builder.items_of(contact["sections"], "contact.sections")):
        at = _at("contact.sections", position)
        section = builder.mapping(entry, at, required=("group", "label", "items"))
        group = builder.unique_name(section["group"], _at(at, "group"))
        subgroups.append((group, builder.bilingual(section["label"], _at(at, "label"))))
        contact_items += builder.group_items(section["items"], _at(at, "items"), group)

    return Protocol(
        version=found_version,
        code_pattern=builder.code_pattern,
        code_message=builder.code_message,
        scales=dict(builder.scales),
        session_group=session_group,
        session_label=builder.bilingual(session["label"], "session.label"),
        session_items=tuple(item for item, _ in session_items),
        contact_group=contact_group,
        contact_label=builder.bilingual(contact["label"], "contact.label"),
        contact_subgroups=tuple(subgroups),
        contact_items=tuple(item for item, _ in contact_items),
        behaviours=tuple(behaviour for _, behaviour in (*session_items, *contact_items) if behaviour is not None),
        sha256=sha256,
    )


def protocol_read(path: Path) -> Protocol:
    """Reads and checks a protocol file; its name, ``protocol-<version>.yaml``, gives the version it must have."""
    named = _FILE_NAME.fullmatch(path.name)
    if named is None:
        raise ProtocolError(f"{path}: a protocol file is called protocol-<version>.yaml")
    raw = path.read_bytes()
    try:
        document = yaml.load(raw, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader that also refuses a key twice
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else "the file"
        raise ProtocolError(f"{path}: {where}: not valid YAML: {error.problem}") from error
    except yaml.YAMLError as error:
        raise ProtocolError(f"{path}: not valid YAML: {error}") from error
    return protocol_parse(document, source=str(path), version=named["version"], sha256=hashlib.sha256(raw).hexdigest())


def protocol_versions() -> tuple[str, ...]:
    """The versions that have a protocol file, in the order of their file names."""
    matches = (_FILE_NAME.fullmatch(path.name) for path in sorted(PROTOCOL_DIRECTORY.glob("protocol-*.yaml")))
    return tuple(match["version"] for match in matches if match is not None)


@cache
def protocol_load(version: str) -> Protocol:
    """The protocol of ``version`` as Lika ships it, read once per process."""
    path = PROTOCOL_DIRECTORY / f"protocol-{version}.yaml"
    if not path.is_file():
        known = ", ".join(protocol_versions()) or "none"
        raise ProtocolError(f"{path}: no protocol version {version!r} (the versions are {known})")
    return protocol_read(path)
