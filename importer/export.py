"""Read a Blogger export into entries: the file (or the feed inside a Takeout
.zip), bounded in size, parsed with entity expansion, external entities and
DTDs refused (defusedxml), in either of Blogger's two schemas."""

import datetime as dt
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError

from . import ImportRefused

# Years of posts with their comments fit many times over; more is no blog.
MAX_EXPORT_BYTES = 256 * 1024 * 1024
# A zip whose feed would swell more than this many times is a zip bomb: Atom
# text compresses about ten times.
MAX_ZIP_RATIO = 100
MAX_ZIP_MEMBERS = 100_000
CHUNK = 1024 * 1024

ATOM = "{http://www.w3.org/2005/Atom}"
# Takeout's schema (2018): the kind, status and address are elements of their own.
BLOGGER = "{http://schemas.google.com/blogger/2018}"
# The classic export (2008): the kind is a category, drafts in app:control.
KIND_SCHEME = "http://schemas.google.com/g/2005#kind"
KIND_PREFIX = "http://schemas.google.com/blogger/2008/kind#"
LABEL_SCHEME = "http://www.blogger.com/atom/ns#"
APP_NAMESPACES = ("{http://purl.org/atom/app#}", "{http://www.w3.org/2007/app}")
EXPECTED = (
    "expected a Blogger export: Takeout's feed.atom, the Takeout .zip, or the .xml "
    "from Blogger's Settings → Back up content"
)


@dataclass
class Entry:
    kind: str  # post, page, comment, settings, template, …
    status: str  # live, draft, or Blogger's word for another state
    title: str
    html: str
    published: dt.datetime | None
    labels: list[str] = field(default_factory=list)
    address: str | None = None  # /2021/04/name.html or /p/name.html, as on the old blog
    line: int | None = None  # where the entry starts in the export
    id: str = ""  # Blogger's id of the entry, kept in the file as Blogger_id


@dataclass
class Export:
    name: str  # the file as the editor gave it (and the member, for a zip)
    schema: str  # "takeout" or "classic"
    entries: list[Entry]
    hosts: set[str]  # the old blog's host names, when the export says


def read_export(path):
    """The export at ``path`` as an Export, or ImportRefused with one line."""
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ImportRefused(f"{name}: cannot be read ({error.strerror}); {EXPECTED}") from None
    if not path.is_file():
        raise ImportRefused(f"{name}: is not a file; {EXPECTED}")
    if size == 0:
        raise ImportRefused(f"{name}: is empty; {EXPECTED}")
    if size > MAX_EXPORT_BYTES:
        raise ImportRefused(
            f"{name}: is {size:,} bytes, more than the {size_text(MAX_EXPORT_BYTES)} a Blogger "
            f"export holds; {EXPECTED}"
        )
    if zipfile.is_zipfile(path):
        data, name = _feed_in_zip(path)
    else:
        data = path.read_bytes()
    return parse_export(data, name)


def size_text(size):
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MiB".replace(".0 ", " ")
    return f"{size / 1024:.1f} KiB".replace(".0 ", " ")


def _feed_in_zip(path):
    """The bytes of the one feed.atom inside a Takeout zip, read within bounds."""
    name = str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                raise ImportRefused(f"{name}: holds {len(members)} files; {EXPECTED}")
            for member in members:
                if not _safe_member_name(member.filename):
                    raise ImportRefused(
                        f"{name}: holds a file named {member.filename!r}, which leads outside "
                        "the archive; refused (a Takeout zip has no such names)"
                    )
            feeds = [m for m in members if PurePosixPath(m.filename).name == "feed.atom"]
            if not feeds:
                raise ImportRefused(f"{name}: holds no feed.atom; {EXPECTED}")
            if len(feeds) > 1:
                names = ", ".join(m.filename for m in feeds)
                raise ImportRefused(
                    f"{name}: holds the feeds of {len(feeds)} blogs ({names}); unzip it and "
                    "import one blog's feed.atom"
                )
            feed = feeds[0]
            where = f"{name}:{feed.filename}"
            limit = min(MAX_EXPORT_BYTES, max(feed.compress_size, 1) * MAX_ZIP_RATIO)
            if feed.file_size > limit:
                raise ImportRefused(
                    f"{where}: would unpack to {size_text(feed.file_size)} from "
                    f"{size_text(feed.compress_size)}; refused as a zip bomb"
                )
            chunks, total = [], 0
            with archive.open(feed) as stream:
                while chunk := stream.read(CHUNK):
                    total += len(chunk)
                    if total > limit:
                        raise ImportRefused(
                            f"{where}: unpacks to more than its stated size; refused as a zip bomb"
                        )
                    chunks.append(chunk)
            return b"".join(chunks), where
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError) as error:
        raise ImportRefused(f"{name}: is a damaged zip ({error}); {EXPECTED}") from None


def _safe_member_name(name):
    if "\\" in name or "\x00" in name or name.startswith("/") or ":" in name.split("/")[0]:
        return False
    return ".." not in PurePosixPath(name).parts


def parse_export(data, name):
    """Entries of a Blogger export's bytes, in either schema."""
    entry_lines = []
    parser = DefusedXMLParser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    expat = parser.parser
    start = expat.StartElementHandler

    def note_entry(tag, attributes):
        if tag == f"{ATOM[1:-1]}}}entry":
            entry_lines.append(expat.CurrentLineNumber)
        return start(tag, attributes)

    expat.StartElementHandler = note_entry
    try:
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException as error:
        raise ImportRefused(
            f"{name}: declares a DTD or entities ({type(error).__name__}), which a Blogger "
            "export never does; refused unread"
        ) from None
    except ParseError as error:
        raise ImportRefused(f"{name}: {_not_well_formed(data, error)}") from None
    if root.tag != f"{ATOM}feed":
        raise ImportRefused(
            f"{name}: is XML, but not an Atom feed (<{_local(root.tag)}>); {EXPECTED}"
        )
    entries = root.findall(f"{ATOM}entry")
    takeout = any(element.tag.startswith(BLOGGER) for entry in entries for element in entry)
    feed_id = (root.findtext(f"{ATOM}id") or "").strip()
    classic = feed_id.startswith("tag:blogger.com,1999:blog-") or any(
        _classic_kind(entry) for entry in entries
    )
    if not takeout and not classic:
        raise ImportRefused(f"{name}: is an Atom feed, but not from Blogger; {EXPECTED}")
    hosts = set()
    for link in root.findall(f"{ATOM}link"):
        if link.get("rel") == "alternate" and link.get("href"):
            hosts.add((urlsplit(link.get("href")).hostname or "").lower())
    read = _takeout_entry if takeout else _classic_entry
    lines = entry_lines if len(entry_lines) == len(entries) else [None] * len(entries)
    parsed = []
    for entry, line in zip(entries, lines, strict=True):
        item = read(entry)
        item.line = line
        item.id = _text(entry, f"{ATOM}id")
        parsed.append(item)
    return Export(name, "takeout" if takeout else "classic", parsed, hosts - {""})


def _not_well_formed(data, error):
    """What is wrong with a file expat refuses, in an editor's words when it is a
    file saved in another encoding than the UTF-8 Blogger writes."""
    head = data[:200].lower()
    declared = b"encoding=" in head.split(b"?>", 1)[0] and b"utf-8" not in head
    if not declared and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as bad:
            line = data.count(b"\n", 0, bad.start) + 1
            return (
                f"is not UTF-8 text (byte 0x{data[bad.start]:02X} on line {line}): it was "
                "saved in another encoding; download it from Blogger again, or save it as UTF-8"
            )
    return f"is not well-formed XML ({error}); {EXPECTED}"


def _local(tag):
    return tag.rsplit("}", 1)[-1]


def _text(entry, tag):
    return (entry.findtext(tag) or "").strip()


def _date(value):
    if not value:
        return None
    try:
        date = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return date if date.tzinfo else date.replace(tzinfo=dt.UTC)


def _address(value):
    """An address on the old blog, as its path: /2021/04/name.html or /p/name.html."""
    path = urlsplit(value).path if "://" in value else value
    return path if path.startswith("/") and path.endswith(".html") else None


def _takeout_entry(entry):
    kind = _text(entry, f"{BLOGGER}type").lower() or "unknown"
    status = _text(entry, f"{BLOGGER}status").lower() or "live"
    # A scheduled post is published on its date: here too (a post dated ahead waits).
    status = "live" if status == "scheduled" else status
    labels = [
        c.get("term").strip()
        for c in entry.findall(f"{ATOM}category")
        if (c.get("term") or "").strip() and c.get("scheme") != KIND_SCHEME
    ]
    address = _address(_text(entry, f"{BLOGGER}filename"))
    if address is None:
        address = _alternate(entry)
    return Entry(
        kind=kind,
        status=status,
        title=_text(entry, f"{ATOM}title"),
        html=entry.findtext(f"{ATOM}content") or "",
        published=_date(_text(entry, f"{ATOM}published")),
        labels=labels,
        address=address,
    )


def _classic_kind(entry):
    for category in entry.findall(f"{ATOM}category"):
        term = category.get("term") or ""
        if category.get("scheme") == KIND_SCHEME and term.startswith(KIND_PREFIX):
            return term[len(KIND_PREFIX) :]
    return None


def _alternate(entry):
    for link in entry.findall(f"{ATOM}link"):
        if link.get("rel") == "alternate" and link.get("href"):
            return _address(link.get("href"))
    return None


def _classic_entry(entry):
    draft = any(
        _text(control, f"{app}draft").lower() == "yes"
        for app in APP_NAMESPACES
        for control in entry.findall(f"{app}control")
    )
    labels = [
        c.get("term").strip()
        for c in entry.findall(f"{ATOM}category")
        if c.get("scheme") == LABEL_SCHEME and (c.get("term") or "").strip()
    ]
    return Entry(
        kind=_classic_kind(entry) or "unknown",
        status="draft" if draft else "live",
        title=_text(entry, f"{ATOM}title"),
        html=entry.findtext(f"{ATOM}content") or "",
        published=_date(_text(entry, f"{ATOM}published")),
        labels=labels,
        address=_alternate(entry),
    )
