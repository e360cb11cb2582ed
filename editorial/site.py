"""Read the site's content in-process, the way a build does, without writing a site."""

import logging
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from . import ROOT

SETTINGS_FILE = ROOT / "pelicanconf.py"

# Where Pelican's generators keep content, and what each list means to an editor.
ARTICLE_LISTS = {
    "articles": "published",
    "translations": "published",
    "hidden_articles": "hidden",
    "hidden_translations": "hidden",
    "drafts": "draft",
    "drafts_translations": "draft",
}
PAGE_LISTS = {
    "pages": "published",
    "translations": "published",
    "hidden_pages": "hidden",
    "hidden_translations": "hidden",
    "draft_pages": "draft",
    "draft_translations": "draft",
}


def load_settings(settings_file=SETTINGS_FILE, content=None):
    """Pelican's settings from ``settings_file``; ``content`` replaces PATH.

    Caching is turned off: checking must neither read stale results nor write.
    """
    from pelican.settings import read_settings

    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    override = {"CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False}
    if content is not None:
        override["PATH"] = str(Path(content).resolve())
    return read_settings(str(settings_file), override=override)


@dataclass
class Source:
    """One content file: the Content object Pelican made of it (None when it
    could not) and its text, to point at lines."""

    path: Path
    name: str  # as editors see it: relative to the project, or to the cwd
    kind: str  # "article" or "page"
    content: object = None
    status: str = "published"
    problem: str | None = None  # why Pelican could not read it
    problem_field: str | None = None  # the metadata field at fault, when known
    lines: list[str] = field(default_factory=list)

    def line_of_field(self, name):
        """The line where metadata ``name`` is written (Markdown ``Name:``,
        reST ``:name:``, HTML ``<meta name="name">``), or None."""
        pattern = re.compile(
            rf"^\s*:?{re.escape(name)}\s*:|<meta\s+name=[\"']{re.escape(name)}[\"']",
            re.IGNORECASE,
        )
        for number, line in enumerate(self.lines, start=1):
            if pattern.search(line):
                return number
        return None

    def line_of_text(self, text, default=None):
        for number, line in enumerate(self.lines, start=1):
            if text in line:
                return number
        return default


@dataclass
class Site:
    settings: dict
    context: dict
    sources: list[Source]
    # Pelican's own warnings while reading, as (source path or None, message).
    messages: list[tuple[str | None, str]]


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.records = []

    def emit(self, record):
        self.records.append(record)


def display_name(path):
    path = Path(path).resolve()
    for base in (ROOT, Path.cwd()):
        try:
            return str(path.relative_to(base))
        except ValueError:
            continue
    return str(path)


def read_site(settings):
    """Run Pelican's generators up to their context: every article and page
    read, every static file found, nothing written."""
    from pelican import Pelican
    from pelican.contents import Article, Page
    from pelican.generators import ArticlesGenerator, PagesGenerator

    collect = _Collect()
    root_logger = logging.getLogger()
    root_logger.addHandler(collect)
    try:
        pelican = Pelican(settings)
        context = settings.copy()
        context.update(
            generated_content={},
            static_links=set(),
            static_content={},
            localsiteurl=settings["SITEURL"],
        )
        sources = []
        for cls in pelican._get_generator_classes():
            generator = cls(
                context=context,
                settings=settings,
                path=settings["PATH"],
                theme=settings["THEME"],
                output_path=settings["OUTPUT_PATH"],
            )
            before = set(context["generated_content"])
            generator.generate_context()
            if isinstance(generator, ArticlesGenerator):
                sources += _sources_of(generator, "article", ARTICLE_LISTS, Article, before)
            elif isinstance(generator, PagesGenerator):
                sources += _sources_of(generator, "page", PAGE_LISTS, Page, before)
    finally:
        root_logger.removeHandler(collect)
    messages = [
        (_record_source(record, settings["PATH"]), record.getMessage())
        for record in collect.records
    ]
    sources.sort(key=lambda source: source.name)
    return Site(settings, context, sources, messages)


def _record_source(record, content):
    """The content file a log record is about, as an absolute path, if any."""
    for arg in record.args if isinstance(record.args, tuple) else ():
        if isinstance(arg, str | os.PathLike) and str(arg).endswith((".md", ".rst", ".html")):
            return str((Path(content) / arg).resolve())
    return None


def _sources_of(generator, kind, lists, content_class, before):
    sources, seen = [], set()
    for list_name, status in lists.items():
        for item in getattr(generator, list_name, []):
            if id(item) in seen:
                continue
            seen.add(id(item))
            source = _source(item.source_path, kind)
            source.content, source.status = item, status
            sources.append(source)
    # Files the generator found but could not turn into content: read them
    # again with the same reader to learn why.
    for relative, item in generator.context["generated_content"].items():
        if relative in before or item is not None:
            continue
        source = _source(os.path.join(generator.path, relative), kind)
        source.problem_field, source.problem = _why_unreadable(generator, relative, content_class)
        sources.append(source)
    return sources


def _source(path, kind):
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    return Source(path=path, name=display_name(path), kind=kind, lines=text.splitlines())


def _why_unreadable(generator, relative, content_class):
    logging.disable(logging.CRITICAL)
    try:
        item = generator.readers.read_file(
            base_path=generator.path,
            path=relative,
            content_class=content_class,
            context=generator.context,
        )
    except Exception as error:  # any reader failure is the editor's to fix
        return None, f"cannot be read: {error}"
    finally:
        logging.disable(logging.NOTSET)
    for prop in content_class.mandatory_properties:
        if not hasattr(item, prop):
            return prop, f"has no {prop}: add a line '{prop.capitalize()}: ...' at the top"
    if item.status not in content_class.allowed_statuses:
        return "status", (
            f"has status {item.status!r}, which Pelican does not know; "
            "expected draft, hidden, or no status line at all"
        )
    return None, "was skipped by Pelican"
