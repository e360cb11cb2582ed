"""Pelican signal handlers: inline the assets once per build, and fill the policy
they need into the headers files."""

import os
from pathlib import Path

from pelican import signals
from pelican.plugins.campaign.handlers import STATIC_SOURCE
from pelican.plugins.content_rules.errors import ContentError

from .assets import add_source, inline_text, source_hash

DEFAULTS = {
    # The theme's stylesheet (a name in its static folder), in a <style> element
    # of every page; None links it instead.
    "INLINE_STYLESHEET": "style.css",
    # The flyer page's own stylesheet (outreach plugin), in a <style> element
    # of those pages only; None links it instead.
    "INLINE_FLYER_STYLESHEET": "flyer.css",
    # The countdown script in a <script> element of the pages that need it.
    "INLINE_CAMPAIGN_SCRIPT": True,
}
# Where `_headers` gets the build's policy, with the hashes of the inlined assets.
POLICY_PLACEHOLDER = "{CONTENT_SECURITY_POLICY}"
HEADERS_FILE = "_headers"
# The same headers as nginx `add_header` lines, for servers that cannot read `_headers`.
NGINX_HEADERS_FILE = "_headers.nginx"


def inline_assets(pelican):
    """Read, minify and hash the assets once; templates print INLINE_CSS,
    INLINE_FLYER_CSS and INLINE_CAMPAIGN_JS, and the policy allows exactly those bytes."""
    settings = pelican.settings
    defaulted = {key for key in DEFAULTS if key not in settings}
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)
    inlined = []
    for key, name in (
        ("INLINE_STYLESHEET", "INLINE_CSS"),
        ("INLINE_FLYER_STYLESHEET", "INLINE_FLYER_CSS"),
    ):
        if not settings[key]:
            continue
        path = Path(settings["THEME"], "static", settings[key])
        # A theme without the default file (Pelican's own, say) links its own styles;
        # a file named in the settings must be there.
        if key in defaulted and not path.exists():
            continue
        settings[name] = inline_text(path, key)
        inlined.append(("style-src", settings[name]))
    if settings["INLINE_CAMPAIGN_SCRIPT"]:
        path = Path(STATIC_SOURCE, "campaign.js")
        settings["INLINE_CAMPAIGN_JS"] = inline_text(path, "INLINE_CAMPAIGN_SCRIPT")
        inlined.append(("script-src", settings["INLINE_CAMPAIGN_JS"]))
    policy = settings.get("CONTENT_SECURITY_POLICY")
    if policy:
        for directive, text in inlined:
            policy = add_source(policy, directive, source_hash(text))
        settings["CONTENT_SECURITY_POLICY"] = policy


def header_rules(text):
    """The ``/*`` rule of a ``_headers`` file as [(name, value)]."""
    rules, current = [], None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            current = line.strip()
        elif current == "/*" and ":" in line:
            name, value = line.split(":", 1)
            rules.append((name.strip(), value.strip()))
    return rules


def nginx_headers(rules):
    lines = ["# Written by the build from _headers: include it in the server block.\n"]
    for name, value in rules:
        quoted = value.replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'add_header {name} "{quoted}" always;\n')
    return "".join(lines)


def write_headers(pelican):
    """Put the build's policy into `_headers`, and the same headers beside it for nginx."""
    path = Path(pelican.output_path, HEADERS_FILE)
    policy = pelican.settings.get("CONTENT_SECURITY_POLICY")
    if not path.is_file() or not policy:
        return
    text = path.read_text(encoding="utf-8")
    if POLICY_PLACEHOLDER not in text:
        raise ContentError(
            os.path.relpath(path),
            "Content-Security-Policy",
            None,
            "is written out by hand, so it would miss the inlined assets' hashes",
            f"'Content-Security-Policy: {POLICY_PLACEHOLDER}' in the headers file",
        )
    text = text.replace(POLICY_PLACEHOLDER, policy)
    path.write_text(text, encoding="utf-8")
    path.with_name(NGINX_HEADERS_FILE).write_text(nginx_headers(header_rules(text)), "utf-8")


def register():
    signals.initialized.connect(inline_assets)
    signals.finalized.connect(write_headers)
