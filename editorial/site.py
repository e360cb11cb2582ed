"""Read the site's content in-process, the way a build does, without writing a site."""

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from pelican.plugins.content_rules.pelican_internals import generator_classes
from pelican.plugins.content_rules.sources import Source, sources_of

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


def read_site(settings):
    """Run Pelican's generators up to their context: every article and page
    read, every static file found, nothing written."""
    from pelican import Pelican

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
        generators = []
        for cls in generator_classes(pelican):
            generator = cls(
                context=context,
                settings=settings,
                path=settings["PATH"],
                theme=settings["THEME"],
                output_path=settings["OUTPUT_PATH"],
            )
            generator.generate_context()
            generators.append(generator)
        sources = sources_of(generators)
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
