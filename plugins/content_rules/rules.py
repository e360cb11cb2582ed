"""The rules every post and page follows, campaign or not, and the site's address.

Each rule returns the value to use or raises ContentError. The limits are the
project's own, chosen so that every file made from a post can be written on
any common file system and read by every feed reader.
"""

import ipaddress
import re
import unicodedata
from urllib.parse import urlsplit

from .errors import ContentError

# Titles longer than this are a paste gone wrong; the social card (which cuts
# with an ellipsis), share links and feeds all hold it. A long title needs a
# Slug: line, since the address is limited below.
TITLE_MAX_CHARACTERS = 300
# A file name holds 255 bytes; the longest made from a slug is a temporary
# copy of its card, ".{slug}.png.{process}.tmp".
SLUG_MAX_BYTES = 200
# Characters feeds (XML 1.0) cannot carry, or HTML forbids: C0 controls but tab,
# newline and carriage return; DEL and the C1 controls; lone surrogates; and
# Unicode's non-characters (U+FDD0-U+FDEF, and the last two of every plane).
NONCHARACTERS = "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
_NOT_IN_XML_BMP_RE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"
)
_NONCHARACTERS_ABOVE_BMP_RE = re.compile(f"[{NONCHARACTERS[2:]}]")


class _NotInXml:
    """``search`` like one regular expression's: a class that holds characters above
    U+FFFF makes every search some fifty times slower, and nearly every text has
    none of them, so those are looked for only in a text that has some."""

    def search(self, text):
        found = _NOT_IN_XML_BMP_RE.search(text)
        if found is not None or text.isascii() or max(text, default="") <= "\uffff":
            return found
        return _NONCHARACTERS_ABOVE_BMP_RE.search(text)

    def sub(self, replacement, text):
        text = _NOT_IN_XML_BMP_RE.sub(replacement, text)
        if text.isascii() or max(text, default="") <= "\uffff":
            return text
        return _NONCHARACTERS_ABOVE_BMP_RE.sub(replacement, text)


NOT_IN_XML_RE = _NotInXml()
# Unicode's bidirectional embeddings, overrides and isolates (U+202A-U+202E,
# U+2066-U+2069): a title holding one displays reversed or out of order in the
# page, the feed, the card and the share text, whatever the reader's language.
BIDI_CONTROLS_RE = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Characters an address cannot hold as they are.
NOT_IN_SLUG_RE = re.compile(r"[\s?#%\"'<>\\/`{}|^\[\]]")
LOOPBACK_HOSTS = ("localhost",)

EXPECTED_TITLE = "a few words on one line, like Defend Immigrants' Rights"
EXPECTED_SITEURL = (
    "an absolute https:// address without query, fragment or password, like "
    "https://example.github.io/campaign (http:// only for a local preview at 127.0.0.1 "
    "or localhost), or nothing for a local build"
)


def describe_character(character):
    return f"U+{ord(character):04X}"


def describe_bidi_control(character):
    """U+202E (RIGHT-TO-LEFT OVERRIDE)."""
    return f"{describe_character(character)} ({unicodedata.name(character)})"


def unsafe_character(text):
    """The first character of ``text`` a field may not hold, or None."""
    found = NOT_IN_XML_RE.search(text) or BIDI_CONTROLS_RE.search(text)
    return found.group() if found else None


def check_text(value, field, source, line=None):
    """``value`` holds no character that would break a feed, nor a direction
    control that would show it reversed."""
    found = NOT_IN_XML_RE.search(str(value))
    if found:
        raise ContentError(
            source,
            field,
            value,
            f"holds the control character {describe_character(found.group())}, which feeds "
            "cannot carry",
            "text without control characters (retype the line, or paste it as plain text)",
            line,
        )
    found = BIDI_CONTROLS_RE.search(str(value))
    if found:
        raise ContentError(
            source,
            field,
            value,
            f"holds the bidirectional control {describe_bidi_control(found.group())}, which "
            "shows the text around it reversed or out of order in the page, feed, card and "
            "share links",
            "text without direction controls (retype the line, or paste it as plain text; "
            "right-to-left words display right without them)",
            line,
        )
    return value


def check_title(value, source, line=None):
    text = "" if value is None else str(value)
    if not text.strip():
        error = ContentError(source, "title", value, "is empty", EXPECTED_TITLE, line)
        error.detail = f"the title is empty; expected {EXPECTED_TITLE}, after 'Title:'"
        raise error
    check_text(text, "title", source, line)
    if len(text) > TITLE_MAX_CHARACTERS:
        raise ContentError(
            source,
            "title",
            value,
            f"is {len(text)} characters long",
            f"at most {TITLE_MAX_CHARACTERS} characters; put the rest in the text",
            line,
        )
    return text


def check_slug(value, source, line=None):
    """The words of a post's address: there, and short enough for a file name."""
    text = "" if value is None else str(value)
    if not text.strip():
        raise ContentError(
            source,
            "slug",
            value,
            "is empty (the title has no letters or digits an address can use)",
            "a line 'Slug: a-few-words' giving the address in plain letters",
            line,
        )
    check_text(text, "slug", source, line)
    found = NOT_IN_SLUG_RE.search(text)
    if found:
        raise ContentError(
            source,
            "slug",
            value,
            f"holds {found.group()!r}, which an address cannot hold",
            "letters, digits and hyphens, like a-few-words",
            line,
        )
    if len(text.encode("utf-8")) > SLUG_MAX_BYTES:
        raise ContentError(
            source,
            "slug",
            value,
            f"is {len(text.encode('utf-8'))} bytes long",
            f"at most {SLUG_MAX_BYTES} bytes: a shorter 'Slug:' line",
            line,
        )
    return text


def _is_loopback(host):
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host in LOOPBACK_HOSTS


def check_siteurl(value, source="settings"):
    """The address a site is built for, or "" for a build with relative addresses."""
    text = "" if value is None else str(value).strip()
    if not text:
        return ""
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 (raises ValueError on a port that is not a number)
    except ValueError:
        raise ContentError(
            source, "SITEURL", value, "is not a web address", EXPECTED_SITEURL
        ) from None
    if parts.scheme == "http" and parts.hostname and not _is_loopback(parts.hostname):
        problem = "is an http:// address for a site on the web"
    elif parts.scheme not in ("http", "https") or not parts.hostname:
        problem = "is not an absolute web address"
    elif parts.query or parts.fragment or "?" in text or "#" in text:
        problem = "has a query or fragment, which every link would carry"
    elif "@" in parts.netloc:
        problem = "carries a user name or password"
    elif re.search(r"[\s\\\x00-\x1f\x7f\"<>{}|^`\u200b-\u200f\u202a-\u202e\u2066-\u2069]", text):
        problem = "holds spaces, quotes, brackets, control or invisible characters"
    else:
        return text.rstrip("/")
    raise ContentError(source, "SITEURL", value, problem, EXPECTED_SITEURL)


def check_named(value, field, source, line=None):
    """A category, tag or author: its address (tag/<slug>.html) must be there and fit."""
    slug = str(getattr(value, "slug", "") or "")
    if not slug:
        raise ContentError(
            source,
            field,
            str(value),
            "has no letters or digits an address can use",
            "a name with letters or digits, like Immigration",
            line,
        )
    if len(slug.encode("utf-8")) > SLUG_MAX_BYTES:
        raise ContentError(
            source,
            field,
            str(value),
            f"makes an address of {len(slug.encode('utf-8'))} bytes",
            f"a shorter name (its address holds at most {SLUG_MAX_BYTES} bytes)",
            line,
        )
    return value


def reserved_addresses(settings):
    """Files the site writes on its own (index, archives, feeds, theme files): no
    post or page may be saved over them."""
    exact = set()
    for name in settings.get("DIRECT_TEMPLATES", ()):
        exact.add(settings.get(f"{name.upper()}_SAVE_AS", f"{name}.html"))
    for key, value in settings.items():
        if key.endswith(("_ATOM", "_RSS")) and isinstance(value, str) and "{" not in value:
            exact.add(value)
    folders = {settings.get("THEME_STATIC_DIR", "theme"), settings.get("CAMPAIGN_STATIC_DIR", "")}
    return {"files": exact - {""}, "folders": {f.strip("/") for f in folders if f}}


def check_save_as(metadata, reserved, source, line=None):
    """An editor's Save_as: a file inside the site that nothing else is written to.
    An editor's Url: an address inside the site."""
    if "url" in metadata and urlsplit(str(metadata["url"])).scheme:
        raise ContentError(
            source,
            "url",
            metadata["url"],
            "is an address on another site or a script",
            "an address inside the site, like pages/about.html, or no Url line",
            line,
        )
    if "save_as" not in metadata:
        return None
    value = str(metadata["save_as"]).strip()
    if not value or value.endswith("/"):
        raise ContentError(
            source,
            "save_as",
            metadata["save_as"],
            "names no file (the post would not be written, and links to it would break)",
            "a file name like pages/about.html, or no Save_as line",
            line,
        )
    path = value.lstrip("/")
    if path in reserved["files"] or any(path.startswith(f"{f}/") for f in reserved["folders"]):
        raise ContentError(
            source,
            "save_as",
            metadata["save_as"],
            "is a file the site writes on its own",
            "another file name; index, archives, feeds and theme files are the site's",
            line,
        )
    return value
