"""Content files as the rules see them: what Pelican made of each, where it is,
and which line says what."""

import functools
import logging
import os
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

# Every list in which Pelican's generators keep content, and what it holds.
# Articles and pages share the names of their translation lists.
CONTENT_LISTS = {
    "articles": "published",
    "pages": "published",
    "translations": "published",
    "hidden_articles": "hidden",
    "hidden_pages": "hidden",
    "hidden_translations": "hidden",
    "drafts": "draft",
    "draft_pages": "draft",
    "drafts_translations": "draft",
    "draft_translations": "draft",
}


def contents_of(generators):
    """(content, status) for every item Pelican read, each once."""
    seen = set()
    for generator in generators:
        for name, status in CONTENT_LISTS.items():
            for item in getattr(generator, name, None) or []:
                if id(item) not in seen:
                    seen.add(id(item))
                    yield item, status


def written_here(item, settings):
    """Whether this build writes a page that shows ``item``: every build but one
    that writes only the pages of some sources (``WRITE_ONLY_SOURCES``, absolute
    paths: the live preview's first step after a save, whose next step writes the
    rest). Work an item needs only for its pages can skip the others."""
    only = settings.get("WRITE_ONLY_SOURCES")
    return only is None or os.path.abspath(item.source_path or "") in only


def source_name(path):
    """A content file as editors see it: relative to the working folder when inside it."""
    return _source_name(os.fspath(path), os.getcwd())


@functools.lru_cache(maxsize=1 << 16)
def _source_name(path, folder):
    # Asked several times for every file of every build: relpath is slow.
    path = os.path.abspath(os.path.join(folder, path))
    relative = os.path.relpath(path, folder)
    return path if relative.startswith("..") else relative


def read_lines(path):
    """The file's lines as an editor counts them: split at newlines only
    (str.splitlines also splits at form feeds and other separators)."""
    try:
        with open(path, encoding="utf-8", newline="") as file:
            return file.read().replace("\r\n", "\n").split("\n")
    except (OSError, UnicodeDecodeError):
        return []


def field_lines(lines, name):
    """The lines where metadata ``name`` is written (Markdown ``Name:``, reST
    ``:name:``, HTML ``<meta name="name">``)."""
    pattern = re.compile(
        rf"^\s*:?{re.escape(name)}\s*:|<meta\s+name=[\"']{re.escape(name)}[\"']", re.IGNORECASE
    )
    return [number for number, line in enumerate(lines, 1) if pattern.search(line)]


def field_line(lines, name):
    """The first line where metadata ``name`` is written, or None."""
    found = field_lines(lines, name)
    return found[0] if found else None


def text_line(lines, text, any_case=False):
    """The first line holding ``text`` (in capitals or not, with ``any_case``), or None."""
    if any_case:
        text = text.casefold()
        return next((n for n, line in enumerate(lines, 1) if text in line.casefold()), None)
    return next((number for number, line in enumerate(lines, 1) if text in line), None)


@dataclass
class Source:
    """One content file: the Content object Pelican made of it (None when it
    could not) and its text, read only when a line must be pointed at."""

    path: Path
    kind: str  # "article" or "page"
    content: object = None
    status: str = "published"
    problem: str | None = None  # why Pelican could not read it
    problem_field: str | None = None  # the metadata field at fault, when known
    problem_at: int | None = None  # the line at fault, when known without a field

    @cached_property
    def name(self):
        return source_name(self.path)

    @cached_property
    def lines(self):
        return read_lines(self.path)

    def line_of_field(self, name):
        return field_line(self.lines, name)

    def lines_of_field(self, name):
        return field_lines(self.lines, name)

    def line_of_text(self, text, default=None, any_case=False):
        return text_line(self.lines, text, any_case) or default


def sources_of(generators):
    """A Source for every item the generators read, and one for every content
    file they found but could not read."""
    from pelican.contents import Page
    from pelican.generators import ArticlesGenerator, PagesGenerator

    sources = []
    for item, status in contents_of(generators):
        kind = "page" if isinstance(item, Page) else "article"
        sources.append(Source(Path(item.source_path), kind, item, status))
    by_kind = {}
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            by_kind["article"] = generator
        elif isinstance(generator, PagesGenerator):
            by_kind["page"] = generator
    if not by_kind:
        return sources
    settings = next(iter(by_kind.values())).settings
    page_paths = [path.strip("/") for path in settings.get("PAGE_PATHS", [])]
    # Pelican records a file it could not turn into content with None: read it
    # again with the same reader to learn why.
    for relative, item in next(iter(by_kind.values())).context["generated_content"].items():
        if item is not None:
            continue
        is_page = any(relative == path or relative.startswith(f"{path}/") for path in page_paths)
        kind = "page" if is_page else "article"
        generator = by_kind.get(kind) or next(iter(by_kind.values()))
        source = Source(Path(generator.path, relative), kind)
        source.problem_field, source.problem, source.problem_at = why_unreadable(
            generator, relative
        )
        sources.append(source)
    return sources


def why_unreadable(generator, relative):
    """(field or None, what is wrong, line or None) for a file Pelican skipped."""
    from pelican.contents import Article, Page
    from pelican.generators import PagesGenerator

    content_class = Page if isinstance(generator, PagesGenerator) else Article
    logging.disable(logging.CRITICAL)
    try:
        item = generator.readers.read_file(
            base_path=generator.path,
            path=relative,
            content_class=content_class,
            context=generator.context,
        )
    except UnicodeDecodeError as error:
        problem = (
            f"is not UTF-8 text (byte {error.object[error.start]:#04x} at position "
            f"{error.start}); expected a file saved as UTF-8"
        )
        return None, problem, error.object[: error.start].count(b"\n") + 1
    except Exception as error:  # any reader failure is the editor's to fix
        date = re.fullmatch(r"(.+) is not a valid date", str(error))
        if date:
            problem = (
                f"has the date {date[1]}, which does not exist; expected a real date, like "
                "2021-04-08 or 2021-04-08 09:30"
            )
            return "date", problem, None
        return None, f"cannot be read ({error}); expected a text file Pelican can read", None
    finally:
        logging.disable(logging.NOTSET)
    for prop in content_class.mandatory_properties:
        if not hasattr(item, prop):
            problem = f"has no {prop}; expected a line '{prop.capitalize()}: ...' at the top"
            return prop, problem, None
    if item.status not in content_class.allowed_statuses:
        problem = (
            f"has status {item.status!r}, which Pelican does not know; "
            "expected draft, hidden, or no status line at all"
        )
        return "status", problem, None
    output = os.path.abspath(generator.output_path)
    target = os.path.abspath(os.path.join(output, item.save_as or ""))
    if item.save_as and os.path.commonpath([output, target]) != output:
        problem = (
            f"would be written to {item.save_as!r}, outside the output folder; "
            "expected an address inside the site, or no Save_as line"
        )
        return "save_as", problem, None
    return None, "was skipped by Pelican; expected a post or page it can read", None
