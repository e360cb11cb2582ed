"""Read an asset, minify it modestly, and hash the exact bytes a page will carry."""

import base64
import hashlib
import re
from pathlib import Path

import rcssmin
import rjsmin
from markupsafe import Markup
from pelican.plugins.content_rules.errors import ContentError

# Text that would end the <style> or <script> element early (HTML's rule is
# case-insensitive), or start a comment that hides the rest of the page.
ENDS_ELEMENT = re.compile(r"</(style|script)|<!--", re.IGNORECASE)
MINIFIERS = {".css": rcssmin.cssmin, ".js": rjsmin.jsmin}


def source_hash(text):
    """The CSP source that allows an inline element of exactly ``text``."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_text(path, setting):
    """``path`` minified (comments and spaces out, nothing renamed), ready for a page."""
    path = Path(path)
    minify = MINIFIERS.get(path.suffix)
    if minify is None:
        raise ContentError(setting, "file", str(path), "is not inlined", "a .css or .js file")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "is not UTF-8 text"
        raise ContentError(setting, "file", str(path), reason, "a readable UTF-8 file") from None
    text = minify(text).strip()
    found = ENDS_ELEMENT.search(text)
    if found:
        raise ContentError(
            setting,
            "file",
            str(path),
            f"contains {found[0]!r}, which would end the inline element",
            "no '</style', '</script' or '<!--' in the file",
        )
    return Markup(text)


def add_source(policy, directive, source):
    """``policy`` with ``source`` added to ``directive``, which must be there already:
    a policy that leaves it to default-src would otherwise silently loosen."""
    parts = [part.strip() for part in policy.split(";") if part.strip()]
    for index, part in enumerate(parts):
        if part.split()[0].lower() == directive:
            if source not in part.split():
                parts[index] = f"{part} {source}"
            return "; ".join(parts)
    raise ContentError(
        "CONTENT_SECURITY_POLICY",
        "directive",
        directive,
        "is missing from the policy, so the inline element's hash has no place",
        f"a {directive} directive, such as {directive} 'self'",
    )
