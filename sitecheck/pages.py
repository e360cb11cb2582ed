"""Reading a built site: one pass over each HTML page for what the checks need,
the addresses in a stylesheet, and which file of the output an address serves."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

# Where a stand-in address is needed for a site built with relative URLs.
RELATIVE_BASE = "http://site.invalid"

# Attributes whose value is one address, by element (HTML's, and SVG's inline).
URL_ATTRIBUTES = {
    "a": ("href", "xlink:href", "ping"),
    "area": ("href", "ping"),
    "link": ("href",),
    "script": ("src", "href", "xlink:href"),
    "img": ("src", "longdesc"),
    "input": ("src", "formaction"),
    "button": ("formaction",),
    "source": ("src",),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "track": ("src",),
    "object": ("data", "codebase"),
    "form": ("action",),
    "blockquote": ("cite",),
    "q": ("cite",),
    "del": ("cite",),
    "ins": ("cite",),
    "html": ("manifest",),
    "body": ("background",),
    "table": ("background",),
    "td": ("background",),
    "th": ("background",),
    "base": ("href",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
    "feimage": ("href", "xlink:href"),
    "textpath": ("href", "xlink:href"),
    "mpath": ("href", "xlink:href"),
    "pattern": ("href", "xlink:href"),
    "lineargradient": ("href", "xlink:href"),
    "radialgradient": ("href", "xlink:href"),
    "filter": ("href", "xlink:href"),
}
# Attributes that hold a list of candidate addresses.
SRCSET_ATTRIBUTES = {"img": ("srcset",), "source": ("srcset",), "link": ("imagesrcset",)}
# <meta http-equiv="refresh" content="0; url=...">: the browser goes there by itself.
REFRESH_URL_RE = re.compile(
    r"""^\s*\d+(?:\.\d*)?\s*[;,]\s*(?:url\s*=\s*)?(['"]?)(.+?)\1\s*$""", re.I
)
# References a browser follows only when the reader acts (or never): not loads.
NOT_LOADED = {"href", "ping", "action", "formaction", "cite", "longdesc", "refresh", "codebase"}
CSS_URL_RE = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.I)


@dataclass
class Reference:
    tag: str
    attribute: str
    url: str
    line: int
    rel: frozenset = frozenset()


@dataclass
class ParsedPage:
    references: list = field(default_factory=list)
    ids: set = field(default_factory=set)
    policies: list = field(default_factory=list)
    inline_code: list = field(default_factory=list)
    # (line, "style-src" or "script-src", text) of each <style> and inline <script>,
    # so that the policy check can tell those its hashes allow.
    inline_elements: list = field(default_factory=list)


class _PageParser(HTMLParser):
    """Collects what the checks need from one page in a single pass."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()
        self._script_line = None
        self._script_text = []
        self._style_line = None

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        values = dict(attrs)
        for name, value in attrs:
            if name == "id" and value:
                self.page.ids.add(value)
            elif name.startswith("on"):
                self.page.inline_code.append((line, f"event handler attribute {name}"))
            elif name == "style":
                self.page.inline_code.append((line, "style attribute"))
        if tag == "a" and values.get("name"):
            self.page.ids.add(values["name"])
        rel = frozenset((values.get("rel") or "").lower().split())
        for attribute in URL_ATTRIBUTES.get(tag, ()):
            if values.get(attribute) is not None:
                url = values[attribute].strip()
                self.page.references.append(Reference(tag, attribute, url, line, rel))
        for attribute in SRCSET_ATTRIBUTES.get(tag, ()):
            for candidate in (values.get(attribute) or "").split(","):
                if candidate.strip():
                    url = candidate.split()[0]
                    self.page.references.append(Reference(tag, attribute, url, line))
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            found = REFRESH_URL_RE.match(values.get("content") or "")
            if found:
                self.page.references.append(Reference(tag, "refresh", found[2].strip(), line))
        if values.get("style"):
            for match in CSS_URL_RE.finditer(values["style"]):
                url = match[2] or match[4]
                if url and not url.startswith("data:"):
                    self.page.references.append(Reference(tag, "style url()", url, line))
        if tag == "meta" and (values.get("http-equiv") or "").lower() == (
            "content-security-policy"
        ):
            self.page.policies.append(values.get("content") or "")
        if tag == "style":
            self.page.inline_code.append((line, "<style> element"))
            self._style_line = line
            self._script_text = []
        if tag == "script" and values.get("src") is None and _is_code(values.get("type")):
            self._script_line = line
            self._script_text = []

    def handle_data(self, data):
        if self._script_line is not None or self._style_line is not None:
            self._script_text.append(data)

    def handle_endtag(self, tag):
        text = "".join(self._script_text)
        if tag == "script" and self._script_line is not None:
            if text.strip():
                self.page.inline_code.append((self._script_line, "inline <script>"))
                self.page.inline_elements.append((self._script_line, "script-src", text))
            self._script_line = None
        if tag == "style" and self._style_line is not None:
            self.page.inline_elements.append((self._style_line, "style-src", text))
            # An inline stylesheet's url() and @import load like a linked one's.
            for match in CSS_URL_RE.finditer(text):
                url = match[2] or match[4]
                if url and not url.startswith("data:"):
                    self.page.references.append(
                        Reference("style", "style url()", url, self._style_line)
                    )
            self._style_line = None


def _is_code(script_type):
    """Whether a <script type> runs; other types (application/ld+json) are data blocks."""
    kind = (script_type or "").split(";")[0].strip().lower()
    return kind in ("", "module") or kind.endswith(("javascript", "ecmascript", "jscript"))


def parse_page(path):
    parser = _PageParser()
    parser.feed(Path(path).read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return parser.page


def html_pages(output):
    """Every HTML page of a built site, as paths relative to the output folder."""
    output = Path(output)
    return sorted(path.relative_to(output).as_posix() for path in output.rglob("*.html"))


def _stylesheet_urls(path):
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    return [match[2] or match[4] for match in CSS_URL_RE.finditer(text)]


class _Site:
    """Maps addresses to files of one built site, reading each page once."""

    def __init__(self, output, site_url=""):
        self.output = Path(output)
        self.base = (site_url or RELATIVE_BASE).rstrip("/") + "/"
        parts = urlsplit(self.base)
        self.origin = (parts.scheme, parts.netloc.lower())
        self.base_path = parts.path
        self._parsed = {}

    def page_url(self, relative):
        return urljoin(self.base, relative)

    def parsed(self, relative):
        if relative not in self._parsed:
            self._parsed[relative] = parse_page(self.output / relative)
        return self._parsed[relative]

    def is_internal(self, url):
        parts = urlsplit(url)
        return (parts.scheme, parts.netloc.lower()) == self.origin

    def file_for(self, url):
        """The output file an internal address serves, or None when it is outside the site."""
        path = unquote(urlsplit(url).path)
        if not path.startswith(self.base_path):
            return None
        relative = path[len(self.base_path) :]
        if relative == "" or relative.endswith("/"):
            relative += "index.html"
        target = self.output / relative
        if target.is_dir():
            target /= "index.html"
        return target
