"""Pelican signal handlers: refuse a site address no link can use, make every
summary safe to show, and stop the build at the first item that breaks a rule."""

import logging

from pelican import signals

from .archive import add_archive_nav, render_once
from .checks import ContentChecker
from .content_cache import check_content_cache, record_content_cache
from .errors import FINDING, report_in_one_line
from .findings import WARNING
from .markdown_reader import use_reusing_reader
from .mirror import keep_generators, mirror_content, note_written
from .pelican_internals import fix_addresses, group_periods_in_one_pass
from .rules import check_siteurl
from .sources import contents_of, sources_of, written_here
from .summary import sanitize_generator
from .translations import follow_scheduled_originals, link_originals, map_translation

logger = logging.getLogger(__name__)


def check_settings(pelican):
    """Before anything is read: a SITEURL every link and feed is made from."""
    check_siteurl(pelican.settings.get("SITEURL"))


def check_content(generators):
    """After every item is read, before anything is written: the first error stops
    the build; each warning is said."""
    checker = ContentChecker(sources_of(generators), generators[0].settings)
    error = checker.first_error()
    if error is not None:
        raise error
    for finding in checker.findings:
        if finding.severity == WARNING:
            logger.warning("%s", finding, extra=FINDING)


def keep_addresses(generators):
    """Every item's address worked out once, now that it is final."""
    settings = generators[0].settings
    for item, _status in contents_of(generators):
        if written_here(item, settings):
            fix_addresses(item)


def register():
    report_in_one_line()
    group_periods_in_one_pass()
    signals.initialized.connect(check_settings)
    # One Markdown instance for all the files a build reads.
    signals.readers_init.connect(use_reusing_reader)
    # Translation_of becomes the slug before Pelican pairs translations by slug.
    signals.article_generator_context.connect(map_translation)
    signals.page_generator_context.connect(map_translation)
    signals.all_generators_finalized.connect(link_originals)
    # A future original is a draft in the production build: its translations too.
    signals.article_generator_pretaxonomy.connect(follow_scheduled_originals)
    # Sent as each generator finishes reading: before any plugin builds teasers.
    signals.article_generator_finalized.connect(sanitize_generator)
    signals.page_generator_finalized.connect(sanitize_generator)
    # Once per build, for the archive navigation on every page.
    signals.article_generator_finalized.connect(add_archive_nav)
    signals.generator_init.connect(render_once)
    # Addresses are final once translations are linked: worked out once from here.
    signals.all_generators_finalized.connect(keep_addresses)
    signals.all_generators_finalized.connect(check_content)
    # Pelican's content cache, loaded only if made with these settings: checked
    # before the generators load it, recorded once they have saved it.
    signals.get_generators.connect(check_content_cache)
    signals.all_generators_finalized.connect(record_content_cache)
    # The output folder mirrors the content: what a gone source had is removed.
    signals.all_generators_finalized.connect(keep_generators)
    signals.content_written.connect(note_written)
    signals.feed_written.connect(note_written)
    signals.finalized.connect(mirror_content)
