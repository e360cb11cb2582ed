"""Page weight and the page budget: every request loading one page makes, its bytes
raw and gzipped, and whether that fits the first round trip of a new connection."""

import gzip
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from sitecheck.pages import NOT_LOADED, _Site, _stylesheet_urls

# The first round trip of a new connection carries about 14 KB (10 TCP segments).
BUDGET_GZIP_BYTES = 14 * 1024
BUDGET_REQUESTS = 4
FONT_SUFFIXES = (".woff", ".woff2", ".ttf", ".otf", ".eot")
# <link rel> values that make the browser fetch the address with the page.
LOADED_LINK_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest"}


@dataclass
class Resource:
    url: str
    raw_bytes: int
    gzip_bytes: int


@dataclass
class PageWeight:
    """What loading one page costs: every request, its bytes raw and gzipped."""

    page: str
    resources: list
    fonts: list
    foreign: list

    @property
    def requests(self):
        return len(self.resources) + len(self.foreign)

    @property
    def raw_bytes(self):
        return sum(resource.raw_bytes for resource in self.resources)

    @property
    def gzip_bytes(self):
        return sum(resource.gzip_bytes for resource in self.resources)

    def __str__(self):
        lines = [
            f"{self.page}: {self.requests} requests, {self.raw_bytes} bytes raw, "
            f"{self.gzip_bytes} bytes gzip"
        ]
        lines += [f"  {r.raw_bytes:>7} {r.gzip_bytes:>7}  {r.url}" for r in self.resources]
        lines += [f"  {'?':>7} {'?':>7}  {url} (another site)" for url in self.foreign]
        return "\n".join(lines)


# SVG elements whose href is fetched with the page (an <image>, a <use> of another file).
SVG_LOADING_TAGS = {"image", "use", "feimage", "script"}


def _gzip_size(data):
    # Level 6 is what web servers commonly use (gzip's own default).
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def page_weight(output, page, site_url=""):
    """All the bytes ``page`` makes a browser load: the HTML, its stylesheets (and
    what they import), scripts, images and icons; raw and gzipped, one request each."""
    site = _Site(output, site_url)
    page_url = site.page_url(page)
    queue = [page_url]
    inline_fonts = [
        f"{page}:{line} (@font-face in <style>)"
        for line, directive, text in site.parsed(page).inline_elements
        if directive == "style-src" and "@font-face" in text
    ]
    for reference in site.parsed(page).references:
        loaded = (reference.tag == "link" and reference.rel & LOADED_LINK_RELS) or (
            reference.tag not in ("link", "a", "area", "form")
            and (reference.attribute not in NOT_LOADED or reference.tag in SVG_LOADING_TAGS)
        )
        if loaded:
            queue.append(urljoin(page_url, reference.url))
    if not any(r.tag == "link" and r.rel & {"icon"} for r in site.parsed(page).references):
        # Without an icon link, browsers ask for /favicon.ico anyway.
        queue.append(urljoin(site.base, "/favicon.ico"))
    resources, fonts, foreign, seen = [], inline_fonts, [], set()
    while queue:
        url = queue.pop(0).split("#")[0]
        if url in seen:
            continue
        seen.add(url)
        if urlsplit(url).path.lower().endswith(FONT_SUFFIXES):
            fonts.append(url)
        if not site.is_internal(url):
            foreign.append(url)
            continue
        target = site.file_for(url)
        data = target.read_bytes() if target is not None and target.is_file() else b""
        name = target.relative_to(site.output).as_posix() if target is not None else url
        resources.append(Resource(name, len(data), _gzip_size(data) if data else 0))
        if target is not None and target.suffix == ".css" and data:
            text = data.decode("utf-8", errors="replace")
            if "@font-face" in text:
                fonts.append(f"{name} (@font-face)")
            queue += [urljoin(url, ref) for ref in _stylesheet_urls(target)]
    return PageWeight(page, resources, fonts, foreign)


def check_budget(
    output, page, site_url="", max_gzip=BUDGET_GZIP_BYTES, max_requests=BUDGET_REQUESTS
):
    """The page fits the budget: gzipped bytes, requests, no web fonts, nothing from elsewhere."""
    weight = page_weight(output, page, site_url)
    problems = []
    if weight.gzip_bytes > max_gzip:
        problems.append(f"{page}: loads {weight.gzip_bytes} bytes gzipped; budget {max_gzip}")
    if weight.requests > max_requests:
        problems.append(f"{page}: makes {weight.requests} requests; budget {max_requests}")
    problems += [f"{page}: loads a web font, {font}" for font in weight.fonts]
    problems += [f"{page}: loads {url} from another site" for url in weight.foreign]
    missing = [r.url for r in weight.resources if r.raw_bytes == 0]
    problems += [f"{page}: loads {name}, which is missing or empty" for name in missing]
    return problems
