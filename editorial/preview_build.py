"""One live-preview build, in a process started before it is needed.

``python -m editorial.preview_build CONTENT SETTINGS OUTPUT`` imports Pelican,
its readers and the plugins the settings name, starts the build and reads every
post and page ahead (editorial/read_ahead.py), then waits for one line on
stdin: the build to run, as JSON. The preview (editorial/preview.py) keeps one
such process ready, so a save waits neither for Python to start nor for the
site to be read; each build still runs in a process of its own, and nothing
from one build lingers in the next. Empty stdin ends the process.

The request, every key optional::

    {"sources": [source files], "pages": [output files],  # a selected build
     "find": [output files],       # open pages whose source the preview does not know
     "skip_sources": [...], "skip_pages": [...],           # the rest of the site
     "report": file, "cold": true}

A selected build reads every source (unchanged ones from memory or the cache)
but writes only the pages of ``sources`` and the ``pages`` named; when those
are all pages of its sources (the edited post is the page open), it writes no
list, and the plugins leave out the work other items need only for their own
pages (``WRITE_ONLY_SOURCES``): their banners, their files' own checks. A
build with ``skip_…`` writes all the rest, and checks everything. Each writes,
into ``report``, the pages it wrote and the source of each. ``cold`` ignores
what was read ahead and the content cache. Pelican 4.12 removed its
WRITE_SELECTED setting; the writer below does its job.

Every preview build uses Pelican's content cache at the reader layer: what the
readers made of each file, checked against the file's time stamp, so a cache
older than the content is still right, only slower.
"""

import contextlib
import json
import logging
import os
import signal
import sys
from functools import partial

from pelican import main as pelican_main
from pelican import signals
from pelican.cache import FileDataCacher
from pelican.plugins.content_rules.pelican_internals import load_plugins
from pelican.settings import read_settings
from pelican.writers import Writer

from .read_ahead import ReadAhead

# Where Pelican's article and page generators keep their posts and pages.
ITEM_LISTS = ("articles", "translations", "drafts", "drafts_translations", "hidden_articles")
ITEM_LISTS += ("hidden_translations", "pages", "hidden_pages", "draft_pages", "draft_translations")
# Jinja's compiled templates, under CACHE_PATH.
TEMPLATE_CACHE = "preview-templates"
# Pelican's plain log handler: one line per message (publishing/build.py).
LOG_OPTIONS = ("--log-handler", "plain")
# Sent just before a post or page is written: plugins do that item's work
# there (the outreach plugin's card and calendar file).
WRITE_SIGNALS = (signals.article_generator_write_article, signals.page_generator_write_page)


def warm_up(settings_file):
    """Import what a build imports, without registering any plugin."""
    import markdown  # noqa: F401
    import pelican.generators  # noqa: F401
    import pelican.readers  # noqa: F401

    # A mistake in the settings or a plugin: the build says which, in Pelican's words.
    try:
        settings = read_settings(str(settings_file))
    except Exception:  # noqa: BLE001
        return
    # Quietly: a plugin that cannot be loaded is the build's to report, once.
    loader = logging.getLogger("pelican.plugins._utils")
    level, loader.level = loader.level, logging.CRITICAL + 1
    try:
        with contextlib.suppress(Exception):
            load_plugins(settings)
    finally:
        loader.level = level


def save_caches_whole():
    """Pelican's content caches are saved under a new name, then renamed: a build
    stopped while saving (the next save stops the background build) leaves the
    last whole cache, never half of one."""
    save = FileDataCacher.save_cache

    def save_whole(self):
        final = self._cache_path
        self._cache_path = f"{final}.{os.getpid()}.new"
        try:
            save(self)
        finally:
            self._cache_path, written = final, self._cache_path
        if os.path.exists(written):
            os.replace(written, final)

    FileDataCacher.save_cache = save_whole


class Selection:
    """What one build writes: the ``pages`` and the pages of ``sources`` (a
    selected build), or everything but the skipped (None: everything)."""

    def __init__(self, output, request):
        self.output = os.path.abspath(output)
        selected = "sources" in request or "pages" in request
        self.pages = {self.path(p) for p in request.get("pages", ())} if selected else None
        self.sources = {os.path.abspath(s) for s in request.get("sources", ())}
        self.skip_pages = {self.path(p) for p in request.get("skip_pages", ())}
        self.skip_sources = {os.path.abspath(s) for s in request.get("skip_sources", ())}
        # Open pages whose source the preview does not know yet (none, or a list).
        self.find = {self.path(p) for p in request.get("find", ())}
        self.written = {}

    @property
    def selected(self):
        return self.pages is not None

    def path(self, name):
        return os.path.normpath(os.path.join(self.output, name))

    def wants_page(self, name):
        path = self.path(name)
        return path not in self.skip_pages and (self.pages is None or path in self.pages)

    def wants_item(self, content):
        """Whether this build writes the post or page: decided on its source,
        which costs nothing, where its address is worked out anew each time."""
        source = os.path.abspath(content.source_path or "")
        if self.selected:
            return source in self.sources
        return source not in self.skip_sources

    def add_pages_of_sources(self, generators):
        """The addresses of the selected sources, as this build worked them out,
        and the sources of the pages to ``find``."""
        for generator in generators:
            for name in ITEM_LISTS:
                for item in getattr(generator, name, ()):
                    source = os.path.abspath(item.source_path or "")
                    if source in self.sources:
                        self.pages.add(self.path(item.save_as))
                    elif self.find and self.path(item.save_as) in self.find:
                        self.sources.add(source)

    def record(self, path, content):
        source = getattr(content, "source_path", None)
        self.written[os.path.relpath(path, self.output)] = source and os.path.abspath(source)


class WholeFile:
    """A file written under a name of its own beside ``name``, then renamed over
    it: the preview's server may be sending the old page to a browser while a
    build writes the new one, and Pelican's writer empties a file to rewrite it."""

    def __init__(self, name, mode, *args, **kwargs):
        self.name = name
        folder, base = os.path.split(name)
        self.partial = os.path.join(folder, f".{base}.{os.getpid()}.partial")
        self.file = open(self.partial, mode, *args, **kwargs)  # noqa: SIM115

    def __getattr__(self, name):
        return getattr(self.file, name)

    def __enter__(self):
        return self

    def __exit__(self, kind, _value, _traceback):
        self.file.close()
        if kind is None:
            os.replace(self.partial, self.name)
        else:
            with contextlib.suppress(OSError):
                os.remove(self.partial)

    def close(self):
        self.__exit__(None, None, None)


def write_files_whole():
    """Every file Pelican's writer writes (pages, feeds) arrives whole."""
    import pelican.writers

    def open_whole(name, mode="r", *args, **kwargs):
        if "w" not in mode or os.path.abspath(name) == os.devnull:
            return open(name, mode, *args, **kwargs)  # noqa: SIM115
        return WholeFile(name, mode, *args, **kwargs)

    pelican.writers.open = open_whole


def selected_writer(selection):
    """A Pelican writer that writes only what ``selection`` wants."""

    class SkippedTemplate:
        """Renders nothing for a page the build does not write."""

        def __init__(self, template):
            self.template = template

        def render(self, context):
            if selection.wants_page(context["output_file"]):
                return self.template.render(context)
            return ""

    class SelectedWriter(Writer):
        def write_file(self, name, template, context, *args, **kwargs):
            if not name or not (selection.wants_page(name) or self.paginates(kwargs)):
                return None
            # A paginated list writes several files from one call: each is checked.
            self.item = kwargs.get("article") or kwargs.get("page")
            return super().write_file(name, SkippedTemplate(template), context, *args, **kwargs)

        def paginates(self, kwargs):
            # As Pelican's write_file decides it.
            paginated = kwargs.get("paginated")
            if paginated is None:
                paginated = {key for key in kwargs if key in ("articles", "dates")}
            templates = self.settings.get("PAGINATED_TEMPLATES", {})
            return bool(paginated) and kwargs.get("template_name") in templates

        def write_feed(self, elements, context, path=None, *args, **kwargs):
            if path and not selection.wants_page(path):
                return None
            self.item = None
            return super().write_feed(elements, context, path, *args, **kwargs)

        def _open_w(self, filename, encoding, override=False):
            if not selection.wants_page(filename):
                return open(os.devnull, "w", encoding=encoding)  # noqa: SIM115
            selection.record(filename, getattr(self, "item", None))
            return super()._open_w(filename, encoding, override)

    return SelectedWriter


def loop_over_written(selection):
    """Pelican's loop that writes the posts goes over those this build writes
    only: working out each post's address and template costs a tenth of a
    second at 1,000 posts. The lists are whole again before the archives,
    tags and categories are written."""
    from pelican.generators import ArticlesGenerator

    names = ("translations", "articles", "hidden_translations", "hidden_articles")
    generate = ArticlesGenerator.generate_articles

    def generate_articles(self, write):
        whole = {name: getattr(self, name) for name in names}
        for name, items in whole.items():
            setattr(self, name, [item for item in items if selection.wants_item(item)])
        try:
            generate(self, write)
        finally:
            for name, items in whole.items():
                setattr(self, name, items)

    ArticlesGenerator.generate_articles = generate_articles


def write_no_lists():
    """The articles generator writes its posts and drafts only: no feed, archive,
    tag, category or author page, no home page (a build that writes no list)."""
    from pelican.generators import ArticlesGenerator

    def generate_pages(self, writer):
        write = partial(writer.write_file, relative_urls=self.settings["RELATIVE_URLS"])
        self.generate_articles(write)
        self.generate_drafts(write)

    ArticlesGenerator.generate_feeds = lambda self, writer: None
    ArticlesGenerator.generate_pages = generate_pages


def only_for_written(write_signal, selection):
    """Send a per-item write signal only for the items this build writes."""
    send = write_signal.send

    def selected_send(sender, content, **kwargs):
        if selection.wants_item(content):
            return send(sender, content=content, **kwargs)
        return []

    write_signal.send = selected_send


def keep_compiled_templates(generator):
    """Jinja's compiled templates kept in the cache folder, checked against
    their source, so a build compiles only the templates that changed."""
    from jinja2 import FileSystemBytecodeCache

    folder = os.path.join(generator.settings["CACHE_PATH"], TEMPLATE_CACHE)
    os.makedirs(folder, exist_ok=True)
    generator.env.bytecode_cache = FileSystemBytecodeCache(folder)


def arguments(content, settings_file, output):
    cached = {
        # What the readers made of each file: the generator layer would keep
        # whole posts, tied to the context (the links) of the build that read them.
        "CONTENT_CACHING_LAYER": "reader",
        # The request may still turn these off (read_ahead.py, keep_no_cache).
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        # Each build writes part of the site: the output folder keeps what the
        # others wrote (the request says which: Build.requested).
        "OUTPUT_PARTIAL": True,
    }
    overrides = [f"{key}={json.dumps(value)}" for key, value in cached.items()]
    # One -e with every KEY=VALUE: Pelican keeps only the last -e it is given.
    return [
        str(content),
        "-s",
        str(settings_file),
        "-o",
        str(output),
        *LOG_OPTIONS,
        "-e",
        *overrides,
    ]


def keep_no_cache(generators):
    """A selected build reads the edited file afresh and leaves the cache to the
    build of the rest, which saves it."""
    for generator in generators:
        generator.settings["CACHE_CONTENT"] = False
        for cacher in (generator, getattr(generator, "readers", None)):
            if isinstance(cacher, FileDataCacher):
                cacher._cache_data_policy = False


class Build:
    """The build this process runs: started at once, reading the site ahead;
    what to write is set up when the request arrives."""

    def __init__(self, output, stream):
        self.output = output
        self.ahead = ReadAhead(stream, self.requested)
        self.selection = None

    def requested(self, request, generators):
        selection = self.selection = Selection(self.output, request)
        # What the content rules' mirror keeps of the last build's site-wide pages
        # (lists, archives, feeds): all, for a selected build; those the first build
        # of the same save wrote, for the rest; none, for a whole build.
        partial = True if selection.selected else sorted(request.get("skip_pages", ()))
        generators[0].settings["OUTPUT_PARTIAL"] = partial
        writer = selected_writer(selection)
        signals.get_writer.connect(lambda _pelican: writer, weak=False)
        for write_signal in WRITE_SIGNALS:
            only_for_written(write_signal, selection)
        if selection.selected:
            keep_no_cache(generators)
            signals.all_generators_finalized.connect(selection.add_pages_of_sources, weak=False)
            loop_over_written(selection)

    def scope(self, generators):
        """Before any plugin decorates, checks or lists the items (connected before
        the plugins register): a selected build whose pages are all pages of its
        sources writes no list, so the plugins' work for the other items and
        Pelican's lists are skipped (``WRITE_ONLY_SOURCES``)."""
        selection = self.selection
        if selection is None or not selection.selected or selection.find:
            return
        items = [
            item
            for generator in generators
            for name in ITEM_LISTS
            for item in getattr(generator, name, ())
            if os.path.abspath(item.source_path or "") in selection.sources
        ]
        if selection.pages <= {selection.path(item.save_as) for item in items}:
            generators[0].settings["WRITE_ONLY_SOURCES"] = frozenset(selection.sources)
            write_no_lists()

    def run(self, content, settings_file):
        save_caches_whole()
        write_files_whole()
        self.ahead.connect()
        signals.generator_init.connect(keep_compiled_templates)
        signals.all_generators_finalized.connect(self.scope, weak=False)
        try:
            pelican_main(arguments(content, settings_file, self.output))
        finally:
            request = self.ahead.request or {}
            if request.get("report") and self.selection is not None:
                with open(request["report"], "w", encoding="utf-8") as report:
                    json.dump(self.selection.written, report)


class Stopped(BaseException):
    """SIGTERM: the preview stops this build (Pelican catches any Exception)."""


def stopped(_number, _frame):
    raise Stopped


def main(argv):
    # Ctrl-C at the terminal reaches the whole preview: end without a traceback.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    # The next save stops a build in the background: its half-written file goes,
    # then the process ends as stopped by the signal, as the preview expects.
    signal.signal(signal.SIGTERM, stopped)
    content, settings_file, output = argv
    try:
        warm_up(settings_file)
        Build(output, sys.stdin).run(content, settings_file)
    except Stopped:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)


if __name__ == "__main__":
    main(sys.argv[1:])
