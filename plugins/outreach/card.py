"""The social card: a 1200x630 PNG with a post's title, its deadline and the site's
name, drawn with Pillow in the theme's colours, for link previews (og:image)."""

import hashlib
import io
import json
import os
import re
import unicodedata
import zlib
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from pelican.plugins.content_rules.errors import ContentError
from PIL import Image, ImageColor, ImageDraw, ImageFont, PngImagePlugin

from .cache import link_or_copy, write_atomically

WIDTH, HEIGHT = 1200, 630
# Change it whenever the drawing changes, so that existing cards are redrawn.
DESIGN = "7"
# The PNG text chunk that records what a card was drawn from.
INPUTS_KEY = "outreach-card-inputs"
# Previews show the card a few hundred pixels wide: the title must stay large.
TITLE_SIZES = range(84, 43, -4)
TITLE_MAX_LINES = 4
LINE_HEIGHT = 1.18
# Shades between each text colour and the colour it is drawn on: enough for
# smooth text edges, few enough to keep the file small.
BLEND_STEPS = 16
# The theme's custom properties the card takes its colours from, and their
# values when the theme's stylesheet does not set them.
DEFAULT_COLOURS = {
    "ink": "#1b1b1b",
    "muted": "#4a4a4a",
    "accent": "#a4161a",
    "wash": "#f6f1e9",
    "paper": "#ffffff",
}
CUSTOM_PROPERTY_RE = re.compile(r"--([a-z]+)\s*:\s*(#[0-9a-fA-F]{3,8})\b")
# Fonts installed with the project (requirements.txt) for the text the card's
# font has no glyphs for: each draws a whole piece of text (the title, the
# deadline, the site's name) that it covers better than the card's font.
FALLBACK_FAMILIES = ("Noto Sans Arabic",)
# Letters of scripts written right to left (Hebrew, Arabic, Syriac, Thaana, N'Ko,
# and their presentation forms), and those of Arabic, which join.
RTL_RE = re.compile("[\u0590-\u07ff\u0800-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
ARABIC_RE = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")


@dataclass(frozen=True)
class CardText:
    title: str
    deadline: str  # "Sign by …" or "Signing closed on …"
    site: str
    closed: bool


def theme_colours(stylesheet):
    """The card's colours from the :root custom properties of the theme's stylesheet."""
    try:
        changed = os.stat(stylesheet).st_mtime_ns
    except OSError:
        return dict(DEFAULT_COLOURS)
    # Read once per build, not once per post; again when the file changes.
    return dict(_stylesheet_colours(str(stylesheet), changed))


@lru_cache(maxsize=4)
def _stylesheet_colours(stylesheet, changed):
    colours = dict(DEFAULT_COLOURS)
    try:
        text = Path(stylesheet).read_text(encoding="utf-8")
    except OSError:
        return colours
    root = re.search(r":root\s*\{([^}]*)\}", text)
    for name, value in CUSTOM_PROPERTY_RE.findall(root[1] if root else ""):
        if name in colours:
            colours[name] = value.lower()
    return colours


def font_file(font):
    """The file of ``font``: a path to a font file, or the name of a family that a
    fontpkg package installs (pip install fontpkg-noto-sans gives "Noto Sans")."""
    if os.path.isfile(font):
        return Path(font)
    import fontpkg

    try:
        return Path(fontpkg.path(font, weight=700, nearest=True))
    except fontpkg.FontpkgError:
        raise ContentError(
            "settings",
            "OUTREACH_CARD_FONT",
            font,
            "is not a font file or an installed font family",
            "a family such as 'Noto Sans' (pip install fontpkg-noto-sans) "
            "or the path of a .ttf/.otf file",
        ) from None


@lru_cache(maxsize=1)
def fallback_files():
    """The files of FALLBACK_FAMILIES that are installed."""
    import fontpkg

    found = []
    for family in FALLBACK_FAMILIES:
        try:
            found.append(Path(fontpkg.path(family, weight=700, nearest=True)))
        except fontpkg.FontpkgError:
            continue
    return tuple(found)


def font_for(text, path):
    """(the font file to draw ``text`` in, ``text`` without the characters that
    font has no glyph for): the card's font, else the first fallback that leaves
    out fewer, so that no box stands for a missing letter."""
    best, left_out = Path(path), missing_characters(text, path)
    for candidate in fallback_files() if left_out else ():
        missing = missing_characters(text, candidate)
        if len(missing) < len(left_out):
            best, left_out = candidate, missing
    if left_out:
        text = " ".join("".join(c for c in text if c not in left_out).split())
    return best, text, left_out


def left_out(text, path):
    """The characters of the card's texts (CardText) that no font can draw."""
    found = set()
    for words in (text.title, text.deadline, text.site):
        found.update(font_for(words, path)[2])
    return sorted(found)


@lru_cache(maxsize=4096)
def visual(text, rtl=None):
    """``text`` in the order Pillow's basic layout draws it, left to right: Arabic
    letters in their joined forms (arabic-reshaper) and right-to-left runs
    reversed (python-bidi's Unicode bidi algorithm). ``rtl`` is the direction of
    the whole text the line is part of (None: the line's own first letter's), so
    that a wrapped line starting with Latin letters or digits keeps its place.
    Pillow's own shaping (raqm) would need the building machine's libfribidi."""
    if not RTL_RE.search(text):
        return text
    import arabic_reshaper
    from bidi import get_display

    if ARABIC_RE.search(text):
        text = arabic_reshaper.reshape(text)
    return get_display(text, base_dir=None if rtl is None else "R" if rtl else "L")


def right_to_left(text):
    """Whether ``text`` reads right to left: its first strong letter's direction."""
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False


@lru_cache(maxsize=64)
def load_font(path, size, weight):
    # Pillow's basic layout on every machine: raqm's, where Pillow finds it, would
    # reorder the text ``visual`` has already put in order.
    font = ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)
    try:
        axes = font.get_variation_axes()
    except OSError:
        return font  # a static font: its one weight it is
    values = []
    for axis in axes:
        name = axis["name"].decode() if isinstance(axis["name"], bytes) else str(axis["name"])
        wanted = weight if name.strip().lower() in ("weight", "wght") else axis["default"]
        values.append(min(max(wanted, axis["minimum"]), axis["maximum"]))
    font.set_variation_by_axes(values)
    return font


@lru_cache(maxsize=8)
def _characters(path):
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True, fontNumber=0) as font:
        return frozenset(font.getBestCmap())


def missing_characters(text, path):
    """The characters of ``text`` that the font at ``path`` has no glyph for."""
    have = _characters(path)
    return sorted(
        {
            char
            for char in text
            if ord(char) not in have and unicodedata.category(char) not in ("Zs", "Cc", "Cf")
        }
    )


@lru_cache(maxsize=4096)
def text_length(font, text):
    """``font.getlength(text)``, measured once: wrapping measures every line it
    tries, and deadline sentences begin alike."""
    return font.getlength(visual(text))


def _pieces(word, font, width):
    """``word`` as it must be broken to fit ``width``: whole when it fits, else by
    characters (titles in scripts without spaces between words)."""
    if text_length(font, word) <= width:
        return [word]
    pieces, piece = [], ""
    for char in word:
        if piece and text_length(font, piece + char) > width:
            pieces.append(piece)
            piece = ""
        piece += char
    return pieces + [piece] if piece else pieces


def wrap(text, font, width):
    lines, line = [], ""
    for word in text.split():
        # A line with the word added that fits is the common case: one measure.
        if line and text_length(font, f"{line} {word}") <= width:
            line = f"{line} {word}"
            continue
        pieces = _pieces(word, font, width)
        if line and pieces == [word]:
            lines.append(line)  # measured above: the word goes on a new line
            line = word
            continue
        for piece in pieces:
            candidate = f"{line} {piece}" if line else piece
            if line and text_length(font, candidate) > width:
                lines.append(line)
                line = piece
            else:
                line = candidate
    return lines + [line] if line else lines


def _ellipsize(line, font, width):
    while line and text_length(font, line + "…") > width:
        line = line[:-1].rstrip()
    return line + "…"


def _cannot_fit(text, font, width, height, max_lines):
    """True when ``text`` on one line is longer than the lines that fit, each with
    a space (3% for kerning across breaks): no wrap at that size could fit it."""
    size = font.size
    room = max_lines
    while room > 0 and room * size * LINE_HEIGHT > height:
        room -= 1
    one_line = " ".join(text.split())
    if not one_line:
        return False
    return text_length(font, one_line) * 0.97 > room * (width + text_length(font, " "))


def fit(text, path, sizes, width, height, max_lines, weight=700):
    """The largest size at which ``text`` wraps into ``width`` x ``height``; at the
    smallest size, the lines that fit, the last one cut short with an ellipsis."""
    sizes = list(sizes)
    for size in sizes:
        font = load_font(path, size, weight)
        if size != sizes[-1] and _cannot_fit(text, font, width, height, max_lines):
            continue
        lines = wrap(text, font, width)
        if len(lines) <= max_lines and len(lines) * size * LINE_HEIGHT <= height:
            return font, lines
    keep = max(1, min(max_lines, int(height // (size * LINE_HEIGHT))))
    if len(lines) > keep:
        lines = lines[: keep - 1] + [_ellipsize(lines[keep - 1], font, width)]
    return font, lines


def inputs_digest(text, colours, path):
    """What the card is drawn from, as one hash: words, colours, font and design."""
    record = {
        "design": DESIGN,
        "size": [WIDTH, HEIGHT],
        "text": asdict(text),
        "colours": colours,
        "font": [Path(path).name, Path(path).stat().st_size],
        "fallbacks": [[file.name, file.stat().st_size] for file in fallback_files()],
    }
    return hashlib.sha256(json.dumps(record, sort_keys=True).encode()).hexdigest()


# Geometry: the accent bar's width, the margins, the deadline block's padding.
BAR, LEFT, RIGHT, TOP, BOTTOM = 28, 96, 80, 60, 64
PAD_X, PAD_Y = 28, 18


def _blends(drawn, background):
    """The shades from ``background`` (first) to ``drawn`` (last)."""
    return [
        tuple(
            round(b + (d - b) * step / BLEND_STEPS) for d, b in zip(drawn, background, strict=True)
        )
        for step in range(BLEND_STEPS + 1)
    ]


@lru_cache(maxsize=8)
def _palette_of(colour_items):
    """The card's palette, and the index of each colour the card draws with.

    The card is drawn in palette indices, and Pillow's antialiasing blends the
    index of a letter with the index under it. So each colour pair's shades are
    a run of indices from the background's to the letters', and the blends of
    the edges land on the shades between: text in colour, without drawing in
    colour and mapping the image onto a palette afterwards."""
    rgb = {name: ImageColor.getrgb(value)[:3] for name, value in colour_items}
    entries = [
        *_blends(rgb["paper"], rgb["accent"]),  # 0 the open deadline block, 16 its text
        *_blends(rgb["paper"], rgb["muted"]),  # 17 the closed one, 33 its text
        *_blends(rgb["muted"], rgb["wash"])[::-1],  # 34 the site's name ... 50 background
        *_blends(rgb["ink"], rgb["wash"])[1:],  # (50 background) ... 66 the title
    ]
    step = BLEND_STEPS
    index = {
        "accent": 0,
        "paper on accent": step,
        "muted": step + 1,
        "paper on muted": 2 * step + 1,
        "site": 2 * step + 2,
        "wash": 3 * step + 2,
        "ink": 4 * step + 2,
    }
    return entries, index


def _shades(colours):
    """The card's palette (RGB colours) and the indices of what it draws."""
    return _palette_of(tuple(sorted(colours.items())))


def card_palette(colours):
    """A palette image of the card's colours and the blends between them, which
    are all the colours that antialiased text and shapes in those colours give."""
    entries, _ = _shades(colours)
    palette = Image.new("P", (1, 1))
    palette.putpalette([value for shade in entries for value in shade])
    return palette


def _band(index, closed):
    """The deadline block's and the bar's index, and that of the block's text."""
    if closed:
        return index["muted"], index["paper on muted"]
    return index["accent"], index["paper on accent"]


@lru_cache(maxsize=8)
def _background(site, colour_items, path, closed):
    """What every card of a site has: the background, the bar and the site's name."""
    _, index = _palette_of(colour_items)
    image = Image.new("L", (WIDTH, HEIGHT), index["wash"])
    draw = ImageDraw.Draw(image)
    # The accent bar down the left edge, like the banner on the page.
    draw.rectangle((0, 0, BAR - 1, HEIGHT), fill=_band(index, closed)[0])
    width = WIDTH - LEFT - RIGHT
    path, site, _ = font_for(site, path)
    font, lines = fit(site, path, range(36, 23, -2), width, 50, 1, weight=600)
    if lines:  # none for an empty SITENAME
        draw_line(draw, TOP, lines[0], font, index["site"], right_to_left(lines[0]))
    return image


def draw_line(draw, y, line, font, fill, rtl, left=LEFT, right=WIDTH - RIGHT):
    """One line of a text that reads right to left (``rtl``) or not: from the right
    margin or the left one, every line of the text alike."""
    if rtl:
        draw.text((right, y), visual(line, rtl), font=font, fill=fill, anchor="ra")
    else:
        draw.text((left, y), visual(line, rtl), font=font, fill=fill, anchor="la")


def draw_card(text, colours, path):
    """The card as a palette image."""
    colour_items = tuple(sorted(colours.items()))
    entries, index = _palette_of(colour_items)
    band, on_band = _band(index, text.closed)
    image = _background(text.site, colour_items, path, text.closed).copy()
    draw = ImageDraw.Draw(image)
    width = WIDTH - LEFT - RIGHT

    # The deadline in a solid block at the bottom, white on the accent colour.
    when_path, deadline, _ = font_for(text.deadline, path)
    when_font, when_lines = fit(
        deadline, when_path, range(42, 25, -2), width - 2 * PAD_X, 2 * 42 * LINE_HEIGHT, 2
    )
    when_size = when_font.size
    when_height = len(when_lines) * when_size * LINE_HEIGHT
    block_top = HEIGHT - BOTTOM - when_height - 2 * PAD_Y
    block_width = max(text_length(when_font, line) for line in when_lines) + 2 * PAD_X
    # At the right margin for a deadline that reads right to left.
    block_left = LEFT
    when_rtl = right_to_left(deadline)
    if when_rtl:
        block_left = WIDTH - RIGHT - block_width
    draw.rounded_rectangle(
        (block_left, block_top, block_left + block_width, HEIGHT - BOTTOM), radius=10, fill=band
    )
    for number, line in enumerate(when_lines):
        y = block_top + PAD_Y + number * when_size * LINE_HEIGHT
        edges = {"left": block_left + PAD_X, "right": block_left + block_width - PAD_X}
        draw_line(draw, y, line, when_font, on_band, when_rtl, **edges)

    # The title fills the space between, as large as it fits.
    title_top = TOP + 50 + 36
    room = block_top - 36 - title_top
    title_path, title, _ = font_for(text.title, path)
    title_font, title_lines = fit(title, title_path, TITLE_SIZES, width, room, TITLE_MAX_LINES)
    size = title_font.size
    used = len(title_lines) * size * LINE_HEIGHT
    y = title_top + max(0, (room - used) / 2)
    title_rtl = right_to_left(title)
    for line in title_lines:
        draw_line(draw, y, line, title_font, index["ink"], title_rtl)
        y += size * LINE_HEIGHT
    image.putpalette([value for shade in entries for value in shade])
    return image


def card_png(text, colours, path, digest):
    image = draw_card(text, colours, path)
    info = PngImagePlugin.PngInfo()
    info.add_text(INPUTS_KEY, digest)
    buffer = io.BytesIO()
    # Run-length deflate: the card is long runs of a few colours, which it
    # packs nearly as well as the default and two to three times as fast.
    image.save(buffer, "PNG", pnginfo=info, compress_level=9, compress_type=zlib.Z_RLE)
    return buffer.getvalue()


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"


def card_drawn_from(target, digest):
    """The bytes of the card at ``target`` if it is a whole PNG drawn from the
    inputs ``digest`` stands for, else None. Reads the text chunk that records
    them without decoding the image: this runs for every card of every build."""
    try:
        data = Path(target).read_bytes()
    except OSError:
        return None
    record = b"tEXt" + INPUTS_KEY.encode() + b"\x00" + digest.encode()
    whole = data.startswith(PNG_SIGNATURE) and data.endswith(PNG_END)
    return data if whole and record in data else None


def in_cache(cache, text, colours, font):
    """True when the ``cache`` folder holds a card drawn from these inputs."""
    digest = inputs_digest(text, colours, font_file(font))
    return bool(cache) and (Path(cache) / f"{digest}.png").exists()


def write_card(target, text, colours, font, cache=None):
    """Put the card into ``target`` unless the file there was drawn from the same
    inputs. A card drawn before from the same inputs is copied from the ``cache``
    folder rather than drawn again; a newly drawn one is kept there.

    Returns "kept" (target already right), "copied" (from the cache) or "drawn".
    """
    path = font_file(font)
    digest = inputs_digest(text, colours, path)
    if card_drawn_from(target, digest):
        return "kept"
    target = Path(target)
    cached = Path(cache) / f"{digest}.png" if cache else None
    data = card_drawn_from(cached, digest) if cached else None
    if data:
        link_or_copy(cached, target, data)
        return "copied"
    data = card_png(text, colours, path, digest)
    if cached:
        write_atomically(cached, data)
        link_or_copy(cached, target, data)
    else:
        # Replaced, never written through: the old file may be linked to the cache.
        write_atomically(target, data)
    return "drawn"
