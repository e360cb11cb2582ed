"""The social card: a 1200x630 PNG with a post's title, its deadline and the site's
name, drawn with Pillow in the theme's colours, for link previews (og:image)."""

import hashlib
import io
import json
import os
import re
import unicodedata
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from pelican.plugins.content_rules.errors import ContentError
from PIL import Image, ImageColor, ImageDraw, ImageFont, PngImagePlugin

from .cache import link_or_copy, write_atomically

WIDTH, HEIGHT = 1200, 630
# Change it whenever the drawing changes, so that existing cards are redrawn.
DESIGN = "3"
# The PNG text chunk that records what a card was drawn from.
INPUTS_KEY = "outreach-card-inputs"
# Previews show the card a few hundred pixels wide: the title must stay large.
TITLE_SIZES = range(84, 43, -4)
TITLE_MAX_LINES = 4
LINE_HEIGHT = 1.18
# Shades between each text colour and the colour it is drawn on: enough for
# smooth text edges, few enough to keep the file small.
BLEND_STEPS = 16
# (drawn colour, background) for everything the card draws; the deadline block
# and its text use "muted" instead of "accent" once signing has closed.
COLOUR_PAIRS = (
    ("ink", "wash"),
    ("muted", "wash"),
    ("accent", "wash"),
    ("paper", "accent"),
    ("paper", "muted"),
)

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


@lru_cache(maxsize=64)
def load_font(path, size, weight):
    font = ImageFont.truetype(str(path), size)
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


def _pieces(word, font, width):
    """``word`` as it must be broken to fit ``width``: whole when it fits, else by
    characters (titles in scripts without spaces between words)."""
    if font.getlength(word) <= width:
        return [word]
    pieces, piece = [], ""
    for char in word:
        if piece and font.getlength(piece + char) > width:
            pieces.append(piece)
            piece = ""
        piece += char
    return pieces + [piece] if piece else pieces


def wrap(text, font, width):
    lines, line = [], ""
    for word in text.split():
        for piece in _pieces(word, font, width):
            candidate = f"{line} {piece}" if line else piece
            if line and font.getlength(candidate) > width:
                lines.append(line)
                line = piece
            else:
                line = candidate
    return lines + [line] if line else lines


def _ellipsize(line, font, width):
    while line and font.getlength(line + "…") > width:
        line = line[:-1].rstrip()
    return line + "…"


def fit(text, path, sizes, width, height, max_lines, weight=700):
    """The largest size at which ``text`` wraps into ``width`` x ``height``; at the
    smallest size, the lines that fit, the last one cut short with an ellipsis."""
    for size in sizes:
        font = load_font(path, size, weight)
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
    }
    return hashlib.sha256(json.dumps(record, sort_keys=True).encode()).hexdigest()


def draw_card(text, colours, path):
    """The card as an RGB image."""
    image = Image.new("RGB", (WIDTH, HEIGHT), colours["wash"])
    draw = ImageDraw.Draw(image)
    bar, left, right, top, bottom = 28, 96, 80, 60, 64
    width = WIDTH - left - right
    # The accent bar down the left edge, like the banner on the page.
    band = colours["muted"] if text.closed else colours["accent"]
    draw.rectangle((0, 0, bar - 1, HEIGHT), fill=band)

    site_font, site_lines = fit(text.site, path, range(36, 23, -2), width, 50, 1, weight=600)
    if site_lines:  # none for an empty SITENAME
        draw.text((left, top), site_lines[0], font=site_font, fill=colours["muted"], anchor="la")

    # The deadline in a solid block at the bottom, white on the accent colour.
    pad_x, pad_y = 28, 18
    when_font, when_lines = fit(
        text.deadline, path, range(42, 25, -2), width - 2 * pad_x, 2 * 42 * LINE_HEIGHT, 2
    )
    when_size = when_font.size
    when_height = len(when_lines) * when_size * LINE_HEIGHT
    block_top = HEIGHT - bottom - when_height - 2 * pad_y
    block_width = max(when_font.getlength(line) for line in when_lines) + 2 * pad_x
    draw.rounded_rectangle(
        (left, block_top, left + block_width, HEIGHT - bottom), radius=10, fill=band
    )
    for number, line in enumerate(when_lines):
        y = block_top + pad_y + number * when_size * LINE_HEIGHT
        draw.text((left + pad_x, y), line, font=when_font, fill=colours["paper"], anchor="la")

    # The title fills the space between, as large as it fits.
    title_top = top + 50 + 36
    room = block_top - 36 - title_top
    title_font, title_lines = fit(text.title, path, TITLE_SIZES, width, room, TITLE_MAX_LINES)
    size = title_font.size
    used = len(title_lines) * size * LINE_HEIGHT
    y = title_top + max(0, (room - used) / 2)
    for line in title_lines:
        draw.text((left, y), line, font=title_font, fill=colours["ink"], anchor="la")
        y += size * LINE_HEIGHT
    return image


def card_palette(colours):
    """A palette image of the card's colours and the blends between them, which
    are all the colours that antialiased text and shapes in those colours give."""
    rgb = {name: ImageColor.getrgb(value)[:3] for name, value in colours.items()}
    shades = []
    for drawn, background in COLOUR_PAIRS:
        for step in range(BLEND_STEPS + 1):
            weight = step / BLEND_STEPS
            shade = tuple(
                round(b + (d - b) * weight)
                for d, b in zip(rgb[drawn], rgb[background], strict=True)
            )
            if shade not in shades:
                shades.append(shade)
    flat = [value for shade in shades for value in shade]
    palette = Image.new("P", (1, 1))
    palette.putpalette(flat + flat[:3] * (256 - len(shades)))
    return palette


def card_png(text, colours, path, digest):
    image = draw_card(text, colours, path)
    # Mapping onto the blends of the card's own colours is exact where it matters
    # (background, solid text) and far cheaper than a general colour quantizer.
    image = image.quantize(palette=card_palette(colours), dither=Image.Dither.NONE)
    info = PngImagePlugin.PngInfo()
    info.add_text(INPUTS_KEY, digest)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", pnginfo=info)
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
    # Replaced, never written through: the old file may be linked to the cache.
    write_atomically(target, data)
    if cached:
        write_atomically(cached, data)
    return "drawn"
