"""Reading every post and page while the preview waits for the next save.

A preview build process is started before the save it will build (see
preview_build.py). Reading the site (from the content cache, or from the files)
is most of a build at thousands of posts, and does not depend on the request
that save brings: so the process starts Pelican's build at once, reads every
post and page into memory, and only then waits for the request. When the build
goes on, each read comes from memory when its file is still the one read ahead
(the same size, time stamps and inode), or is read again: the edited file, a
file created since. What reading said (a warning about an image without alt
text) is kept with the item and said when the item is used, never for a file
read again.
"""

import functools
import json
import logging
import os
import select
import sys
import time

from pelican import signals
from pelican.contents import Article, Page
from pelican.generators import ArticlesGenerator, PagesGenerator

# What Pelican's two reading generators read, and how: as in their
# generate_context (Pelican 4.12), whose reads are replayed from memory.
READS = {
    ArticlesGenerator: (
        "ARTICLE_PATHS",
        "ARTICLE_EXCLUDES",
        Article,
        signals.article_generator_preread,
        signals.article_generator_context,
    ),
    PagesGenerator: (
        "PAGE_PATHS",
        "PAGE_EXCLUDES",
        Page,
        signals.page_generator_preread,
        signals.page_generator_context,
    ),
}


def forget_content_cache(cacher):
    """Pelican loads its content cache as it makes the generators, before the
    request says whether to use it; there is no public way to drop it."""
    cacher._cache = {}


def skip_empty_generator_cache(generator):
    """The preview caches at the readers' layer: the generator's own cache is
    empty and saves nothing, yet Pelican asks it about every file, and it looks
    at the file's time stamp each time."""
    get_cached_data = generator.get_cached_data

    def get_cached(filename, default=None):
        return get_cached_data(filename, default) if generator._cache else default

    generator.get_cached_data = get_cached
    cache_data = generator.cache_data

    def cache(filename, data):
        # Not when the build keeps no cache: the stamp would be looked at for nothing.
        if generator._cache_data_policy:
            cache_data(filename, data)

    generator.cache_data = cache


def judge_once(item, valid):
    """Pelican asks each item it reads whether it is valid (its address inside the
    output folder, a title); asked ahead, the answer is given once, then the item
    asks again as usual."""

    def is_valid():
        del item.is_valid
        return valid

    item.is_valid = is_valid


def stamp(path):
    """What tells a file read ahead from the file as it is now."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_ctime_ns, status.st_size, status.st_ino)


def held_records(read):
    """Call ``read`` with what it logs held back: the result, and each record
    with its logger, before the loggers' filters see it. Pelican's filters say a
    message once a build; a record held and never said must not use that up."""
    held = []
    handle = logging.Logger.handle
    logging.Logger.handle = lambda logger, record: held.append((logger, record))
    try:
        return read(), held
    finally:
        logging.Logger.handle = handle


class ReadAhead:
    """Reads the site ahead in a build started before its request, then waits
    for the request: one line of JSON on ``stream``; an empty one ends the process."""

    def __init__(self, stream, requested):
        self.stream = stream
        self.requested = requested  # called with the request and the generators
        self.generators = []
        self.read = {}  # (generator, absolute path): (stamp, item, held records)
        self.request = None
        self.waited = 0.0  # seconds spent reading ahead and waiting for the request

    def connect(self):
        signals.generator_init.connect(self.generator_made, weak=False)
        self.keep_build_time_honest()

    def generator_made(self, generator):
        self.generators.append(generator)
        if type(generator) in READS:
            self.replay_reads(generator)
        context = generator.generate_context

        def generate_context():
            # The first generator to read: the others exist by now (Pelican makes
            # every generator before any reads).
            if self.request is None:
                started = time.monotonic()
                # A request already waiting (the first build, a save made while
                # this process started) is built at once, from the content cache.
                if not select.select([self.stream], [], [], 0)[0]:
                    self.read_ahead()
                self.request = self.wait_for_request()
                self.waited = time.monotonic() - started
            return context()

        generator.generate_context = generate_context

    def read_ahead(self):
        for generator in self.generators:
            if type(generator) not in READS:
                continue
            paths, excludes, content_class, preread, context_signal = READS[type(generator)]
            settings = generator.settings
            read = functools.partial(
                generator.readers.read_file,
                base_path=generator.path,
                content_class=content_class,
                context=generator.context,
                preread_signal=preread,
                preread_sender=generator,
                context_signal=context_signal,
                context_sender=generator,
            )
            for path in generator.get_files(settings[paths], exclude=settings[excludes]):
                full = os.path.abspath(os.path.join(generator.path, path))
                before = stamp(full)
                try:
                    item, records = held_records(functools.partial(read, path=path))
                    valid, more = held_records(item.is_valid)
                except Exception:  # noqa: BLE001 - the build reads it again and says why
                    continue
                judge_once(item, valid)
                if before is not None and stamp(full) == before:
                    self.read[(generator, full)] = (before, item, records + more)

    def replay_reads(self, generator):
        """The generator's reads come from what was read ahead, while it is current."""
        read_file = generator.readers.read_file

        def read_from_memory(base_path, path, *args, **kwargs):
            full = os.path.abspath(os.path.join(base_path, path))
            kept = self.read.pop((generator, full), None)
            if kept is not None and stamp(full) == kept[0]:
                _stamp, item, records = kept
                for logger, record in records:
                    logger.handle(record)
                return item
            return read_file(base_path, path, *args, **kwargs)

        generator.readers.read_file = read_from_memory
        skip_empty_generator_cache(generator)

    def wait_for_request(self):
        line = self.stream.readline()
        if not line.strip():
            raise SystemExit(0)
        request = json.loads(line)
        self.requested(request, self.generators)
        if request.get("cold"):
            # Read everything afresh: nothing from memory or from the content cache.
            self.read.clear()
            for generator in self.generators:
                if hasattr(generator, "readers"):
                    forget_content_cache(generator.readers)
        return request

    def keep_build_time_honest(self):
        """Pelican's closing line ("Done: … in N seconds") counts from the start of
        the build: the time spent before the request arrived is left out."""
        pelican_module = sys.modules["pelican"]
        clock = pelican_module.time

        class Clock:
            def __getattr__(_self, name):
                return getattr(clock, name)

            def time(_self):
                return clock.time() - self.waited

        pelican_module.time = Clock()
