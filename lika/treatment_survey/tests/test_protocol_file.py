"""The protocol file and its loader: the file gives the protocol unchanged, and a malformed one is refused by name."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from lika.treatment_survey.protocol import definition
from lika.treatment_survey.protocol.loader import (
    PROTOCOL_DIRECTORY,
    ProtocolError,
    protocol_load,
    protocol_parse,
    protocol_read,
    protocol_versions,
)
from lika.treatment_survey.tests.helpers import fixture_path, protocol_dump

SHIPPED = PROTOCOL_DIRECTORY / f"protocol-{definition.PROTOCOL_VERSION}.yaml"
DELETE = object()


def test_the_protocol_read_from_its_file_is_the_one_pinned_before_it_moved_there() -> None:
    """Every field of every object, in order, as the Python protocol had it (the fixture's script is tests/helpers.py)."""
    assert protocol_dump(definition) == fixture_path(definition.PROTOCOL_VERSION).read_text(encoding="utf-8")


def test_every_shipped_version_reads_and_the_one_in_force_is_among_them() -> None:
    versions = protocol_versions()
    assert definition.PROTOCOL_VERSION in versions
    for version in versions:
        assert protocol_load(version).version == version


def test_the_protocol_is_read_once() -> None:
    assert protocol_load(definition.PROTOCOL_VERSION) is protocol_load(definition.PROTOCOL_VERSION)
    assert definition.BEHAVIOURS is protocol_load(definition.PROTOCOL_VERSION).behaviours


def test_code_items_share_the_protocol_s_code_pattern_and_behaviours_their_item_s_short_name() -> None:
    codes = [i for i in (*definition.SESSION_ITEMS, *definition.CONTACT_ITEMS) if i.kind is definition.ItemKind.CODE]
    assert [i.name for i in codes] == ["observer_code", "contact_code", "officer_code"]
    assert {i.pattern for i in codes} == {definition.CODE_PATTERN}
    assert all(b.short is b.item.short for b in definition.BEHAVIOURS)


def _document() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))
    return document


_STEP = re.compile(r"([a-z_]+)|\[(\d+)\]")


def _edited(path: str, value: object) -> Any:
    """The shipped document with the value at ``path`` (``a.b[2].c``) replaced, or deleted with DELETE."""
    if not path:
        return value
    document = copy.deepcopy(_document())
    steps: list[str | int] = [key or int(index) for key, index in _STEP.findall(path)]
    parent: Any = document
    for step in steps[:-1]:
        parent = parent[step]
    if value is DELETE:
        del parent[steps[-1]]
    else:
        parent[steps[-1]] = value
    return document


REFUSALS = [
    # (what is wrong, path edited, new value, message after "test.yaml: ")
    (
        "top level not a mapping",
        "",
        [],
        "the top level: expected a mapping with version, code, scales, session, contact; got a list",
    ),
    (
        "unknown key at the top",
        "colour",
        "red",
        "colour: unknown key (the keys here are version, code, scales, session, contact)",
    ),
    (
        "unknown key in an item",
        "session.items[0].colour",
        "red",
        "session.items[0].colour: unknown key "
        "(the keys here are name, kind, label, definition, scale, short, relevance, behaviour)",
    ),
    (
        "missing key",
        "contact.sections[0].items[1].definition",
        DELETE,
        "contact.sections[0].items[1]: missing key 'definition'",
    ),
    ("missing English", "contact.label.en", DELETE, "contact.label: missing key 'en'"),
    (
        "duplicate item name",
        "contact.sections[1].items[0].name",
        "interpreter",
        "contact.sections[1].items[0].name: 'interpreter' is already the name at contact.sections[0].items[5].name",
    ),
    (
        "group named as an item",
        "contact.sections[1].group",
        "channel",
        "contact.sections[1].group: 'channel' is already the name at session.items[1].name",
    ),
    (
        "duplicate answer value",
        "scales.sexes[2].value",
        "male",
        "scales.sexes[2].value: 'male' appears twice (first at scales.sexes[1].value)",
    ),
    (
        "scale that does not exist",
        "contact.sections[0].items[3].scale",
        "sex",
        "contact.sections[0].items[3].scale: no scale 'sex' (the scales are channels, sexes, sex_bases)",
    ),
    (
        "choice item without a scale",
        "contact.sections[0].items[3].scale",
        DELETE,
        "contact.sections[0].items[3]: missing key 'scale' (a choice item names the scale of its answers)",
    ),
    (
        "scale on an item that is not a choice",
        "session.items[0].scale",
        "sexes",
        "session.items[0].scale: only a choice item has a scale, and this one is code",
    ),
    (
        "no channels scale",
        "scales.channels",
        DELETE,
        "scales: missing the scale 'channels', which the session's channel is chosen from",
    ),
    (
        "unknown kind",
        "session.items[3].kind",
        "datetime",
        "session.items[3].kind: 'datetime' is not a kind of item (yes_no, choice, site, channel, code, date)",
    ),
    (
        "name that is not a name",
        "session.items[2].name",
        "Site",
        "session.items[2].name: 'Site' is not a name (lower-case letters, digits and _, from a letter)",
    ),
    (
        "truth value for a text",
        "scales.channels[0].label.en",
        True,
        "scales.channels[0].label.en: expected a text; got true "
        "(a truth value; YAML reads yes, no, on, off, true and false so: quote texts)",
    ),
    ("empty text", "session.label.sv", "  ", "session.label.sv: the text is empty"),
    (
        "text for a flag",
        "contact.sections[2].items[0].behaviour.confirmatory",
        "yes",
        "contact.sections[2].items[0].behaviour.confirmatory: expected true or false; got 'yes'",
    ),
    (
        "number for the version",
        "version",
        2026.1,
        "version: expected a text; got 2026.1 (a number; quote it to make it a text)",
    ),
    (
        "version too long for a survey",
        "version",
        "2026.1-with-a-long-name",
        "version: '2026.1-with-a-long-name' is longer than the 20 characters a survey stores",
    ),
    (
        "single text for a list",
        "contact.sections[2].items[6].behaviour.practice.exercise",
        {"sv": "Öva", "en": "Practise"},
        "contact.sections[2].items[6].behaviour.practice.exercise: expected a list; got a mapping",
    ),
    ("empty list", "contact.sections[2].items", [], "contact.sections[2].items: the list is empty"),
    (
        "condition on an item asked later",
        "contact.sections[0].items[4].relevance",
        ["officer_left = yes"],
        "contact.sections[0].items[4].relevance[0]: 'client_sex_basis' depends on 'officer_left', "
        "which is not asked before it",
    ),
    (
        "condition on an item that does not exist",
        "contact.sections[2].items[2].relevance[1]",
        "officer_gone = yes",
        "contact.sections[2].items[2].relevance[1]: 'told_why_leaving' depends on 'officer_gone', "
        "which is not asked before it",
    ),
    (
        "condition with an answer the item does not have",
        "contact.sections[1].items[0].relevance[0]",
        "channel = phone or channel = fax",
        "contact.sections[1].items[0].relevance[0]: 'fax' is not an answer of 'channel' (phone, office, digital, embassy)",
    ),
    (
        "condition that is not one",
        "contact.sections[1].items[0].relevance[0]",
        "channel == phone",
        "contact.sections[1].items[0].relevance[0]: 'channel == phone' is not 'item = value' or 'item != value'",
    ),
    (
        "behaviour not answered yes or no",
        "contact.sections[0].items[3].behaviour",
        {"confirmatory": False, "practice": {}},
        "contact.sections[0].items[3].behaviour: a behaviour is answered yes or no and has a short name: "
        "kind yes_no and a short",
    ),
    (
        "pattern that is not a regular expression",
        "code.pattern",
        "[A-Z",
        "code.pattern: not a regular expression: unterminated character set at position 0",
    ),
]


@pytest.mark.parametrize(("path", "value", "message"), [row[1:] for row in REFUSALS], ids=[row[0] for row in REFUSALS])
def test_a_malformed_protocol_is_refused_with_the_place_and_the_fault(path: str, value: object, message: str) -> None:
    document = _edited(path, value)
    with pytest.raises(ProtocolError) as refused:
        protocol_parse(document, source="test.yaml")
    assert str(refused.value) == f"test.yaml: {message}"


def test_the_version_inside_must_be_the_file_s() -> None:
    with pytest.raises(ProtocolError) as refused:
        protocol_parse(_document(), source="test.yaml", version="2026.2")
    assert str(refused.value) == "test.yaml: version: '2026.1' differs from the version '2026.2' in the file name"


def _file(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        (
            "protocol-2026.1.yaml",
            "      sv: Telefonsamtal\n",
            "      sv: Telefonsamtal\n      sv: Samtal\n",
            "line {line}, column 7: not valid YAML: the key 'sv' appears twice in one mapping",
        ),
        (
            "protocol-2026.1.yaml",
            "  - value: phone\n",
            "  - value: yes\n",
            "scales.channels[0].value: expected a text; got true "
            "(a truth value; YAML reads yes, no, on, off, true and false so: quote texts)",
        ),
        (
            "protocol-2026.1.yaml",
            'version: "2026.1"',
            "version: 2026.1",
            "version: expected a text; got 2026.1 (a number; quote it to make it a text)",
        ),
        ("protocol-2027.1.yaml", "", "", "version: '2026.1' differs from the version '2027.1' in the file name"),
        ("protocol.yaml", "", "", "a protocol file is called protocol-<version>.yaml"),
    ],
)
def test_a_protocol_file_is_refused_with_its_name_and_the_place(
    tmp_path: Path, name: str, old: str, new: str, message: str
) -> None:
    """``{line}`` in the message is the line after the replaced text's first line."""
    text = SHIPPED.read_text(encoding="utf-8")
    assert old in text
    path = _file(tmp_path, name, text.replace(old, new, 1))
    with pytest.raises(ProtocolError) as refused:
        protocol_read(path)
    line = text[: text.index(old)].count("\n") + 2
    assert str(refused.value) == f"{path}: {message.format(line=line)}"


def test_a_version_without_a_file_is_refused_with_the_versions_there_are() -> None:
    with pytest.raises(ProtocolError, match=r"no protocol version '1999\.1' \(the versions are 2026\.1\)$"):
        protocol_load("1999.1")


def test_the_shipped_file_reads_as_itself(tmp_path: Path) -> None:
    """Guards the refusals above: the unedited document and file are accepted."""
    assert protocol_parse(_document(), source="test.yaml").contact_items == definition.CONTACT_ITEMS
    copied = _file(tmp_path, SHIPPED.name, SHIPPED.read_text(encoding="utf-8"))
    assert protocol_read(copied).sha256 == protocol_load(definition.PROTOCOL_VERSION).sha256
