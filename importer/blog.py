"""Import a Blogger export into content/: one Markdown file per live post, page
and draft, at the address it had, like the files `make new` writes; then a
summary of what was written, left out and left alone."""

import datetime as dt
import re
import sys
from dataclasses import dataclass, field
from itertools import chain, count
from pathlib import Path
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from pelican.plugins.content_rules.errors import ContentError
from pelican.plugins.content_rules.rules import (
    NOT_IN_XML_RE,
    SLUG_MAX_BYTES,
    TITLE_MAX_CHARACTERS,
    check_named,
)
from pelican.plugins.content_rules.sources import source_name

from . import ImportRefused
from . import body as bodies
from .export import read_export
from .files import write_new
from .images import Pictures, absolute

DEFAULT_CATEGORY = "Blog"
TITLE_WORDS = 8
# Blogger's own addresses: /2021/04/name.html for posts, /p/name.html for pages.
OLD_ADDRESS = {
    "post": re.compile(r"\d{4}/\d{2}/(?P<name>[A-Za-z0-9_-]{1,150})\.html"),
    "page": re.compile(r"p/(?P<name>[A-Za-z0-9_-]{1,150})\.html"),
}
BLOGSPOT_RE = re.compile(r"(^|\.)blogspot\.[a-z]{2,3}(\.[a-z]{2})?$")
# Bidi overrides, embeddings and isolates: one left open in a title or label turns
# the words after it around, on its page and in every list that shows it.
BIDI_CONTROLS_RE = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Characters that show nothing: a title of only these is no title.
INVISIBLE_RE = re.compile("[\\s\u200b-\u200f\u2060\ufeff]+")


@dataclass
class Item:
    entry: object
    kind: str  # "article" or "page"
    draft: bool
    name: str  # the old address's last part, without .html
    slug: str
    address: str | None  # where it is saved here (its old address), None for drafts
    path: Path
    date: dt.datetime | None


@dataclass
class Summary:
    export: str = ""
    posts: int = 0
    pages: int = 0
    drafts: int = 0
    comments: int = 0
    images: int = 0
    other: int = 0
    unchanged: list = field(default_factory=list)
    left_alone: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    written: list = field(default_factory=list)

    def lines(self):
        yield (
            f"Imported from {self.export}: {self.posts} post(s), {self.pages} page(s), "
            f"{self.drafts} draft(s); {self.comments} comment(s) left out (this site has no "
            f"comments); {self.images} image(s) downloaded."
        )
        if self.other:
            yield f"Left out: {self.other} settings, template and other entries (not posts)."
        if self.unchanged:
            count = len(self.unchanged)
            yield f"Already imported (a file has its Blogger_id), left as they are: {count}."
        for address, name in self.left_alone:
            yield f"Left alone: {address} is already {name} on this site."
        yield from self.warnings


def import_blog(path, settings, domains=(), category=None, progress=None):
    """Import the export at ``path`` into ``settings["PATH"]``; returns a Summary.
    A file that is not a readable Blogger export raises ImportRefused before
    anything is written."""
    summary = Summary()
    try:
        export = read_export(Path(path))
        summary.export = f"{export.name} ({export.schema} export)"
        content = Path(settings["PATH"])
        zone = ZoneInfo(settings.get("TIMEZONE") or "UTC")
        existing = _existing(settings)
        items = _plan(export, existing, content, zone, settings, summary)
        hosts = {h.lower().strip() for h in (*export.hosts, *domains) if h and h.strip()}
        links = _Links(hosts, items, existing, settings)
        pictures = Pictures(content)
        for item in progress(items) if progress else items:
            _write(item, pictures, links, _clean(category or DEFAULT_CATEGORY), zone, summary)
    except KeyboardInterrupt:
        raise ImportRefused(
            f"stopped by Ctrl-C after writing {len(summary.written)} file(s), each whole and "
            "none half-written; run the same command again to import the rest"
        ) from None
    except OSError as error:
        # A read-only folder, a full disk: said in one line, like Ctrl-C.
        where = error.filename or settings["PATH"]
        raise ImportRefused(
            f"{where}: cannot be written ({error.strerror or error}); stopped after writing "
            f"{len(summary.written)} file(s), each whole; make room or make the folder "
            "writable, then run the same command again to import the rest"
        ) from None
    summary.images = pictures.downloaded
    return summary


@dataclass
class _Existing:
    addresses: dict  # save_as: file, as the editor sees it
    files: dict  # save_as: path relative to content, for {filename} links
    slugs: set
    imported: set  # the Blogger_id of every file an import wrote


def _existing(settings):
    from editorial.site import read_site

    site = read_site(settings)
    content = Path(settings["PATH"])
    addresses, files, slugs, imported = {}, {}, set(), set()
    for source in site.sources:
        item = source.content
        if item is None:
            continue
        slugs.add(item.slug)
        if item.metadata.get("blogger_id"):
            imported.add(str(item.metadata["blogger_id"]).strip())
        if item.save_as:
            addresses[item.save_as] = source.name
            files[item.save_as] = Path(source.path).resolve().relative_to(content.resolve())
    return _Existing(addresses, files, slugs, imported)


def _plan(export, existing, content, zone, settings, summary):
    items, slugs, paths = [], set(existing.slugs), set()
    for entry in export.entries:
        where = f"{export.name}:{entry.line}" if entry.line else export.name
        if entry.kind == "comment":
            summary.comments += 1
            continue
        if entry.kind not in ("post", "page"):
            summary.other += 1
            continue
        if entry.status not in ("live", "draft"):
            summary.warnings.append(
                f"{where}: warning: the {entry.kind} {entry.title or entry.address!r} is "
                f"{entry.status} on Blogger; left out"
            )
            continue
        draft = entry.status == "draft"
        if entry.kind == "post" and entry.published is None:
            summary.warnings.append(
                f"{where}: warning: the post {entry.title!r} has no date; left out"
            )
            continue
        date = entry.published.astimezone(zone) if entry.published else None
        address = (entry.address or "").lstrip("/")
        found = OLD_ADDRESS[entry.kind].fullmatch(address)
        name = found["name"] if found else ""
        if not name:
            name = (
                _slugify(entry.title, settings)[:100].strip("-") or f"{entry.kind}-{len(items) + 1}"
            )
            if not draft:
                new = f"{date:%Y/%m}/{name}.html" if entry.kind == "post" else f"p/{name}.html"
                what = f"the address {address!r}, not Blogger's kind," if address else "no address"
                summary.warnings.append(
                    f"{where}: warning: the {entry.kind} {entry.title!r} has {what} in the "
                    f"export; it is at {new}"
                )
                address = new
        if entry.id and entry.id in existing.imported:
            summary.unchanged.append(entry.id)
            continue
        if draft:
            address = None
        elif address in existing.addresses:
            summary.left_alone.append((f"/{address}", existing.addresses[address]))
            continue
        slug = _unique(name[: SLUG_MAX_BYTES - 12], date, slugs)
        path = _target(content, entry.kind, date, name, paths)
        paths.add(path)
        kind = "article" if entry.kind == "post" else "page"
        items.append(Item(entry, kind, draft, name, slug, address, path, date))
    return items


def _slugify(text, settings):
    from pelican.utils import slugify

    subs = settings["SLUG_REGEX_SUBSTITUTIONS"]
    return slugify(text or "", regex_subs=subs, preserve_case=False, use_unicode=False)[:80]


def _unique(name, date, taken):
    """The post's slug: its old name, unless another post or page has it (Blogger
    allows one name in two months; the Save_as line keeps each address)."""
    candidates = chain([name], [f"{name}-{date:%Y-%m}"] if date else [], numbered(name))
    slug = next(c for c in candidates if c not in taken)
    taken.add(slug)
    return slug


def numbered(name):
    return (f"{name}-{number}" for number in count(2))


def _target(content, kind, date, name, taken):
    folder = content / "pages" if kind == "page" else content
    stem = name if kind == "page" or date is None else f"{date:%Y-%m-%d}-{name}"
    path = folder / f"{stem}.md"
    number = 2
    while path in taken or path.exists():
        path = folder / f"{stem}-{number}.md"
        number += 1
    return path


class _Links:
    """Links to the old blog that lead to a post, page or label here."""

    def __init__(self, hosts, items, existing, settings):
        self.hosts = hosts
        content = Path(settings["PATH"])
        self.files = {address: f"/{path.as_posix()}" for address, path in existing.files.items()}
        for item in items:
            if item.address:
                self.files[item.address] = f"/{item.path.relative_to(content).as_posix()}"
        self.settings = settings
        self.labels = {label: _label(label) for item in items for label in item.entry.labels}

    def is_old_blog(self, host):
        if host in self.hosts or host.removeprefix("www.") in self.hosts:
            return True
        return bool(BLOGSPOT_RE.search(host)) and not any(BLOGSPOT_RE.search(h) for h in self.hosts)

    def __call__(self, href):
        parts = urlsplit(absolute(href))
        if parts.scheme not in ("http", "https") or not self.is_old_blog(
            (parts.hostname or "").lower()
        ):
            return None
        path = unquote(parts.path).lstrip("/")
        # No #fragment: the old page's anchors (Blogger's #more) are not on the new one.
        if path in self.files:
            return f"{{filename}}{self.files[path]}"
        if path.startswith("search/label/"):
            label = path.removeprefix("search/label/")
            if self.labels.get(label):
                from pelican.urlwrappers import Tag

                return f"{{tag}}{Tag(self.labels[label], self.settings).slug}"
        return None


def _clean(text):
    text = BIDI_CONTROLS_RE.sub("", NOT_IN_XML_RE.sub("", " ".join(str(text).split())))
    return text if INVISIBLE_RE.sub("", text) else ""


def _label(text):
    """A label as a tag on the Tags: line, which Pelican splits at commas, or at
    semicolons when the line has one."""
    return " ".join(_clean(text).replace(",", " ").replace(";", " ").split())


def _label_problem(label, settings):
    """Why a label cannot be a tag here (no letters or digits, too long), or None."""
    from pelican.urlwrappers import Tag

    try:
        check_named(Tag(label, settings), "tags", "")
    except ContentError as error:
        return error.problem
    return None


def _written_date(date, zone):
    """The local time in the site's zone; with its offset only when the clock
    shows that time twice (or never), so that it names one instant."""
    local = date.astimezone(zone)
    text = f"{local:%Y-%m-%d %H:%M}" + (f":{local:%S}" if local.second else "")
    naive = local.replace(tzinfo=None)
    if naive.replace(tzinfo=zone, fold=1).utcoffset() != naive.replace(tzinfo=zone).utcoffset():
        text = local.isoformat(timespec="seconds")
    return text


def _write(item, pictures, links, category, zone, summary):
    entry = item.entry
    name = source_name(item.path)
    converted = bodies.convert(
        NOT_IN_XML_RE.sub("", entry.html),
        lambda url: pictures(url, item.slug),
        links,
    )
    title = _clean(entry.title)
    notes = list(converted.warnings)
    if not title:
        words = _clean(re.sub(r"[*_\\#>\[\]()!]|\{\w+\}\S*", " ", converted.markdown)).split()
        title = " ".join(words[:TITLE_WORDS]) + ("…" if len(words) > TITLE_WORDS else "")
        title = title or f"Untitled ({item.name})"
        notes.insert(
            0,
            ("Title:", f"the post had no title; it is titled from its first words, {title!r}: "
             "write a better one"),
        )  # fmt: skip
    if len(title) > TITLE_MAX_CHARACTERS:
        title = title[: TITLE_MAX_CHARACTERS - 1] + "…"
        notes.insert(
            0, ("Title:", "the title was longer than the site allows; it is cut: shorten it")
        )
    lines = [f"Title: {title}"]
    if item.kind == "article":
        lines.append(f"Date: {_written_date(item.date, zone)}")
    lines.append(f"Slug: {item.slug}")
    if item.kind == "article":
        lines.append(f"Category: {category}")
        labels = []
        for label in dict.fromkeys(filter(None, map(_label, entry.labels))):
            problem = _label_problem(label, links.settings)
            if problem:
                notes.append(("Tags:", f"the label {label!r} {problem}; it is left out"))
            else:
                labels.append(label)
        if labels:
            lines.append(f"Tags: {', '.join(labels)}")
    if item.address:
        lines += [f"Save_as: {item.address}", f"URL: {item.address}"]
    if item.draft:
        lines.append("Status: draft")
    if entry.id:
        lines.append(f"Blogger_id: {_clean(entry.id)}")
    text = "\n".join(lines) + "\n\n" + converted.markdown
    if not write_new(item.path, text.encode("utf-8")):
        summary.unchanged.append(name)
        return
    summary.written.append(item.path)
    if item.draft:
        summary.drafts += 1
    elif item.kind == "article":
        summary.posts += 1
    else:
        summary.pages += 1
    file_lines = text.split("\n")
    body_start = len(lines) + 2
    found = []
    for needle, message in notes:
        # In the text, not the header: a short word is in "Category: Blog" too.
        body = enumerate(file_lines[body_start - 1 :], body_start)
        number = next((n for n, line in body if needle and needle in line), body_start)
        if needle in ("Title:", "Tags:"):
            header = enumerate(lines, 1)
            number = next((n for n, line in header if line.startswith(needle)), 1)
        found.append((number, message))
    # In the file's order, as an editor reads it.
    for number, message in sorted(found, key=lambda pair: pair[0]):
        summary.warnings.append(f"{name}:{number}: warning: {message}")


def run(path, settings_file, content=None, domain=None, category=None, report=print):
    """What `make import` does: import, then print the summary. A file refused
    raises ImportRefused, with nothing written."""
    from editorial.site import load_settings

    if not path:
        raise ImportRefused(
            'give the export\'s file, like make import ARGS="~/Downloads/takeout.zip" '
            "(EDITING.md, 8. Bring a Blogger blog in, says where Blogger gives it)"
        )
    settings = load_settings(settings_file, content)
    summary = import_blog(path, settings, [domain], category, progress_bar)
    for line in summary.lines():
        report(line)


def progress_bar(items):
    """A progress bar on standard error, when it is a terminal and the import is long."""
    from tqdm import tqdm

    return tqdm(items, unit="post", file=sys.stderr, disable=None, delay=1, leave=False)
