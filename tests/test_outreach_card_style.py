"""Unit tests of pelican.plugins.outreach.card: the card's colours from the theme, and
its font."""

import os

import pytest
from pelican.plugins.content_rules.errors import ContentError
from pelican.plugins.outreach.card import (
    DEFAULT_COLOURS,
    font_file,
    load_font,
    theme_colours,
)


@pytest.fixture(scope="module")
def font():
    return font_file("Noto Sans")


# theme_colours ---------------------------------------------------------------


def test_theme_colours_reads_the_custom_properties_of_root(tmp_path):
    stylesheet = tmp_path / "style.css"
    stylesheet.write_text(
        ":root {\n"
        "  --ink: #101820;\n"
        "  --accent:#0B5394;\n"
        "  --wash : #fdf8ee;\n"
        "  --ink-soft: #999999;\n"  # not one of the card's, nor mistaken for --ink
        "  --space: 1rem;\n"
        "}\n"
        "body { --muted: #123456; color: var(--ink); }\n",
        encoding="utf-8",
    )
    assert theme_colours(stylesheet) == {
        "ink": "#101820",
        "muted": DEFAULT_COLOURS["muted"],  # set outside :root: not the theme's
        "accent": "#0b5394",
        "wash": "#fdf8ee",
        "paper": DEFAULT_COLOURS["paper"],
    }
    assert theme_colours(str(stylesheet)) == theme_colours(stylesheet)


def test_theme_colours_takes_short_hex_and_ignores_named_colours(tmp_path):
    stylesheet = tmp_path / "style.css"
    stylesheet.write_text(":root { --paper: #fff; --ink: black; }", encoding="utf-8")
    colours = theme_colours(stylesheet)
    assert colours["paper"] == "#fff"
    assert colours["ink"] == DEFAULT_COLOURS["ink"]


def test_theme_colours_fall_back_to_the_defaults(tmp_path):
    assert theme_colours(tmp_path / "missing.css") == DEFAULT_COLOURS
    assert theme_colours(tmp_path) == DEFAULT_COLOURS  # a folder, not a file
    no_root = tmp_path / "no-root.css"
    no_root.write_text("body { --ink: #000000; }", encoding="utf-8")
    assert theme_colours(no_root) == DEFAULT_COLOURS


def test_theme_colours_are_a_copy_the_caller_may_change(tmp_path):
    stylesheet = tmp_path / "style.css"
    stylesheet.write_text(":root { --ink: #222222; }", encoding="utf-8")
    theme_colours(stylesheet)["ink"] = "#ff0000"
    theme_colours(tmp_path / "missing.css")["ink"] = "#ff0000"
    assert theme_colours(stylesheet)["ink"] == "#222222"
    assert DEFAULT_COLOURS["ink"] == "#1b1b1b"


def test_theme_colours_are_read_again_when_the_stylesheet_changes(tmp_path):
    stylesheet = tmp_path / "style.css"
    stylesheet.write_text(":root { --accent: #111111; }", encoding="utf-8")
    os.utime(stylesheet, ns=(1_000_000_000, 1_000_000_000))
    assert theme_colours(stylesheet)["accent"] == "#111111"
    stylesheet.write_text(":root { --accent: #222222; }", encoding="utf-8")
    os.utime(stylesheet, ns=(2_000_000_000, 2_000_000_000))
    assert theme_colours(stylesheet)["accent"] == "#222222"


# font_file, load_font ----------------------------------------------------------


def test_font_file_finds_an_installed_family(font):
    assert font.is_file()
    assert font.suffix in (".ttf", ".otf")
    assert "NotoSans" in font.name


def test_font_file_takes_the_path_of_a_font_file(font):
    assert font_file(str(font)) == font
    assert font_file(font) == font


@pytest.mark.parametrize("name", ["No Such Sans", "/no/such/font.ttf"])
def test_font_file_of_an_unknown_family_is_a_content_error_naming_the_setting(name):
    with pytest.raises(ContentError) as raised:
        font_file(name)
    error = raised.value
    assert (error.source, error.field, error.value) == ("settings", "OUTREACH_CARD_FONT", name)
    assert str(error).startswith(
        f"settings: OUTREACH_CARD_FONT {name!r} is not a font file or an installed font family"
    )
    assert "pip install fontpkg-noto-sans" in str(error)


def test_load_font_sets_the_weight_of_a_variable_font(font):
    bold = load_font(font, 60, 700)
    regular = load_font(font, 60, 400)
    assert bold.size == regular.size == 60
    assert bold.getlength("Members decide") > regular.getlength("Members decide")
    # Noto Sans is a variable font: the weight comes from its axis.
    axes = [axis["name"] for axis in bold.get_variation_axes()]
    assert b"Weight" in axes or "Weight" in axes, axes
