"""Unit tests of pelican.plugins.outreach.card: the shortcuts that make a card cheap
to draw (text drawn straight into palette indices, sizes skipped without wrapping,
run-length PNG) give the card the slow way would."""

import io

import pytest
from pelican.plugins.outreach import card
from pelican.plugins.outreach.card import (
    BLEND_STEPS,
    HEIGHT,
    LINE_HEIGHT,
    TITLE_MAX_LINES,
    TITLE_SIZES,
    WIDTH,
    CardText,
    card_png,
    draw_card,
    fit,
    font_file,
    load_font,
    wrap,
)
from PIL import Image, ImageChops, ImageColor, ImageDraw

COLOURS = {
    "ink": "#101820",
    "muted": "#555555",
    "accent": "#0b5394",
    "wash": "#fdf8ee",
    "paper": "#ffffff",
}
SENTENCE = (
    "Defend immigrants rights now: a resolution on refugees, detention, deportation and "
    "citizenship for every worker — ¡Sí, se puede! Защитим Ελευθερία Antidisestablishmentarianism"
)
WORDS = SENTENCE.split(" ")
DEADLINE = "Sign by Tuesday, April 13, 2021, 11:59 PM EDT"


@pytest.fixture(scope="module")
def font():
    return font_file("Noto Sans")


def rgb(name):
    return ImageColor.getrgb(COLOURS[name])[:3]


def blends(drawn, background):
    """Every shade between two colours that the card's palette holds."""
    a, b = rgb(drawn), rgb(background)
    return {
        tuple(round(y + (x - y) * step / BLEND_STEPS) for x, y in zip(a, b, strict=True))
        for step in range(BLEND_STEPS + 1)
    }


def titles():
    """Titles from one word to far too long, with long words and other scripts."""
    return [" ".join(WORDS[:count]) for count in range(1, len(WORDS) + 1)] + [
        " ".join(WORDS * 3),
        "Antidisestablishmentarianism" * 3 + " ok",
        "移民" * 40,
    ]


# wrap and fit: the same lines as measuring everything ------------------------


def reference_wrap(text, face, width):
    """The greedy wrap, measuring every word and every candidate line."""
    lines, line = [], ""
    for word in text.split():
        for piece in card._pieces(word, face, width):
            candidate = f"{line} {piece}" if line else piece
            if line and face.getlength(candidate) > width:
                lines.append(line)
                line = piece
            else:
                line = candidate
    return lines + [line] if line else lines


def reference_fit(text, path, sizes, width, height, max_lines):
    """fit() trying every size in turn, without ruling any out."""
    for size in sizes:
        face = load_font(path, size, 700)
        lines = reference_wrap(text, face, width)
        if len(lines) <= max_lines and len(lines) * size * LINE_HEIGHT <= height:
            return size, lines
    keep = max(1, min(max_lines, int(height // (size * LINE_HEIGHT))))
    if len(lines) > keep:
        lines = lines[: keep - 1] + [card._ellipsize(lines[keep - 1], face, width)]
    return size, lines


@pytest.mark.parametrize("width", [300, 700, 1024])
def test_wrap_gives_the_lines_of_the_greedy_wrap_that_measures_everything(font, width):
    face = load_font(font, 60, 700)
    for text in titles():
        assert wrap(text, face, width) == reference_wrap(text, face, width), text


@pytest.mark.parametrize("height,max_lines", [(330, TITLE_MAX_LINES), (120, 4), (330, 1)])
def test_fit_rules_out_only_sizes_that_could_not_fit(font, height, max_lines):
    for text in titles():
        face, lines = fit(text, font, TITLE_SIZES, 1024, height, max_lines)
        assert (face.size, lines) == reference_fit(
            text, font, TITLE_SIZES, 1024, height, max_lines
        ), text


# Text drawn into palette indices ------------------------------------------------


@pytest.mark.parametrize("xy", [(96, 150), (100.4, 57.7), (-20.5, 600.25)])
@pytest.mark.parametrize("pair", [("ink", "wash"), ("site", "wash"), ("paper on muted", "muted")])
def test_text_drawn_in_indices_is_text_drawn_in_colour_to_within_one_blend(font, xy, pair):
    """Letters drawn in palette indices on the index of their background, where
    ImageDraw puts them in colour: at a fraction of a pixel and half off the
    image too, each pixel is the nearest of the pair's blends."""
    entries, index = card._shades(COLOURS)
    drawn, background = (entries[index[name]] for name in pair)
    face = load_font(font, 84, 700)
    line = "Defend Rights, ¡Sí!"
    indices = Image.new("L", (WIDTH, HEIGHT), index[pair[1]])
    ImageDraw.Draw(indices).text(xy, line, font=face, fill=index[pair[0]], anchor="la")
    indices.putpalette([value for shade in entries for value in shade])
    ours = indices.convert("RGB")
    theirs = Image.new("RGB", (WIDTH, HEIGHT), background)
    ImageDraw.Draw(theirs).text(xy, line, font=face, fill=drawn, anchor="la")
    assert ours.getbbox() == theirs.getbbox()
    assert len(theirs.getcolors(WIDTH * HEIGHT)) > 2
    one_step = max(abs(a - b) for a, b in zip(drawn, background, strict=True))
    one_step = one_step / BLEND_STEPS / 2 + 1
    assert max(high for _, high in ImageChops.difference(ours, theirs).getextrema()) <= one_step


def test_each_text_takes_only_the_blends_of_its_own_colours(font):
    image = draw_card(CardText(" ".join(WORDS[:9]), DEADLINE, "Campaign", False), COLOURS, font)
    assert image.mode == "P"
    picture = image.convert("RGB")
    title = picture.crop((96, 146, WIDTH, 400))
    deadline = picture.crop((96 + 28, 500, 700, 566))
    assert {colour for _, colour in title.getcolors(65536)} <= blends("ink", "wash")
    assert len(title.getcolors(65536)) > 2  # antialiased, not two-tone
    assert {colour for _, colour in deadline.getcolors(65536)} <= blends("paper", "accent")
    every = {colour for _, colour in picture.getcolors(WIDTH * HEIGHT)}
    assert every <= blends("ink", "wash") | blends("muted", "wash") | blends("paper", "accent")


# The PNG ----------------------------------------------------------------------


def test_the_png_holds_exactly_the_drawn_card_with_a_palette_of_its_own_colours(font):
    text = CardText(" ".join(WORDS[:6]), DEADLINE, "Immigrants' Rights Campaign", False)
    data = card_png(text, COLOURS, font, "digest")
    image = Image.open(io.BytesIO(data))
    assert (image.format, image.mode, image.size) == ("PNG", "P", (WIDTH, HEIGHT))
    assert image.convert("RGB").tobytes() == draw_card(text, COLOURS, font).convert("RGB").tobytes()
    assert image.getpalette() == [v for shade in card._shades(COLOURS)[0] for v in shade]
    assert len(image.getpalette()) // 3 <= 4 * BLEND_STEPS + 3
    assert len(data) < 40_000
    assert HEIGHT == 630
