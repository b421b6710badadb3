"""pain.001.001.09 files and card-load lines: what they say, that the schema accepts them, and what they refuse."""

from __future__ import annotations

import dataclasses
import datetime
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml import etree
from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError as StdnumError

from lika.allowance import payment_file
from lika.allowance.payment_file import (
    PAIN001_NAMESPACE,
    CardLoad,
    CreditTransfer,
    Debtor,
    PaymentFileError,
    PaymentFileHeader,
    card_load_lines,
    ore_format,
    pain001_build,
    pain001_validate,
)
from lika.demo.bank_accounts import iban_se_demo

NS = {"p": PAIN001_NAMESPACE}
STOCKHOLM_WINTER = datetime.timezone(datetime.timedelta(hours=1))
HEADER = PaymentFileHeader(
    message_id="LIKA-2025-03-RUN-1",
    payment_info_id="LIKA-2025-03-RUN-1-B1",
    created_at=datetime.datetime(2025, 3, 20, 9, 30, 15, 123456, tzinfo=STOCKHOLM_WINTER),
    execution_date=datetime.date(2025, 3, 25),
)
DEBTOR = Debtor(name="Migrationsverket", iban=iban_se_demo(900_000_001), bic="ESSESESS")
TRANSFERS = (
    CreditTransfer("E2E-0003", 189100, "Åsa Ödegård", iban_se_demo(3), "Dagersättning mars 2025"),
    CreditTransfer("E2E-0001", 5, "Amina Yusuf", iban_se_demo(1), "Dagersättning mars 2025"),
    CreditTransfer("E2E-0002", 71, "Tesfay Haile", iban_se_demo(2), "Dagersättning mars 2025, rättelse"),
)


def _build(transfers: Sequence[CreditTransfer] = TRANSFERS, **header: Any) -> bytes:
    return pain001_build(header=dataclasses.replace(HEADER, **header), debtor=DEBTOR, transfers=transfers)


def _parse(xml: bytes) -> etree._Element:
    return etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True))


def _text(element: etree._Element, path: str) -> str:
    found = element.find(path, NS)
    assert found is not None, path
    assert found.text is not None, path
    return found.text


def _line_of(xml: bytes, needle: bytes) -> int:
    return xml[: xml.index(needle)].count(b"\n") + 1


def test_a_built_file_passes_the_schema_and_says_what_was_asked() -> None:
    xml = _build()
    pain001_validate(xml)
    assert xml.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    assert "Åsa Ödegård".encode() in xml

    document = _parse(xml)
    group = "p:CstmrCdtTrfInitn/p:GrpHdr/"
    batch = "p:CstmrCdtTrfInitn/p:PmtInf/"
    assert _text(document, group + "p:MsgId") == "LIKA-2025-03-RUN-1"
    assert _text(document, group + "p:CreDtTm") == "2025-03-20T09:30:15+01:00"
    assert _text(document, group + "p:NbOfTxs") == "3"
    assert _text(document, group + "p:CtrlSum") == "1891.76"
    assert _text(document, group + "p:InitgPty/p:Nm") == "Migrationsverket"
    assert _text(document, batch + "p:PmtInfId") == "LIKA-2025-03-RUN-1-B1"
    assert _text(document, batch + "p:PmtMtd") == "TRF"
    assert _text(document, batch + "p:BtchBookg") == "true"
    assert _text(document, batch + "p:NbOfTxs") == "3"
    assert _text(document, batch + "p:CtrlSum") == "1891.76"
    assert _text(document, batch + "p:ReqdExctnDt/p:Dt") == "2025-03-25"
    assert _text(document, batch + "p:DbtrAcct/p:Id/p:IBAN") == DEBTOR.iban
    assert _text(document, batch + "p:DbtrAgt/p:FinInstnId/p:BICFI") == "ESSESESS"

    written = [
        (
            _text(transaction, "p:PmtId/p:EndToEndId"),
            _text(transaction, "p:Amt/p:InstdAmt"),
            transaction.find("p:Amt/p:InstdAmt", NS).get("Ccy"),  # type: ignore[union-attr]
            _text(transaction, "p:Cdtr/p:Nm"),
            _text(transaction, "p:CdtrAcct/p:Id/p:IBAN"),
            _text(transaction, "p:RmtInf/p:Ustrd"),
        )
        for transaction in document.iterfind(batch + "p:CdtTrfTxInf", NS)
    ]
    assert written == [
        ("E2E-0001", "0.05", "SEK", "Amina Yusuf", iban_se_demo(1), "Dagersättning mars 2025"),
        ("E2E-0002", "0.71", "SEK", "Tesfay Haile", iban_se_demo(2), "Dagersättning mars 2025, rättelse"),
        ("E2E-0003", "1891.00", "SEK", "Åsa Ödegård", iban_se_demo(3), "Dagersättning mars 2025"),
    ]


@pytest.mark.parametrize(
    ("amount_ore", "text"),
    [(1, "0.01"), (99, "0.99"), (100, "1.00"), (189100, "1891.00"), (10**10, "100000000.00")],
)
def test_amounts_are_written_from_ore_exactly(amount_ore: int, text: str) -> None:
    assert ore_format(amount_ore) == text
    xml = _build([CreditTransfer("E2E-1", amount_ore, "Amina Yusuf", iban_se_demo(1), "LMA")])
    pain001_validate(xml)
    assert _text(_parse(xml), "p:CstmrCdtTrfInitn/p:PmtInf/p:CdtTrfTxInf/p:Amt/p:InstdAmt") == text


@pytest.mark.parametrize("amount", [-1, 1.5, Decimal("1.00"), True])
def test_ore_format_takes_only_whole_non_negative_ore(amount: object) -> None:
    with pytest.raises(PaymentFileError, match="whole, non-negative"):
        ore_format(amount)  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(amounts=st.lists(st.integers(min_value=1, max_value=10**13), min_size=1, max_size=30))
def test_control_sums_are_the_exact_sum_of_the_amounts(amounts: list[int]) -> None:
    transfers = [
        CreditTransfer(f"E2E-{i}", amount, f"Payee {i}", iban_se_demo(i), "LMA") for i, amount in enumerate(amounts)
    ]
    xml = _build(transfers)
    pain001_validate(xml)
    document = _parse(xml)
    for path in ("p:CstmrCdtTrfInitn/p:GrpHdr/p:CtrlSum", "p:CstmrCdtTrfInitn/p:PmtInf/p:CtrlSum"):
        assert Decimal(_text(document, path)) * 100 == sum(amounts)
    written = {
        _text(transaction, "p:PmtId/p:EndToEndId"): Decimal(_text(transaction, "p:Amt/p:InstdAmt")) * 100
        for transaction in document.iterfind("p:CstmrCdtTrfInitn/p:PmtInf/p:CdtTrfTxInf", NS)
    }
    assert written == {f"E2E-{i}": amount for i, amount in enumerate(amounts)}


def _transfer_with(**changes: Any) -> list[CreditTransfer]:
    """The sample transfers with the one at index 1 changed."""
    return [TRANSFERS[0], dataclasses.replace(TRANSFERS[1], **changes), TRANSFERS[2]]


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"amount_ore": 0}, "amount_ore", "positive"),
        ({"amount_ore": -500}, "amount_ore", "positive"),
        ({"amount_ore": 12.5}, "amount_ore", "whole öre"),
        ({"amount_ore": 10**18}, "amount_ore", "18 digits"),
        ({"creditor_iban": "SE0099900000000000000001"}, "creditor_iban", "not a valid IBAN"),
        ({"creditor_iban": "SE93999"}, "creditor_iban", "not a valid IBAN"),
        ({"end_to_end_id": "E" * 36}, "end_to_end_id", "36 characters"),
        ({"end_to_end_id": "E2E 0001"}, "end_to_end_id", "nothing else"),
        ({"end_to_end_id": ""}, "end_to_end_id", "nothing else"),
        ({"end_to_end_id": "E2E-0003"}, "end_to_end_id", "repeats the transfer at index 0"),
        ({"creditor_name": "   "}, "creditor_name", "not empty"),
        ({"creditor_name": "Amina\nYusuf"}, "creditor_name", "U+000A"),
        ({"remittance": ""}, "remittance", "not empty"),
        ({"remittance": "x" * 141}, "remittance", "141 characters"),
    ],
)
def test_a_bad_transfer_is_refused_naming_index_id_and_field(
    changes: dict[str, object], field: str, words: str
) -> None:
    transfers = _transfer_with(**changes)
    with pytest.raises(PaymentFileError) as raised:
        _build(transfers)
    error = raised.value
    assert (error.index, error.field, error.end_to_end_id) == (1, field, transfers[1].end_to_end_id)
    assert f"transfer at index 1 (end-to-end id {transfers[1].end_to_end_id!r}), field {field}:" in str(error)
    assert words in str(error)


def test_ids_and_remittance_at_the_schema_limits_are_taken() -> None:
    longest = "E" * 35
    xml = _build(_transfer_with(end_to_end_id=longest, remittance="x" * 140), message_id="M" * 35)
    pain001_validate(xml)
    assert longest.encode() in xml


@pytest.mark.parametrize(
    ("header", "debtor", "transfers", "field"),
    [
        ({"message_id": "M" * 36}, {}, TRANSFERS, "message_id"),
        ({"payment_info_id": "P" * 36}, {}, TRANSFERS, "payment_info_id"),
        ({"created_at": datetime.datetime(2025, 3, 20, 9, 30)}, {}, TRANSFERS, "created_at"),  # noqa: DTZ001
        ({"execution_date": datetime.datetime(2025, 3, 25, tzinfo=datetime.UTC)}, {}, TRANSFERS, "execution_date"),
        ({}, {"iban": "SE2899900000000000000008"}, TRANSFERS, "iban"),
        ({}, {"bic": "ESSESES"}, TRANSFERS, "bic"),
        ({}, {"bic": "ESSE1ESS"}, TRANSFERS, "bic"),
        ({}, {"name": ""}, TRANSFERS, "name"),
        ({}, {}, (), "transfers"),
    ],
)
def test_a_bad_header_debtor_or_empty_run_is_refused_naming_the_field(
    header: dict[str, Any], debtor: dict[str, Any], transfers: Sequence[CreditTransfer], field: str
) -> None:
    with pytest.raises(PaymentFileError) as raised:
        pain001_build(
            header=dataclasses.replace(HEADER, **header),
            debtor=dataclasses.replace(DEBTOR, **debtor),
            transfers=transfers,
        )
    assert raised.value.field == field
    assert raised.value.index is None


def test_long_names_are_cut_to_70_characters_not_refused() -> None:
    long_name = "Nur " + "A" * 70 + " Hussein"
    xml = _build(_transfer_with(creditor_name=long_name))
    pain001_validate(xml)
    names = [element.text for element in _parse(xml).iterfind(".//p:Cdtr/p:Nm", NS)]
    assert names[0] == ("Nur " + "A" * 70)[:70]
    assert len(names[0] or "") == 70


def test_names_and_remittance_are_written_composed() -> None:
    decomposed = unicodedata.normalize("NFD", "Åsa Ödegård")
    xml = _build(_transfer_with(creditor_name=decomposed, remittance=decomposed))
    pain001_validate(xml)
    assert xml.count("<Nm>Åsa Ödegård</Nm>".encode()) == 2
    assert "<Ustrd>Åsa Ödegård</Ustrd>".encode() in xml
    assert decomposed.encode() not in xml


def test_ibans_are_written_in_compact_form() -> None:
    spaced = " ".join(iban_se_demo(1)[i : i + 4] for i in range(0, 24, 4)).lower()
    xml = _build(_transfer_with(creditor_iban=spaced))
    pain001_validate(xml)
    assert f"<IBAN>{iban_se_demo(1)}</IBAN>".encode() in xml


def test_the_same_transfers_give_the_same_bytes_in_any_order() -> None:
    first = _build()
    assert _build() == first
    assert _build(list(reversed(TRANSFERS))) == first
    assert _build(created_at=HEADER.created_at + datetime.timedelta(seconds=1)) != first


def _lxml_document(transfers: Sequence[CreditTransfer], debtor_name: str) -> bytes:
    """The document as a tree of lxml elements serialised with pretty_print: what the writer must equal."""

    def child(parent: etree._Element, name: str, text: str | None = None, currency: str = "") -> etree._Element:
        element = etree.SubElement(parent, f"{{{PAIN001_NAMESPACE}}}{name}")
        if currency:
            element.set("Ccy", currency)
        if text is not None:
            element.text = text
        return element

    def clean(text: str, limit: int | None = None) -> str:
        composed = unicodedata.normalize("NFC", text)
        return composed.strip()[:limit].rstrip() if limit else composed

    rows = sorted(transfers, key=lambda row: row.end_to_end_id)
    count, total = str(len(rows)), ore_format(sum(row.amount_ore for row in rows))
    document = etree.Element(f"{{{PAIN001_NAMESPACE}}}Document", nsmap={None: PAIN001_NAMESPACE})
    initiation = child(document, "CstmrCdtTrfInitn")
    group = child(initiation, "GrpHdr")
    for name, text in (("MsgId", HEADER.message_id), ("CreDtTm", HEADER.created_at.isoformat(timespec="seconds"))):
        child(group, name, text)
    child(group, "NbOfTxs", count)
    child(group, "CtrlSum", total)
    child(child(group, "InitgPty"), "Nm", clean(debtor_name, 70))
    payment = child(initiation, "PmtInf")
    child(payment, "PmtInfId", HEADER.payment_info_id)
    child(payment, "PmtMtd", "TRF")
    child(payment, "BtchBookg", "true")
    child(payment, "NbOfTxs", count)
    child(payment, "CtrlSum", total)
    child(child(payment, "ReqdExctnDt"), "Dt", HEADER.execution_date.isoformat())
    child(child(payment, "Dbtr"), "Nm", clean(debtor_name, 70))
    child(child(child(payment, "DbtrAcct"), "Id"), "IBAN", DEBTOR.iban)
    child(child(child(payment, "DbtrAgt"), "FinInstnId"), "BICFI", DEBTOR.bic)
    for row in rows:
        transaction = child(payment, "CdtTrfTxInf")
        child(child(transaction, "PmtId"), "EndToEndId", row.end_to_end_id)
        child(child(transaction, "Amt"), "InstdAmt", ore_format(row.amount_ore), currency="SEK")
        child(child(transaction, "Cdtr"), "Nm", clean(row.creditor_name, 70))
        child(child(child(transaction, "CdtrAcct"), "Id"), "IBAN", row.creditor_iban)
        child(child(transaction, "RmtInf"), "Ustrd", clean(row.remittance))
    declaration = b'<?xml version="1.0" encoding="UTF-8"?>\n'
    return declaration + etree.tostring(document, encoding="UTF-8", xml_declaration=False, pretty_print=True)


# Any text a name or remittance may hold: no controls, surrogates or non-characters (those are refused).
_WRITABLE = st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff")


@settings(max_examples=60, deadline=None)
@given(
    names=st.lists(st.text(_WRITABLE, min_size=1, max_size=90).filter(str.strip), min_size=1, max_size=6),
    remittance=st.text(_WRITABLE, min_size=1, max_size=140).filter(str.strip),
    debtor_name=st.text(_WRITABLE, min_size=1, max_size=80).filter(str.strip),
    amounts=st.lists(st.integers(min_value=1, max_value=10**9), min_size=6, max_size=6),
)
@example(names=["A & B <c> \"d\" 'e'"], remittance="x > y & z", debtor_name="Verket & co", amounts=[1] * 6)
def test_the_written_file_is_byte_for_byte_what_lxml_serialises(
    names: list[str], remittance: str, debtor_name: str, amounts: list[int]
) -> None:
    """The template writer escapes and indents exactly as lxml's tree and pretty_print would."""
    transfers = [
        CreditTransfer(f"E2E-{n:04d}", amounts[n], name, iban_se_demo(n + 1), remittance)
        for n, name in enumerate(names)
    ]
    debtor = dataclasses.replace(DEBTOR, name=debtor_name)
    written = pain001_build(header=HEADER, debtor=debtor, transfers=transfers)
    assert written == _lxml_document(transfers, debtor_name)


# The batch's CtrlSum is the second one in the file, after the group header's.
BATCH_CTRL_SUM = b"<CtrlSum>1891.76</CtrlSum>\n      <ReqdExctnDt>"


@pytest.mark.parametrize(
    ("old", "new", "words", "at"),
    [
        (b"<MsgId>LIKA-2025-03-RUN-1</MsgId>", b"", "Expected is ( MsgId )", b"<CreDtTm>"),
        (b'<InstdAmt Ccy="SEK">1891.00<', b'<InstdAmt Ccy="SEK">1891,00<', "'1891,00'", None),
        (b'<InstdAmt Ccy="SEK">1891.00<', b'<InstdAmt Ccy="SEK">-1891.00<', "'-1891.00'", None),
        (b'<InstdAmt Ccy="SEK">1891.00<', b"<InstdAmt>1891.00<", "Ccy", None),
        (b'<InstdAmt Ccy="SEK">0.05<', b'<InstdAmt Ccy="SEK">0.055<', "finer than whole öre", None),
        (b'<InstdAmt Ccy="SEK">0.05<', b'<InstdAmt Ccy="EUR">0.05<', "SEK only", None),
        (b'<InstdAmt Ccy="SEK">0.05<', b'<InstdAmt Ccy="SEK">0.06<', "PmtInf/CtrlSum says 1891.76", BATCH_CTRL_SUM),
        (b"<CtrlSum>1891.76</CtrlSum>", b"<CtrlSum>1891.77</CtrlSum>", "GrpHdr/CtrlSum says 1891.77", None),
        (b"<NbOfTxs>3</NbOfTxs>", b"<NbOfTxs>4</NbOfTxs>", "GrpHdr/NbOfTxs says 4", None),
        (b"<BICFI>ESSESESS</BICFI>", b"<BICFI>essesess</BICFI>", "'essesess'", None),
        (b"</Document>", b"</Documen>", "not well-formed", None),
    ],
)
def test_a_tampered_document_fails_validation_at_its_line(old: bytes, new: bytes, words: str, at: bytes | None) -> None:
    """The error names the changed element's line, or for a missing element the line of the one found instead,
    or for a control sum the total that no longer agrees."""
    built = _build()
    assert old in built
    xml = built.replace(old, new, 1)
    line = _line_of(xml, new if at is None else at)
    with pytest.raises(PaymentFileError) as raised:
        pain001_validate(xml)
    message = str(raised.value)
    assert words in message
    assert raised.value.line == line
    assert message.startswith(f"line {line}: ")


def test_a_document_with_a_doctype_is_refused_without_expanding_entities() -> None:
    xml = _build().replace(
        b"<Document",
        b'<!DOCTYPE Document [<!ENTITY secret SYSTEM "file:///etc/hostname">]>\n<Document',
        1,
    )
    xml = xml.replace(b"LIKA-2025-03-RUN-1</MsgId>", b"&secret;</MsgId>", 1)
    with pytest.raises(PaymentFileError, match="DOCTYPE"):
        pain001_validate(xml)


def test_card_load_lines_are_csv_sorted_by_card() -> None:
    text = card_load_lines(
        run_reference="LIKA-2025-03",
        loads=[
            CardLoad("CARD-0300", 189100, "E2E-0003"),
            CardLoad("CARD-0100", 5, "E2E-0001"),
            CardLoad("CARD-0200,B", 10**10, "E2E-0002"),
        ],
    )
    assert text == (
        "run_reference,card_reference,end_to_end_id,amount_ore,amount_sek\n"
        "LIKA-2025-03,CARD-0100,E2E-0001,5,0.05\n"
        'LIKA-2025-03,"CARD-0200,B",E2E-0002,10000000000,100000000.00\n'
        "LIKA-2025-03,CARD-0300,E2E-0003,189100,1891.00\n"
    )


def test_a_card_shared_by_two_adults_gets_a_line_for_each() -> None:
    """A joint card carries two people's money; each keeps a line and an end-to-end id of their own."""
    text = card_load_lines(
        run_reference="R", loads=[CardLoad("CARD-1", 200, "E2E-B"), CardLoad("CARD-1", 100, "E2E-A")]
    )
    assert text.splitlines()[1:] == ["R,CARD-1,E2E-A,100,1.00", "R,CARD-1,E2E-B,200,2.00"]


@given(st.permutations([CardLoad(f"CARD-{i}", 100 + i, f"E2E-{i}") for i in range(6)]))
def test_card_load_lines_do_not_depend_on_input_order(loads: list[CardLoad]) -> None:
    lines = card_load_lines(run_reference="R", loads=loads).splitlines()
    assert lines[1:] == [f"R,CARD-{i},E2E-{i},{100 + i},{ore_format(100 + i)}" for i in range(6)]


@pytest.mark.parametrize(
    ("load", "field", "words"),
    [
        (CardLoad("CARD-2", 100, "E2E-1"), "end_to_end_id", "repeats the card load at index 0"),
        (CardLoad("CARD-2", 0, "E2E-2"), "amount_ore", "positive"),
        (CardLoad("CARD-2", -100, "E2E-2"), "amount_ore", "positive"),
        (CardLoad("CARD-2", 100, "E" * 36), "end_to_end_id", "36 characters"),
        (CardLoad("", 100, "E2E-2"), "card_reference", "not empty"),
        (CardLoad("CARD-2\r\n", 100, "E2E-2"), "card_reference", "U+000D"),
    ],
)
def test_a_bad_card_load_is_refused_naming_index_and_field(load: CardLoad, field: str, words: str) -> None:
    with pytest.raises(PaymentFileError) as raised:
        card_load_lines(run_reference="R", loads=[CardLoad("CARD-1", 100, "E2E-1"), load])
    assert (raised.value.index, raised.value.field) == (1, field)
    assert "card load at index 1" in str(raised.value)
    assert words in str(raised.value)


@pytest.mark.parametrize(("run_reference", "loads"), [("R", []), (" R", [CardLoad("CARD-1", 100, "E2E-1")])])
def test_card_load_lines_need_loads_and_a_clean_run_reference(run_reference: str, loads: list[CardLoad]) -> None:
    with pytest.raises(PaymentFileError):
        card_load_lines(run_reference=run_reference, loads=loads)


@given(
    st.integers(min_value=0, max_value=10**9),
    st.integers(min_value=2, max_value=23),
    st.sampled_from("0123456789AZ "),
)
@example(n=4613148, position=2, character="A")  # python-stdnum accepts this one; the check digits are no digits
def test_the_quick_swedish_iban_check_agrees_with_python_stdnum(n: int, position: int, character: str) -> None:
    """The file's own check of Swedish IBANs accepts and refuses what python-stdnum does, and is stricter in one
    place: the check digits (positions 2 and 3) must be digits (ISO 13616), while python-stdnum counts a letter
    there as its number and accepts it when the sum happens to come out right (``SEA1…``)."""
    valid = iban_se_demo(n)
    changed = valid[:position] + character + valid[position + 1 :]
    for candidate in (valid, changed):
        try:
            ours = payment_file._iban_valid.__wrapped__(candidate)
        except StdnumError:
            ours = None
        if not candidate[2:4].isdigit():
            assert ours is None
        else:
            assert (ours is not None) == stdnum_iban.is_valid(candidate)


@pytest.mark.parametrize("reference", ["=HYPERLINK(1)", "+4612", "@SUM(1)", "-1+1"])
def test_a_card_reference_a_spreadsheet_would_run_is_refused_not_changed(reference: str) -> None:
    """The shared CSV writer would put an apostrophe before it, and so load another card: it is refused."""
    with pytest.raises(PaymentFileError, match="card_reference"):
        card_load_lines(run_reference="LIKA-2025-03", loads=[CardLoad(reference, 5, "E2E-0001")])
