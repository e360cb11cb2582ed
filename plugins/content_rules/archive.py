"""The archive navigation every page shows, worked out once per build.

It holds the years with their post counts and the months of the newest year, as
Blogger's archive widget does, so that its size grows by one item a year, not by
one a month, and no page's template has to group the posts again. The year pages
list their months with the posts (``period_archives.html``); this is only the
navigation to them.
"""

import calendar
from collections import Counter
from dataclasses import dataclass

from jinja2 import pass_context

# The name templates read it by, in the context every generator shares.
CONTEXT_KEY = "ARCHIVE_NAV"


@dataclass(frozen=True)
class Period:
    """One year or month of the archive, as the navigation links to it."""

    # (2021,) or (2021, 4): how Pelican names the period of its archive pages
    # (their ``period_num``), so that a page can tell it is this period's.
    period_num: tuple
    label: str
    # None when that archive page is not written (its *_SAVE_AS is empty).
    url: str | None
    count: int


@dataclass(frozen=True)
class ArchiveNav:
    years: tuple  # every year with posts, newest first
    months: tuple  # the months of the newest year with posts, newest first

    def linked(self, period_num):
        """``period_num`` as a tuple when the navigation links that period (the
        page is its archive page, and its link says so), else None: on every
        other page the navigation is the same."""
        if not isinstance(period_num, list | tuple):
            return None
        wanted = tuple(period_num)
        periods = (period.period_num for period in (*self.years, *self.months))
        return wanted if wanted in periods else None


def archive_nav(articles, period_archives):
    """The navigation for ``articles`` (published, in the site's language), with
    the addresses of Pelican's period archives (``generator.period_archives``)."""
    urls = {
        tuple(entry["period_num"]): entry["url"]
        for entries in period_archives.values()
        for entry in entries
    }
    years = Counter(article.date.year for article in articles)
    if not years:
        return ArchiveNav((), ())
    newest = max(years)
    months = Counter(article.date.month for article in articles if article.date.year == newest)
    return ArchiveNav(
        years=tuple(
            Period((year,), str(year), urls.get((year,)), years[year])
            for year in sorted(years, reverse=True)
        ),
        months=tuple(
            Period(
                (newest, month),
                f"{calendar.month_name[month]} {newest}",
                urls.get((newest, month)),
                months[month],
            )
            for month in sorted(months, reverse=True)
        ),
    )


def add_archive_nav(generator):
    """Once the articles generator has read every post and grouped them into
    period archives: before any page is written, in the context all share."""
    generator.context[CONTEXT_KEY] = archive_nav(generator.articles, generator.period_archives)


def render_once(generator):
    """A template global, ``{% call once("name", lang) %}…{% endcall %}``: markup
    that is the same on every page of one folder depth (``SITEURL``, relative on a
    local build) and the further values given (the page's language: a list page
    has no item to tell it; the archive period the navigation marks as the
    current page, ``ArchiveNav.linked``) is rendered once per build and reused,
    as the archive navigation in every page's footer is."""
    rendered = {}

    @pass_context
    def once(context, name, *values, caller):
        key = (name, values, context.get("SITEURL"))
        if key not in rendered:
            rendered[key] = caller()
        return rendered[key]

    generator.env.globals["once"] = once
