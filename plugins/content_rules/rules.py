"""The rules every post and page follows, campaign or not, and the site's address.

Each rule returns the value to use or raises ContentError. The limits are the
project's own, chosen so that every file made from a post can be written on
any common file system and read by every feed reader.
"""

import ipaddress
import re
from urllib.parse import urlsplit

from .errors import ContentError

# Titles longer than this are a paste gone wrong; the social card (which cuts
# with an ellipsis), share links and feeds all hold it. A long title needs a
# Slug: line, since the address is limited below.
TITLE_MAX_CHARACTERS = 300
# A file name holds 255 bytes; the longest made from a slug is a temporary
# copy of its card, ".{slug}.png.{process}.tmp".
SLUG_MAX_BYTES = 200
# Characters XML 1.0 cannot carry (feeds and sitemaps are XML): C0 controls but
# tab, newline and carriage return; lone surrogates; two non-characters.
NOT_IN_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
LOOPBACK_HOSTS = ("localhost",)

EXPECTED_TITLE = "a few words on one line, like Defend Immigrants' Rights"
EXPECTED_SITEURL = (
    "an absolute https:// address without query, fragment or password, like "
    "https://example.github.io/campaign (http:// only for a local preview at 127.0.0.1 "
    "or localhost), or nothing for a local build"
)


def describe_character(character):
    return f"U+{ord(character):04X}"


def check_text(value, field, source, line=None):
    """``value`` holds no character that would break a feed."""
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
    elif re.search(r"[\s\\\x00-\x1f\x7f]", text):
        problem = "holds spaces or control characters"
    else:
        return text.rstrip("/")
    raise ContentError(source, "SITEURL", value, problem, EXPECTED_SITEURL)
