"""Read the site's content in-process, the way a build does, without writing a site."""

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from pelican.plugins.campaign.model import contents_of, field_line, source_name, text_line
from pelican.plugins.campaign.pelican_internals import generator_classes

from . import ROOT

SETTINGS_FILE = ROOT / "pelicanconf.py"


def load_settings(settings_file=SETTINGS_FILE, content=None):
    """Pelican's settings from ``settings_file``; ``content`` replaces PATH.

    Caching is turned off: checking must neither read stale results nor write.
    """
    from pelican.settings import read_settings

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
        return field_line(self.lines, name)

    def line_of_text(self, text, default=None):
        return text_line(self.lines, text) or default


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
    """A file as editors see it: the build's own naming, so that both agree."""
    return source_name(Path(path).resolve())


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
        for cls in generator_classes(pelican):
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
                sources += _sources_of(generator, "article", Article, before)
            elif isinstance(generator, PagesGenerator):
                sources += _sources_of(generator, "page", Page, before)
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


def _sources_of(generator, kind, content_class, before):
    sources = []
    for item, status in contents_of([generator]):
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
