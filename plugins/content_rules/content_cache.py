"""Pelican's content cache, used only when the build that wrote it had the same
settings and the same readers.

Pelican's cache (CACHE_CONTENT) keeps what its readers made of each file and
reuses it while the file is unchanged, whatever else changed: a new Markdown
extension, a slug setting, a Markdown upgrade. A record beside the cache says
what it was made with; a build with anything else reads every file again, and
its cache replaces the old one.
"""

import hashlib
import importlib.metadata
import json
import logging
import re
import sys
from pathlib import Path

logger = logging.getLogger(__name__)

RECORD = "content-cache-made-with.json"
# Where the build writes and keeps things, not how it reads: builds into other
# folders (publish's staging folder, a restored cache) share one cache.
NOT_READING = {
    "OUTPUT_PATH",
    "CACHE_PATH",
    "LOAD_CONTENT_CACHE",
    "WRITE_SELECTED",
    "OUTPUT_PARTIAL",
}
READERS = ("pelican", "markdown", "docutils", "pygments", "typogrify")
ADDRESS_RE = re.compile(r" at 0x[0-9a-f]+")


def _stable(value):
    """A value JSON cannot hold, as text that is the same in every run."""
    if isinstance(value, set | frozenset):
        return sorted(map(repr, value))
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    return ADDRESS_RE.sub("", repr(value))


def _version(distribution):
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def made_with(settings):
    """What a content cache made with these settings depends on, as one digest."""
    reading = {key: value for key, value in settings.items() if key not in NOT_READING}
    record = {
        "python": list(sys.version_info[:2]),
        "readers": {name: _version(name) for name in READERS},
        "settings": reading,
    }
    text = json.dumps(record, sort_keys=True, default=_stable)
    return hashlib.sha256(text.encode()).hexdigest()


# Per build: the record to write once the cache is saved, and whether loading
# was turned off for this build only.
_pending = {}


def check_content_cache(pelican):
    """Before the generators load the cache: turn loading off for this build if
    the cache was made differently. Sent once per build (get_generators)."""
    settings = pelican.settings
    if not settings.get("CACHE_CONTENT"):
        return
    record = Path(settings["CACHE_PATH"]) / RECORD
    digest = made_with(settings)
    try:
        recorded = json.loads(record.read_text(encoding="utf-8"))["made_with"]
    except (OSError, ValueError, KeyError, TypeError):
        recorded = None
    turned_off = False
    if recorded != digest:
        # Gone before the new cache is written: a build stopped half-way leaves
        # no record, and the next one reads everything again.
        record.unlink(missing_ok=True)
        if settings.get("LOAD_CONTENT_CACHE"):
            logger.debug("The content cache was made with other settings or readers")
            settings["LOAD_CONTENT_CACHE"] = False
            turned_off = True
    _pending[id(settings)] = (record, digest, turned_off)


def record_content_cache(generators):
    """Once every generator has read its files and saved its cache."""
    settings = generators[0].settings
    pending = _pending.pop(id(settings), None)
    if pending is None:
        return
    record, digest, turned_off = pending
    if turned_off:  # the next build in this process (autoreload) loads it again
        settings["LOAD_CONTENT_CACHE"] = True
    # Turned off once the build began (the preview's selected builds): no cache saved.
    if not settings.get("CACHE_CONTENT"):
        return
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps({"made_with": digest}) + "\n", encoding="utf-8")
