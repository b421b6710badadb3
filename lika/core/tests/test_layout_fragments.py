"""Layout parts rendered once per process and language: each language and each value gets its own text."""

from __future__ import annotations

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation

from lika.core.templatetags.layout import fragments_forget

MENU = Template(
    '{% load i18n layout %}{% same_for_everyone "test_menu" current %}'
    '<a{% if current == "one" %} aria-current="page"{% endif %}>{% translate "Log out" %}</a>'
    "{% endsame_for_everyone %}"
)


@pytest.fixture(autouse=True)
def _fresh() -> None:
    fragments_forget()


def _render(language: str, current: str) -> str:
    with translation.override(language):
        return MENU.render(Context({"current": current}))


def test_each_language_gets_its_own_text_at_once() -> None:
    assert _render("sv", "one") == '<a aria-current="page">Logga ut</a>'
    assert _render("en", "one") == '<a aria-current="page">Log out</a>'
    assert _render("sv", "one") == '<a aria-current="page">Logga ut</a>'


def test_the_values_it_varies_on_are_part_of_the_key() -> None:
    assert _render("en", "one") == '<a aria-current="page">Log out</a>'
    assert _render("en", "two") == "<a>Log out</a>"


def test_a_fragment_without_a_quoted_name_is_refused() -> None:
    with pytest.raises(TemplateSyntaxError):
        Template("{% load layout %}{% same_for_everyone name %}x{% endsame_for_everyone %}")
