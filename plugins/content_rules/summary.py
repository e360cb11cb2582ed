"""Editors' summaries, made safe to print as HTML.

A ``Summary:`` line is Markdown, so Pelican turns it into HTML, raw tags and
all; listings and feeds print that HTML as it is. Escaping it would show the
``<em>`` of an editor's emphasis, so it is sanitized instead: a few inline
elements are kept, with nothing but a web, mail or relative ``href`` on links,
and every other tag is written out as text, so that a reader sees what was
typed and nothing runs. Comments, which a reader never sees, are dropped.

Only the editor's ``summary`` metadata is sanitized. A summary Pelican makes
from the start of the body is the body's own HTML, which the post's page prints
as it is too.
"""

import re
from html import escape
from html.parser import HTMLParser

from .pelican_internals import set_summary
from .sources import contents_of

# Inline markup a summary may keep; ``href`` on links is the only attribute.
ALLOWED_TAGS = frozenset({"a", "b", "br", "code", "em", "i", "p", "strong"})
VOID_TAGS = frozenset({"br"})
# Elements a browser never nests in their own kind: a second one ends the first.
NOT_NESTED = frozenset({"a", "p"})
ALLOWED_ATTRIBUTES = {"a": frozenset({"href"})}
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# As browsers read an address (WHATWG URL): tabs and newlines anywhere are
# removed, leading and trailing controls and spaces are stripped, and a scheme
# is a letter, then letters, digits, "+", "-" or ".", then ":".
URL_IGNORED_RE = re.compile(r"[\t\n\r]")
URL_STRIPPED = "".join(map(chr, range(0x21)))  # C0 controls and the space
SCHEME_RE = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
# Marks an item whose summary is sanitized already, so that a second run (content
# kept between builds) does not take the campaign banner for the editor's markup.
SANITIZED = "_content_rules_summary_sanitized"


def safe_href(value):
    """``value`` as a link target if it is a web, mail or relative address; else None."""
    if value is None:
        return None
    address = URL_IGNORED_RE.sub("", value).strip(URL_STRIPPED)
    scheme = SCHEME_RE.match(address)
    if scheme and scheme.group(1).lower() not in SAFE_SCHEMES:
        return None
    return address


class _Sanitizer(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.open = []  # the allowed elements open now, innermost last

    def handle_starttag(self, tag, attrs):
        self._start(tag, attrs, self.get_starttag_text())

    def handle_startendtag(self, tag, attrs):
        self._start(tag, attrs, self.get_starttag_text(), closed=True)

    def _start(self, tag, attrs, source, closed=False):
        if tag not in ALLOWED_TAGS:
            self.out.append(escape(source, quote=False))
            return
        if tag in NOT_NESTED and tag in self.open:
            # A browser ends an open paragraph or link where another one begins.
            self._close(tag)
        kept, seen = [], set()
        for name, value in attrs:
            # A browser takes the first of a repeated attribute.
            if name not in ALLOWED_ATTRIBUTES.get(tag, ()) or name in seen:
                continue
            seen.add(name)
            if name == "href":
                value = safe_href(value)
                if value is None:
                    continue
            kept.append(f' {name}="{escape(value or "", quote=True)}"')
        self.out.append(f"<{tag}{''.join(kept)}>")
        if tag in VOID_TAGS:
            return
        if closed:
            # HTML has no empty <em/>: a browser would leave it open; close it.
            self.out.append(f"</{tag}>")
            return
        self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID_TAGS:
            return
        if tag in ALLOWED_TAGS and tag in self.open:
            self._close(tag)
            return
        self.out.append(escape(f"</{tag}>", quote=False))

    def _close(self, tag):
        """End ``tag`` and, as a browser would, whatever is open inside it."""
        while self.open:
            inner = self.open.pop()
            self.out.append(f"</{inner}>")
            if inner == tag:
                break

    def handle_data(self, data):
        self.out.append(escape(data, quote=False))

    # Never shown by a browser: dropped rather than shown.
    def handle_comment(self, data):
        pass

    def handle_decl(self, decl):
        pass

    def handle_pi(self, data):
        pass

    def unknown_decl(self, data):
        pass

    def result(self):
        self.close()
        return "".join(self.out) + "".join(f"</{tag}>" for tag in reversed(self.open))


def sanitize_summary(html):
    """``html`` with only safe inline markup left as markup; the rest as text."""
    if not html:
        return html
    parser = _Sanitizer()
    parser.feed(str(html))
    return parser.result()


def sanitize_item(item):
    """Sanitize the summary an editor wrote for one post or page, if any."""
    if getattr(item, SANITIZED, False) or "summary" not in item.metadata:
        return
    clean = sanitize_summary(item.metadata["summary"])
    # Pelican reads the summary from metadata, and writes ``_summary`` back over
    # it before output: both must hold the sanitized text.
    item.metadata["summary"] = clean
    set_summary(item, clean)
    setattr(item, SANITIZED, True)


def sanitize_summaries(generators):
    """Sanitize every post's and page's summary: published, hidden and draft, and
    their translations. Must run before the campaign plugin puts its banner in
    front of the summary (the banner is markup this would write out as text)."""
    for item, _status in contents_of(generators):
        sanitize_item(item)


def sanitize_generator(generator):
    """``sanitize_summaries`` for one generator: a receiver for Pelican's
    article_generator_finalized and page_generator_finalized signals, which are
    sent before any plugin's all_generators_finalized, in whatever order the
    plugins are listed."""
    sanitize_summaries([generator])
