"""The one chart style: each colour readable against the page, and the sexes apart without colour."""

from __future__ import annotations

import pytest

from lika.core.charts import ALL_STYLE, GRID_COLOUR, INK, SERIES_STYLES, SEX_STYLES, WHITE, SeriesStyle

# The sexes' colours are drawn as lines, points and bars: graphical objects, for which WCAG 2.1
# 1.4.11 asks 3:1. They are held to 4.5:1 (1.4.3, text) all the same: they pass it, and a chart may
# print a value or a direct label in its series' colour, which is text.
TEXT_CONTRAST = 4.5


def _channel(value: int) -> float:
    """One sRGB channel (0-255) made linear, as WCAG 2.1 defines relative luminance."""
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG 2.1's relative luminance of ``#rrggbb``.

    >>> relative_luminance("#ffffff"), relative_luminance("#000000")
    (1.0, 0.0)
    """
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.1's contrast ratio, (L1 + 0.05) / (L2 + 0.05) with L1 the lighter.

    >>> round(contrast_ratio("#000000", "#ffffff"), 1)
    21.0
    >>> round(contrast_ratio("#777777", "#ffffff"), 2)
    4.48
    """
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_contrast_formula_gives_wcags_own_examples() -> None:
    assert contrast_ratio(WHITE, "#000000") == pytest.approx(21.0)
    assert contrast_ratio(WHITE, WHITE) == pytest.approx(1.0)
    # #767676 is the lightest grey that passes 4.5:1 on white; #777777 just fails.
    assert contrast_ratio("#767676", WHITE) >= TEXT_CONTRAST > contrast_ratio("#777777", WHITE)


@pytest.mark.parametrize("sex", ["female", "male", "unknown"])
def test_each_sexs_colour_has_at_least_4_5_to_1_against_the_white_page(sex: str) -> None:
    assert contrast_ratio(SEX_STYLES[sex].colour, WHITE) >= TEXT_CONTRAST


def test_women_men_and_unknown_each_have_a_style_and_every_other_series_too() -> None:
    assert set(SEX_STYLES) == {"female", "male", "unknown"}
    for style in (*SERIES_STYLES, ALL_STYLE):
        assert contrast_ratio(style.colour, WHITE) >= TEXT_CONTRAST
    assert contrast_ratio(INK, WHITE) >= 7  # text of axes and legends: AAA


def test_the_sexes_differ_in_colour_dash_and_shape_so_they_read_without_colour() -> None:
    styles: list[SeriesStyle] = list(SEX_STYLES.values())
    for attribute in ("colour", "dash", "shape"):
        assert len({getattr(style, attribute) for style in styles}) == len(styles), attribute
    # Apart from the series of everyone too, which a chart can draw beside them.
    assert ALL_STYLE.shape not in {style.shape for style in styles}


def test_no_series_colour_is_as_light_as_the_grid() -> None:
    """The grid is meant to recede; a series as light as it would vanish into it."""
    assert contrast_ratio(GRID_COLOUR, WHITE) < 1.5
    for style in (*SEX_STYLES.values(), *SERIES_STYLES):
        assert contrast_ratio(style.colour, GRID_COLOUR) >= 3


def test_the_other_series_differ_in_colour_and_in_dash_or_shape() -> None:
    assert len({style.colour for style in SERIES_STYLES}) == len(SERIES_STYLES)
    assert len({(style.dash, style.shape) for style in SERIES_STYLES}) == len(SERIES_STYLES)
