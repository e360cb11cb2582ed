"""The text of sitemap.xml and robots.txt, from the pages a build wrote.

The official pelican-sitemap (1.2.2) writes its alternates with ``ref=`` for
``href=``, leaves out each page's link to itself and dates index pages with the
building machine's clock; this writes what search engines document
(sitemaps.org, and Google's localized versions: every version lists every
version, itself included) and nothing that changes from one build to the next.
"""

from dataclasses import dataclass
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

HEADER = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    ' xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)
FOOTER = "</urlset>\n"
# What a search engine reads for a reader whose language has no version.
X_DEFAULT = "x-default"


@dataclass(frozen=True)
class Entry:
    url: str  # absolute
    lastmod: str | None = None  # W3C date-time
    alternates: tuple = ()  # (hreflang, absolute url), itself included


def absolute(siteurl, url):
    """``url`` (relative to the site, as Pelican gives it) under ``siteurl``;
    a folder's index.html is named by the folder, as links name it."""
    if url == "index.html" or url.endswith("/index.html"):
        url = url[: -len("index.html")]
    return f"{siteurl}/{url}"


def is_listed(item):
    """Published pages only: not drafts, not hidden pages (the 404 page)."""
    return getattr(item, "status", "published") == "published"


def entry_for(item, siteurl, default_lang):
    """The entry of an article or page: its address, when it last changed, and,
    when it has translations, every language version of it."""
    when = getattr(item, "modified", None) or getattr(item, "date", None)
    lastmod = when.isoformat(timespec="seconds") if when is not None else None
    versions = [item, *(t for t in getattr(item, "translations", ()) if is_listed(t))]
    alternates = ()
    if len(versions) > 1:
        by_lang = {}
        for version in versions:
            by_lang.setdefault(version.lang, absolute(siteurl, version.url))
        alternates = tuple(sorted(by_lang.items()))
        if default_lang in by_lang:
            alternates += ((X_DEFAULT, by_lang[default_lang]),)
    return Entry(absolute(siteurl, item.url), lastmod, alternates)


def sitemap_xml(entries):
    """The sitemap, one <url> per address, in address order (stable from build to build)."""
    lines = [HEADER]
    for entry in sorted(set(entries), key=lambda e: e.url):
        lines.append(f"<url>\n<loc>{xml_escape(entry.url)}</loc>\n")
        if entry.lastmod:
            lines.append(f"<lastmod>{entry.lastmod}</lastmod>\n")
        for lang, url in entry.alternates:
            lines.append(
                f'<xhtml:link rel="alternate" hreflang={quoteattr(lang)} href={quoteattr(url)}/>\n'
            )
        lines.append("</url>\n")
    lines.append(FOOTER)
    return "".join(lines)


def robots_txt(sitemap_url):
    """Every crawler may read every page; the sitemap is announced by its full
    address, as robots.txt requires (RFC 9309 and sitemaps.org)."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n"
