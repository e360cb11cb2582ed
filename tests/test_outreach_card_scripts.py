"""Social cards in other scripts: an Arabic title drawn in the fallback font, its
letters joined and set right to left; characters no font has left out, never a
box or a traceback."""

import unicodedata

from pelican.plugins.outreach import card
from pelican.plugins.outreach.card import HEIGHT, RIGHT, WIDTH, CardText, draw_card, font_file

COLOURS = dict(card.DEFAULT_COLOURS)
ARABIC = "الدفاع عن حقوق المهاجرين"
DEADLINE = "Sign by Tuesday, April 13, 2021, 11:59 PM EDT"


def ink_columns(image, index, rows):
    """The columns where ``rows`` of the card hold the colour ``index``."""
    pixels = image.load()
    return sorted({x for y in rows for x in range(WIDTH) if pixels[x, y] == index})


def title_rows():
    return range(150, 450)


def test_an_arabic_title_is_drawn_in_the_arabic_font_joined_and_right_aligned():
    path = font_file("Noto Sans")
    chosen, text, left_out = card.font_for(ARABIC, path)
    assert chosen.name.startswith("NotoSansArabic") and text == ARABIC and left_out == []
    # Joined: the letters become their positional forms; right to left: reversed runs.
    shown = card.visual(ARABIC)
    assert any(
        unicodedata.name(c).startswith("ARABIC LETTER") and "FORM" in unicodedata.name(c)
        for c in shown
    )
    assert shown.split(" ")[0] != ARABIC.split(" ")[0]
    image = draw_card(CardText(ARABIC, DEADLINE, "Campaign", False), COLOURS, path)
    _, index = card._shades(COLOURS)
    columns = ink_columns(image, index["ink"], title_rows())
    # Set from the right margin, as Arabic reads.
    assert WIDTH - RIGHT - 12 <= columns[-1] <= WIDTH - RIGHT
    assert columns[0] > card.LEFT + 50


def test_a_latin_title_stays_at_the_left_margin():
    image = draw_card(
        CardText("Defend Immigrants Rights", DEADLINE, "Campaign", False),
        COLOURS,
        font_file("Noto Sans"),
    )
    _, index = card._shades(COLOURS)
    columns = ink_columns(image, index["ink"], title_rows())
    assert card.LEFT <= columns[0] <= card.LEFT + 8
    assert columns[-1] < WIDTH - RIGHT - 50


def test_characters_no_font_has_are_left_out_and_named():
    path = font_file("Noto Sans")
    text = CardText(f"{ARABIC} ✊🏽", DEADLINE, "Campaign 保护", False)
    assert card.left_out(text, path) == sorted({"✊", "🏽", "保", "护"})
    chosen, title, _ = card.font_for(text.title, path)
    assert title == ARABIC
    image = draw_card(text, COLOURS, path)
    assert image.size == (WIDTH, HEIGHT)


def test_a_title_in_no_script_the_fonts_have_gives_a_card_without_a_title():
    path = font_file("Noto Sans")
    text = CardText("🏳️‍🌈✊🏽", DEADLINE, "Campaign", False)
    image = draw_card(text, COLOURS, path)
    _, index = card._shades(COLOURS)
    assert ink_columns(image, index["ink"], title_rows()) == []


def test_every_line_of_a_right_to_left_title_keeps_to_the_right_margin():
    # Each line used to take its own direction: a Persian title whose last line is
    # "DSA" set that line at the left margin, and a line starting with a Latin
    # word was ordered as English.
    title = "دفاع از حقوق مهاجران 2021 DSA"
    path = font_file("Noto Sans")
    font, lines = card.fit(
        title, card.font_for(title, path)[0], card.TITLE_SIZES, WIDTH - card.LEFT - RIGHT, 300, 3
    )
    assert lines[-1] == "DSA", "the case needs a last line in Latin letters"
    image = draw_card(CardText(title, DEADLINE, "Campaign", False), COLOURS, path)
    _, index = card._shades(COLOURS)
    ink_rows = [y for y in title_rows() if ink_columns(image, index["ink"], [y])]
    last_line = [y for y in ink_rows if y > ink_rows[-1] - font.size * 0.6]
    columns = ink_columns(image, index["ink"], last_line)
    assert WIDTH - RIGHT - 12 <= columns[-1] <= WIDTH - RIGHT
    assert columns[0] > WIDTH // 2
    # Within a line, the text's direction orders the runs: Persian first, at the right.
    assert card.visual("مهاجران DSA", True).startswith("DSA")
    assert card.visual("DSA مهاجران", True).endswith("DSA")
