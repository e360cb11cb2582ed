"""Unit tests of pelican.plugins.outreach.card: the 1200x630 social card PNG."""

import io
import os

import pytest
from pelican.plugins.content_rules.errors import ContentError
from pelican.plugins.outreach import card
from pelican.plugins.outreach.card import (
    HEIGHT,
    INPUTS_KEY,
    LINE_HEIGHT,
    TITLE_MAX_LINES,
    TITLE_SIZES,
    WIDTH,
    CardText,
    card_drawn_from,
    card_palette,
    card_png,
    draw_card,
    fit,
    font_file,
    inputs_digest,
    load_font,
    missing_characters,
    wrap,
    write_card,
)
from PIL import Image, ImageColor

TITLE = "Defend Immigrants Rights"
LONG_TITLE = (
    "Stand with our neighbors: a resolution on the defense of immigrants and refugees, "
    "an end to detention and deportation, and a path to citizenship for every worker "
    "in the United States, whatever their papers say"
)
DEADLINE = "Sign by Tuesday, April 13, 2021, 11:59 PM EDT"
OPEN = CardText(TITLE, DEADLINE, "Immigrants' Rights Campaign", closed=False)
CLOSED = CardText(
    TITLE, "Signing closed on Tuesday, April 13, 2021, 11:59 PM EDT", OPEN.site, closed=True
)
COLOURS = {
    "ink": "#101820",
    "muted": "#555555",
    "accent": "#0b5394",
    "wash": "#fdf8ee",
    "paper": "#ffffff",
}


@pytest.fixture(scope="module")
def font():
    return font_file("Noto Sans")


def rgb(value):
    return ImageColor.getrgb(value)[:3]


# wrap, fit -------------------------------------------------------------------


@pytest.mark.parametrize("width", [400, 520, 760, 1024])
def test_wrap_never_exceeds_the_width_and_keeps_every_word_in_order(font, width):
    face = load_font(font, 60, 700)
    assert max(face.getlength(word) for word in LONG_TITLE.split()) <= width
    lines = wrap(LONG_TITLE, face, width)
    assert all(face.getlength(line) <= width for line in lines), lines
    assert " ".join(lines) == LONG_TITLE
    assert all(line == line.strip() and "  " not in line for line in lines)
    # Greedy: no line could have taken the first word of the next.
    for line, following in zip(lines, lines[1:], strict=False):
        assert face.getlength(f"{line} {following.split()[0]}") > width


def test_wrap_squeezes_whitespace_and_gives_nothing_for_nothing(font):
    face = load_font(font, 60, 700)
    assert wrap("  Defend \n Immigrants\tRights ", face, 2000) == [TITLE]
    assert wrap("", face, 500) == []
    assert wrap("   ", face, 500) == []


def test_wrap_breaks_a_word_wider_than_the_width_by_characters(font):
    face = load_font(font, 60, 700)
    word = "Antidisestablishmentarianism" * 2
    lines = wrap(f"{word} ok", face, 400)
    assert len(lines) > 2
    assert all(face.getlength(line) <= 400 for line in lines)
    assert "".join(lines[:-1]) + lines[-1].split(" ")[0] == word
    assert lines[-1].endswith(" ok") or lines[-1] == "ok"


def test_fit_takes_the_largest_size_that_fits(font):
    face, lines = fit(TITLE, font, TITLE_SIZES, 1024, 400, TITLE_MAX_LINES)
    assert face.size == max(TITLE_SIZES) == 84
    assert " ".join(lines) == TITLE
    assert fit(TITLE, font, TITLE_SIZES, 2000, 400, 1)[1] == [TITLE]


def test_fit_takes_a_smaller_size_for_a_longer_title(font):
    short, _ = fit(TITLE, font, TITLE_SIZES, 1024, 330, TITLE_MAX_LINES)
    face, lines = fit(LONG_TITLE[:120], font, TITLE_SIZES, 1024, 330, TITLE_MAX_LINES)
    assert face.size < short.size
    assert face.size in TITLE_SIZES
    assert len(lines) <= TITLE_MAX_LINES
    assert len(lines) * face.size * LINE_HEIGHT <= 330
    assert " ".join(lines) == LONG_TITLE[:120].strip()
    # The next size up would not have fitted.
    bigger = load_font(font, face.size + 4, 700)
    too_big = wrap(LONG_TITLE[:120], bigger, 1024)
    assert len(too_big) > TITLE_MAX_LINES or len(too_big) * (face.size + 4) * LINE_HEIGHT > 330


@pytest.mark.parametrize("max_lines,height", [(4, 330), (2, 330), (4, 120), (1, 330)])
def test_fit_cuts_what_does_not_fit_at_the_smallest_size_with_an_ellipsis(font, max_lines, height):
    text = LONG_TITLE * 2
    face, lines = fit(text, font, TITLE_SIZES, 1024, height, max_lines)
    assert face.size == min(TITLE_SIZES)
    assert 1 <= len(lines) <= max_lines
    assert len(lines) == 1 or len(lines) * face.size * LINE_HEIGHT <= height
    assert lines[-1].endswith("…")
    assert all(face.getlength(line) <= 1024 for line in lines)
    # The lines before the last are whole lines of the text, in order.
    assert text.startswith(" ".join(lines[:-1]))
    assert text.startswith(" ".join(lines)[:-1].rstrip())


def test_fit_ellipsis_stays_inside_a_narrow_width(font):
    face, lines = fit("Solidarity forever " * 10, font, range(40, 31, -4), 240, 60, 1)
    assert len(lines) == 1
    assert lines[0].endswith("…")
    assert face.getlength(lines[0]) <= 240


# missing_characters ------------------------------------------------------------


def test_missing_characters_finds_cjk_characters_noto_sans_lacks(font):
    assert missing_characters("保护移民权利 Defend", font) == ["保", "利", "护", "权", "民", "移"]


def test_missing_characters_of_covered_scripts_is_empty(font):
    text = 'Rights & "Dignity" — ¡Sí, se puede! Защитим Ελευθερία 100% #ICE'
    assert missing_characters(text, font) == []


def test_missing_characters_ignores_spaces_and_controls(font):
    assert missing_characters("a\u3000b\u200dc\u00a0d\n\te\u2009", font) == []


def test_missing_characters_lists_each_once_in_code_point_order(font):
    assert missing_characters("移民移民 🙂", font) == ["民", "移", "🙂"]


# inputs_digest, palette ------------------------------------------------------


def test_the_digest_changes_with_every_input(font):
    digest = inputs_digest(OPEN, COLOURS, font)
    assert len(digest) == 64
    assert inputs_digest(OPEN, dict(COLOURS), font) == digest
    others = {
        inputs_digest(CardText("Another title", DEADLINE, OPEN.site, False), COLOURS, font),
        inputs_digest(CardText(TITLE, "Sign by Friday", OPEN.site, False), COLOURS, font),
        inputs_digest(CardText(TITLE, DEADLINE, "Another site", False), COLOURS, font),
        inputs_digest(CardText(TITLE, DEADLINE, OPEN.site, True), COLOURS, font),
        inputs_digest(OPEN, {**COLOURS, "accent": "#000000"}, font),
    }
    assert digest not in others and len(others) == 5


def test_the_palette_holds_every_card_colour_and_the_blends_between(font):
    palette = card_palette(COLOURS)
    assert palette.mode == "P"
    entries = palette.getpalette()
    colours = {tuple(entries[index : index + 3]) for index in range(0, len(entries), 3)}
    assert {rgb(value) for value in COLOURS.values()} <= colours
    assert len(colours) <= 256
    # Halfway between ink and wash, for the edges of the title's letters.
    ink, wash = rgb(COLOURS["ink"]), rgb(COLOURS["wash"])
    assert tuple(round((a + b) / 2) for a, b in zip(ink, wash, strict=True)) in colours


# draw_card, card_png, card_drawn_from --------------------------------------------


def drawn(text, colours, font):
    return draw_card(text, colours, font).convert("RGB")


def test_the_card_is_1200_by_630_in_the_theme_colours(font):
    image = drawn(OPEN, COLOURS, font)
    assert image.size == (WIDTH, HEIGHT) == (1200, 630)
    assert image.getpixel((WIDTH - 5, 5)) == rgb(COLOURS["wash"])
    # The bar down the left edge is the accent colour while signing is open.
    assert image.getpixel((5, HEIGHT // 2)) == rgb(COLOURS["accent"])
    # The title is drawn in ink.
    assert rgb(COLOURS["ink"]) in {colour for _, colour in image.getcolors(WIDTH * HEIGHT)}


def test_a_closed_card_is_muted(font):
    image = drawn(CLOSED, COLOURS, font)
    assert image.getpixel((5, HEIGHT // 2)) == rgb(COLOURS["muted"])
    assert rgb(COLOURS["accent"]) not in {c for _, c in image.getcolors(WIDTH * HEIGHT)}


def test_different_titles_draw_different_cards(font):
    one = drawn(OPEN, COLOURS, font).tobytes()
    other = drawn(CardText(LONG_TITLE, DEADLINE, OPEN.site, False), COLOURS, font).tobytes()
    assert one != other


def test_card_png_is_a_palette_png_that_records_its_inputs(font):
    digest = inputs_digest(OPEN, COLOURS, font)
    data = card_png(OPEN, COLOURS, font, digest)
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    assert image.size == (1200, 630)
    assert image.mode == "P"
    assert image.text[INPUTS_KEY] == digest
    assert image.convert("RGB").getpixel((5, HEIGHT // 2)) == rgb(COLOURS["accent"])


def test_card_drawn_from_recognises_only_a_whole_png_of_the_same_inputs(tmp_path, font):
    digest = inputs_digest(OPEN, COLOURS, font)
    data = card_png(OPEN, COLOURS, font, digest)
    target = tmp_path / "card.png"
    assert card_drawn_from(target, digest) is None  # no file
    target.write_bytes(data)
    assert card_drawn_from(target, digest) == data
    assert card_drawn_from(target, inputs_digest(CLOSED, COLOURS, font)) is None
    target.write_bytes(data[: len(data) // 2])  # a build stopped half-way
    assert card_drawn_from(target, digest) is None
    target.write_bytes(b"not a png " + data)
    assert card_drawn_from(target, digest) is None
    assert card_drawn_from(tmp_path, digest) is None  # a folder


# write_card --------------------------------------------------------------------


@pytest.fixture
def drawings(monkeypatch):
    """Counts the cards actually drawn."""
    drawn = []
    original = card.card_png

    def counting(text, *args):
        drawn.append(text.title)
        return original(text, *args)

    monkeypatch.setattr(card, "card_png", counting)
    return drawn


def test_write_card_writes_a_1200_by_630_png(tmp_path, font, drawings):
    target = tmp_path / "out" / "2021" / "04" / "post.png"
    assert write_card(target, OPEN, COLOURS, "Noto Sans") == "drawn"
    image = Image.open(target)
    assert (image.format, image.size) == ("PNG", (1200, 630))
    assert image.text[INPUTS_KEY] == inputs_digest(OPEN, COLOURS, font)
    assert drawings == [TITLE]


def test_write_card_keeps_a_card_drawn_from_the_same_inputs(tmp_path, font, drawings):
    target = tmp_path / "post.png"
    write_card(target, OPEN, COLOURS, font)
    os.utime(target, ns=(1_000_000_000, 1_000_000_000))
    assert write_card(target, OPEN, dict(COLOURS), str(font)) == "kept"
    assert drawings == [TITLE]
    assert target.stat().st_mtime_ns == 1_000_000_000


def test_write_card_redraws_when_the_title_changes(tmp_path, font, drawings):
    target = tmp_path / "post.png"
    write_card(target, OPEN, COLOURS, font)
    before = target.read_bytes()
    changed = CardText("Defend Immigrants' Rights Now", DEADLINE, OPEN.site, False)
    assert write_card(target, changed, COLOURS, font) == "drawn"
    assert drawings == [TITLE, changed.title]
    assert target.read_bytes() != before
    assert Image.open(target).text[INPUTS_KEY] == inputs_digest(changed, COLOURS, font)


def test_write_card_redraws_when_signing_closes_or_colours_change(tmp_path, font, drawings):
    target = tmp_path / "post.png"
    assert write_card(target, OPEN, COLOURS, font) == "drawn"
    assert write_card(target, CLOSED, COLOURS, font) == "drawn"
    assert write_card(target, CLOSED, {**COLOURS, "muted": "#333333"}, font) == "drawn"
    assert len(drawings) == 3


def test_write_card_redraws_a_broken_card(tmp_path, font, drawings):
    target = tmp_path / "post.png"
    write_card(target, OPEN, COLOURS, font)
    target.write_bytes(target.read_bytes()[:1000])
    assert write_card(target, OPEN, COLOURS, font) == "drawn"
    assert len(drawings) == 2
    assert card_drawn_from(target, inputs_digest(OPEN, COLOURS, font))


def test_write_card_copies_a_card_from_the_cache_instead_of_drawing(tmp_path, font, drawings):
    cache = tmp_path / "cache" / "cards"
    first = tmp_path / "one" / "post.png"
    assert write_card(first, OPEN, COLOURS, font, cache) == "drawn"
    digest = inputs_digest(OPEN, COLOURS, font)
    assert [path.name for path in cache.iterdir()] == [f"{digest}.png"]
    assert (cache / f"{digest}.png").read_bytes() == first.read_bytes()
    # A build into a new output folder takes it from the cache.
    second = tmp_path / "two" / "post.png"
    assert write_card(second, OPEN, COLOURS, font, str(cache)) == "copied"
    assert second.read_bytes() == first.read_bytes()
    assert os.path.samefile(second, cache / f"{digest}.png")
    assert drawings == [TITLE]
    assert write_card(second, OPEN, COLOURS, font, cache) == "kept"


def test_a_new_card_replaces_a_linked_one_without_changing_the_cache(tmp_path, font, drawings):
    cache = tmp_path / "cache"
    target = tmp_path / "out" / "post.png"
    write_card(tmp_path / "first.png", OPEN, COLOURS, font, cache)
    write_card(target, OPEN, COLOURS, font, cache)  # copied: a link to the cached card
    cached = cache / f"{inputs_digest(OPEN, COLOURS, font)}.png"
    before = cached.read_bytes()
    assert write_card(target, CLOSED, COLOURS, font, cache) == "drawn"
    assert cached.read_bytes() == before
    assert card_drawn_from(target, inputs_digest(CLOSED, COLOURS, font))


def test_write_card_with_an_unknown_font_raises_before_writing(tmp_path):
    target = tmp_path / "post.png"
    with pytest.raises(ContentError):
        write_card(target, OPEN, COLOURS, "No Such Sans")
    assert not target.exists()


def test_a_card_without_a_site_name_is_drawn_without_it(font):
    image = drawn(CardText(TITLE, DEADLINE, "", False), COLOURS, font)
    with_site = drawn(OPEN, COLOURS, font)
    assert image.size == (1200, 630)
    # The top band, where the site's name goes, is plain background.
    band = (100, 60, 1100, 110)
    assert image.crop(band).getcolors() == [(1000 * 50, rgb(COLOURS["wash"]))]
    assert len(with_site.crop(band).getcolors()) > 1
