"""Raw HTML in a post that the published site refuses: what the security policy
blocks (scripts, frames, inline styles, files from other sites) and addresses
that start at the root of the host. Each a Refused: the text to find its line
by, the message, and whether it is a root-relative address."""

import re
from html.parser import HTMLParser
from typing import NamedTuple
from urllib.parse import urlsplit


class Refused(NamedTuple):
    text: str  # what the content file holds there, to find its line by
    message: str
    root_relative: bool = False


# Elements that run code or show another site inside the page.
SCRIPT_TAGS = {"script"}
FRAME_TAGS = {"iframe", "frame", "frameset", "embed", "object", "applet", "portal"}
# Elements of a page's head (the theme's), which a post's body may not hold.
HEAD_TAGS = {"meta", "title", "head", "html", "body"}
FOREIGN_TAGS = {"svg", "math"}
# Attributes whose address the browser loads (or follows, for href) by itself.
LOADED_ATTRIBUTES = {"src", "srcset", "poster", "data", "background", "imagesrcset"}
LINK_ATTRIBUTES = {"href", "action", "formaction", "cite"}
POLICY = "the site's security policy blocks it, and publishing refuses it"
ROOT_RELATIVE = (
    "starts at the root of the host, which breaks when the site is served under a path "
    "(a GitHub Pages project address)"
)


def _addresses(value):
    """The addresses an attribute holds: one, or srcset's list."""
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def _is_other_site(address):
    parts = urlsplit(address.strip())
    return address.strip().startswith("//") or parts.scheme.lower() in ("http", "https")


def _is_root_relative(address):
    address = address.strip()
    return address.startswith("/") and not address.startswith("//")


def _root_remedy(address):
    path = urlsplit(address).path
    if path.endswith((".html", "/")):
        return (
            "link to the post or page by its file in the content folder, like "
            "{filename}/2021-04-08-defend-immigrants-rights.md"
        )
    return f"write {{static}}{path} for a file in the content folder"


def _watch_address(address):
    """The page a video player in a frame plays from: YouTube's watch page for its
    embed address, else the address itself."""
    parts = urlsplit(address)
    host, path = (parts.hostname or "").lower(), parts.path
    if host.endswith(("youtube.com", "youtube-nocookie.com")) and path.startswith("/embed/"):
        return f"https://www.youtube.com/watch?v={path.removeprefix('/embed/')}"
    return address if _is_other_site(address) else "https://…"


def _body_meta(tag, values):
    """A <meta> a body may hold: data for machines (itemprop, property), nothing more."""
    if tag != "meta" or {"http-equiv", "name", "charset"} & set(values):
        return False
    return "itemprop" in values or "property" in values


class _Markup(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []
        # Open <svg> and <math> elements: a <title> in one names the drawing.
        self.foreign = 0

    def handle_endtag(self, tag):
        if tag in FOREIGN_TAGS and self.foreign:
            self.foreign -= 1

    def say(self, where, message, root_relative=False):
        self.found.append(Refused(where, message, root_relative))

    def handle_starttag(self, tag, attrs):
        if tag in FOREIGN_TAGS:
            self.foreign += 1
        self.check_tag(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self.check_tag(tag, attrs)

    def check_tag(self, tag, attrs):
        values = {name.lower(): value or "" for name, value in attrs}
        if tag in SCRIPT_TAGS:
            self.say(
                f"<{tag}",
                f"a <script> element: {POLICY}; delete it (for another site's widget, "
                "link to its page instead)",
            )
        elif tag in FRAME_TAGS:
            shown = values.get("src") or values.get("data") or ""
            what = f" showing {shown!r}" if shown else ""
            self.say(
                f"<{tag}",
                f"an <{tag}> element{what}: {POLICY}; link to it instead, like "
                f"[Watch the video]({_watch_address(shown)})",
            )
        elif tag == "base":
            self.say(
                "<base",
                "a <base> element: it sends every link on the page elsewhere, and "
                "publishing refuses it; delete it",
            )
        elif tag == "meta" and (values.get("http-equiv") or "").strip().lower() == "refresh":
            self.say(
                "<meta",
                'a <meta http-equiv="refresh"> element: it takes readers to another '
                "address by itself, and publishing refuses it; delete it and link instead",
            )
        elif tag in HEAD_TAGS and not _body_meta(tag, values) and not self.names_drawing(tag):
            self.say(
                f"<{tag}",
                f"a <{tag}> element: it belongs to the page the theme writes around a post, "
                "not in the post, and publishing refuses it; delete it",
            )
        elif tag == "style":
            self.say(
                "<style",
                f"a <style> element: {POLICY}; delete it (the theme's stylesheet styles "
                "every page)",
            )
        for name, value in values.items():
            if name == "style":
                self.say("style=", f"a style= attribute on <{tag}>: {POLICY}; delete it")
            elif name.startswith("on"):
                self.say(f"{name}=", f"an {name}= attribute on <{tag}>: {POLICY}; delete it")
            elif name in LOADED_ATTRIBUTES and tag not in FRAME_TAGS:
                self.loaded(tag, name, value)
            elif name in LINK_ATTRIBUTES:
                for address in _addresses(value)[:1]:
                    if _is_root_relative(address):
                        self.say(
                            address,
                            f"the link {address!r} {ROOT_RELATIVE}; {_root_remedy(address)}",
                            root_relative=True,
                        )
        if tag == "link" and _is_other_site(values.get("href", "")):
            href = values["href"]
            self.say(href, f"a <link> to {href!r} on another site: {POLICY}; delete it")

    def names_drawing(self, tag):
        """A <title> inside <svg> or <math>: the drawing's accessible name."""
        return tag == "title" and self.foreign > 0

    def loaded(self, tag, name, value):
        for address in _addresses(value):
            what = "the image" if tag in ("img", "picture", "source") else f"<{tag}> {name}"
            if _is_other_site(address):
                self.say(
                    address,
                    f"{what} {address!r} is loaded from another site: {POLICY}; put the file "
                    "in the content folder (content/images/) and write {static}/images/ and "
                    "its name, or link to it instead",
                )
            elif _is_root_relative(address):
                message = f"{what} {address!r} {ROOT_RELATIVE}; {_root_remedy(address)}"
                self.say(address, message, root_relative=True)


# What any refused piece starts with: most posts hold none, and are not parsed.
# Both searches start at a "<", which the regular expression engine finds fast.
SUSPECT_ELEMENT_RE = re.compile(
    r"<(?:script|iframe|frame|embed|object|applet|portal|style|link|base|meta|title|head|html|body)\b",
    re.IGNORECASE,
)
TAG_WITH_ATTRIBUTES_RE = re.compile(r"<[a-zA-Z][a-zA-Z0-9-]*\s[^>]*>")
SUSPECT_ATTRIBUTE_RE = re.compile(
    r"\sstyle\s*=|\son[a-z]+\s*=|srcset\s*="
    r"|\s(?:src|poster|data|background)\s*=\s*[\"']?\s*(?:[a-z][a-z0-9+.-]*:|/)"
    r"|\s(?:href|action|formaction|cite)\s*=\s*[\"']?\s*/",
    re.IGNORECASE,
)


def _suspect(html):
    if SUSPECT_ELEMENT_RE.search(html):
        return True
    return any(SUSPECT_ATTRIBUTE_RE.search(tag) for tag in TAG_WITH_ATTRIBUTES_RE.findall(html))


def refused_markup(html):
    """[Refused] for ``html``, a post's text as HTML."""
    if not _suspect(html):
        return []
    parser = _Markup()
    parser.feed(html)
    parser.close()
    return parser.found


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in ("a", "area"):
            href = next((value for name, value in attrs if name.lower() == "href"), None)
            if href and (_is_other_site(href) or ":" in href.split("/", 1)[0]):
                self.found.append(href.strip())

    handle_startendtag = handle_starttag


def links_elsewhere(html):
    """The addresses of ``html``'s links that leave the site (a scheme, or //)."""
    if "href" not in html.lower():
        return []
    parser = _Links()
    parser.feed(html)
    parser.close()
    return parser.found
