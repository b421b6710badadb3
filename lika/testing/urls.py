"""Every URL of the URLconf with sample values in its parameters, for tests that must visit them all.

A path converter's value and a regular expression's groups are filled with the shortest text their own
regular expression accepts (a digit, a letter, an all-zero UUID), so each pattern is reached once; a
sample id usually names nothing, and a 404 is a fine answer for these tests.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import sre_constants as sre
    import sre_parse

__all__ = ["SampleUrl", "regex_sample", "url_samples"]

_ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def _in_class(items: Any) -> str:
    """A character of a character class: "1" where digits are allowed (most parameters are ids), else a letter."""
    if any(op is sre.NEGATE for op, _value in items):
        excluded = {chr(value) for op, value in items if op is sre.LITERAL}
        return next(c for c in "1a-" if c not in excluded)
    digits = any(
        (op is sre.CATEGORY and value is sre.CATEGORY_DIGIT) or (op is sre.RANGE and value[0] <= ord("1") <= value[1])
        for op, value in items
    )
    members = [
        chr(value) if op is sre.LITERAL else chr(value[0]) for op, value in items if op in {sre.LITERAL, sre.RANGE}
    ]
    return "1" if digits else (members or ["a"])[0]


def _sample(parsed: Any) -> str:
    text = []
    for op, value in parsed:
        if op is sre.LITERAL:
            text.append(chr(value))
        elif op is sre.IN:
            text.append(_in_class(value))
        elif op is sre.ANY:
            text.append("a")
        elif op is sre.NOT_LITERAL:
            text.append("a" if chr(value) == "1" else "1")
        elif op in {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)}:
            low, _high, inner = value
            text.append(_sample(inner) * low)
        elif op is sre.SUBPATTERN:
            text.append(_sample(value[-1]))
        elif op is sre.BRANCH:
            text.append(_sample(value[1][0]))
        elif op is sre.AT:
            continue
        else:  # pragma: no cover - a construct no Lika URL uses
            raise ValueError(f"no sample for {op}")
    return "".join(text)


def regex_sample(regex: str) -> str:
    """The shortest text ``regex`` matches, with a value in every group that needs one.

    >>> regex_sample(r"^(?P<code>[^/]+)/(?P<page>[a-z0-9-]+)/?$")
    '1/1'
    >>> regex_sample(r"^(\\d+)/revisions/compare/(live|earliest|\\d+)\\.\\.\\.(live|latest|\\d+)/$")
    '1/revisions/compare/live...live/'
    """
    return _sample(sre_parse.parse(regex))


def _route_sample(pattern: RoutePattern) -> str:
    converters = pattern.converters

    def value(match: re.Match[str]) -> str:
        converter = converters[match["name"]]
        return str(converter.to_url(converter.to_python(regex_sample(converter.regex))))

    return _ROUTE_PARAMETER.sub(value, str(pattern))


@dataclass(frozen=True)
class SampleUrl:
    """A pattern of the URLconf (as Django prints it) and a path that reaches it."""

    pattern: str
    path: str


def _walk(patterns: list[Any], prefix: str, printed: str) -> Iterator[SampleUrl]:
    for entry in patterns:
        pattern = entry.pattern
        if isinstance(pattern, RoutePattern):
            piece = _route_sample(pattern)
        elif isinstance(pattern, RegexPattern):
            piece = regex_sample(str(pattern))
        else:  # the language prefix of i18n_patterns
            piece = str(pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + piece, printed + str(pattern))
        elif isinstance(entry, URLPattern):
            yield SampleUrl(pattern=printed + str(pattern), path="/" + prefix + piece)


def url_samples() -> list[SampleUrl]:
    """Every pattern of the URLconf, each with a sample path, in the URLconf's order."""
    return list(_walk(get_resolver().url_patterns, "", ""))
