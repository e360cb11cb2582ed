"""The link check: internal addresses and #fragments resolve to files of the site;
addresses elsewhere are https, to hosts the site links to on purpose."""

from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from sitecheck.pages import Reference, _Site, _stylesheet_urls, html_pages

# Hosts every campaign links to on purpose: the organisation's join page.
DEFAULT_ALLOWED_HOSTS = ("dsausa.org",)


def allowed_hosts(forms, extra=()):
    """Hosts a page may link to: those of the signature ``forms``, the join page,
    and ``extra`` (share and feed-reader hosts the site links to on purpose)."""
    hosts = {urlsplit(form).hostname for form in forms} - {None}
    return {host.lower() for host in (*hosts, *DEFAULT_ALLOWED_HOSTS, *extra)}


def _check_reference(site, page, reference, allowed):
    where = f"{page}:{reference.line}" if reference.line else page
    # Share links carry long queries; the start names the link well enough.
    url = reference.url if len(reference.url) <= 80 else reference.url[:79] + "…"
    if not url or url == "#":
        return [] if reference.tag == "form" else [f"{where}: empty {reference.attribute}"]
    absolute = urljoin(site.page_url(page), reference.url)
    parts = urlsplit(absolute)
    if site.is_internal(absolute):
        target = site.file_for(absolute)
        if target is None:
            return [f"{where}: {url} points outside the site ({site.base})"]
        if not target.is_file():
            return [f"{where}: {url} is a dead link (no {target.relative_to(site.output)})"]
        fragment = unquote(parts.fragment)
        if fragment and target.suffix == ".html":
            target_page = target.relative_to(site.output).as_posix()
            if fragment not in site.parsed(target_page).ids:
                return [f"{where}: {url} names #{fragment}, which {target_page} does not have"]
        return []
    if parts.scheme == "mailto":
        # Opens the reader's own mail program (a share link); no site is visited.
        return []
    if parts.scheme != "https":
        scheme = parts.scheme or "no scheme"
        return [f"{where}: {url} uses {scheme}; links to other sites must be https"]
    host = (parts.hostname or "").lower()
    if host not in allowed:
        return [f"{where}: {url} goes to {host}, which is not one of {', '.join(sorted(allowed))}"]
    return []


def check_links(output, site_url="", allowed=DEFAULT_ALLOWED_HOSTS):
    """Internal href/src (and #fragments) resolve; external ones are https to ``allowed`` hosts.

    ``site_url`` is the SITEURL the site was built with ("" for relative URLs).
    Stylesheets' url() references are checked too.
    """
    site = _Site(output, site_url)
    allowed = {host.lower() for host in allowed}
    problems = []
    for page in html_pages(output):
        for reference in site.parsed(page).references:
            problems += _check_reference(site, page, reference, allowed)
    for sheet in sorted(Path(output).rglob("*.css")):
        relative = sheet.relative_to(output).as_posix()
        for url in _stylesheet_urls(sheet):
            if url.startswith("data:"):
                continue
            reference = Reference("style", "url", url, 0)
            problems += _check_reference(site, relative, reference, allowed)
    return problems
