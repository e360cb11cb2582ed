"""The security policy check: every page carries a strict Content-Security-Policy
<meta> and no inline code but the <style> and <script> elements whose hashes the
policy names, and the ``_headers`` file sends the same policy and the other
security headers to hosts that read it."""

import base64
import hashlib
import re
from pathlib import Path

from sitecheck.pages import html_pages, parse_page

# The headers a host that reads `_headers` must send beside the policy.
REQUIRED_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": None,
    "permissions-policy": None,
}
# Sources a strict policy may name: the site itself, or nothing at all.
STRICT_SOURCES = {"'self'", "'none'"}
# ...and, in script-src and style-src, the hash of one exact inline element.
HASH_SOURCE_RE = re.compile(r"'sha(256|384|512)-[A-Za-z0-9+/]+={0,2}'")
HASH_DIRECTIVES = {"script-src", "style-src"}


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
        loose = [
            source
            for source in sources
            if source.lower() not in STRICT_SOURCES
            and not (name in HASH_DIRECTIVES and HASH_SOURCE_RE.fullmatch(source))
        ]
        if loose and name in HASH_DIRECTIVES:
            problems.append(
                f"{where}: {name} allows {' '.join(loose)}; only 'self', 'none' or the "
                "'sha256-…' hash of an inline element"
            )
        elif loose:
            problems.append(f"{where}: {name} allows {' '.join(loose)}; only 'self' or 'none'")
    return problems


def hash_source(text, algorithm="sha256"):
    """The CSP source that allows an inline element whose text is exactly ``text``."""
    digest = hashlib.new(algorithm, text.encode("utf-8")).digest()
    return f"'{algorithm}-{base64.b64encode(digest).decode('ascii')}'"


ELEMENT_NAMES = {"style-src": "<style> element", "script-src": "inline <script>"}


def _blocked_code(parsed):
    """(line, what) of the page's inline code that its policies block: every attribute,
    and each element unless every policy names the hash of its exact text."""
    blocked = [item for item in parsed.inline_code if item[1] not in ELEMENT_NAMES.values()]
    for line, directive, text in parsed.inline_elements:
        policies = [parse_policy(policy) for policy in parsed.policies]
        if not policies or not all(_allows_hash(p, directive, text) for p in policies):
            blocked.append((line, ELEMENT_NAMES[directive]))
    return sorted(blocked, key=lambda item: item[0])


def _allows_hash(directives, directive, text):
    sources = directives.get(directive, directives.get("default-src", []))
    hashes = {s for s in sources if HASH_SOURCE_RE.fullmatch(s)}
    return any(hash_source(text, f"sha{HASH_SOURCE_RE.fullmatch(s)[1]}") in hashes for s in hashes)


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
        for line, what in _blocked_code(parsed):
            problems.append(f"{page}:{line}: {what}, which the policy blocks")
    return problems + _headers_file_problems(output, policies)
