"""Plain text out of a post's HTML, for descriptions and the flyer."""

import re
from html.parser import HTMLParser

# Asides hold the campaign banner, not the writer's words; the rest never reads as text.
SKIPPED = {"aside", "script", "style", "template", "svg", "noscript"}
# Elements whose edges separate words even when no space is written between them.
WORD_BREAKS = {"li", "dt", "dd", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "div", "br"}


class _Paragraphs(HTMLParser):
    """The text of each paragraph outside skipped elements, in order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs = []
        self._skipping = 0
        self._current = None

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED:
            self._skipping += 1
        elif tag == "p" and not self._skipping:
            self._finish()
            self._current = []
        elif tag in WORD_BREAKS and self._current is not None:
            self._current.append(" ")

    def handle_endtag(self, tag):
        if tag in SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag == "p" and not self._skipping:
            self._finish()
        elif tag in WORD_BREAKS and self._current is not None:
            self._current.append(" ")

    def handle_data(self, data):
        if self._skipping:
            return
        if self._current is None:
            # Text outside any <p> (a summary without paragraphs) counts as one.
            self._current = []
        self._current.append(data)

    def _finish(self):
        if self._current is not None:
            text = squeeze("".join(self._current))
            if text:
                self.paragraphs.append(text)
        self._current = None

    def close(self):
        super().close()
        self._finish()


def squeeze(text):
    return re.sub(r"\s+", " ", text).strip()


def paragraphs(html, limit=None):
    """The text of the paragraphs of ``html``; with ``limit``, of the first ones only,
    without reading the rest of a long post."""
    parser = _Paragraphs()
    # The parser reads piece by piece: stop at the end of the paragraph asked for.
    for piece in re.split(r"(?<=</p>)", html or "") if limit else [html or ""]:
        parser.feed(piece)
        if limit and len(parser.paragraphs) >= limit:
            return parser.paragraphs[:limit]
    parser.close()
    return parser.paragraphs[:limit]


def shorten(text, limit, suffix="…"):
    """``text`` cut at a word boundary to at most ``limit`` characters."""
    if len(text) <= limit:
        return text
    room = limit - len(suffix)
    head = text[: room + 1]
    # No space to cut at (one long word, or a script without spaces): cut inside it.
    cut = head.rsplit(" ", 1)[0] if " " in head else text[:room]
    return cut.rstrip(" ,;:–—-") + suffix


def first_words(text, count, suffix="…"):
    words = text.split()
    return text if len(words) <= count else " ".join(words[:count]).rstrip(",;:–—-") + suffix
