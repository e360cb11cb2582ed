"""Pelican signal handlers: note every page as it is written, then write
sitemap.xml and robots.txt once the build has written them all."""

import logging
import os
from pathlib import Path
from urllib.parse import urlsplit

from pelican import signals

from .sitemap import Entry, absolute, entry_for, is_listed, robots_txt, sitemap_xml

log = logging.getLogger(__name__)

# Pages written by the build in progress: (path, the article or page, or None).
_written = []


def start(pelican):
    _written.clear()


def note_page(path, context):
    # A page that asks not to be indexed (a post's printable flyer) is not listed.
    if str(path).endswith(".html") and not context.get("noindex"):
        _written.append((path, context.get("article") or context.get("page")))


def write_files(pelican):
    settings = pelican.settings
    siteurl = settings.get("SITEURL", "").rstrip("/")
    sitemap_as = settings.get("SITEMAP_SAVE_AS", "sitemap.xml")
    robots_as = settings.get("ROBOTS_SAVE_AS", "robots.txt")
    if urlsplit(siteurl).scheme not in ("http", "https"):
        log.warning(
            "%s and %s not written: they need the site's absolute address; "
            "expected SITEURL like https://campaign.example.org (publishconf.py sets it)",
            sitemap_as,
            robots_as,
        )
        return
    output = Path(pelican.output_path)
    default_lang = settings.get("DEFAULT_LANG", "en")
    entries = []
    for path, item in _written:
        if item is None:
            relative = Path(os.path.relpath(path, output)).as_posix()
            entries.append(Entry(absolute(siteurl, relative)))
        elif is_listed(item):
            entries.append(entry_for(item, siteurl, default_lang))
    _written.clear()
    if sitemap_as:
        _write(output / sitemap_as, sitemap_xml(entries))
        if robots_as:
            _write(output / robots_as, robots_txt(f"{siteurl}/{sitemap_as}"))


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def register():
    signals.initialized.connect(start)
    signals.content_written.connect(note_page)
    signals.finalized.connect(write_files)
