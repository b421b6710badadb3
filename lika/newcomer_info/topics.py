"""Lika's own starting texts for Om Sverige: the topic pages and the accessibility statement.

The texts live in YAML files under ``texts/`` (Swedish and English side by side, block for
block, and Arabic, Persian, Dari, Tigrinya and Somali where a file has them).
:func:`om_sverige_content_load` makes the Swedish pages and then each translation through
wagtail-localize, exactly as a communicator's translation would be stored: a ``TranslationSource``
for each Swedish page, a ``Translation`` into each language and a translated string for every
segment. Communicators then edit every language in Wagtail, and wagtail-localize tells them when
the Swedish text has changed since the translation. Translations other than English are drafts by
the team until reviewed (:mod:`lika.newcomer_info.review`).

A page that exists already (matched by its Swedish slug under the start page) is left as it is,
so reloading never overwrites an editor's work; it only gains the languages it lacks, and only
while its Swedish text is still the file's.
"""

from __future__ import annotations

import datetime
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polib
import yaml
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from wagtail.blocks import StreamValue
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from lika.audit.acting import Acting
from lika.audit.actions import Action
from lika.newcomer_info.blocks import AuthorityLinksBlock, BodyBlock
from lika.newcomer_info.content import om_sverige_install
from lika.newcomer_info.models import AccessibilityStatementPage, OmSverigeIndexPage, TopicPage
from lika.newcomer_info.models.pages import ComplianceStatus

CONTENT_DIR = Path(__file__).resolve().parent / "texts"
LANGUAGES = ("sv", "en")  # every file has these
# The languages a file may add, in the order they are loaded. A language missing from a file leaves
# that page untranslated there: its readers get English (lika/newcomer_info/selectors.py).
TRANSLATION_LANGUAGES = ("en", "ar", "fa", "prs", "ti", "so")
# For the messages about a file, which are in English like the files' keys.
LANGUAGE_NAMES = {"en": "English", "ar": "Arabic", "fa": "Persian", "prs": "Dari", "ti": "Tigrinya", "so": "Somali"}
# Stable block ids, so that the Swedish page and its English twin line up segment by segment and
# a reload on another machine gives the same ids.
_BLOCK_NAMESPACE = uuid.UUID("5f0c9a53-3d0e-4b8e-9a51-6c1d3f2b7e40")
_BODY_TYPES = ("heading", "paragraph", "fact")
_INACCESSIBLE_REASONS = ("non_compliance", "disproportionate_burden", "outside_scope")


class ContentFileError(ValidationError):
    """A content file Lika cannot load; the message names the file and the field."""


@dataclass(frozen=True)
class PageText:
    """One page in one language, as the YAML file gives it."""

    fields: Mapping[str, Any]
    body: tuple[tuple[str, Any], ...] = ()
    links: tuple[Mapping[str, str], ...] = ()
    inaccessible: tuple[Mapping[str, str], ...] = ()


@dataclass(frozen=True)
class PageSource:
    """One content file: the Swedish slug, the settings every language shares, and each language's text."""

    file: str
    kind: str  # "start", "topic" or "statement"
    slug: str
    shared: Mapping[str, Any]
    texts: Mapping[str, PageText]


@dataclass
class LoadResult:
    """What a load did, by Swedish slug: pages it made (or, for the start page, filled in), pages it left
    as they were, and pages it translated into English (``translated``) and into each other language
    (``translated_into``, by language code)."""

    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    translated: list[str] = field(default_factory=list)
    translated_into: dict[str, list[str]] = field(default_factory=dict)


# --- Reading and checking the files -------------------------------------------------------------


def _problem(file: str, where: str, message: str) -> ContentFileError:
    return ContentFileError(f"{file}: {where}: {message}")


def _text(data: Mapping[str, Any], key: str, file: str, where: str, *, required: bool = True) -> str:
    value = data.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise _problem(file, f"{where}{key}", "write text here.")
    if required and not value.strip():
        raise _problem(file, f"{where}{key}", "this text is missing.")
    return value.strip()


def _mapping(value: Any, file: str, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _problem(file, where, "expected keys and values here.")
    return value


def _list(value: Any, file: str, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _problem(file, where, "expected a list here.")
    return value


def _https_url(value: str, file: str, where: str) -> str:
    try:
        URLValidator(schemes=["https"])(value)
    except ValidationError as error:
        raise _problem(file, where, f"{value!r} is not an https address.") from error
    return value


def _body(items: list[Any], file: str, where: str) -> tuple[tuple[str, Any], ...]:
    body: list[tuple[str, Any]] = []
    for index, item in enumerate(items):
        here = f"{where}[{index}]"
        block = _mapping(item, file, here)
        if len(block) != 1 or next(iter(block)) not in _BODY_TYPES:
            raise _problem(file, here, f"write exactly one of {', '.join(_BODY_TYPES)}.")
        kind, value = next(iter(block.items()))
        if kind == "fact":
            fact = _mapping(value, file, f"{here}.fact")
            body.append(
                (
                    kind,
                    {
                        "title": _text(fact, "title", file, f"{here}.fact."),
                        "text": _text(fact, "text", file, f"{here}.fact."),
                    },
                )
            )
        else:
            body.append((kind, _text(block, kind, file, f"{here}.")))
    return tuple(body)


def _links(items: list[Any], file: str, where: str) -> tuple[Mapping[str, str], ...]:
    links = []
    for index, item in enumerate(items):
        here = f"{where}[{index}]."
        link = _mapping(item, file, here.rstrip("."))
        links.append(
            {
                "name": _text(link, "name", file, here),
                "url": _https_url(_text(link, "url", file, here), file, f"{here}url"),
                "description": _text(link, "description", file, here, required=False),
            }
        )
    return tuple(links)


def _inaccessible(items: list[Any], file: str, where: str) -> tuple[Mapping[str, str], ...]:
    parts = []
    for index, item in enumerate(items):
        here = f"{where}[{index}]."
        part = _mapping(item, file, here.rstrip("."))
        reason = _text(part, "reason", file, here)
        if reason not in _INACCESSIBLE_REASONS:
            raise _problem(file, f"{here}reason", f"use one of {', '.join(_INACCESSIBLE_REASONS)}.")
        parts.append(
            {
                "description": _text(part, "description", file, here),
                "reason": reason,
                "planned_fix": _text(part, "planned_fix", file, here, required=False),
            }
        )
    return tuple(parts)


def _date(data: Mapping[str, Any], key: str, file: str) -> datetime.date:
    value = data.get(key)
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError as error:
        raise _problem(file, key, f"write a date as YYYY-MM-DD, not {value!r}.") from error


def _page_text(kind: str, data: Mapping[str, Any], file: str, language: str) -> PageText:
    where = f"{language}."
    fields: dict[str, Any] = {
        "title": _text(data, "title", file, where),
        "seo_title": _text(data, "seo_title", file, where, required=False),
        "search_description": _text(data, "search_description", file, where, required=False),
    }
    if language == "en" or (language != "sv" and data.get("slug")):
        fields["slug"] = _text(data, "slug", file, where)
    if kind == "start":
        fields["intro"] = _text(data, "intro", file, where)
        return PageText(fields)
    if kind == "statement":
        fields["response_time"] = _text(data, "response_time", file, where)
        fields["assessment_method"] = _text(data, "assessment_method", file, where)
        items = _list(data.get("inaccessible_content"), file, f"{where}inaccessible_content")
        return PageText(fields, inaccessible=_inaccessible(items, file, f"{where}inaccessible_content"))
    fields["summary"] = _text(data, "summary", file, where)
    body = _body(_list(data.get("body"), file, f"{where}body"), file, f"{where}body")
    links = _links(_list(data.get("links"), file, f"{where}links"), file, f"{where}links")
    if not links:
        raise _problem(file, f"{where}links", "link to at least one authority that serves the topic.")
    return PageText(fields, body=body, links=links)


def _shared(kind: str, data: Mapping[str, Any], file: str) -> dict[str, Any]:
    if kind == "topic":
        quick_exit = data.get("quick_exit", False)
        if not isinstance(quick_exit, bool):
            raise _problem(file, "quick_exit", "write true or false.")
        return {"quick_exit": quick_exit}
    if kind == "statement":
        status = _text(data, "compliance_status", file, "")
        if status not in ComplianceStatus.values:
            raise _problem(file, "compliance_status", f"use one of {', '.join(ComplianceStatus.values)}.")
        email = _text(data, "contact_email", file, "")
        try:
            validate_email(email)
        except ValidationError as error:
            raise _problem(file, "contact_email", f"{email!r} is not an e-mail address.") from error
        return {
            "compliance_status": status,
            "contact_email": email,
            "contact_phone": _text(data, "contact_phone", file, "", required=False),
            "prepared_on": _date(data, "prepared_on", file),
            "reviewed_on": _date(data, "reviewed_on", file),
        }
    return {}


def _same_structure(source: PageSource) -> None:
    """Refuses a file where a translation does not have the Swedish text's blocks in the same order."""
    sv = source.texts["sv"]
    for language, text in source.texts.items():
        if language == "sv":
            continue
        for where, first, second in (
            ("body", [kind for kind, _ in sv.body], [kind for kind, _ in text.body]),
            ("links", [link["url"] for link in sv.links], [link["url"] for link in text.links]),
            (
                "inaccessible_content",
                [part["reason"] for part in sv.inaccessible],
                [part["reason"] for part in text.inaccessible],
            ),
        ):
            if first != second:
                raise _problem(
                    source.file,
                    f"{language}.{where}",
                    f"must have the same blocks in the same order as sv.{where} "
                    f"({first} in Swedish, {second} in {language}).",
                )
        for key in ("seo_title", "search_description"):
            if bool(sv.fields[key]) != bool(text.fields[key]):
                raise _problem(source.file, f"{language}.{key}", f"fill it in every language or in none (sv.{key}).")


def content_file_read(path: Path, kind: str, directory: Path = CONTENT_DIR) -> PageSource:
    """Reads and checks one content file; a problem raises :class:`ContentFileError` naming file and field.

    The file is named by its path in ``directory``, e.g. ``topics/02-arbete.yaml``.
    """
    file = path.relative_to(directory).as_posix() if path.is_relative_to(directory) else path.name
    if not path.is_file():
        raise _problem(file, "file", "no such file.")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f"line {mark.line + 1}" if mark is not None else "file"
        raise _problem(file, line, f"not valid YAML ({getattr(error, 'problem', error)}).") from error
    data = _mapping(data, file, "file")
    slug = _text(data, "slug", file, "")
    texts = {}
    for language in LANGUAGES:
        texts[language] = _page_text(kind, _mapping(data.get(language), file, language), file, language)
    for language in TRANSLATION_LANGUAGES:
        if language not in texts and data.get(language) is not None:
            texts[language] = _page_text(kind, _mapping(data.get(language), file, language), file, language)
    source = PageSource(file=file, kind=kind, slug=slug, shared=_shared(kind, data, file), texts=texts)
    _same_structure(source)
    return source


def content_files_read(directory: Path = CONTENT_DIR) -> list[PageSource]:
    """Every content file in load order: the start page, the topics by their number, the statement."""
    sources = [content_file_read(directory / "start.yaml", "start", directory)]
    topic_paths = sorted((directory / "topics").glob("*.yaml"))
    sources += [content_file_read(path, "topic", directory) for path in topic_paths]
    sources.append(content_file_read(directory / "accessibility.yaml", "statement", directory))
    slugs = Counter(source.slug for source in sources[1:])
    twice = sorted(slug for slug, count in slugs.items() if count > 1)
    if twice:
        raise ContentFileError(f"topics: the slug {', '.join(twice)} is used by more than one file.")
    return sources


# --- Building pages -----------------------------------------------------------------------------


def _block_id(slug: str, field_name: str, index: int) -> str:
    return str(uuid.uuid5(_BLOCK_NAMESPACE, f"{slug}/{field_name}/{index}"))


def _stream(block: Any, slug: str, field_name: str, items: Iterable[tuple[str, Any]]) -> StreamValue:
    raw = [
        {"type": kind, "value": value, "id": _block_id(slug, field_name, index)}
        for index, (kind, value) in enumerate(items)
    ]
    return StreamValue(block, raw, is_lazy=True)


def _page(source: PageSource, language: str, locale: Locale) -> Page:
    """An unsaved page of ``source`` in ``language``, with the block ids every language shares."""
    text = source.texts[language]
    fields = {"slug": source.slug, **text.fields, "locale": locale}
    if source.kind == "start":
        return OmSverigeIndexPage(**fields)
    if source.kind == "statement":
        inaccessible = [("item", dict(part)) for part in text.inaccessible]
        return AccessibilityStatementPage(
            **fields,
            **source.shared,
            inaccessible_content=_stream(
                AccessibilityStatementPage.inaccessible_content.field.stream_block,
                source.slug,
                "inaccessible_content",
                inaccessible,
            ),
        )
    return TopicPage(
        **fields,
        **source.shared,
        show_in_menus=True,
        body=_stream(BodyBlock(), source.slug, "body", text.body),
        authority_links=_stream(
            AuthorityLinksBlock(), source.slug, "authority_links", [("authority", dict(link)) for link in text.links]
        ),
    )


def _translated_strings(source: PageSource, page: Page, twin: Page, language: str) -> dict[tuple[str, int], str]:
    """The ``language`` text of each of the Swedish page's string segments, matched by path and position."""
    swedish = [(path, position) for path, position, _ in _string_keys(page)]
    translated = {(path, position): text for path, position, text in _string_keys(twin)}
    if swedish != list(translated):
        differ = [a for a, b in zip(swedish, translated, strict=False) if a != b]
        first = differ[0] if differ else max(swedish, list(translated), key=len)[min(len(swedish), len(translated))]
        raise _problem(
            source.file,
            language,
            f"the {LANGUAGE_NAMES[language]} text does not split into the same parts as the Swedish one "
            f"(paragraphs, list items and links must match); first difference at {first[0]}.",
        )
    return translated


def _string_keys(page: Page) -> list[tuple[str, int, str]]:
    """(path, position among the strings at that path, text) of every string segment of ``page``, in order.

    The text is as wagtail-localize stores it: rich text keeps its inline HTML, links carry ids.
    """
    seen: Counter[str] = Counter()
    keys = []
    for segment in extract_segments(page):
        if isinstance(segment, StringSegmentValue):
            keys.append((segment.path, seen[segment.path], segment.string.data))
            seen[segment.path] += 1
    return keys


def _translate(source: PageSource, page: Page, locale: Locale, acting: Acting) -> Page:
    """Makes and publishes the translation of ``page`` into ``locale``'s language through wagtail-localize."""
    language = locale.language_code
    strings = _translated_strings(source, page, _page(source, language, page.locale), language)
    # update_or_create: a source made earlier for another language may be older than the page.
    translation_source, _ = TranslationSource.update_or_create_from_instance(page)
    translation, _ = Translation.objects.get_or_create(source=translation_source, target_locale=locale)
    po = translation.export_po()
    seen: Counter[str] = Counter()
    for entry in po:
        entry.msgstr = strings[(entry.msgctxt, seen[entry.msgctxt])]
        seen[entry.msgctxt] += 1
    warnings = translation.import_po(polib.pofile(str(po)), tool_name="lika om-sverige-load")
    if warnings:
        raise _problem(source.file, language, f"wagtail-localize refused some strings: {warnings}.")
    # A draft first, then publishing inside this transaction: save_target(publish=True) would
    # publish only after commit, outside the all-or-nothing load.
    translation.save_target(publish=False)
    translated: Page = translation_source.get_translated_instance(locale)
    revision = translated.get_latest_revision()
    if revision is None:  # save_target has just saved one; this would be a change in wagtail-localize
        raise RuntimeError(f"wagtail-localize saved no revision of {translated.url_path}.")
    revision.publish()
    acting.audit(
        Action.OM_SVERIGE_PAGE_TRANSLATE,
        ("wagtailcore.page", translated.pk),
        {"source_page": page.pk, "language": locale.language_code, "title": translated.title},
    )
    return translated


def _add(parent: Page, source: PageSource, acting: Acting) -> Page:
    page = _page(source, "sv", parent.locale)
    parent.add_child(instance=page)
    page.save_revision().publish()
    acting.audit(Action.OM_SVERIGE_PAGE_LOAD, ("wagtailcore.page", page.pk), {"title": page.title, "slug": page.slug})
    return page


def _start_fill(start: OmSverigeIndexPage, source: PageSource, acting: Acting) -> bool:
    """Gives the start page its introduction if no one has written one; True if it did."""
    if start.intro:
        return False
    start.intro = source.texts["sv"].fields["intro"]
    start.save_revision().publish()
    acting.audit(Action.OM_SVERIGE_PAGE_LOAD, ("wagtailcore.page", start.pk), {"field": "intro"})
    return True


def om_sverige_content_load(*, acting: Acting, directory: Path = CONTENT_DIR) -> LoadResult:
    """Loads Lika's starting texts for Om Sverige in Swedish and English; pages that exist are kept.

    Every file is read and checked before anything is written, and the whole load is one
    transaction: a broken file raises :class:`ContentFileError` and changes nothing.
    """
    acting.require_reason()
    sources = content_files_read(directory)
    result = LoadResult()
    with transaction.atomic():
        start = om_sverige_install(acting=acting)
        locales = {
            locale.language_code: locale for locale in Locale.objects.filter(language_code__in=TRANSLATION_LANGUAGES)
        }
        start_source, page_sources = sources[0], sources[1:]
        if _start_fill(start, start_source, acting):
            result.created.append(start.slug)
        else:
            result.kept.append(start.slug)
        # Lika's translations of the introduction fit only Lika's Swedish one, not an editor's.
        if start.intro == start_source.texts["sv"].fields["intro"]:
            _translate_missing(start_source, start, locales, acting, result)
        for source in page_sources:
            existing = start.get_children().filter(slug=source.slug).specific().first()
            if existing is None:
                page = _add(start, source, acting)
                result.created.append(source.slug)
            else:
                result.kept.append(source.slug)
                if not _still_the_files_text(source, existing):
                    continue  # an editor has changed the Swedish text: the file's translations no longer fit
                page = existing
            _translate_missing(source, page, locales, acting, result)
    return result


def _still_the_files_text(source: PageSource, page: Page) -> bool:
    """Whether the Swedish ``page`` still has the file's Swedish text, segment for segment."""
    return [text for *_, text in _string_keys(page)] == [
        text for *_, text in _string_keys(_page(source, "sv", page.locale))
    ]


def _translate_missing(
    source: PageSource, page: Page, locales: Mapping[str, Locale], acting: Acting, result: LoadResult
) -> None:
    """Translates ``page`` into each language of its file that has no translation of it (an alias does not count)."""
    for language in TRANSLATION_LANGUAGES:
        if language not in source.texts or language not in locales:
            continue
        existing = page.get_translation_or_none(locales[language])
        if existing is not None and existing.alias_of_id is None:
            continue
        _translate(source, page, locales[language], acting)
        if language == "en":
            result.translated.append(source.slug)
        else:
            result.translated_into.setdefault(language, []).append(source.slug)
