"""Every use of Pelican's private API, in one place.

Pelican 4.12 offers no public way to do these things; each function says what
is missing, so that an upgrade of Pelican has one file to read. The one other
place is markdown_reader.py, a subclass of Pelican's Markdown reader.
"""

import calendar
import logging
from collections import defaultdict
from itertools import groupby
from operator import attrgetter


def source_html(content):
    """The body as the reader made it, before Pelican replaces {filename}-style
    links. The public ``content`` property replaces them, and warns about our
    {signature_form} marker, which it does not know."""
    return content._content or ""


def set_source_html(content, html):
    """Replace the body before Pelican resolves its links: there is no public setter."""
    content._content = html


def set_summary(content, html):
    """Replace the summary listings show: ``summary`` is a read-only property
    computed from ``_summary`` or the body."""
    content._summary = html


def intrasite_link_regex(content):
    """The pattern Pelican finds {filename}, {static} ... links with: not public."""
    return content._get_intrasite_link_regex()


def replace_intrasite_link(content, siteurl, match):
    """What Pelican writes for one link ``match`` of that pattern: the replacer
    has no public entry point for a single link."""
    return content._link_replacer(siteurl, match)


def generator_classes(pelican):
    """The generator classes a build runs, plugins' included: Pelican builds the
    list only inside ``run()``."""
    return pelican._get_generator_classes()


def load_plugins(settings):
    """Import the plugins PLUGINS names, as a build does, without registering
    them: Pelican resolves plugin names only in its private plugin loader."""
    from pelican.plugins._utils import load_plugins as load

    return load(settings)


def fix_addresses(content):
    """Pelican works an item's ``url`` and ``save_as`` out of its settings on every
    use (tens of thousands of times at 1,000 posts: every listing names them).
    Once every item is read, named and given its status they no longer change:
    kept in the ``override_`` attributes Pelican reads first (where an editor's
    Url: and Save_as: go), they are worked out once."""
    for key in ("url", "save_as"):
        if not hasattr(content, f"override_{key}"):
            setattr(content, f"override_{key}", getattr(content, key))


def warning_that_never_stops(logger, message):
    """Log ``message`` as a warning that ``--fatal warnings`` does not turn into a
    stop: Pelican's logger class raises after every warning once that option is
    given, and offers no way to log one that must not end the build."""
    from pelican.log import FatalLogger

    from .errors import FINDING

    fatal = FatalLogger.fatal_lvl
    FatalLogger.fatal_lvl = max(fatal, logging.ERROR)
    try:
        # And marked as one a publish says and goes on with (publishing/build.py).
        logger.warning("%s", message, extra=FINDING)
    finally:
        FatalLogger.fatal_lvl = fatal


def period_archives_of(articles_generator, dates, articles):
    """The year, month and day archives of ``articles`` (``dates``: the same, in
    archive order), as the articles generator groups its own: the grouping has no
    public entry point."""
    return articles_generator._build_period_archives(dates, articles, articles_generator.settings)


def warnings_are_fatal():
    """Whether this build stops on a warning (``pelican --fatal warnings``): the
    flag is kept only on Pelican's logger class."""
    from pelican.log import FatalLogger

    return FatalLogger.fatal_lvl <= logging.WARNING


# How Pelican keys each archive period (generators.py, _build_period_archives).
PERIOD_KEYS = {
    "year": attrgetter("date.year"),
    "month": attrgetter("date.year", "date.month"),
    "day": attrgetter("date.year", "date.month", "date.day"),
}


def group_periods_in_one_pass():
    """Pelican groups the year, month and day archives by looking for every post
    in each period's list of posts (``a in dates``): a scan per period, about a
    second at 5,000 posts on every build. The same groups, the same dictionaries
    in the same order, in one pass per granularity; the method is private."""
    from pelican.generators import ArticlesGenerator

    pelicans_own = ArticlesGenerator._build_period_archives
    if hasattr(pelicans_own, "pelicans_own"):
        return  # installed by an earlier build in this process

    def build_period_archives(self, sorted_articles, articles, settings):
        archives = defaultdict(list)
        for granularity, key in PERIOD_KEYS.items():
            save_as = settings[f"{granularity.upper()}_ARCHIVE_SAVE_AS"]
            url = settings[f"{granularity.upper()}_ARCHIVE_URL"]
            if not save_as:
                continue
            groups = [(period, list(group)) for period, group in groupby(sorted_articles, key)]
            # Each post's groups (by identity, as Pelican's `in` compares posts).
            where = defaultdict(list)
            for number, (_period, dates) in enumerate(groups):
                for article in dates:
                    where[id(article)].append(number)
            members = [[] for _group in groups]
            for article in articles:
                for number in where.get(id(article), ()):
                    members[number].append(article)
            for (period, dates), listed in zip(groups, members, strict=True):
                first = dates[0].date
                archive = {
                    "dates": dates,
                    "articles": listed,
                    "save_as": save_as.format(date=first),
                    "url": url.format(date=first),
                }
                if granularity == "year":
                    archive["period"] = archive["period_num"] = (period,)
                else:
                    named = (period[0], calendar.month_name[period[1]], *period[2:])
                    archive["period"], archive["period_num"] = named, tuple(period)
                archives[granularity].append(archive)
        return archives

    build_period_archives.pelicans_own = pelicans_own  # the tests compare the two
    ArticlesGenerator._build_period_archives = build_period_archives
